/**
 * The VM instance lifecycle: one PVM program from creation to its end.
 *
 * ```
 * created ─BOOT→ booting ─BOOTED→ running ─HALT→ halted
 *                                 running ─YIELD→ yielded ─RESUME→ resumed ─RUN→ running
 *                                 running ─OUT_OF_GAS→ outOfGas ─RESUME→ resumed
 *                booting, running ─TRAP→ trapped;  any live state ─PANIC→ panicked
 * ```
 *
 * Console cartridges yield at `frame_sync` each frame (YIELD) and are resumed next frame; running
 * out of the frame's gas budget is caught (OUT_OF_GAS) and resumed next frame with a fresh
 * budget. Kernel programs pause on HOST_YIELD / OOG the same way. `halted`, `trapped` and
 * `panicked` are final. Refused events give `INVALID_STATE` through {@link stepMachine}.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "./step.ts";
 * import { vmInstanceMachine } from "./vm_instance.ts";
 * const vm = new Lifecycle(vmInstanceMachine, { instanceId: "cart-0" });
 * vm.send({ type: "BOOT" });
 * vm.send({ type: "BOOTED" });
 * vm.send({ type: "YIELD", reason: "frame_sync" });
 * vm.state; // "yielded"
 * ```
 * @module
 */

import { assign, setup, type SnapshotFrom } from "xstate";

/** How a VM instance ended, once it did. */
export type VmExit =
  | { kind: "halt" }
  | { kind: "trap"; code: string; message: string }
  | { kind: "panic"; message: string };

/** What the VM instance machine remembers. */
export interface VmInstanceContext {
  /** The instance's name (opaque to the machine). */
  instanceId: string;
  /** Times it yielded (frame_sync / host yield). */
  yields: number;
  /** Times it ran out of gas and was caught. */
  outOfGas: number;
  /** Times it was resumed. */
  resumes: number;
  /** The last yield reason, e.g. "frame_sync" or "host_yield". */
  yieldReason: string | null;
  /** How it ended, or null while alive. */
  exit: VmExit | null;
}

/** Input of a new VM instance. */
export interface VmInstanceInput {
  /** The instance's name. */
  instanceId: string;
}

/** Events the VM instance machine accepts. */
export type VmInstanceEvent =
  | { type: "BOOT" }
  | { type: "BOOTED" }
  | { type: "YIELD"; reason: string }
  | { type: "OUT_OF_GAS" }
  | { type: "RESUME" }
  | { type: "RUN" }
  | { type: "HALT" }
  | { type: "TRAP"; code: string; message: string }
  | { type: "PANIC"; message: string };

/**
 * The VM instance machine (xstate v5, pure).
 *
 * @example
 * ```ts
 * import { createActor } from "xstate";
 * createActor(vmInstanceMachine, { input: { instanceId: "k-1" } }).start().send({ type: "BOOT" });
 * ```
 */
export const vmInstanceMachine = /* @__PURE__ */ setup({
  types: {
    context: {} as VmInstanceContext,
    events: {} as VmInstanceEvent,
    input: {} as VmInstanceInput,
  },
  actions: {
    countYield: assign({
      yields: ({ context }) => context.yields + 1,
      yieldReason: ({ context, event }) =>
        event.type === "YIELD" ? event.reason : context.yieldReason,
    }),
    countOutOfGas: assign({ outOfGas: ({ context }) => context.outOfGas + 1 }),
    countResume: assign({ resumes: ({ context }) => context.resumes + 1 }),
    recordHalt: assign({ exit: () => ({ kind: "halt" }) as VmExit }),
    recordTrap: assign({
      exit: ({ event }) =>
        (event.type === "TRAP"
          ? { kind: "trap", code: event.code, message: event.message }
          : { kind: "trap", code: "UNKNOWN", message: "" }) as VmExit,
    }),
    recordPanic: assign({
      exit: ({ event }) =>
        ({ kind: "panic", message: event.type === "PANIC" ? event.message : "" }) as VmExit,
    }),
  },
}).createMachine({
  id: "vmInstance",
  description: "VM instance lifecycle",
  initial: "created",
  context: ({ input }) => ({
    instanceId: input.instanceId,
    yields: 0,
    outOfGas: 0,
    resumes: 0,
    yieldReason: null,
    exit: null,
  }),
  states: {
    created: {
      description: "program loaded, not started",
      on: {
        BOOT: { target: "booting" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    booting: {
      description: "running the entry point",
      on: {
        BOOTED: { target: "running" },
        TRAP: { target: "trapped", actions: "recordTrap" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    running: {
      on: {
        YIELD: { target: "yielded", actions: "countYield" },
        OUT_OF_GAS: { target: "outOfGas", actions: "countOutOfGas" },
        HALT: { target: "halted", actions: "recordHalt" },
        TRAP: { target: "trapped", actions: "recordTrap" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    yielded: {
      description: "paused at frame_sync / host yield",
      on: {
        RESUME: { target: "resumed", actions: "countResume" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    outOfGas: {
      description: "out-of-gas caught",
      on: {
        RESUME: { target: "resumed", actions: "countResume" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    resumed: {
      description: "given gas, about to run",
      on: {
        RUN: { target: "running" },
        PANIC: { target: "panicked", actions: "recordPanic" },
      },
    },
    halted: { type: "final" },
    trapped: { type: "final", description: "guest called wrong" },
    panicked: { type: "final", description: "runtime invariant broke" },
  },
});

/** A snapshot of the VM instance machine. */
export type VmInstanceSnapshot = SnapshotFrom<typeof vmInstanceMachine>;
