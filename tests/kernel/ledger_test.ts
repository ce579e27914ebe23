/**
 * The example ledger chain: mint, transfer, balance; failures recorded as replies; a heavy
 * transfer's worker runs out of gas and is topped up (the sender pays fees) or dropped; balance
 * queries change nothing; the transaction format and generator.
 */
import assert from "node:assert/strict";
import { encodeState, genesis, KernelError, runEvent, type State } from "../../kernel/mod.ts";
import {
  decodeLedgerTx,
  encodeLedgerTx,
  generateLedgerTxs,
  LEDGER_REPLY,
  ledgerBalance,
  ledgerChain,
  ledgerStats,
  type LedgerTx,
} from "../../kernel/ledger.ts";
import { KEYS } from "./_harness.ts";

const L = ledgerChain();
const G = genesis(L.image, { validators: KEYS.map((k) => k.publicKey), images: L.images });

function apply(s: State, tx: LedgerTx) {
  const r = runEvent(s, 0, encodeLedgerTx(tx), { trace: true });
  assert.equal(
    r.outcome.kind,
    "halt",
    JSON.stringify(r.outcome.kind === "faulted" ? r.outcome.reason : ""),
  );
  return {
    state: r.state,
    value: r.outcome.kind === "halt" ? r.outcome.value : -1n,
    outcome: r.outcome,
  };
}

Deno.test("mint, balance, transfer, insufficient funds", () => {
  let s = apply(G, { op: "mint", to: 3, amount: 500n }).state;
  s = apply(s, { op: "mint", to: 3, amount: 25n }).state;
  assert.equal(ledgerBalance(s, 3), 525n);
  assert.equal(apply(s, { op: "balance", account: 3 }).value, 525n);
  assert.equal(apply(s, { op: "balance", account: 4 }).value, 0n);
  const t = apply(s, { op: "transfer", from: 3, to: 4, amount: 200n, work: 20 });
  assert.equal(t.value, LEDGER_REPLY.OK);
  s = t.state;
  assert.equal(ledgerBalance(s, 3), 325n);
  assert.equal(ledgerBalance(s, 4), 200n);
  const poor = apply(s, { op: "transfer", from: 4, to: 3, amount: 201n, work: 20 });
  assert.equal(poor.value, LEDGER_REPLY.INSUFFICIENT_FUNDS);
  assert.equal(ledgerBalance(poor.state, 4), 200n);
  assert.equal(ledgerBalance(poor.state, 3), 325n);
  const st = ledgerStats(poor.state);
  assert.deepEqual([st.txs, st.failed, st.minted], [4n, 1n, 525n]);
  assert.equal(apply(s, { op: "balance", account: 0 }).state.files.size, s.files.size);
});

Deno.test("a balance query leaves the chain state unchanged", () => {
  const s = apply(G, { op: "mint", to: 1, amount: 9n }).state;
  const q = apply(s, { op: "balance", account: 1 });
  assert.equal(q.value, 9n);
  assert.deepEqual(encodeState(q.state), encodeState(s));
});

Deno.test("moving a whole balance deletes the sender's file", () => {
  let s = apply(G, { op: "mint", to: 1, amount: 70n }).state;
  assert.equal(s.files.size, 1);
  s = apply(s, { op: "transfer", from: 1, to: 2, amount: 70n, work: 10 }).state;
  assert.equal(ledgerBalance(s, 1), 0n);
  assert.equal(ledgerBalance(s, 2), 70n);
  assert.equal(s.files.size, 1);
});

Deno.test("OOG catch pattern: a heavy worker is topped up (fees from the sender) and resumed", () => {
  const s = apply(G, { op: "mint", to: 5, amount: 1000n }).state;
  const t = apply(s, { op: "transfer", from: 5, to: 6, amount: 100n, work: 600 });
  assert.equal(t.value, LEDGER_REPLY.OK);
  const st = ledgerStats(t.state);
  assert.ok(st.topups >= 1n && st.topups <= 3n, `${st.topups}`);
  assert.equal(st.fees, st.topups);
  assert.equal(ledgerBalance(t.state, 5), 1000n - 100n - st.fees);
  assert.equal(ledgerBalance(t.state, 6), 100n);
  assert.ok(
    t.outcome.stats.pauses === Number(st.topups) && t.outcome.stats.resumes === Number(st.topups),
  );
  const worker = (t.outcome.trace ?? []).filter((x) => x.activation === "a2").map((x) => x.event);
  assert.ok(worker.includes("OUT_OF_GAS") && worker.includes("RESUME") && worker.at(-1) === "HALT");
});

Deno.test("a worker too heavy for three top-ups is dropped: the transfer fails with OUT_OF_GAS, fees stay paid", () => {
  const s = apply(G, { op: "mint", to: 5, amount: 1000n }).state;
  const t = apply(s, { op: "transfer", from: 5, to: 6, amount: 100n, work: 5000 });
  assert.equal(t.value, LEDGER_REPLY.OUT_OF_GAS);
  assert.equal(ledgerBalance(t.state, 5), 997n);
  assert.equal(ledgerBalance(t.state, 6), 0n);
  assert.equal(t.outcome.stats.drops, 1);
  // A sender who cannot pay the first fee is dropped at once.
  const broke = apply(G, { op: "transfer", from: 9, to: 6, amount: 0n, work: 5000 });
  assert.equal(broke.value, LEDGER_REPLY.OUT_OF_GAS);
  assert.equal(ledgerStats(broke.state).topups, 0n);
});

Deno.test("unknown ops reply BAD_OP; the transaction format rejects malformed payloads", () => {
  assert.equal(apply(G, { op: "mint", to: 1, amount: 1n }).state.files.size, 1);
  const r = runEvent(G, 0, new Uint8Array([9]));
  assert.ok(r.outcome.kind === "halt" && r.outcome.value === LEDGER_REPLY.BAD_OP);
  for (
    const tx of [
      { op: "mint", to: 1, amount: 5n },
      { op: "transfer", from: 2, to: 3, amount: 7n, work: 99 },
      { op: "balance", account: 255 },
    ] as LedgerTx[]
  ) assert.deepEqual(decodeLedgerTx(encodeLedgerTx(tx)), tx);
  const bad = [
    new Uint8Array([9]),
    new Uint8Array([3, 0, 1]),
    new Uint8Array(17),
    new Uint8Array([1, 2]),
    new Uint8Array([2, 0, 0, 1]),
  ];
  for (const b of bad) {
    assert.throws(
      () => decodeLedgerTx(b),
      (e) => e instanceof KernelError && e.code === "BAD_VALUE",
    );
  }
  assert.throws(() => encodeLedgerTx({ op: "mint", to: 256, amount: 1n }), KernelError);
  assert.throws(() => encodeLedgerTx({ op: "mint", to: 1, amount: -1n }), KernelError);
});

Deno.test("the generator is deterministic per (seed, slot) and mixes the three ops", () => {
  const a = generateLedgerTxs(4n, 2, 200), b = generateLedgerTxs(4n, 2, 200);
  assert.deepEqual(a, b);
  assert.notDeepEqual(generateLedgerTxs(4n, 3, 200), a);
  assert.notDeepEqual(generateLedgerTxs(5n, 2, 200), a);
  const ops = new Set(a.map((t) => t.op));
  assert.deepEqual([...ops].sort(), ["balance", "mint", "transfer"]);
  assert.ok(a.some((t) => t.op === "transfer" && t.work > 1500));
});
