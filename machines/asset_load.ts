/**
 * The asset load lifecycle: PENDING → LOADING → READY → COMMITTED, or CANCELED / ERROR.
 *
 * | event              | from                      | to        |
 * |--------------------|---------------------------|-----------|
 * | `START`            | PENDING                   | LOADING   |
 * | `PROGRESS {bytes}` | LOADING                   | LOADING (bytes = total loaded so far, never decreasing) |
 * | `LOADED`           | LOADING                   | READY     |
 * | `FAIL {reason}`    | PENDING, LOADING          | ERROR     |
 * | `COMMIT`           | READY                     | COMMITTED |
 * | `CANCEL`           | PENDING, LOADING, READY   | CANCELED  |
 *
 * Anything else — `COMMIT` or `CANCEL` from the wrong state included — is refused: step with
 * {@link stepAssetLoad} (or {@link Lifecycle}) and you get `INVALID_STATE`, never a silent no-op.
 * COMMITTED, CANCELED and ERROR are final.
 *
 * @example
 * ```ts
 * import { initialAssetLoad, stepAssetLoad } from "./asset_load.ts";
 * let s = initialAssetLoad({ assetId: "tiles/0", totalBytes: 8 });
 * s = stepAssetLoad(s, { type: "START" }).snapshot;
 * const r = stepAssetLoad(s, { type: "COMMIT" }); // r.outcome === "INVALID_STATE", r.status === 1
 * ```
 * @module
 */

import { assign, setup, type SnapshotFrom } from "xstate";
import { initialSnapshot, stateName, stepMachine, type StepOutcome } from "./step.ts";

/** Numeric status codes of the load states (stable: guests and telemetry see them). */
export const ASSET_LOAD_STATUS = {
  PENDING: 0,
  LOADING: 1,
  READY: 2,
  COMMITTED: 3,
  CANCELED: 4,
  ERROR: 5,
} as const;

/** A load state name. */
export type AssetLoadState = keyof typeof ASSET_LOAD_STATUS;

/** A load status code (0…5). */
export type AssetLoadStatus = (typeof ASSET_LOAD_STATUS)[AssetLoadState];

/** What the load machine remembers. */
export interface AssetLoadContext {
  /** Which asset this load is for (opaque to the machine). */
  assetId: string;
  /** Bytes loaded so far (from the last `PROGRESS`). */
  bytes: number;
  /** Expected size when known at creation, else null. */
  totalBytes: number | null;
  /** Why the load failed (set by `FAIL`), else null. */
  reason: string | null;
}

/** Input of a new load. */
export interface AssetLoadInput {
  /** Which asset this load is for. */
  assetId: string;
  /** Expected size, when known. */
  totalBytes?: number;
}

/** Events the load machine accepts. */
export type AssetLoadEvent =
  | { type: "START" }
  | { type: "PROGRESS"; bytes: number }
  | { type: "LOADED" }
  | { type: "FAIL"; reason: string }
  | { type: "COMMIT" }
  | { type: "CANCEL" };

/**
 * The asset load machine (xstate v5, pure: only `assign` actions, no delays, no invocations).
 *
 * @example
 * ```ts
 * import { createActor } from "xstate";
 * const a = createActor(assetLoadMachine, { input: { assetId: "x" } }).start();
 * a.send({ type: "START" });
 * ```
 */
export const assetLoadMachine = /* @__PURE__ */ setup({
  types: {
    context: {} as AssetLoadContext,
    events: {} as AssetLoadEvent,
    input: {} as AssetLoadInput,
  },
  guards: {
    /** PROGRESS carries a non-negative integer that does not go backwards (nor past the total). */
    progressForward: ({ context, event }) =>
      event.type === "PROGRESS" && Number.isSafeInteger(event.bytes) &&
      event.bytes >= context.bytes &&
      (context.totalBytes === null || event.bytes <= context.totalBytes),
  },
  actions: {
    recordProgress: assign({
      bytes: ({ context, event }) => event.type === "PROGRESS" ? event.bytes : context.bytes,
    }),
    recordFailure: assign({
      reason: ({ context, event }) => event.type === "FAIL" ? event.reason : context.reason,
    }),
  },
}).createMachine({
  id: "assetLoad",
  description: "asset load lifecycle",
  initial: "PENDING",
  context: ({ input }) => ({
    assetId: input.assetId,
    bytes: 0,
    totalBytes: input.totalBytes ?? null,
    reason: null,
  }),
  states: {
    PENDING: {
      description: "requested, not started",
      on: {
        START: { target: "LOADING" },
        FAIL: { target: "ERROR", actions: "recordFailure" },
        CANCEL: { target: "CANCELED" },
      },
    },
    LOADING: {
      description: "bytes arriving",
      on: {
        PROGRESS: { guard: "progressForward", actions: "recordProgress" },
        LOADED: { target: "READY" },
        FAIL: { target: "ERROR", actions: "recordFailure" },
        CANCEL: { target: "CANCELED" },
      },
    },
    READY: {
      description: "decoded, waiting for commit",
      on: {
        COMMIT: { target: "COMMITTED" },
        CANCEL: { target: "CANCELED" },
      },
    },
    COMMITTED: { type: "final", description: "installed in its slot" },
    CANCELED: { type: "final" },
    ERROR: { type: "final" },
  },
});

/** A snapshot of the load machine. */
export type AssetLoadSnapshot = SnapshotFrom<typeof assetLoadMachine>;

/** Result of {@link stepAssetLoad}: the next snapshot, the outcome and the new status code. */
export interface AssetLoadStep {
  /** Snapshot after the event (unchanged when refused). */
  snapshot: AssetLoadSnapshot;
  /** `OK` or `INVALID_STATE`. */
  outcome: StepOutcome;
  /** Status code of `snapshot` (see {@link ASSET_LOAD_STATUS}). */
  status: AssetLoadStatus;
}

/**
 * The initial (PENDING) snapshot of a load.
 *
 * @example
 * ```ts
 * assetLoadStatus(initialAssetLoad({ assetId: "a" })); // 0
 * ```
 */
export function initialAssetLoad(input: AssetLoadInput): AssetLoadSnapshot {
  return initialSnapshot(assetLoadMachine, input);
}

/**
 * Applies one event; refused events give `INVALID_STATE` and leave the snapshot unchanged.
 *
 * @example
 * ```ts
 * stepAssetLoad(initialAssetLoad({ assetId: "a" }), { type: "START" }).status; // 1 (LOADING)
 * ```
 */
export function stepAssetLoad(snapshot: AssetLoadSnapshot, event: AssetLoadEvent): AssetLoadStep {
  const r = stepMachine(assetLoadMachine, snapshot, event);
  return { snapshot: r.snapshot, outcome: r.outcome, status: assetLoadStatus(r.snapshot) };
}

/**
 * The numeric status code of a load snapshot.
 *
 * @example
 * ```ts
 * assetLoadStatus(initialAssetLoad({ assetId: "a" })) === ASSET_LOAD_STATUS.PENDING; // true
 * ```
 */
export function assetLoadStatus(snapshot: AssetLoadSnapshot): AssetLoadStatus {
  const name = stateName(snapshot) as AssetLoadState;
  const code = ASSET_LOAD_STATUS[name];
  if (code === undefined) throw new Error(`asset load: unknown state ${name}`);
  return code;
}
