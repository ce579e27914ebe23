/**
 * Signed transactions (kernel/node/tx.ts): the pinned envelope layout and id, round trips, and
 * every rejection with its code — malformed, unknown signer, bad signature (including another
 * chain's signature), expiry window.
 */
import { errorCode } from "../_util/error_code.ts";
import assert from "node:assert/strict";
import { blake2b } from "@noble/hashes/blake2.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { toHex } from "../../kernel/mod.ts";
import {
  checkTxWindow,
  decodeTx,
  deriveClientKeys,
  NodeError,
  signTx,
  TX_BYTES,
  verifyTx,
} from "../../kernel/node/mod.ts";
import { testChain } from "./_chain.ts";

const c = testChain();
const transfer = { op: "transfer", from: 1, to: 2, amount: 500n, work: 7 } as const;

const code = (f: () => unknown) => errorCode(f, NodeError);

Deno.test("tx: the envelope is tx ‖ expiry ‖ nonce ‖ signature, pinned byte for byte", () => {
  const keys = deriveClientKeys(1n, 2);
  const bytes = signTx(transfer, keys.accounts[1], {
    chainId: new Uint8Array(32).fill(0xab),
    expiry: 300,
    nonce: 0x0102n,
  });
  assert.equal(bytes.length, TX_BYTES);
  assert.equal(
    toHex(bytes.subarray(0, 32)),
    "0201020007000000f401000000000000" + "2c01000000000000" + "0201000000000000",
  );
  const tx = decodeTx(bytes, new Uint8Array(32).fill(0xab));
  // The id is blake2b-256(0xD0 ‖ chain id ‖ tx ‖ u64 expiry ‖ u64 nonce), computed here directly.
  const pre = new Uint8Array(1 + 32 + 16 + 16);
  pre[0] = 0xd0;
  pre.fill(0xab, 1, 33);
  pre.set(bytes.subarray(0, 32), 33);
  assert.deepEqual(tx.id, blake2b(pre, { dkLen: 32 }));
  assert.equal(toHex(tx.id), "02e4ba68e019071620b323eeaa17b4090aac0e8fa38ca8e5ea73c658214b2ef0");
  assert.ok(ed25519.verify(bytes.subarray(32), tx.id, keys.accounts[1].publicKey));
  assert.deepEqual(tx.tx, transfer);
  assert.equal(tx.expiry, 300);
  assert.equal(tx.nonce, 0x0102n);
  // Client keys are derived from the seed: the same keys every time, distinct per account.
  assert.deepEqual(deriveClientKeys(1n, 2).accounts[1].publicKey, keys.accounts[1].publicKey);
  assert.notDeepEqual(keys.accounts[0].publicKey, keys.accounts[1].publicKey);
  assert.notDeepEqual(keys.minter.publicKey, keys.accounts[0].publicKey);
});

Deno.test("tx: signed by the rightful signer verifies; any other signer or chain does not", () => {
  const ok = signTx(transfer, c.clients.accounts[1], { chainId: c.chainId, expiry: 9, nonce: 1 });
  verifyTx(decodeTx(ok, c.chainId), c.directory);
  const mint = signTx({ op: "mint", to: 3, amount: 1n }, c.clients.minter, {
    chainId: c.chainId,
    expiry: 9,
    nonce: 2,
  });
  verifyTx(decodeTx(mint, c.chainId), c.directory);
  const wrongKey = signTx(transfer, c.clients.accounts[2], {
    chainId: c.chainId,
    expiry: 9,
    nonce: 1,
  });
  assert.equal(code(() => verifyTx(decodeTx(wrongKey, c.chainId), c.directory)), "BAD_SIGNATURE");
  const mintByAccount = signTx({ op: "mint", to: 3, amount: 1n }, c.clients.accounts[3], {
    chainId: c.chainId,
    expiry: 9,
    nonce: 2,
  });
  assert.equal(
    code(() => verifyTx(decodeTx(mintByAccount, c.chainId), c.directory)),
    "BAD_SIGNATURE",
  );
  // The same signature read on another chain names another id: it does not verify there.
  const other = new Uint8Array(32).fill(7);
  assert.equal(code(() => verifyTx(decodeTx(ok, other), c.directory)), "BAD_SIGNATURE");
  // A flipped bit anywhere breaks it.
  for (const i of [0, 5, 16, 24, 40, 95]) {
    const bad = ok.slice();
    bad[i] ^= 1;
    const r = code(() => verifyTx(decodeTx(bad, c.chainId), c.directory));
    assert.ok(r === "BAD_SIGNATURE" || r === "MALFORMED_TX", `byte ${i}: ${r}`);
  }
  // An account without a key in the directory cannot sign.
  const far = signTx({ ...transfer, from: 200 }, c.clients.accounts[1], {
    chainId: c.chainId,
    expiry: 9,
    nonce: 1,
  });
  assert.equal(code(() => verifyTx(decodeTx(far, c.chainId), c.directory)), "UNKNOWN_SIGNER");
});

Deno.test("tx: malformed envelopes are refused with MALFORMED_TX", () => {
  const ok = signTx(transfer, c.clients.accounts[1], { chainId: c.chainId, expiry: 9, nonce: 1 });
  assert.equal(code(() => decodeTx(ok.subarray(0, 95), c.chainId)), "MALFORMED_TX");
  assert.equal(code(() => decodeTx(new Uint8Array(97), c.chainId)), "MALFORMED_TX");
  const badOp = ok.slice();
  badOp[0] = 9;
  assert.equal(code(() => decodeTx(badOp, c.chainId)), "MALFORMED_TX");
  const reserved = ok.slice();
  reserved[3] = 1;
  assert.equal(code(() => decodeTx(reserved, c.chainId)), "MALFORMED_TX");
  const hugeExpiry = ok.slice();
  hugeExpiry.fill(0xff, 16, 24);
  assert.equal(code(() => decodeTx(hugeExpiry, c.chainId)), "MALFORMED_TX");
  assert.equal(
    code(() =>
      signTx({ op: "mint", to: 999, amount: 1n }, c.clients.minter, {
        chainId: c.chainId,
        expiry: 1,
        nonce: 0,
      })
    ),
    "MALFORMED_TX",
  );
  assert.equal(
    code(() =>
      signTx(transfer, c.clients.minter, { chainId: new Uint8Array(3), expiry: 1, nonce: 0 })
    ),
    "MALFORMED_TX",
  );
});

Deno.test("tx: a block of slot s may include expiry s…s+lifetime only", () => {
  const t = decodeTx(
    signTx(transfer, c.clients.accounts[1], { chainId: c.chainId, expiry: 20, nonce: 1 }),
    c.chainId,
  );
  checkTxWindow(t, 20, 64);
  checkTxWindow(t, 1, 64);
  assert.equal(code(() => checkTxWindow(t, 21, 64)), "EXPIRED");
  const far = decodeTx(
    signTx(transfer, c.clients.accounts[1], { chainId: c.chainId, expiry: 100, nonce: 1 }),
    c.chainId,
  );
  assert.equal(code(() => checkTxWindow(far, 35, 64)), "EXPIRY_TOO_FAR");
  checkTxWindow(far, 36, 64);
});
