/**
 * Issue 8 acceptance: 4 nodes × 20 slots converge without faults — in real Workers, each node
 * with read/write permission on its own data directory only. Every slot gets its proposer's
 * block; every node commits all 20 with the same roots; and an independent replay of the blocks
 * node 0 stored, through the kernel's applyBlock from genesis, reproduces the final root.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { applyBlock, stateRoot, toHex } from "../../kernel/mod.ts";
import { DB_FILE, decodeDecision, Testnet } from "../../kernel/node/mod.ts";

Deno.test("testnet: 4 nodes × 20 slots in Workers converge without faults", async () => {
  const dir = await Deno.makeTempDir({ prefix: "testnet-converge-" });
  const net = await Testnet.start({ nodes: 4, seed: 11n, mode: "workers", dataDir: dir });
  try {
    for (let s = 1; s <= 20; s++) {
      const r = await net.runSlot();
      assert.equal(r.proposer, s % 4);
      assert.equal(r.decision?.kind, "block", `slot ${s} decided on time`);
      assert.equal(r.decision?.ballot, 0, "by its proposer's own ballot");
      assert.ok(r.heads.every((h) => h.slot === s && h.root === r.decision?.root), `slot ${s}`);
      assert.deepEqual(r.events, []);
    }
    const live = await net.runLiveness(0);
    assert.equal(live.converged, true);
    assert.deepEqual(net.checker.violations, []);
    assert.equal(net.checker.commits, 80);
    const heads = await net.heads();
    assert.ok(heads.every((h) => h !== null && h.slot === 20 && h.root === heads[0]!.root));
    assert.equal(net.counts.submitted, 160);
    assert.equal(net.counts.accepted, 160);
    assert.ok(net.counts.included >= 150, `${net.counts.included} included`);
    const finalRoot = heads[0]!.root;
    await net.close();

    // Independent check: node 0's stored blocks, replayed through the kernel from genesis.
    const db = new DatabaseSync(`${dir}/node-0/${DB_FILE}`, { readOnly: true });
    const rows = db.prepare("SELECT record FROM decisions ORDER BY slot").all() as {
      record: Uint8Array;
    }[];
    db.close();
    assert.equal(rows.length, 20);
    let σ = net.genesis;
    for (const row of rows) {
      const d = decodeDecision(row.record);
      assert.equal(d.value.kind, "block");
      if (d.value.kind !== "block") continue;
      const r = applyBlock(σ, d.value.block);
      assert.ok(r.accepted);
      assert.equal(toHex(r.stateRoot), toHex(d.root));
      σ = r.state;
    }
    assert.equal(finalRoot, toHex(stateRoot(σ)));
    assert.equal(σ.slot, 20);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
