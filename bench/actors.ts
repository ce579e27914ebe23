/**
 * Benchmark section "actors": Worker spawn latency — one Worker, and 32 at once; with and without
 * xstate in the Worker; against an empty Worker (the floor Deno sets), interleaved; Workers started from a bundle of their entry (the default) and unbundled
 * (`bundleWorkers: false`), sampled alternately so both see the same machine load — the one-off
 * cost of building a bundle, and scheduler throughput: small messages delivered
 * deterministically between two actors in two Workers (and, for reference, in-process). Prints a
 * table and one JSON line with the same figures.
 *
 * The xstate actors run `actors_pingpong.ts`, which steps an xstate VM-instance lifecycle so that
 * every Worker really loads xstate; `actors_bare.ts` imports no npm module.
 *
 * @example
 * ```sh
 * deno task bench actors
 * ```
 * @module
 */

import { ActorSystem, behaviourRef } from "../actors/mod.ts";
import { buildWorkerBundle, workerBundle } from "../actors/bundle.ts";

const REF = behaviourRef("bench/ping-pong", new URL("./actors_pingpong.ts", import.meta.url));
const BARE = behaviourRef("bench/bare", new URL("./actors_bare.ts", import.meta.url));
type Ref = typeof REF;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The floor: a module Worker with no permissions, started from a one-line blob that posts a
 * message, until that message arrives; ms. No actor system, no imports.
 */
async function emptyWorkerOnce(): Promise<number> {
  const url = URL.createObjectURL(new Blob(["postMessage(0);"], { type: "text/javascript" }));
  const t0 = performance.now();
  const w = new Worker(url, { type: "module", deno: { permissions: "none" } } as WorkerOptions);
  await new Promise((resolve) => (w.onmessage = resolve));
  const ms = performance.now() - t0;
  w.terminate();
  URL.revokeObjectURL(url);
  return ms;
}

/**
 * A fresh Worker's first reply, from its `postMessage` to the main thread's `onmessage`, with the
 * reply's 100-byte buffer transferred or copied; ms. Why `transfer.ts` copies small envelopes.
 */
async function firstReplyOnce(transfer: boolean): Promise<number> {
  const src = `const pn = performance.now.bind(performance);
onmessage = () => {
  const b = new Uint8Array(100);
  postMessage({ at: performance.timeOrigin + pn(), b }${transfer ? ", [b.buffer]" : ""});
};`;
  const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
  const w = new Worker(url, { type: "module", deno: { permissions: "none" } } as WorkerOptions);
  const at = await new Promise<number>((resolve) => {
    w.onmessage = (e) => resolve((e.data as { at: number }).at);
    w.postMessage(0);
  });
  const ms = performance.timeOrigin + performance.now() - at;
  w.terminate();
  URL.revokeObjectURL(url);
  return ms;
}

/** Spawn → init done of `k` dedicated Workers started together (one system); ms. */
async function spawnOnce(behaviour: Ref, bundleWorkers: boolean, k: number): Promise<number> {
  const sys = new ActorSystem({ seed: 1n, keepTraceBytes: 0, bundleWorkers });
  const specs = Array.from({ length: k }, (_, i) => ({
    name: `a${i}`,
    behaviour,
    input: { peer: `a${i}` },
    dedicatedWorker: true,
  }));
  const t0 = performance.now();
  await sys.spawnMany(specs);
  const ms = performance.now() - t0;
  await sys.shutdown();
  return ms;
}

/** Median spawn time of `k` Workers over `reps` runs, unbundled and bundled runs alternating. */
async function spawnPair(
  behaviour: Ref,
  k: number,
  reps: number,
): Promise<{ unbundled: number; bundled: number }> {
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < reps; r++) {
    off.push(await spawnOnce(behaviour, false, k));
    on.push(await spawnOnce(behaviour, true, k));
  }
  return { unbundled: median(off), bundled: median(on) };
}

/**
 * One Worker each, `reps` times, the three kinds interleaved so that they see the same machine
 * load: an empty Worker, a bundled actor without xstate, a bundled actor with xstate; medians.
 */
async function spawnTrio(reps: number): Promise<{ empty: number; bare: number; xstate: number }> {
  const e: number[] = [];
  const b: number[] = [];
  const x: number[] = [];
  for (let r = 0; r < reps; r++) {
    e.push(await emptyWorkerOnce());
    b.push(await spawnOnce(BARE, true, 1));
    x.push(await spawnOnce(REF, true, 1));
  }
  return { empty: median(e), bare: median(b), xstate: median(x) };
}

/** Building a fresh bundle of `behaviour`'s Worker entry: the first build and the median. */
async function bundleCost(behaviour: Ref, n: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await buildWorkerBundle(behaviour.url);
    if (!r.ok) throw new Error(`bundling failed: ${r.code}: ${r.reason}`);
    times.push(r.ms);
  }
  return { first: times[0], median: median(times) };
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
  const cost = await bundleCost(REF, 5);
  const costBare = await bundleCost(BARE, 5);
  // Build the bundles this process will use, then time a first (cold) spawn of each kind.
  await workerBundle(REF.url);
  await workerBundle(BARE.url);
  const coldOff = await spawnOnce(REF, false, 1);
  const coldOn = await spawnOnce(REF, true, 1);
  const bare1 = await spawnPair(BARE, 1, 11);
  const x1 = await spawnPair(REF, 1, 11);
  const trio = await spawnTrio(21);
  const replyCopied: number[] = [];
  const replyTransferred: number[] = [];
  for (let r = 0; r < 15; r++) {
    replyCopied.push(await firstReplyOnce(false));
    replyTransferred.push(await firstReplyOnce(true));
  }
  const bundleKb = async (ref: Ref) => {
    const url = await workerBundle(ref.url);
    return url === null ? NaN : (await Deno.stat(new URL(url))).size / 1024;
  };
  const sizeX = await bundleKb(REF);
  const sizeBare = await bundleKb(BARE);
  const bare32 = await spawnPair(BARE, 32, 3);
  const x32 = await spawnPair(REF, 32, 3);
  const inFlight = 2048;
  const workers = await throughput("workers", inFlight, 3000);
  const inproc = await throughput("inprocess", inFlight, 2000);
  const f = (ms: number) => ms.toFixed(1);
  const rows: [string, string, string][] = [
    ["spawn 1 Worker, no xstate, median of 11 (ms)", f(bare1.unbundled), f(bare1.bundled)],
    ["spawn 1 Worker, xstate, median of 11 (ms)", f(x1.unbundled), f(x1.bundled)],
    ["spawn 1 Worker, xstate, first in process (ms)", f(coldOff), f(coldOn)],
    [
      "spawn 32 Workers, no xstate, total, median of 3 (ms)",
      f(bare32.unbundled),
      f(bare32.bundled),
    ],
    [
      "spawn 32 Workers, no xstate, per Worker (ms)",
      f(bare32.unbundled / 32),
      f(bare32.bundled / 32),
    ],
    ["spawn 32 Workers, xstate, total, median of 3 (ms)", f(x32.unbundled), f(x32.bundled)],
    ["spawn 32 Workers, xstate, per Worker (ms)", f(x32.unbundled / 32), f(x32.bundled / 32)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("| measure".padEnd(width + 2) + " | unbundled | bundled |");
  console.log("|" + "-".repeat(width + 2) + "|-----------|---------|");
  for (const [k, a, b] of rows) {
    console.log(`| ${k.padEnd(width)} | ${a.padStart(9)} | ${b.padStart(7)} |`);
  }
  const once: [string, string][] = [
    [
      "bundling the xstate entry, once per module and process (ms)",
      `${f(cost.median)} (first ${f(cost.first)})`,
    ],
    ["bundling the bare entry (ms)", `${f(costBare.median)} (first ${f(costBare.first)})`],
    [`throughput, 2 Workers, ${inFlight} in flight (msg/s)`, workers.perSecond.toFixed(0)],
    [`throughput, in-process, ${inFlight} in flight (msg/s)`, inproc.perSecond.toFixed(0)],
    ["rounds per second, 2 Workers", (workers.rounds / 3).toFixed(0)],
  ];
  console.log();
  console.log(
    `- one Worker, bundled, median of 21 interleaved: empty Worker ${f(trio.empty)} ms (the ` +
      `floor), actor without xstate ${f(trio.bare)} ms, actor with xstate ${f(trio.xstate)} ms ` +
      `(${f(trio.xstate - trio.empty)} ms above the floor)`,
  );
  console.log(
    `- a fresh Worker's first reply, worker → main, median of 15: buffer copied ` +
      `${f(median(replyCopied))} ms, transferred ${f(median(replyTransferred))} ms`,
  );
  console.log(
    `- bundle size: xstate entry ${sizeX.toFixed(0)} KB, bare entry ${sizeBare.toFixed(0)} KB`,
  );
  for (const [k, v] of once) console.log(`- ${k}: ${v}`);
  console.log(
    `(spawn = spawnMany → every init done, one dedicated Worker per actor; bundled and unbundled ` +
      `runs alternate; throughput Workers are bundled; trace hash of the 2-Worker run: ${workers.hash})`,
  );
  console.log(JSON.stringify({
    section: "actors",
    spawn1NoXstateMedianMs: {
      unbundled: +bare1.unbundled.toFixed(2),
      bundled: +bare1.bundled.toFixed(2),
    },
    spawn1XstateMedianMs: { unbundled: +x1.unbundled.toFixed(2), bundled: +x1.bundled.toFixed(2) },
    spawn1Interleaved21Ms: {
      emptyWorker: +trio.empty.toFixed(2),
      bundledNoXstate: +trio.bare.toFixed(2),
      bundledXstate: +trio.xstate.toFixed(2),
    },
    firstReplyMs: {
      copied: +median(replyCopied).toFixed(2),
      transferred: +median(replyTransferred).toFixed(2),
    },
    bundleKb: { xstate: Math.round(sizeX), bare: Math.round(sizeBare) },
    spawn1XstateFirstMs: { unbundled: +coldOff.toFixed(2), bundled: +coldOn.toFixed(2) },
    spawn32NoXstateTotalMs: {
      unbundled: +bare32.unbundled.toFixed(1),
      bundled: +bare32.bundled.toFixed(1),
    },
    spawn32XstateTotalMs: {
      unbundled: +x32.unbundled.toFixed(1),
      bundled: +x32.bundled.toFixed(1),
    },
    bundleXstateEntryMs: { median: +cost.median.toFixed(1), first: +cost.first.toFixed(1) },
    bundleBareEntryMs: { median: +costBare.median.toFixed(1), first: +costBare.first.toFixed(1) },
    messagesPerSecond2Workers: Math.round(workers.perSecond),
    messagesPerSecondInProcess: Math.round(inproc.perSecond),
    inFlight,
  }));
}

if (import.meta.main) await run();
