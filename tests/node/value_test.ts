/**
 * Values, votes and decisions (kernel/node/value.ts): encodings round-trip, malformed bytes are
 * refused with a code, and a certificate is accepted only with a quorum of valid votes of
 * distinct validators for exactly (slot, ballot, value, root).
 */
import { errorCode } from "../_util/error_code.ts";
import assert from "node:assert/strict";
import { hash } from "../../kernel/mod.ts";
import {
  checkDecision,
  decodeDecision,
  decodeValue,
  encodeDecision,
  encodeValue,
  NodeError,
  quorumOf,
  SKIP,
  valueId,
  verifyVote,
  voteDigest,
} from "../../kernel/node/mod.ts";
import { blockOn, certify, signedTxs, testChain } from "./_chain.ts";

const c = testChain();
const b1 = blockOn(c, c.genesis, 1, signedTxs(c, 1, 2));

const code = (f: () => unknown) => errorCode(f, NodeError);

Deno.test("value: skip and block values round-trip; the id is the block hash or zeros", () => {
  assert.deepEqual(encodeValue(SKIP), new Uint8Array([0]));
  assert.equal(decodeValue(new Uint8Array([0])).kind, "skip");
  assert.ok(valueId(SKIP).every((x) => x === 0));
  const v = decodeValue(encodeValue(b1.value));
  assert.equal(v.kind, "block");
  assert.deepEqual(valueId(v), valueId(b1.value));
  assert.deepEqual(encodeValue(v), encodeValue(b1.value));
  for (
    const bad of [
      new Uint8Array([]),
      new Uint8Array([2]),
      new Uint8Array([0, 0]),
      encodeValue(b1.value).subarray(0, 50),
      new Uint8Array([...encodeValue(b1.value), 1]),
    ]
  ) assert.equal(code(() => decodeValue(bad)), "BAD_VALUE");
});

Deno.test("value: a decision round-trips and its certificate checks", () => {
  const d = certify(c, 1, 0, b1.value, b1.root);
  const back = decodeDecision(encodeDecision(d));
  assert.deepEqual(encodeDecision(back), encodeDecision(d));
  checkDecision(back, c.certs);
  checkDecision(certify(c, 2, 3, SKIP, b1.root, 4), c.certs);
  assert.equal(quorumOf(4), 3);
  assert.equal(quorumOf(1), 1);
  assert.equal(quorumOf(5), 3);
  const claim = { slot: 1, ballot: 0, id: valueId(b1.value), root: b1.root };
  assert.ok(verifyVote(c.keys[0].publicKey, c.chainId, claim, d.votes[0].signature));
  assert.equal(voteDigest(c.chainId, claim).length, 32);
});

Deno.test("value: bad certificates are refused with BAD_CERTIFICATE", () => {
  const d = certify(c, 1, 0, b1.value, b1.root);
  const cases = {
    "too few votes": { ...d, votes: d.votes.slice(0, 2) },
    "another slot": { ...d, slot: 2 },
    "another ballot": { ...d, ballot: 1 },
    "another root": { ...d, root: hash(b1.root) },
    "a forged vote": {
      ...d,
      votes: d.votes.map((v, i) =>
        i === 1 ? { ...v, signature: v.signature.map((x) => x ^ 1) } : v
      ),
    },
    "a voter twice": { ...d, votes: [d.votes[0], d.votes[0], d.votes[1]] },
    "a non-validator": {
      ...d,
      votes: [...d.votes.slice(0, 2), { validator: 9, signature: d.votes[2].signature }],
    },
    "skip certified as the block": { ...d, value: SKIP },
  };
  for (const [what, bad] of Object.entries(cases)) {
    assert.equal(code(() => checkDecision(bad, c.certs)), "BAD_CERTIFICATE", what);
  }
});

Deno.test("value: malformed decision bytes are refused with MALFORMED_MESSAGE (or the caller's code)", () => {
  const bytes = encodeDecision(certify(c, 1, 0, b1.value, b1.root));
  const magic = bytes.slice();
  magic[0] ^= 1;
  const unsorted = encodeDecision({ ...certify(c, 1, 0, SKIP, b1.root), votes: [] }).slice();
  const votesOutOfOrder = encodeDecision({
    ...certify(c, 1, 0, SKIP, b1.root),
    votes: [...certify(c, 1, 0, SKIP, b1.root).votes].reverse(),
  });
  for (
    const bad of [
      magic,
      bytes.subarray(0, bytes.length - 1),
      new Uint8Array([...bytes, 0]),
      votesOutOfOrder,
    ]
  ) {
    assert.equal(code(() => decodeDecision(bad)), "MALFORMED_MESSAGE");
    assert.equal(code(() => decodeDecision(bad, "CORRUPT_DB")), "CORRUPT_DB");
  }
  assert.equal(decodeDecision(unsorted).votes.length, 0); // shape is fine; the check refuses it
  assert.equal(code(() => checkDecision(decodeDecision(unsorted), c.certs)), "BAD_CERTIFICATE");
});
