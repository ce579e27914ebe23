/**
 * Issue 8 acceptance: with seeded drop, delay and crash faults the nodes keep the safety
 * property throughout (checked on every output as it arrives) and converge once the faults
 * stop. In-process (the same scheduler and trace as Workers; faster).
 */
import assert from "node:assert/strict";
import { decodeEntries } from "../../actors/mod.ts";
import { Testnet } from "../../kernel/node/mod.ts";

Deno.test("testnet: seeded drop/delay/crash faults, then healed — safe throughout, converged after", async () => {
  const net = await Testnet.start({
    nodes: 4,
    seed: 21n,
    mode: "inprocess",
    faults: { drop: 0.3, delay: 0.3, maxDelay: 6, crash: 0.04, reorder: 0.3 },
    txsPerSlot: 6,
  });
  try {
    const events = [];
    let lagging = 0;
    for (let s = 1; s <= 20; s++) {
      const r = await net.runSlot();
      events.push(...r.events);
      if (r.heads.some((h) => h.slot !== r.heads[0].slot)) lagging++;
      assert.deepEqual(net.checker.violations, [], `slot ${s}`);
    }
    // The faults did happen: crashes with restarts from disk, and nodes out of step.
    const crashes = events.filter((e) => e.kind === "crash").length;
    const restarts = events.filter((e) => e.kind === "restart" && e.origin === "loaded").length;
    assert.ok(crashes >= 3, `${crashes} crashes`);
    assert.equal(restarts, crashes, "every crash restarts from the database");
    assert.ok(lagging >= 3, `${lagging} slots ended with nodes at different heads`);
    const trace = net.system.trace;
    assert.ok(trace.count > 0);

    await net.heal();
    const live = await net.runLiveness(8);
    // Healing is one FAULTS entry switching injection off; nothing is injected after it.
    const entries = decodeEntries(net.system.trace.bytes());
    const switches = entries.filter((e) => e.kind === "faults");
    assert.equal(switches.length, 1);
    const after = entries.slice(switches[0].index);
    assert.deepEqual(after.filter((e) => ["drop", "delay"].includes(e.kind)), []);
    assert.deepEqual(after.filter((e) => e.kind === "crash"), []);
    assert.ok(entries.slice(0, switches[0].index).some((e) => e.kind === "drop"));
    assert.equal(live.converged, true, "every node at the same head and root");
    assert.ok(live.slots <= 2, `${live.slots} liveness slots`);
    assert.deepEqual(net.checker.violations, []);
    const last = net.checker.heads[0];
    assert.equal(last.slot, net.slot);
    assert.ok(net.checker.heads.every((h) => h.slot === last.slot && h.root === last.root));
    // Every slot up to the head was decided exactly once, as a block or a skip.
    for (let s = 1; s <= last.slot; s++) assert.ok(net.decisions.has(s), `slot ${s} decided`);
    const blocks = [...net.decisions.values()].filter((d) => d.kind === "block").length;
    assert.ok(blocks >= 15, `${blocks} blocks in ${last.slot} slots`);
    assert.ok(net.counts.included > 0);
    assert.ok(net.commitsVia.some((v) => v.sync > 0), "some node caught up by sync");
  } finally {
    await net.close();
  }
});
