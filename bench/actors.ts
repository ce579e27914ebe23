/**
 * Benchmark section "actors": Worker spawn latency (one Worker, and 32 at once) with xstate
 * loaded in each Worker, and scheduler throughput — small messages delivered deterministically
 * between two actors in two Workers (and, for reference, in-process). Prints a table and one
 * JSON line with the same figures.
 *
 * The actors run `actors_pingpong.ts`, which steps an xstate VM-instance lifecycle so that every
 * Worker really loads xstate.
 *
 * @example
 * ```sh
 * deno task bench actors
 * ```
 * @module
 */

import { ActorSystem, behaviourRef } from "../actors/mod.ts";

const REF = behaviourRef("bench/ping-pong", new URL("./actors_pingpong.ts", import.meta.url));
const BARE = behaviourRef("bench/bare", new URL("./actors_bare.ts", import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Spawn → init done, one dedicated Worker per system, `n` times. */
async function spawnOne(
  n: number,
  behaviour = REF,
): Promise<{ cold: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const sys = new ActorSystem({ seed: 1n, keepTraceBytes: 0 });
    const t0 = performance.now();
    await sys.spawn({ name: "a", behaviour, input: { peer: "a" }, dedicatedWorker: true });
    times.push(performance.now() - t0);
    await sys.shutdown();
  }
  return { cold: times[0], median: median(times.slice(1)) };
}

/** 32 dedicated Workers started together with spawnMany; total and per Worker. */
async function spawnMany(k: number, reps: number): Promise<{ total: number; perWorker: number }> {
  const totals: number[] = [];
  for (let r = 0; r < reps; r++) {
    const sys = new ActorSystem({ seed: 1n, keepTraceBytes: 0 });
    const specs = Array.from({ length: k }, (_, i) => ({
      name: `a${i}`,
      behaviour: REF,
      input: { peer: `a${i}` },
      dedicatedWorker: true,
    }));
    const t0 = performance.now();
    await sys.spawnMany(specs);
    totals.push(performance.now() - t0);
    await sys.shutdown();
  }
  const total = median(totals);
  return { total, perWorker: total / k };
}

/**
 * Two actors in two Workers bounce `inFlight` small messages for `ms` milliseconds; returns
 * messages delivered per second and the trace hash (equal across runs and modes).
 */
async function throughput(
  mode: "workers" | "inprocess",
  inFlight: number,
  ms: number,
): Promise<{ perSecond: number; delivered: number; rounds: number; hash: string }> {
  const sys = new ActorSystem({
    seed: 1n,
    mode,
    keepTraceBytes: 0,
    mailboxCapacity: inFlight * 2,
    maxBatch: inFlight,
  });
  await sys.spawn({
    name: "left",
    behaviour: REF,
    input: { peer: "right" },
    dedicatedWorker: true,
  });
  await sys.spawn({
    name: "right",
    behaviour: REF,
    input: { peer: "left" },
    dedicatedWorker: true,
  });
  for (let i = 0; i < inFlight; i++) sys.send(i % 2 === 0 ? "left" : "right", "ping", i);
  for (let i = 0; i < 20; i++) await sys.runRound(); // warm up
  const r0 = sys.round;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < ms) {
    for (let i = 0; i < 10; i++) await sys.runRound();
    now = performance.now();
  }
  const rounds = sys.round - r0;
  const delivered = rounds * inFlight;
  const hashAt = sys.round;
  const hash = sys.traceHash;
  await sys.shutdown();
  return {
    perSecond: delivered / ((now - t0) / 1000),
    delivered,
    rounds,
    hash: `${hash.slice(0, 16)}@${hashAt}`,
  };
}

/** Runs the section. */
export async function run(): Promise<void> {
  const bare = await spawnOne(12, BARE);
  const one = await spawnOne(12);
  const many = await spawnMany(32, 3);
  const inFlight = 2048;
  const workers = await throughput("workers", inFlight, 3000);
  const inproc = await throughput("inprocess", inFlight, 2000);
  const rows: [string, string][] = [
    ["spawn 1 Worker, no xstate, median of 11 (ms)", bare.median.toFixed(1)],
    ["spawn 1 Worker, cold (ms)", one.cold.toFixed(1)],
    ["spawn 1 Worker, median of 11 (ms)", one.median.toFixed(1)],
    ["spawn 32 Workers together, total (ms)", many.total.toFixed(0)],
    ["spawn 32 Workers together, per Worker (ms)", many.perWorker.toFixed(1)],
    [`throughput, 2 Workers, ${inFlight} in flight (msg/s)`, workers.perSecond.toFixed(0)],
    [`throughput, in-process, ${inFlight} in flight (msg/s)`, inproc.perSecond.toFixed(0)],
    ["rounds per second, 2 Workers", (workers.rounds / 3).toFixed(0)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("| measure".padEnd(width + 2) + " | value |");
  console.log("|" + "-".repeat(width + 2) + "|-------|");
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  console.log(
    `(every Worker loads xstate; messages are delivered in the scheduler's deterministic order; ` +
      `trace hash of the 2-Worker run: ${workers.hash})`,
  );
  console.log(JSON.stringify({
    section: "actors",
    spawn1NoXstateMedianMs: +bare.median.toFixed(2),
    spawn1ColdMs: +one.cold.toFixed(2),
    spawn1MedianMs: +one.median.toFixed(2),
    spawn32TotalMs: +many.total.toFixed(1),
    spawn32PerWorkerMs: +many.perWorker.toFixed(2),
    messagesPerSecond2Workers: Math.round(workers.perSecond),
    messagesPerSecondInProcess: Math.round(inproc.perSecond),
    inFlight,
  }));
}

if (import.meta.main) await run();
