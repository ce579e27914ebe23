/**
 * Block validity at the node layer (kernel/node/chain.ts): the kernel's header checks surface
 * with their codes, a wrong root claim is ROOT_MISMATCH, and every event must be a signed,
 * unexpired, not-yet-included transaction on endpoint 0; σ is never changed by a refusal.
 */
import { errorCode } from "../_util/error_code.ts";
import assert from "node:assert/strict";
import { encodeBlock, encodeState, hash, signBlock, stateRoot } from "../../kernel/mod.ts";
import {
  applyValue,
  blockTxIds,
  blockValue,
  checkBlockTxs,
  decodeTx,
  NODE_LIMITS,
  NodeError,
  signTx,
  SKIP,
} from "../../kernel/node/mod.ts";
import { blockOn, signedTxs, testChain } from "./_chain.ts";
import { toHex } from "../../kernel/bytes.ts";

const c = testChain();
const rules = (included: string[] = []) => ({
  chainId: c.chainId,
  directory: c.directory,
  included: (id: string) => included.includes(id),
  verified: () => false,
});

const code = (f: () => unknown) => errorCode(f, NodeError);

function block(slot: number, payloads: Uint8Array[], o: { endpoint?: number; key?: number } = {}) {
  return signBlock(
    {
      parent: c.genesis.head,
      slot,
      events: payloads.map((payload) => ({ endpoint: o.endpoint ?? 0, payload })),
    },
    c.keys[o.key ?? slot % 4],
  );
}

Deno.test("rules: a good block applies, with its root; skip keeps σ", () => {
  const b = blockOn(c, c.genesis, 1, signedTxs(c, 1, 4));
  const before = encodeState(c.genesis);
  const r = applyValue(c.genesis, b.value);
  assert.deepEqual(r.root, b.root);
  assert.deepEqual(r.root, stateRoot(r.state));
  assert.equal(applyValue(c.genesis, SKIP).state, c.genesis);
  assert.deepEqual(encodeState(c.genesis), before);
  assert.equal(
    checkBlockTxs(b.value.kind === "block" ? b.value.block : block(1, []), rules()).length,
    4,
  );
});

Deno.test("rules: bad headers and root claims are refused with the kernel's codes", () => {
  const before = encodeState(c.genesis);
  const good = block(1, signedTxs(c, 1, 2));
  const { root: realRoot } = blockOn(c, c.genesis, 1, signedTxs(c, 1, 2));
  const sig = good.signature.slice();
  sig[3] ^= 1;
  const cases: [string, Uint8Array, Uint8Array][] = [
    ["BAD_SIGNATURE", encodeBlock({ ...good, signature: sig }), realRoot],
    ["ROOT_MISMATCH", encodeBlock(good), hash(realRoot)],
    [
      "BAD_PARENT",
      encodeBlock(signBlock({ parent: hash(c.genesis.head), slot: 1, events: [] }, c.keys[1])),
      realRoot,
    ],
    ["BAD_AUTHOR", encodeBlock(block(1, [], { key: 2 })), realRoot],
    [
      "BAD_SLOT",
      encodeBlock(signBlock({ parent: c.genesis.head, slot: 0, events: [] }, c.keys[0])),
      realRoot,
    ],
  ];
  for (const [want, bytes, claim] of cases) {
    assert.equal(code(() => applyValue(c.genesis, blockValue(bytes, claim))), want);
  }
  assert.equal(code(() => blockValue(new Uint8Array([1, 2, 3]), realRoot)), "BAD_VALUE");
  assert.deepEqual(encodeState(c.genesis), before);
});

Deno.test("rules: every event must be a signed, fresh, unique transaction on endpoint 0", () => {
  const [t0, t1] = signedTxs(c, 1, 2);
  const id0 = toHex(decodeTx(t0, c.chainId).id);
  const forged = t1.slice();
  forged[60] ^= 1;
  const expired = signTx({ op: "mint", to: 1, amount: 5n }, c.clients.minter, {
    chainId: c.chainId,
    expiry: 0,
    nonce: 1,
  });
  const tooFar = signTx({ op: "mint", to: 1, amount: 5n }, c.clients.minter, {
    chainId: c.chainId,
    expiry: 500,
    nonce: 1,
  });
  const cases: [string, ReturnType<typeof block>, string[]][] = [
    ["BAD_SIGNATURE", block(1, [t0, forged]), []],
    ["MALFORMED_TX", block(1, [t0.subarray(0, 16)]), []],
    ["MALFORMED_TX", block(1, [t0], { endpoint: 1 }), []],
    ["DUPLICATE_TX", block(1, [t0, t0]), []],
    ["ALREADY_INCLUDED", block(1, [t1, t0]), [id0]],
    ["EXPIRED", block(1, [expired]), []],
    ["EXPIRY_TOO_FAR", block(1, [tooFar]), []],
    ["TOO_MANY_TXS", block(1, Array(NODE_LIMITS.BLOCK_TXS + 1).fill(t0)), []],
  ];
  for (const [want, b, included] of cases) {
    assert.equal(code(() => checkBlockTxs(b, rules(included))), want, want);
  }
  assert.deepEqual(blockTxIds(block(1, [t0, t1]), c.chainId).length, 2);
});
