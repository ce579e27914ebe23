/**
 * Issue 8 acceptance: a malicious proposer — bad signature, wrong state-root claim, wrong
 * parent — is rejected by every honest node, which reports the reason; its slot is skipped and
 * the chain goes on. And a rogue peer's malformed, misdirected or forged messages are refused
 * with a code, changing nothing. In-process.
 */
import assert from "node:assert/strict";
import { behaviourRef } from "../../actors/mod.ts";
import {
  encodeDecision,
  encodeValue,
  NODE_LIMITS,
  SKIP,
  Testnet,
  type TestnetEvent,
} from "../../kernel/node/mod.ts";

const KINDS = [
  ["badSignature", "BAD_SIGNATURE"],
  ["wrongRoot", "ROOT_MISMATCH"],
  ["wrongParent", "BAD_PARENT"],
] as const;

for (const [kind, code] of KINDS) {
  Deno.test(`testnet: a proposer with a ${kind} block is rejected by every honest node (${code})`, async () => {
    const net = await Testnet.start({
      nodes: 4,
      seed: 51n,
      mode: "inprocess",
      txsPerSlot: 4,
      misbehave: { 1: { kind, slots: [5] } },
    });
    try {
      const events: TestnetEvent[] = [];
      for (let s = 1; s <= 7; s++) events.push(...(await net.runSlot()).events);
      const rejecters = events.filter((e) =>
        e.kind === "rejected" && e.slot === 5 && e.ballot === 0
      );
      for (const honest of [0, 2, 3]) {
        const r = rejecters.find((e) => e.kind === "rejected" && e.node === honest);
        assert.ok(
          r?.kind === "rejected",
          `node ${honest} rejected slot 5: ${JSON.stringify(events)}`,
        );
        assert.equal(r.code, code);
        assert.equal(r.from, 1, "names the proposer");
        assert.ok(r.message.length > 0);
      }
      assert.equal(net.decisions.get(5)?.kind, "skip", "the bad block never got a quorum");
      assert.equal(net.decisions.get(1)?.kind, "block", "the same node's honest slot was fine");
      for (const s of [6, 7]) assert.equal(net.decisions.get(s)?.kind, "block");
      assert.equal((await net.runLiveness(2)).converged, true);
      assert.deepEqual(net.checker.violations, []);
    } finally {
      await net.close();
    }
  });
}

Deno.test("testnet: a rogue peer's malformed, misdirected and forged messages are refused", async () => {
  const rogue = behaviourRef("tests/rogue", new URL("./fixtures/rogue.ts", import.meta.url));
  const net = await Testnet.start({
    nodes: 4,
    seed: 52n,
    mode: "inprocess",
    txsPerSlot: 2,
    replace: { 3: rogue },
  });
  try {
    for (let s = 1; s <= 3; s++) await net.runSlot();
    assert.equal(net.decisions.get(3)?.kind, undefined, "the rogue's own slot is not decided yet");
    const before = await net.heads();
    const say = (type: string, body: unknown) =>
      net.system.send(net.nameOf(3), "say", { to: net.nameOf(0), type, body });
    const sig = new Uint8Array(64).fill(9);
    const forged = encodeDecision({
      slot: 4,
      ballot: 1,
      value: SKIP,
      root: new Uint8Array(32),
      votes: [0, 1, 2].map((validator) => ({ validator, signature: sig })),
    });
    say("vote", { slot: "4" });
    say("prepare", { slot: 3, ballot: 1 }); // ballot 1 of slot 3 is node 0's to lead
    say("prepare", { slot: 40, ballot: 3 }); // its own ballot, but far in the future
    say("vote", {
      slot: 4,
      ballot: 0,
      id: new Uint8Array(32),
      root: new Uint8Array(32),
      signature: sig,
    });
    say("decision", { record: forged });
    say("decisions", { records: Array(NODE_LIMITS.SYNC_BATCH + 1).fill(forged) });
    say("gossip", {});
    net.system.send(net.nameOf(0), "vote", { slot: 4 }); // a peer message from outside
    await net.settle();
    const refused = net.takeEvents().filter((e) => e.kind === "refused" && e.node === 0).map((e) =>
      e.kind === "refused" ? `${e.type}:${e.code}` : ""
    );
    assert.deepEqual(refused, [
      "vote:NOT_A_PEER", // straight from outside: delivered a round before the rogue's
      "vote:MALFORMED_MESSAGE",
      "prepare:WRONG_LEADER",
      "prepare:FUTURE_SLOT",
      "vote:BAD_SIGNATURE",
      "decision:BAD_CERTIFICATE",
      "decisions:MESSAGE_TOO_LARGE",
      "gossip:MALFORMED_MESSAGE",
    ]);
    // A proposal for the rogue's own slot that is garbage is a rejected proposal, reported as such.
    say("propose", { slot: 3, ballot: 0, value: new Uint8Array([1, 2, 3]) });
    say("propose", { slot: 3, ballot: 0, value: encodeValue(SKIP) });
    await net.settle();
    const rejected = net.takeEvents().filter((e) => e.kind === "rejected" && e.node === 0).map((
      e,
    ) => e.kind === "rejected" ? e.code : "");
    assert.deepEqual(rejected, ["BAD_VALUE", "BAD_VALUE"]);
    assert.deepEqual(await net.heads(), before, "nothing changed");
    // The three honest nodes (a quorum of 4) go on; the rogue's slots are skipped.
    for (let s = 4; s <= 8; s++) await net.runSlot();
    assert.equal(net.decisions.get(3)?.kind, "skip");
    assert.equal(net.decisions.get(7)?.kind, "skip");
    assert.equal(net.decisions.get(8)?.kind, "block");
    assert.deepEqual(net.checker.violations, []);
    const heads = net.checker.heads;
    assert.ok([0, 1, 2].every((i) => heads[i].slot === 8 && heads[i].root === heads[0].root));
  } finally {
    await net.close();
  }
});

Deno.test("testnet: the safety checker catches leaders that break Paxos (ignore accepted values)", async () => {
  const run = async (forgetful: boolean) => {
    const net = await Testnet.start({
      nodes: 4,
      seed: 5n,
      mode: "inprocess",
      faults: { drop: 0.5, delay: 0.3, crash: 0.05 },
      txsPerSlot: 2,
      misbehave: forgetful
        ? Object.fromEntries([0, 1, 2, 3].map((i) => [i, { kind: "forgetfulLeader" as const }]))
        : {},
    });
    try {
      for (let s = 1; s <= 4; s++) await net.runSlot();
      return [...net.checker.violations];
    } finally {
      await net.close();
    }
  };
  // Same seed and faults: the honest protocol is safe; recovery leaders that propose skip over a
  // decided block make two nodes commit different values for one slot — and the checker says so.
  assert.deepEqual(await run(false), []);
  const violations = await run(true);
  assert.ok(violations.length > 0);
  assert.match(
    violations[0],
    /^slot \d+: node \d committed (block|skip).*node \d committed (block|skip)/,
  );
});
