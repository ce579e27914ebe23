/**
 * actors/ — the deterministic actor runtime: an {@link ActorSystem} on the main thread, actors in
 * module Workers (no permissions unless their behaviour asks) or in-process, one deterministic
 * scheduler (virtual time, rounds, stable order), bounded mailboxes with visible backpressure,
 * one-for-one supervision with restart budgets, seeded PRNGs and faults, and a blake2b-chained
 * trace that can be written, replayed and drawn.
 *
 * Define a behaviour in any folder (see `behaviour.ts`), name it with {@link behaviourRef}, and
 * spawn it:
 *
 * @example
 * ```ts
 * import { ActorSystem, behaviourRef } from "./mod.ts";
 * const echo = behaviourRef("test/echo", new URL("../tests/actors/fixtures/echo.ts", import.meta.url));
 * const sys = new ActorSystem({ seed: 1n, workers: 2 });
 * await sys.spawn({ name: "e", behaviour: echo });
 * sys.send("e", "ping", 1);
 * await sys.runUntilIdle();
 * sys.takeOutbox(); // [{ from: "e", type: "pong", body: 1, … }]
 * await sys.shutdown();
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "./behaviour.ts";
export * from "./codec.ts";
export * from "./rng.ts";
export * from "./seed.ts";
export type { FaultPlan } from "./faults.ts";
export {
  type ActorInfo,
  ActorSystem,
  type ActorSystemOptions,
  type MailboxStatus,
  MAX_ACTORS,
  type Output,
  type SendStatus,
  type SpawnSpec,
} from "./system.ts";
export {
  bodyForDisplay,
  chainHash,
  decodeEntries,
  decodeTraceFile,
  type Divergence,
  encodeTraceFile,
  ENTRY,
  type TraceEvent,
  type TraceFile,
  type TraceHeader,
  TraceLog,
} from "./trace.ts";
export {
  type ReplayDivergence,
  type ReplayOptions,
  type ReplayReport,
  replayTrace,
} from "./replay.ts";
export { MAX_DELAY, MAX_SENDS_PER_ROUND } from "./host.ts";
