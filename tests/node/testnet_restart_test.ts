/**
 * Issue 8 acceptance: a restarted node recovers from its database and catches up — in Workers.
 * Node 3 is cut off (every message to or from it dropped) while the others decide six slots;
 * node 2 crashes mid-run and restarts from its database; then the whole testnet stops and a new
 * one resumes from the same data directory: each node loads its head from disk, and node 3
 * catches up by syncing the slots it never saw.
 */
import assert from "node:assert/strict";
import { Testnet } from "../../kernel/node/mod.ts";

Deno.test("testnet: restarts from the database (crash, then a whole new process) and catches up", async () => {
  const dir = await Deno.makeTempDir({ prefix: "testnet-restart-" });
  try {
    const a = await Testnet.start({
      nodes: 4,
      seed: 31n,
      mode: "workers",
      dataDir: dir,
      faults: { drop: 1 },
      faultyNodes: [3],
      txsPerSlot: 4,
    });
    let crashHead = -1, committedBefore = -1;
    try {
      for (let s = 1; s <= 6; s++) {
        await a.runSlot();
        if (s === 3) {
          committedBefore = a.checker.heads[2].slot;
          await a.crash(2);
          const restart = a.takeEvents().find((e) => e.kind === "restart");
          assert.ok(restart?.kind === "restart" && restart.origin === "loaded");
          crashHead = restart.head;
        }
      }
      assert.equal(crashHead, committedBefore, "node 2 came back at the slot it had committed");
      assert.equal(crashHead, 2, "slot 3 (node 3's) was not decided yet");
      assert.equal(a.decisions.get(3)?.kind, "skip", "node 3 was cut off: its slot was skipped");
      const heads = a.checker.heads.map((h) => h.slot);
      assert.deepEqual(heads, [6, 6, 6, 0], "node 3 saw nothing");
      assert.deepEqual(a.checker.violations, []);
    } finally {
      await a.close();
    }

    const b = await Testnet.start({
      nodes: 4,
      seed: 31n,
      mode: "workers",
      dataDir: dir,
      resume: true,
      txsPerSlot: 4,
    });
    try {
      assert.equal(b.slot, 6, "the clock resumes after the highest head on disk");
      const starts = b.takeEvents();
      assert.deepEqual(starts, [], "first starts are not restarts");
      assert.deepEqual(
        b.checker.heads.map((h) => h.slot),
        [6, 6, 6, 0],
        "each node loaded its own head",
      );
      for (let s = 7; s <= 9; s++) await b.runSlot();
      const live = await b.runLiveness(4);
      assert.equal(live.converged, true);
      assert.deepEqual(b.checker.violations, []);
      const via = b.commitsVia[3];
      assert.ok(via.sync >= 3, `node 3 synced ${via.sync} slots`);
      assert.equal(via.sync + via.votes, b.slot, "node 3 committed every slot from genesis");
      const heads = await b.heads();
      assert.ok(heads.every((h) => h?.slot === b.slot && h.root === heads[0]?.root));
    } finally {
      await b.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
