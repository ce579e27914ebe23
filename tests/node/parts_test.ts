/**
 * Small parts: the node lifecycle machine (every state reachable, exactly the documented
 * transitions taken, every other event refused), the mempool's bound and order, the safety
 * checker (it does catch conflicts, gaps and bad restarts), and node input checks.
 */
import assert from "node:assert/strict";
import { initialSnapshot, stateName, stepMachine } from "../../machines/mod.ts";
import { chooseValue, leaderOf, VoteTally } from "../../kernel/node/ballots.ts";
import { TxIntake } from "../../kernel/node/intake.ts";
import {
  decodeTx,
  Mempool,
  NODE_MACHINE_SAMPLES,
  nodeConfig,
  NodeError,
  type NodeInput,
  nodeMachine,
  SafetyChecker,
  SKIP,
  type Value,
} from "../../kernel/node/mod.ts";
import { encodeState } from "../../kernel/mod.ts";
import { signedTxs, testChain } from "./_chain.ts";

const TABLE: Record<string, Record<string, string>> = {
  idle: { PROPOSE: "proposing", VERIFY: "verifying", DECIDED: "applying", SYNC: "syncing" },
  proposing: { PROPOSED: "idle", REJECT: "rejected" },
  verifying: { VERIFIED: "idle", REJECT: "rejected" },
  applying: { COMMIT: "committed", REJECT: "rejected" },
  committed: { DECIDED: "applying", SYNC: "syncing", RESET: "idle" },
  rejected: { RESET: "idle" },
  syncing: { DECIDED: "applying", SYNCED: "idle", REJECT: "rejected" },
};

Deno.test("node machine: every state is reachable and only the documented transitions exist", () => {
  const start = initialSnapshot(nodeMachine, undefined);
  assert.equal(stateName(start), "idle");
  // Explore with the sample events (guards both ways), keyed by state and the slot in hand.
  const seen = new Map<string, typeof start>([["idle", start]]);
  const queue = [start];
  const taken = new Set<string>();
  while (queue.length > 0) {
    const snap = queue.shift()!;
    const from = stateName(snap);
    for (const ev of NODE_MACHINE_SAMPLES) {
      const r = stepMachine(nodeMachine, snap, ev);
      const expected = TABLE[from][ev.type];
      if (r.outcome === "INVALID_STATE") {
        // Refused: either not in the table, or a guard said no (a bad slot, or COMMIT of another slot).
        const guarded = ("slot" in ev && (ev.slot as number) < 1) ||
          ("ballot" in ev && (ev.ballot as number) < 0) ||
          (ev.type === "COMMIT" && ev.slot !== snap.context.slot);
        assert.ok(expected === undefined || guarded, `${from} refused ${JSON.stringify(ev)}`);
        continue;
      }
      assert.equal(stateName(r.snapshot), expected, `${from} --${ev.type}-->`);
      taken.add(`${from}:${ev.type}`);
      const key = `${stateName(r.snapshot)}:${r.snapshot.context.slot}`;
      if (!seen.has(key)) {
        seen.set(key, r.snapshot);
        queue.push(r.snapshot);
      }
    }
  }
  const states = new Set([...seen.keys()].map((k) => k.split(":")[0]));
  assert.deepEqual([...states].sort(), Object.keys(TABLE).sort());
  const all = Object.entries(TABLE).flatMap(([s, evs]) => Object.keys(evs).map((e) => `${s}:${e}`));
  assert.deepEqual([...taken].sort(), all.sort());
});

Deno.test("mempool: admission order, bound with MEMPOOL_FULL, idempotent add, select filter", () => {
  const c = testChain();
  const txs = signedTxs(c, 1, 3).map((b) => decodeTx(b, c.chainId));
  const pool = new Mempool(2);
  pool.add(txs[0], true);
  pool.add(txs[1], false);
  pool.add(txs[1], false); // already held: nothing happens
  assert.equal(pool.size, 2);
  assert.throws(() => pool.add(txs[2], true), (e: NodeError) => e.code === "MEMPOOL_FULL");
  assert.deepEqual(pool.select(5, () => true), [txs[0], txs[1]]);
  assert.deepEqual(pool.select(1, () => true), [txs[0]]);
  assert.deepEqual(pool.select(5, (t) => t !== txs[0]), [txs[1]]);
  assert.equal(pool.entries()[0].client, true);
  pool.remove(
    [...pool.entries()][0].tx.id.reduce((s, b) => s + b.toString(16).padStart(2, "0"), ""),
  );
  assert.equal(pool.size, 1);
  assert.throws(() => new Mempool(0), (e: NodeError) => e.code === "BAD_CONFIG");
});

Deno.test("checker: conflicting commits, gaps and bad restarts are violations; agreement is not", () => {
  const ok = new SafetyChecker(2, "g0");
  ok.observe("committed", { node: 0, slot: 1, kind: "block", hash: "h1", root: "r1" });
  ok.observe("committed", { node: 1, slot: 1, kind: "block", hash: "h1", root: "r1" });
  ok.observe("started", { node: 1, origin: "loaded", head: 1, root: "r1" });
  ok.observe("committed", { node: 0, slot: 2, kind: "skip", hash: null, root: "r1" });
  assert.deepEqual(ok.violations, []);
  assert.equal(ok.converged(), false);
  ok.observe("committed", { node: 1, slot: 2, kind: "skip", hash: null, root: "r1" });
  assert.equal(ok.converged(2), true);
  assert.equal(ok.converged(3), false);

  const bad = new SafetyChecker(3, "g0");
  bad.observe("committed", { node: 0, slot: 1, kind: "block", hash: "h1", root: "r1" });
  bad.observe("committed", { node: 1, slot: 1, kind: "block", hash: "h2", root: "r2" });
  bad.observe("committed", { node: 2, slot: 1, kind: "skip", hash: null, root: "g0" });
  bad.observe("committed", { node: 0, slot: 3, kind: "block", hash: "h3", root: "r3" });
  bad.observe("started", { node: 1, origin: "loaded", head: 7, root: "r7" });
  bad.observe("started", { node: 0, origin: "loaded", head: 1, root: "r1" });
  bad.observe("started", { node: 2, origin: "reset", head: 4, root: "x" });
  assert.equal(bad.violations.length, 6, bad.violations.join("\n"));
  assert.match(bad.violations[0], /slot 1: node 0 committed block h1.*node 1 committed block h2/);
  assert.match(bad.violations[1], /node 2 committed skip/);
  assert.match(bad.violations[2], /node 0 committed slot 3 right after slot 1/);
  assert.match(bad.violations[3], /node 1 restarted at slot 7, which no node committed/);
  assert.match(bad.violations[4], /node 0 restarted at slot 1, behind its committed slot 3/);
  assert.match(bad.violations[5], /node 2 started reset but not at genesis/);
});

Deno.test("node config: bad inputs are refused with BAD_CONFIG naming the field", () => {
  const c = testChain(5n, 4);
  const good: NodeInput = {
    index: 1,
    names: ["a", "b", "c", "d"],
    seed: 5n,
    genesis: encodeState(c.genesis),
    directory: c.directory,
    dataDir: "/tmp/x",
    ticksPerSlot: 10,
  };
  assert.equal(nodeConfig(good).quorum, 3);
  const cases: [Partial<NodeInput>, RegExp][] = [
    [{ index: 4 }, /index 4/],
    [{ names: ["a", "a", "c", "d"] }, /repeat/],
    [{ names: ["a", "b c", "c", "d"] }, /name/],
    [{ seed: 6n }, /validators are not the keys/],
    [{ genesis: new Uint8Array(10) }, /genesis/],
    [{ dataDir: "rel/dir" }, /absolute/],
    [{ ticksPerSlot: 0 }, /ticksPerSlot/],
    [{ maxBlockTxs: 100_000 }, /maxBlockTxs/],
    [{ directory: { accounts: [new Uint8Array(3)], minter: new Uint8Array(32) } }, /directory/],
  ];
  for (const [patch, re] of cases) {
    assert.throws(
      () => nodeConfig({ ...good, ...patch } as NodeInput),
      (e: NodeError) => e.code === "BAD_CONFIG" && re.test(e.message),
      JSON.stringify(Object.keys(patch)),
    );
  }
});

Deno.test("ballots: leaders rotate with the clock; recovery keeps the highest accepted value", () => {
  assert.deepEqual([0, 1, 2, 3, 4].map((b) => leaderOf(6, b, 4)), [2, 3, 0, 1, 2]);
  const block = { kind: "block", hash: new Uint8Array(32).fill(1) } as unknown as Value;
  assert.equal(chooseValue([null, null, null]), SKIP);
  assert.equal(chooseValue([null, { ballot: 0, value: block }, { ballot: 2, value: SKIP }]), SKIP);
  assert.equal(chooseValue([{ ballot: 3, value: block }, { ballot: 1, value: SKIP }, null]), block);
  assert.throws(
    () => chooseValue([{ ballot: 2, value: block }, { ballot: 2, value: SKIP }]),
    /one value per ballot/,
  );
  const tally = new VoteTally(3);
  const id = new Uint8Array(32), root = new Uint8Array(32).fill(2), sig = new Uint8Array(64);
  assert.equal(tally.add(1, id, root, 2, sig), null);
  assert.equal(tally.add(1, id, new Uint8Array(32), 0, sig), null, "another root is another group");
  assert.equal(tally.add(0, id, root, 0, sig), null, "another ballot is another group");
  assert.equal(tally.add(1, id, root, 2, sig), null, "a validator counts once");
  assert.equal(tally.add(1, id, root, 0, sig), null);
  const cert = tally.add(1, id, root, 1, sig);
  assert.deepEqual(cert?.votes.map((v) => v.validator), [0, 1, 2]);
  assert.deepEqual([...tally.voters(1, "00".repeat(32))].sort(), [0, 1, 2]);
});

Deno.test("intake: admission order and checks, block selection, and what a commit settles", () => {
  const c = testChain();
  const intake = new TxIntake(c.chainId, c.directory, new Map());
  const [a, b, d] = signedTxs(c, 1, 3); // expiry 11
  const { results } = intake.submit([a, b, a, new Uint8Array(5)], 1);
  assert.deepEqual(results.map((r) => r.code ?? r.status), [
    "accepted",
    "accepted",
    "DUPLICATE_TX",
    "MALFORMED_TX",
  ]);
  assert.deepEqual(intake.gossip([d, a, new Uint8Array(96)], 1), { admitted: 1, refused: 1 });
  const ids = [a, b, d].map((x) => decodeTx(x, c.chainId)).map((t) =>
    [...t.id].map((v) => v.toString(16).padStart(2, "0")).join("")
  );
  assert.deepEqual(intake.select(1, 10).length, 3);
  assert.deepEqual(intake.select(12, 10), [], "expired by slot 12");
  const s = intake.settlement(11, [ids[0]]);
  assert.deepEqual(s.mine, [ids[0]], "included, submitted here");
  assert.deepEqual(
    s.expired,
    [ids[1]],
    "expiry 11 reached and not included; the gossiped one is not reported",
  );
  assert.equal(s.drop.length, 3);
  intake.settle(11, [ids[0]], s);
  assert.equal(intake.mempool.size, 0);
  assert.deepEqual(intake.query([ids[0], ids[1]]), [{ id: ids[0], status: "included", slot: 11 }, {
    id: ids[1],
    status: "unknown",
  }]);
  assert.equal(intake.submit([a], 12).results[0].code, "ALREADY_INCLUDED");
});
