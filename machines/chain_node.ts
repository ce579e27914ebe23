/**
 * The chain node lifecycle (xstate v5, pure; used by kernel/node): what a chain node is doing
 * with the message in hand.
 * It rests in `idle`; every handled message walks it through some of the states below and back,
 * and the actor reports each state with `ctx.state`, so a run's trace shows every proposal,
 * verification, commit, rejection and sync. (Inside `applyBlock`, each block application also
 * drives machines/block_applier: begin, events, seal, commit or reject.)
 *
 * | event | from | to |
 * |---|---|---|
 * | `PROPOSE {slot}` | idle | proposing (draining the mempool into a block, applying, signing) |
 * | `PROPOSED` | proposing | idle (the block was broadcast) |
 * | `VERIFY {slot, ballot}` | idle | verifying (a peer's block: applying it, comparing the root) |
 * | `VERIFIED` | verifying | idle (the node voted for it) |
 * | `REJECT {reason}` | proposing, verifying, applying, syncing | rejected |
 * | `DECIDED {slot}` | idle, committed, syncing | applying (a certified value: writing it to disk) |
 * | `COMMIT {slot}` | applying | committed |
 * | `SYNC {from}` | idle, committed | syncing (asking a peer for decisions, or applying its reply) |
 * | `SYNCED` | syncing | idle |
 * | `RESET` | committed, rejected | idle |
 *
 * @example
 * ```ts
 * import { Lifecycle } from "./step.ts";
 * import { nodeMachine } from "./chain_node.ts";
 * const life = new Lifecycle(nodeMachine, undefined);
 * life.send({ type: "VERIFY", slot: 3, ballot: 0 });
 * life.state; // "verifying"
 * ```
 * @module
 */

import { assign, setup, type SnapshotFrom } from "xstate";

/** What the node lifecycle remembers. */
export interface NodeLifecycleContext {
  /** Slot of the work in hand, or null. */
  slot: number | null;
  /** Why the last value was rejected, or null. */
  rejectReason: string | null;
  /** Slots committed since start (this incarnation). */
  commits: number;
}

/** Events of the node lifecycle. */
export type NodeLifecycleEvent =
  | { type: "PROPOSE"; slot: number }
  | { type: "PROPOSED" }
  | { type: "VERIFY"; slot: number; ballot: number }
  | { type: "VERIFIED" }
  | { type: "REJECT"; reason: string }
  | { type: "DECIDED"; slot: number }
  | { type: "COMMIT"; slot: number }
  | { type: "SYNC"; from: number }
  | { type: "SYNCED" }
  | { type: "RESET" };

const validSlot = (s: unknown) => Number.isSafeInteger(s) && (s as number) >= 1;

/**
 * The node lifecycle machine (flat, pure: only `assign` actions, no delays, no invocations).
 *
 * @example
 * ```ts
 * import { initialSnapshot } from "./step.ts";
 * initialSnapshot(nodeMachine, undefined).value; // "idle"
 * ```
 */
export const nodeMachine = /* @__PURE__ */ setup({
  types: {
    context: {} as NodeLifecycleContext,
    events: {} as NodeLifecycleEvent,
  },
  guards: {
    slotGiven: ({ event }) => "slot" in event && validSlot(event.slot),
    verifyGiven: ({ event }) =>
      event.type === "VERIFY" && validSlot(event.slot) && Number.isSafeInteger(event.ballot) &&
      event.ballot >= 0,
    sameSlot: ({ context, event }) => event.type === "COMMIT" && event.slot === context.slot,
    fromGiven: ({ event }) => event.type === "SYNC" && validSlot(event.from),
  },
  actions: {
    takeSlot: assign({
      slot: ({ event }) => ("slot" in event ? event.slot : null),
      rejectReason: null,
    }),
    takeFrom: assign({ slot: ({ event }) => (event.type === "SYNC" ? event.from : null) }),
    recordReject: assign({
      rejectReason: ({ context, event }) =>
        event.type === "REJECT" ? event.reason : context.rejectReason,
    }),
    countCommit: assign({ commits: ({ context }) => context.commits + 1 }),
    clearSlot: assign({ slot: null }),
  },
}).createMachine({
  id: "chainNode",
  description: "chain node lifecycle",
  initial: "idle",
  context: { slot: null, rejectReason: null, commits: 0 },
  states: {
    idle: {
      on: {
        PROPOSE: { guard: "slotGiven", target: "proposing", actions: "takeSlot" },
        VERIFY: { guard: "verifyGiven", target: "verifying", actions: "takeSlot" },
        DECIDED: { guard: "slotGiven", target: "applying", actions: "takeSlot" },
        SYNC: { guard: "fromGiven", target: "syncing", actions: "takeFrom" },
      },
    },
    proposing: {
      description: "draining the mempool into a block, applying and signing it",
      on: {
        PROPOSED: { target: "idle", actions: "clearSlot" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    verifying: {
      description: "applying a peer's block and comparing the state root",
      on: {
        VERIFIED: { target: "idle", actions: "clearSlot" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    applying: {
      description: "writing a certified value to disk (one transaction)",
      on: {
        COMMIT: { guard: "sameSlot", target: "committed", actions: "countCommit" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    committed: {
      on: {
        DECIDED: { guard: "slotGiven", target: "applying", actions: "takeSlot" },
        SYNC: { guard: "fromGiven", target: "syncing", actions: "takeFrom" },
        RESET: { target: "idle", actions: "clearSlot" },
      },
    },
    rejected: { on: { RESET: { target: "idle", actions: "clearSlot" } } },
    syncing: {
      description: "asking a peer for decisions, or applying its reply",
      on: {
        DECIDED: { guard: "slotGiven", target: "applying", actions: "takeSlot" },
        SYNCED: { target: "idle", actions: "clearSlot" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
  },
});

/** A snapshot of the node lifecycle machine. */
export type NodeLifecycleSnapshot = SnapshotFrom<typeof nodeMachine>;

/** Sample events (one per type, guards both ways) for graph tools and model-based tests. */
export const NODE_MACHINE_SAMPLES: readonly NodeLifecycleEvent[] = [
  { type: "PROPOSE", slot: 1 },
  { type: "PROPOSE", slot: 0 },
  { type: "PROPOSED" },
  { type: "VERIFY", slot: 1, ballot: 0 },
  { type: "VERIFY", slot: 1, ballot: -1 },
  { type: "VERIFIED" },
  { type: "REJECT", reason: "sample" },
  { type: "DECIDED", slot: 1 },
  { type: "COMMIT", slot: 1 },
  { type: "COMMIT", slot: 2 },
  { type: "SYNC", from: 1 },
  { type: "SYNCED" },
  { type: "RESET" },
];
