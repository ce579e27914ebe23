/**
 * Issue 8 acceptance: the same seed gives identical output twice — every slot report and the
 * trace hash (the data directory is part of the nodes' recorded input, so runs use the same
 * path) — in Workers as in-process; the recorded trace replays entry for entry; another seed
 * gives another chain.
 */
import assert from "node:assert/strict";
import { replayTrace } from "../../actors/mod.ts";
import { Testnet } from "../../kernel/node/mod.ts";

interface Run {
  reports: string;
  trace: string;
  file: Uint8Array;
}

async function runOnce(
  seed: bigint,
  dir: string,
  mode: "inprocess" | "workers",
  slots = 10,
): Promise<Run> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const net = await Testnet.start({
    nodes: 4,
    seed,
    mode,
    dataDir: dir,
    faults: { drop: 0.2, delay: 0.2, crash: 0.03 },
    txsPerSlot: 4,
  });
  try {
    const reports = [];
    for (let s = 1; s <= slots; s++) reports.push(await net.runSlot());
    await net.heal();
    const live = await net.runLiveness(6);
    assert.equal(live.converged, true);
    reports.push(...live.reports);
    assert.deepEqual(net.checker.violations, []);
    return {
      reports: JSON.stringify(reports),
      trace: net.system.traceHash,
      file: net.system.traceFile(),
    };
  } finally {
    await net.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

Deno.test("testnet: the same seed gives identical reports and trace, which replays; another seed does not", async () => {
  const base = await Deno.makeTempDir({ prefix: "testnet-det-" });
  const dir = `${base}/net`;
  try {
    const a = await runOnce(7n, dir, "inprocess");
    const b = await runOnce(7n, dir, "inprocess");
    assert.equal(a.trace, b.trace);
    assert.equal(a.reports, b.reports);
    assert.ok(a.reports.includes('"kind":"crash"'), "faults happened");
    // Replaying the recorded inputs on fresh (empty) data directories reproduces every entry.
    for (let i = 0; i < 4; i++) await Deno.mkdir(`${dir}/node-${i}`, { recursive: true });
    const replay = await replayTrace(a.file, { mode: "inprocess" });
    assert.equal(replay.divergence, null);
    assert.equal(replay.actualHash, a.trace);
    await Deno.remove(dir, { recursive: true });
    const c = await runOnce(8n, dir, "inprocess");
    assert.notEqual(c.trace, a.trace);
    assert.notEqual(c.reports, a.reports);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("testnet: Workers and in-process give the same trace hash and reports", async () => {
  const base = await Deno.makeTempDir({ prefix: "testnet-det-" });
  try {
    const a = await runOnce(9n, `${base}/net`, "workers", 5);
    const b = await runOnce(9n, `${base}/net`, "inprocess", 5);
    assert.equal(a.trace, b.trace);
    assert.equal(a.reports, b.reports);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
