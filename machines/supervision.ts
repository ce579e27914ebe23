/**
 * The actor supervision lifecycle, one per supervised actor: spawning → running; on a crash the
 * supervisor decides (SUPERVISE) to restart, within a restart budget measured in virtual time
 * (at most `maxRestarts` crashes in any `windowTicks` window, Erlang's intensity/period), or
 * to stop for good.
 *
 * | event                    | from                                   | to |
 * |--------------------------|----------------------------------------|----|
 * | `SPAWNED`                | spawning, restarting                   | running |
 * | `SPAWN_FAILED {cause,at}`| spawning, restarting                   | crashed |
 * | `CRASH {cause, at}`      | running                                | crashed |
 * | `SUPERVISE`              | crashed                                | restarting (budget left) or stopped |
 * | `STOP {reason}`          | spawning, running, crashed, restarting | stopped |
 *
 * `at` is virtual time (scheduler ticks) and must not go backwards. `stopped` is final.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "./step.ts";
 * import { supervisionMachine } from "./supervision.ts";
 * const s = new Lifecycle(supervisionMachine, { maxRestarts: 1, windowTicks: 10 });
 * s.send({ type: "SPAWNED" });
 * s.send({ type: "CRASH", cause: "boom", at: 3 });
 * s.send({ type: "SUPERVISE" });
 * s.state; // "restarting"
 * ```
 * @module
 */

import { assign, setup, type SnapshotFrom } from "xstate";

/** Where a restarted actor starts from. */
export type RestartFrom = "checkpoint" | "fresh";

/** The restart policy (one-for-one: each child is supervised alone). */
export interface SupervisionPolicy {
  /** Crashes tolerated within one window; one more stops the actor. Default 3. */
  maxRestarts: number;
  /** Window length in virtual-time ticks. Default 100. */
  windowTicks: number;
  /** Restart from the last checkpoint or fresh. Default "checkpoint". */
  restartFrom: RestartFrom;
}

/** Input of the supervision machine: any policy fields to override. */
export type SupervisionInput = Partial<SupervisionPolicy> | undefined;

/** What the supervision machine remembers. */
export interface SupervisionContext {
  /** The policy in force. */
  policy: SupervisionPolicy;
  /** Successful restarts so far. */
  restarts: number;
  /** Virtual times of the most recent crashes (at most maxRestarts + 1 kept). */
  crashTimes: number[];
  /** The last crash cause, or null. */
  lastCause: string | null;
  /** Why the actor stopped, or null. */
  stopReason: string | null;
}

/** Events the supervision machine accepts. */
export type SupervisionEvent =
  | { type: "SPAWNED" }
  | { type: "SPAWN_FAILED"; cause: string; at: number }
  | { type: "CRASH"; cause: string; at: number }
  | { type: "SUPERVISE" }
  | { type: "STOP"; reason: string };

/** The default restart policy. */
export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  maxRestarts: 3,
  windowTicks: 100,
  restartFrom: "checkpoint",
};

/** Crash times still inside the window that ends at the newest one. */
function windowed(times: number[], at: number, policy: SupervisionPolicy): number[] {
  const kept = times.filter((t) => t > at - policy.windowTicks);
  kept.push(at);
  return kept.slice(-(policy.maxRestarts + 1));
}

/**
 * The supervision machine (xstate v5, pure; no delays — time arrives in the events).
 *
 * @example
 * ```ts
 * import { initialSnapshot } from "./step.ts";
 * initialSnapshot(supervisionMachine, { maxRestarts: 2 }).context.policy.windowTicks; // 100
 * ```
 */
export const supervisionMachine = /* @__PURE__ */ setup({
  types: {
    context: {} as SupervisionContext,
    events: {} as SupervisionEvent,
    input: {} as SupervisionInput,
  },
  guards: {
    /** The crash time is a non-negative integer, not before the last crash. */
    timeForward: ({ context, event }) =>
      (event.type === "CRASH" || event.type === "SPAWN_FAILED") &&
      Number.isSafeInteger(event.at) && event.at >= 0 &&
      (context.crashTimes.length === 0 || event.at >= context.crashTimes.at(-1)!),
    restartBudgetLeft: ({ context }) => context.crashTimes.length <= context.policy.maxRestarts,
  },
  actions: {
    recordCrash: assign(({ context, event }) =>
      event.type === "CRASH" || event.type === "SPAWN_FAILED"
        ? {
          crashTimes: windowed(context.crashTimes, event.at, context.policy),
          lastCause: event.cause,
        }
        : {}
    ),
    countRestart: assign({ restarts: ({ context }) => context.restarts + 1 }),
    recordGiveUp: assign({
      stopReason: ({ context }) =>
        `restart limit: more than ${context.policy.maxRestarts} crashes within ${context.policy.windowTicks} ticks`,
    }),
    recordStop: assign({
      stopReason: ({ context, event }) => event.type === "STOP" ? event.reason : context.stopReason,
    }),
  },
}).createMachine({
  id: "supervision",
  description: "actor supervision lifecycle (one-for-one)",
  initial: "spawning",
  context: ({ input }) => {
    const policy = { ...DEFAULT_SUPERVISION_POLICY, ...(input ?? {}) };
    if (!Number.isSafeInteger(policy.maxRestarts) || policy.maxRestarts < 0) {
      throw new RangeError(`supervision: maxRestarts must be a non-negative integer`);
    }
    if (!Number.isSafeInteger(policy.windowTicks) || policy.windowTicks <= 0) {
      throw new RangeError(`supervision: windowTicks must be a positive integer`);
    }
    return { policy, restarts: 0, crashTimes: [], lastCause: null, stopReason: null };
  },
  states: {
    spawning: {
      on: {
        SPAWNED: { target: "running" },
        SPAWN_FAILED: { guard: "timeForward", target: "crashed", actions: "recordCrash" },
        STOP: { target: "stopped", actions: "recordStop" },
      },
    },
    running: {
      on: {
        CRASH: { guard: "timeForward", target: "crashed", actions: "recordCrash" },
        STOP: { target: "stopped", actions: "recordStop" },
      },
    },
    crashed: {
      description: "threw or died, cause recorded",
      on: {
        SUPERVISE: [
          { guard: "restartBudgetLeft", target: "restarting" },
          { target: "stopped", actions: "recordGiveUp" },
        ],
        STOP: { target: "stopped", actions: "recordStop" },
      },
    },
    restarting: {
      description: "from checkpoint or fresh",
      on: {
        SPAWNED: { target: "running", actions: "countRestart" },
        SPAWN_FAILED: { guard: "timeForward", target: "crashed", actions: "recordCrash" },
        STOP: { target: "stopped", actions: "recordStop" },
      },
    },
    stopped: { type: "final" },
  },
});

/** A snapshot of the supervision machine. */
export type SupervisionSnapshot = SnapshotFrom<typeof supervisionMachine>;
