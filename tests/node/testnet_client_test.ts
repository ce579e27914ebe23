/**
 * The client API: a submitted transaction is accepted into the mempool or rejected with a code
 * (bad signature, malformed, unknown signer, expired, expiry too far, already included), and an
 * accepted one is then reported included in block N — or expired when no block takes it.
 */
import assert from "node:assert/strict";
import { toHex } from "../../kernel/mod.ts";
import { decodeTx, signTx, Testnet } from "../../kernel/node/mod.ts";

Deno.test("client: accepted → included in block N; every bad submission rejected with its code", async () => {
  const net = await Testnet.start({ nodes: 4, seed: 61n, mode: "inprocess", txsPerSlot: 0 });
  try {
    await net.runSlot();
    const good = net.signTx({ op: "transfer", from: 1, to: 2, amount: 5n, work: 10 });
    const mint = net.signTx({ op: "mint", to: 1, amount: 100n });
    const badSig = net.signTx({ op: "transfer", from: 1, to: 2, amount: 5n, work: 10 }, { as: 3 });
    const noKey = signTx(
      { op: "transfer", from: 200, to: 2, amount: 5n, work: 10 },
      net.clientKeys.accounts[0],
      {
        chainId: net.chainId,
        expiry: 10,
        nonce: 1,
      },
    );
    const expired = net.signTx({ op: "mint", to: 1, amount: 1n }, { expiry: 0 });
    const tooFar = net.signTx({ op: "mint", to: 1, amount: 1n }, { expiry: 1000 });
    const results = await net.submit(2, [
      mint,
      good,
      badSig,
      new Uint8Array(10),
      noKey,
      expired,
      tooFar,
      good,
    ]);
    assert.deepEqual(results.map((r) => r.code ?? r.status), [
      "accepted",
      "accepted",
      "BAD_SIGNATURE",
      "MALFORMED_TX",
      "UNKNOWN_SIGNER",
      "EXPIRED",
      "EXPIRY_TOO_FAR",
      "DUPLICATE_TX",
    ]);
    assert.equal(results[3].id, null, "an envelope that does not decode has no id");
    assert.equal(results[7].status, "accepted", "resubmitting is harmless");
    const id = toHex(decodeTx(good, net.chainId).id);
    assert.equal(results[1].id, id);
    assert.deepEqual(net.txStatus(id), { status: "accepted" });
    assert.deepEqual(net.txStatus(results[2].id!), { status: "rejected", code: "BAD_SIGNATURE" });

    await net.runSlot(); // slot 2: node 2 proposes; it holds the submission
    assert.deepEqual(net.txStatus(id), { status: "included", slot: 2 });
    assert.equal(net.decisions.get(2)?.txs, 2);
    for (const node of [0, 3]) {
      assert.deepEqual(await net.query(node, [id, "00".repeat(32)]), [
        { id, status: "included", slot: 2 },
        { id: "00".repeat(32), status: "unknown" },
      ]);
    }
    const [again] = await net.submit(0, [good]);
    assert.equal(again.code, "ALREADY_INCLUDED");
    assert.equal(net.counts.included, 2);
  } finally {
    await net.close();
  }
});

Deno.test("client: a transaction no block takes is reported expired", async () => {
  const net = await Testnet.start({
    nodes: 2,
    seed: 62n,
    mode: "inprocess",
    txsPerSlot: 0,
    maxBlockTxs: 0,
  });
  try {
    const tx = net.signTx({ op: "mint", to: 1, amount: 1n }, { expiry: 2 });
    const [r] = await net.submit(0, [tx]);
    assert.equal(r.status, "accepted");
    assert.deepEqual(await net.query(1, [r.id!]), [{ id: r.id, status: "pending" }], "gossiped");
    for (let s = 1; s <= 3; s++) await net.runSlot();
    assert.deepEqual(net.txStatus(r.id!), { status: "expired", slot: 2 });
    assert.equal(net.counts.expired, 1);
    assert.deepEqual(await net.query(1, [r.id!]), [{ id: r.id, status: "unknown" }], "dropped");
  } finally {
    await net.close();
  }
});
