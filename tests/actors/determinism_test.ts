// Determinism: the trace hash depends only on seed, behaviours and inputs — not on the number
// of Workers, on in-process vs Workers, or on how long Workers take to answer.
import assert from "node:assert/strict";
import { decodeEntries } from "../../actors/mod.ts";
import { gossipRun } from "./helpers.ts";

async function hashOf(options: Parameters<typeof gossipRun>[0]) {
  const r = await gossipRun(options);
  await r.sys.shutdown();
  return r;
}

Deno.test("same seed twice gives the same trace hash; another seed gives another", async () => {
  const a = await hashOf({ seed: 42n, mode: "inprocess" });
  const b = await hashOf({ seed: 42n, mode: "inprocess" });
  const c = await hashOf({ seed: 43n, mode: "inprocess" });
  assert.equal(a.hash, b.hash);
  assert.deepEqual(a.outputs, b.outputs);
  assert.notEqual(a.hash, c.hash, "the seed reaches the actors' PRNGs");
  assert.ok(a.entries > 300, `a real workload (${a.entries} entries, ${a.rounds} rounds)`);
  assert.equal(a.outputs.length, 6);
});

Deno.test("1, 2 and 8 Workers and the in-process mode give the same trace hash", async () => {
  const inproc = await hashOf({ seed: 7n, mode: "inprocess" });
  for (const workers of [1, 2, 8]) {
    const r = await hashOf({ seed: 7n, mode: "workers", workers });
    assert.equal(r.hash, inproc.hash, `${workers} Workers`);
    assert.deepEqual(r.outputs, inproc.outputs);
  }
});

Deno.test("random real delays in Workers do not change the trace hash", async () => {
  const calm = await hashOf({ seed: 9n, mode: "workers", workers: 3 });
  const r1 = await gossipRun({
    seed: 9n,
    mode: "workers",
    workers: 3,
    jitter: { seed: 1, maxMs: 4 },
  });
  await r1.sys.shutdown();
  const r2 = await gossipRun({
    seed: 9n,
    mode: "workers",
    workers: 3,
    jitter: { seed: 2, maxMs: 4 },
  });
  await r2.sys.shutdown();
  assert.equal(r1.hash, calm.hash);
  assert.equal(r2.hash, calm.hash);
});

Deno.test("seeded faults replay exactly, and each kind shows in the trace", async () => {
  const faults = { drop: 0.1, delay: 0.2, maxDelay: 3, reorder: 0.5, crash: 0.08 };
  const a = await gossipRun({ seed: 5n, mode: "inprocess", faults });
  const b = await gossipRun({ seed: 5n, mode: "workers", workers: 2, faults });
  const clean = await hashOf({ seed: 5n, mode: "inprocess" });
  const kinds = new Set<string>(decodeEntries(a.sys.trace.bytes()).map((e) => e.kind));
  await a.sys.shutdown();
  await b.sys.shutdown();
  assert.equal(a.hash, b.hash);
  assert.notEqual(a.hash, clean.hash);
  for (const k of ["drop", "delay", "crash", "supervision"]) {
    assert.ok(kinds.has(k), `trace has ${k}`);
  }
});
