/**
 * Replay: run a recorded trace's inputs again and check, entry by entry, that the same trace
 * comes out. The recording drives the run (its SPAWN of top-level actors, INPUT, ROUND,
 * ADVANCE, FAULTS, and outside CRASH / STOP entries are re-issued in order); everything else must be
 * reproduced by the system. The first entry that differs is reported with both versions
 * decoded.
 *
 * @example
 * ```ts
 * import { replayTrace } from "./replay.ts";
 * const report = await replayTrace("out/run.trace", { workers: 4 });
 * if (!report.ok) console.log(report.divergence);
 * ```
 * @module
 */

import type { FaultPlan } from "./faults.ts";
import type { SpawnSpec } from "./system.ts";
import { ActorSystem } from "./system.ts";
import { decodeBody } from "./codec.ts";
import { ActorError } from "./errors.ts";
import { decodeEntries, decodeTraceFile, type TraceEvent, type TraceFile } from "./trace.ts";

/** Where and how to run the replay (none of it may change the result). */
export interface ReplayOptions {
  /** `workers` (default) or `inprocess`. */
  mode?: "workers" | "inprocess";
  /** Worker pool size. */
  workers?: number;
  /** Worker reply jitter (test aid). */
  jitter?: { seed: number; maxMs: number } | null;
  /** Watchdog in real ms. */
  watchdogMs?: number;
}

/** The first difference between a recording and its replay. */
export interface ReplayDivergence {
  /** Entry index. */
  index: number;
  /** The recorded entry, decoded (null: the replay produced more entries). */
  expected: TraceEvent | null;
  /** The replayed entry, decoded (null: the replay stopped short). */
  actual: TraceEvent | null;
}

/** Result of a replay. */
export interface ReplayReport {
  /** True when every entry matched and the hashes are equal. */
  ok: boolean;
  /** The recorded hash. */
  expectedHash: string;
  /** The replayed hash. */
  actualHash: string;
  /** Entries compared. */
  entries: number;
  /** The first divergence, or null. */
  divergence: ReplayDivergence | null;
}

const DRIVING = new Set(["round", "advance", "spawn", "input", "crash", "stop", "faults"]);

function isDriving(e: TraceEvent): boolean {
  if (!DRIVING.has(e.kind)) return false;
  if (e.kind === "spawn") return e.parent === "$ext" && e.incarnation === 0;
  if (e.kind === "crash" || e.kind === "stop") return e.external;
  return true;
}

/**
 * Replays a trace file (path, bytes or decoded) and reports the first divergence.
 *
 * @example
 * ```ts
 * const report = await replayTrace(sys.traceFile(), { mode: "inprocess" });
 * report.ok; // true when the run is deterministic
 * ```
 */
export async function replayTrace(
  source: string | URL | Uint8Array | TraceFile,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const file = typeof source === "string" || source instanceof URL
    ? decodeTraceFile(await Deno.readFile(source))
    : source instanceof Uint8Array
    ? decodeTraceFile(source)
    : source;
  const recorded = decodeEntries(file.entries);
  const opts = file.header.options as Record<string, unknown>;
  const sys = new ActorSystem({
    seed: file.header.seed,
    mode: options.mode,
    workers: options.workers,
    jitter: options.jitter,
    watchdogMs: options.watchdogMs,
    mailboxCapacity: opts.mailboxCapacity as number,
    maxBatch: opts.maxBatch as number,
    outboxCapacity: opts.outboxCapacity as number,
    supervision: (opts.supervision ?? {}) as SpawnSpec["supervision"],
    faults: (opts.faults ?? undefined) as never,
    expected: { bytes: file.entries, offsets: file.offsets },
  });
  let stuck: number | null = null;
  const extraOf = (i: number): Record<string, unknown> => {
    const x = file.extras.get(i);
    if (x === undefined) throw new ActorError("TRACE_MALFORMED", `spawn entry ${i} has no spec`);
    return decodeBody(x) as Record<string, unknown>;
  };
  try {
    while (sys.trace.count < recorded.length && sys.trace.divergence === null) {
      const i = sys.trace.count;
      const e = recorded[i];
      if (!isDriving(e)) {
        stuck = i;
        break;
      }
      const extra = file.extras.get(i);
      switch (e.kind) {
        case "round":
          if (!(await sys.runRound())) stuck = i;
          break;
        case "advance":
          await sys.advanceClock(e.time);
          break;
        case "spawn": {
          // A spawnMany of n actors recorded n SPAWN entries in a row; the first carries n.
          const group = (extraOf(i).group as number | undefined) ?? 1;
          const specs: SpawnSpec[] = [];
          const inputs: Uint8Array[] = [];
          for (let k = 0; k < Math.max(1, group); k++) {
            const ev = recorded[i + k];
            if (ev?.kind !== "spawn") {
              throw new ActorError("TRACE_MALFORMED", `spawn group at ${i}`);
            }
            const x = extraOf(i + k);
            specs.push({
              name: ev.actor,
              behaviour: x.behaviour as SpawnSpec["behaviour"],
              supervision: (x.supervision ?? undefined) as SpawnSpec["supervision"],
              mailboxCapacity: (x.mailboxCapacity ?? undefined) as number | undefined,
              maxBatch: (x.maxBatch ?? undefined) as number | undefined,
              dedicatedWorker: x.dedicatedWorker === true,
            });
            inputs.push(ev.input);
          }
          try {
            await sys.spawnManyEncoded(specs, inputs);
          } catch (err) {
            if (!(err instanceof ActorError && err.code === "SPAWN_FAILED")) throw err;
          }
          break;
        }
        case "input": {
          const x = extra === undefined
            ? { delay: 0, attachments: [] }
            : decodeBody(extra) as { delay: number; attachments: Uint8Array[] };
          sys.sendEncoded(e.to, e.type, e.body, x.attachments, x.delay);
          break;
        }
        case "crash":
          await sys.crash(e.actor, e.cause);
          break;
        case "stop":
          await sys.stop(e.actor, e.reason);
          break;
        case "faults":
          sys.setFaults(e.plan as FaultPlan | null);
          break;
      }
      if (stuck !== null) break;
    }
    const produced = decodeEntries(sys.trace.bytes());
    let divergence: ReplayDivergence | null = null;
    const d = sys.trace.divergence;
    if (d !== null) {
      divergence = {
        index: d.index,
        expected: recorded[d.index] ?? null,
        actual: produced[d.index] ?? null,
      };
    } else if (stuck !== null || sys.trace.count !== recorded.length) {
      const index = stuck ?? Math.min(sys.trace.count, recorded.length);
      divergence = { index, expected: recorded[index] ?? null, actual: produced[index] ?? null };
    }
    const actualHash = sys.traceHash;
    return {
      ok: divergence === null && actualHash === file.hash,
      expectedHash: file.hash,
      actualHash,
      entries: recorded.length,
      divergence,
    };
  } finally {
    await sys.shutdown();
  }
}
