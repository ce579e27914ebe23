/**
 * The block applier lifecycle: apply a block's events one by one, roll back a failing event
 * (the block goes on), seal the state root, then commit — or reject the whole block.
 *
 * | event                      | from                           | to |
 * |----------------------------|--------------------------------|----|
 * | `BEGIN {slot, eventCount}` | idle                           | applying (event 0), or sealing when eventCount is 0 |
 * | `EVENT_APPLIED`            | applying                       | applying (event i+1), or sealing after the last |
 * | `EVENT_FAILED {reason}`    | applying                       | rollingBack |
 * | `ROLLED_BACK`              | rollingBack                    | applying (event i+1), or sealing after the last |
 * | `SEALED {stateRoot}`       | sealing                        | committed |
 * | `REJECT {reason}`          | applying, rollingBack, sealing | rejected |
 * | `RESET`                    | committed, rejected            | idle |
 *
 * @example
 * ```ts
 * import { Lifecycle } from "./step.ts";
 * import { blockApplierMachine } from "./block_applier.ts";
 * const b = new Lifecycle(blockApplierMachine, undefined);
 * b.send({ type: "BEGIN", slot: 7, eventCount: 1 });
 * b.send({ type: "EVENT_APPLIED" });
 * b.state; // "sealing"
 * ```
 * @module
 */

import { assign, setup, type SnapshotFrom } from "xstate";

/** Most events one block may carry (an explicit bound, checked by the BEGIN guard). */
export const MAX_BLOCK_EVENTS = 1 << 20;

/** What the block applier remembers about the block in hand. */
export interface BlockApplierContext {
  /** Slot of the block being applied, or null when idle. */
  slot: number | null;
  /** Number of events in the block. */
  eventCount: number;
  /** Index of the event being applied (or just rolled back). */
  index: number;
  /** Events applied successfully. */
  applied: number;
  /** Events rolled back. */
  rolledBack: number;
  /** Why the block was rejected, or null. */
  rejectReason: string | null;
  /** The sealed state root (hex), or null. */
  stateRoot: string | null;
}

/** Events the block applier accepts. */
export type BlockApplierEvent =
  | { type: "BEGIN"; slot: number; eventCount: number }
  | { type: "EVENT_APPLIED" }
  | { type: "EVENT_FAILED"; reason: string }
  | { type: "ROLLED_BACK" }
  | { type: "SEALED"; stateRoot: string }
  | { type: "REJECT"; reason: string }
  | { type: "RESET" };

const EMPTY: BlockApplierContext = {
  slot: null,
  eventCount: 0,
  index: 0,
  applied: 0,
  rolledBack: 0,
  rejectReason: null,
  stateRoot: null,
};

/**
 * The block applier machine (xstate v5, pure).
 *
 * @example
 * ```ts
 * import { initialSnapshot } from "./step.ts";
 * initialSnapshot(blockApplierMachine, undefined).value; // "idle"
 * ```
 */
export const blockApplierMachine = /* @__PURE__ */ setup({
  types: {
    context: {} as BlockApplierContext,
    events: {} as BlockApplierEvent,
  },
  guards: {
    validBegin: ({ event }) =>
      event.type === "BEGIN" && Number.isSafeInteger(event.slot) && event.slot >= 0 &&
      Number.isSafeInteger(event.eventCount) && event.eventCount >= 0 &&
      event.eventCount <= MAX_BLOCK_EVENTS,
    validNonEmptyBegin: ({ event }) =>
      event.type === "BEGIN" && Number.isSafeInteger(event.slot) && event.slot >= 0 &&
      Number.isSafeInteger(event.eventCount) && event.eventCount > 0 &&
      event.eventCount <= MAX_BLOCK_EVENTS,
    moreEvents: ({ context }) => context.index + 1 < context.eventCount,
  },
  actions: {
    beginBlock: assign(({ event }) =>
      event.type === "BEGIN" ? { ...EMPTY, slot: event.slot, eventCount: event.eventCount } : {}
    ),
    countApplied: assign({ applied: ({ context }) => context.applied + 1 }),
    countRolledBack: assign({ rolledBack: ({ context }) => context.rolledBack + 1 }),
    nextEvent: assign({ index: ({ context }) => context.index + 1 }),
    recordRoot: assign({
      stateRoot: ({ context, event }) =>
        event.type === "SEALED" ? event.stateRoot : context.stateRoot,
    }),
    recordReject: assign({
      rejectReason: ({ context, event }) =>
        event.type === "REJECT" ? event.reason : context.rejectReason,
    }),
    clear: assign(() => ({ ...EMPTY })),
  },
}).createMachine({
  id: "blockApplier",
  description: "block applier lifecycle",
  initial: "idle",
  context: () => ({ ...EMPTY }),
  states: {
    idle: {
      on: {
        BEGIN: [
          { guard: "validNonEmptyBegin", target: "applying", actions: "beginBlock" },
          { guard: "validBegin", target: "sealing", actions: "beginBlock" },
        ],
      },
    },
    applying: {
      description: "applying event i",
      on: {
        EVENT_APPLIED: [
          { guard: "moreEvents", target: "applying", actions: ["countApplied", "nextEvent"] },
          { target: "sealing", actions: ["countApplied", "nextEvent"] },
        ],
        EVENT_FAILED: { target: "rollingBack", actions: "countRolledBack" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    rollingBack: {
      description: "undoing event i",
      on: {
        ROLLED_BACK: [
          { guard: "moreEvents", target: "applying", actions: "nextEvent" },
          { target: "sealing", actions: "nextEvent" },
        ],
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    sealing: {
      description: "computing the state root",
      on: {
        SEALED: { target: "committed", actions: "recordRoot" },
        REJECT: { target: "rejected", actions: "recordReject" },
      },
    },
    committed: { on: { RESET: { target: "idle", actions: "clear" } } },
    rejected: { on: { RESET: { target: "idle", actions: "clear" } } },
  },
});

/** A snapshot of the block applier machine. */
export type BlockApplierSnapshot = SnapshotFrom<typeof blockApplierMachine>;
