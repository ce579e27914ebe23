/**
 * The list of every lifecycle machine, by name, with what tools need to explore it: an input
 * and one sample of every event type (with arguments that exercise each guard both ways). The
 * viz command draws every entry; the model-based tests traverse every entry.
 *
 * @example
 * ```ts
 * import { MACHINES, machineEntry } from "./registry.ts";
 * MACHINES.map((m) => m.name); // ["assetLoad", "vmInstance", "blockApplier", "supervision", "chainNode"]
 * machineEntry("assetLoad").machine.id; // "assetLoad"
 * ```
 * @module
 */

import type { AnyEventObject, AnyStateMachine } from "xstate";
import type { AssetLoadEvent } from "./asset_load.ts";
import type { BlockApplierEvent } from "./block_applier.ts";
import type { SupervisionEvent } from "./supervision.ts";
import type { VmInstanceEvent } from "./vm_instance.ts";
import type { NodeLifecycleEvent } from "./chain_node.ts";
import { nodeMachine } from "./chain_node.ts";
import { assetLoadMachine } from "./asset_load.ts";
import { blockApplierMachine } from "./block_applier.ts";
import { supervisionMachine } from "./supervision.ts";
import { vmInstanceMachine } from "./vm_instance.ts";

/** One registered machine. */
export interface MachineEntry {
  /** Registry name (equals the machine id). */
  name: string;
  /** One line saying what the lifecycle is. */
  title: string;
  /** The machine. */
  machine: AnyStateMachine;
  /** Input used to create it for exploration. */
  input: unknown;
  /** One or more samples of every event type the machine knows, for graph traversal. */
  sampleEvents: readonly AnyEventObject[];
  /**
   * Key that identifies a snapshot during traversal (value plus the context that guards read),
   * so that exploration is finite even though counters in the context grow.
   */
  stateKey: (snapshot: { value: unknown; context: unknown }) => string;
}

const byValue = (s: { value: unknown }) => JSON.stringify(s.value);

/** Every machine, in the order pictures and tests list them. */
export const MACHINES: readonly MachineEntry[] = [
  {
    name: "assetLoad",
    title: "asset load: PENDING → LOADING → READY → COMMITTED (or CANCELED / ERROR)",
    machine: assetLoadMachine,
    input: { assetId: "sample", totalBytes: 8 },
    sampleEvents: [
      { type: "START" },
      { type: "PROGRESS", bytes: 4 },
      { type: "PROGRESS", bytes: 9 }, // past totalBytes: refused by the guard
      { type: "LOADED" },
      { type: "FAIL", reason: "io" },
      { type: "COMMIT" },
      { type: "CANCEL" },
    ] satisfies AssetLoadEvent[],
    stateKey: (s) => JSON.stringify([s.value, (s.context as { bytes: number }).bytes]),
  },
  {
    name: "vmInstance",
    title: "VM instance: boot, run, yield / out-of-gas, resume, and how it ends",
    machine: vmInstanceMachine,
    input: { instanceId: "sample" },
    sampleEvents: [
      { type: "BOOT" },
      { type: "BOOTED" },
      { type: "YIELD", reason: "frame_sync" },
      { type: "OUT_OF_GAS" },
      { type: "RESUME" },
      { type: "RUN" },
      { type: "HALT" },
      { type: "TRAP", code: "UNKNOWN_SYSCALL", message: "sample" },
      { type: "PANIC", message: "sample" },
    ] satisfies VmInstanceEvent[],
    stateKey: byValue,
  },
  {
    name: "blockApplier",
    title: "block applier: apply event i, roll back failures, seal, commit or reject",
    machine: blockApplierMachine,
    input: undefined,
    sampleEvents: [
      { type: "BEGIN", slot: 1, eventCount: 0 },
      { type: "BEGIN", slot: 1, eventCount: 2 },
      { type: "BEGIN", slot: -1, eventCount: 2 }, // refused by the guard
      { type: "EVENT_APPLIED" },
      { type: "EVENT_FAILED", reason: "sample" },
      { type: "ROLLED_BACK" },
      { type: "SEALED", stateRoot: "00" },
      { type: "REJECT", reason: "sample" },
      { type: "RESET" },
    ] satisfies BlockApplierEvent[],
    stateKey: (s) => {
      const c = s.context as { index: number; eventCount: number };
      return JSON.stringify([s.value, c.index, c.eventCount]);
    },
  },
  {
    name: "supervision",
    title: "actor supervision: spawning, running, crashed, restarting, stopped",
    machine: supervisionMachine,
    input: { maxRestarts: 1, windowTicks: 10 },
    sampleEvents: [
      { type: "SPAWNED" },
      { type: "SPAWN_FAILED", cause: "sample", at: 0 },
      { type: "CRASH", cause: "sample", at: 0 },
      { type: "CRASH", cause: "sample", at: -1 }, // refused by the guard
      { type: "SUPERVISE" },
      { type: "STOP", reason: "sample" },
    ] satisfies SupervisionEvent[],
    stateKey: (s) => {
      const c = s.context as { crashTimes: number[] };
      return JSON.stringify([s.value, c.crashTimes.length]);
    },
  },
  {
    name: "chainNode",
    title: "chain node: propose, verify, apply a decided value, commit or reject, sync",
    machine: nodeMachine,
    input: undefined,
    sampleEvents: [
      { type: "PROPOSE", slot: 1 },
      { type: "PROPOSE", slot: 0 }, // refused by the guard
      { type: "PROPOSED" },
      { type: "VERIFY", slot: 1, ballot: 0 },
      { type: "VERIFY", slot: 1, ballot: -1 }, // refused by the guard
      { type: "VERIFIED" },
      { type: "REJECT", reason: "sample" },
      { type: "DECIDED", slot: 1 },
      { type: "COMMIT", slot: 1 },
      { type: "COMMIT", slot: 2 }, // not the slot in hand: refused
      { type: "SYNC", from: 1 },
      { type: "SYNCED" },
      { type: "RESET" },
    ] satisfies NodeLifecycleEvent[],
    stateKey: (s) => JSON.stringify([s.value, (s.context as { slot: number | null }).slot]),
  },
];

/**
 * The entry called `name`; throws a RangeError listing the known names otherwise.
 *
 * @example
 * ```ts
 * machineEntry("vmInstance").title;
 * ```
 */
export function machineEntry(name: string): MachineEntry {
  const entry = MACHINES.find((m) => m.name === name);
  if (entry === undefined) {
    throw new RangeError(
      `unknown machine ${JSON.stringify(name)}; known: ${MACHINES.map((m) => m.name).join(", ")}`,
    );
  }
  return entry;
}
