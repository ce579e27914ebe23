/**
 * What the nodes agree on, slot by slot: a **value** (the slot's block with the state root its
 * proposer claims, or `skip`), **votes** (a validator's Ed25519 signature that it accepted a
 * value in a ballot, with the state root it computed), and **decisions** (a value with a quorum
 * of matching votes — its certificate — which any node can check without trusting the sender).
 *
 * Encodings (LE):
 * - value: `u8 kind` (0 skip, 1 block) then, for a block, `root[32] ‖ u32 len ‖ block wire bytes`;
 *   its id is the block hash, or 32 zero bytes for skip.
 * - vote message signed: H(0xD1 ‖ chain id ‖ u64 slot ‖ u32 ballot ‖ value id ‖ root).
 * - decision: `"PND1" ‖ u64 slot ‖ u32 ballot ‖ root[32] ‖ u32 len ‖ value ‖ u16 n ‖
 *   n × (u16 validator ‖ signature[64])`, validators strictly increasing.
 *
 * @example
 * ```ts
 * import { decodeDecision, encodeValue, SKIP, valueId } from "./value.ts";
 * valueId(SKIP); // 32 zero bytes
 * encodeValue(SKIP); // Uint8Array [0]
 * ```
 * @module
 */

import { ed25519 } from "../ed25519.ts";
import { bytesEqual, Reader, toHex, Writer } from "../bytes.ts";
import { type Block, blockHash, decodeBlock } from "../block.ts";
import { KernelError } from "../errors.ts";
import { hashTagged } from "../hash.ts";
import type { ValidatorKey } from "../validators.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { NODE_TAG } from "./tags.ts";

/** The slot is empty: decided by a recovery ballot that found no accepted block. */
export interface SkipValue {
  /** Kind. */
  readonly kind: "skip";
}

/** The slot's block and the state root its proposer claims after it. */
export interface BlockValue {
  /** Kind. */
  readonly kind: "block";
  /** The decoded block. */
  readonly block: Block;
  /** Its wire bytes (`encodeBlock`). */
  readonly blockBytes: Uint8Array;
  /** Its hash (the value id). */
  readonly hash: Uint8Array;
  /** The state root claimed after applying it. */
  readonly root: Uint8Array;
}

/** A consensus value. */
export type Value = SkipValue | BlockValue;

/** The skip value. */
export const SKIP: SkipValue = Object.freeze({ kind: "skip" });
const ZERO32 = new Uint8Array(32);

/**
 * The id votes name: the block hash, or 32 zero bytes for skip.
 *
 * @example
 * ```ts
 * valueId(SKIP).every((b) => b === 0); // true
 * ```
 */
export function valueId(v: Value): Uint8Array {
  return v.kind === "skip" ? ZERO32 : v.hash;
}

/**
 * A block value from wire bytes and a claimed root. Throws `NodeError("BAD_VALUE")` when the
 * block does not decode.
 *
 * @example
 * ```ts
 * blockValue(encodeBlock(b), root).hash; // blockHash(b)
 * ```
 */
export function blockValue(blockBytes: Uint8Array, root: Uint8Array): BlockValue {
  if (!(root instanceof Uint8Array) || root.length !== 32) {
    throw new NodeError("BAD_VALUE", "a block value's root must be 32 bytes");
  }
  let block: Block;
  try {
    block = decodeBlock(blockBytes);
  } catch (e) {
    if (e instanceof KernelError) {
      throw new NodeError("BAD_VALUE", `block: ${e.code}: ${e.message}`);
    }
    throw e;
  }
  return { kind: "block", block, blockBytes, hash: blockHash(block), root };
}

/**
 * Value bytes (see the module doc).
 *
 * @example
 * ```ts
 * encodeValue(SKIP).length; // 1
 * ```
 */
export function encodeValue(v: Value): Uint8Array {
  if (v.kind === "skip") return new Uint8Array([0]);
  return new Writer(v.blockBytes.length + 40).u8(1).bytes32(v.root).varBytes(v.blockBytes)
    .finish();
}

function readValue(r: Reader): Value {
  const kind = r.u8("the value kind");
  if (kind === 0) return SKIP;
  if (kind !== 1) r.bad(`value kind ${kind} is not 0 (skip) or 1 (block)`);
  const root = r.bytes32("the claimed state root");
  const bytes = r.varBytes(NODE_LIMITS.MESSAGE_BYTES, "the block");
  return blockValue(bytes, root);
}

/** Runs `f`, turning a kernel decoding error into `NodeError(code)`. */
function decoding<T>(code: "BAD_VALUE" | "MALFORMED_MESSAGE", what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof KernelError) throw new NodeError(code, `${what}: ${e.code}: ${e.message}`);
    throw e;
  }
}

/**
 * Decodes value bytes. Throws `NodeError("BAD_VALUE")`.
 *
 * @example
 * ```ts
 * decodeValue(new Uint8Array([0])).kind; // "skip"
 * ```
 */
export function decodeValue(bytes: Uint8Array): Value {
  return decoding("BAD_VALUE", "value", () => {
    const r = new Reader(bytes, "value");
    const v = readValue(r);
    r.end();
    return v;
  });
}

/** What a vote says. */
export interface VoteClaim {
  /** The slot. */
  readonly slot: number;
  /** The ballot the value was accepted in. */
  readonly ballot: number;
  /** The value id. */
  readonly id: Uint8Array;
  /** The state root after the value, as the voter computed it. */
  readonly root: Uint8Array;
}

/**
 * The 32 bytes a validator signs for a vote.
 *
 * @example
 * ```ts
 * voteDigest(chainId, { slot: 1, ballot: 0, id, root }).length; // 32
 * ```
 */
export function voteDigest(chainId: Uint8Array, c: VoteClaim): Uint8Array {
  return hashTagged(
    NODE_TAG.VOTE,
    chainId,
    new Writer(12).u64(c.slot).u32(c.ballot).finish(),
    c.id,
    c.root,
  );
}

/**
 * Signs a vote with a validator key.
 *
 * @example
 * ```ts
 * signVote(key, chainId, claim).length; // 64
 * ```
 */
export function signVote(key: ValidatorKey, chainId: Uint8Array, c: VoteClaim): Uint8Array {
  return ed25519.sign(voteDigest(chainId, c), key.secretKey);
}

/**
 * Whether `signature` is `publicKey`'s vote for the claim.
 *
 * @example
 * ```ts
 * verifyVote(key.publicKey, chainId, claim, signVote(key, chainId, claim)); // true
 * ```
 */
export function verifyVote(
  publicKey: Uint8Array,
  chainId: Uint8Array,
  c: VoteClaim,
  signature: Uint8Array,
): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, voteDigest(chainId, c), publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** One signature of a certificate. */
export interface CertVote {
  /** Validator index. */
  readonly validator: number;
  /** Its signature over the vote digest. */
  readonly signature: Uint8Array;
}

/** A decided slot: the value and a quorum of votes for it (one ballot, one root). */
export interface Decision {
  /** The slot. */
  readonly slot: number;
  /** The ballot whose votes form the certificate. */
  readonly ballot: number;
  /** The decided value. */
  readonly value: Value;
  /** The state root after it. */
  readonly root: Uint8Array;
  /** At least a quorum of votes, validators strictly increasing. */
  readonly votes: readonly CertVote[];
}

const MAGIC = new TextEncoder().encode("PND1");

/**
 * Decision bytes (see the module doc): what the database stores and sync replies carry.
 *
 * @example
 * ```ts
 * decodeDecision(encodeDecision(d)).slot === d.slot; // true
 * ```
 */
export function encodeDecision(d: Decision): Uint8Array {
  const value = encodeValue(d.value);
  const w = new Writer(value.length + 64 + d.votes.length * 66).raw(MAGIC).u64(d.slot).u32(
    d.ballot,
  ).bytes32(d.root).varBytes(value).u16(d.votes.length);
  for (const v of d.votes) w.u16(v.validator).raw(v.signature);
  return w.finish();
}

/**
 * Decodes decision bytes (shape only; {@link checkDecision} checks the certificate). Throws
 * `NodeError(code)` (default MALFORMED_MESSAGE).
 *
 * @example
 * ```ts
 * decodeDecision(bytes).value.kind; // "block" | "skip"
 * ```
 */
export function decodeDecision(
  bytes: Uint8Array,
  code: "MALFORMED_MESSAGE" | "CORRUPT_DB" = "MALFORMED_MESSAGE",
): Decision {
  if (!(bytes instanceof Uint8Array)) throw new NodeError(code, "a decision must be bytes");
  try {
    return decoding("MALFORMED_MESSAGE", "decision", () => {
      const r = new Reader(bytes, "decision");
      if (!bytesEqual(r.raw(4, "the magic"), MAGIC)) r.bad('magic is not "PND1"', "BAD_TAG");
      const slot = r.u64("the slot");
      if (slot > BigInt(Number.MAX_SAFE_INTEGER)) r.bad(`slot ${slot} exceeds 2^53`);
      const ballot = r.u32("the ballot");
      const root = r.bytes32("the root");
      const value = decodeValue(r.varBytes(NODE_LIMITS.MESSAGE_BYTES, "the value"));
      const n = r.u16("the vote count");
      const votes: CertVote[] = [];
      for (let i = 0; i < n; i++) {
        const validator = r.u16("a voter");
        if (votes.length > 0 && validator <= votes.at(-1)!.validator) {
          r.bad("voters must be strictly increasing", "NOT_CANONICAL");
        }
        votes.push({ validator, signature: r.raw(64, "a vote signature") });
      }
      r.end();
      return { slot: Number(slot), ballot, value, root, votes };
    });
  } catch (e) {
    if (e instanceof NodeError && code !== "MALFORMED_MESSAGE") {
      throw new NodeError(code, e.message);
    }
    throw e;
  }
}

/** What checking a certificate needs. */
export interface CertContext {
  /** The chain id. */
  readonly chainId: Uint8Array;
  /** Validator public keys, by index. */
  readonly validators: readonly Uint8Array[];
  /** Votes a certificate needs. */
  readonly quorum: number;
}

/**
 * Checks a decision's certificate: at least a quorum of distinct validators, each signature
 * valid for (slot, ballot, value id, root); a block value must be for this slot and claim the
 * same root. Throws `NodeError("BAD_CERTIFICATE")` naming the first problem.
 *
 * @example
 * ```ts
 * checkDecision(d, { chainId, validators, quorum: 3 });
 * ```
 */
export function checkDecision(d: Decision, c: CertContext): void {
  const bad = (m: string): never => {
    throw new NodeError("BAD_CERTIFICATE", `decision for slot ${d.slot}: ${m}`);
  };
  if (d.votes.length < c.quorum) bad(`${d.votes.length} votes, a quorum is ${c.quorum}`);
  if (d.value.kind === "block") {
    if (d.value.block.slot !== d.slot) bad(`the block is for slot ${d.value.block.slot}`);
    if (!bytesEqual(d.value.root, d.root)) {
      bad(`the block claims root ${toHex(d.value.root)}, the votes ${toHex(d.root)}`);
    }
  }
  const claim = { slot: d.slot, ballot: d.ballot, id: valueId(d.value), root: d.root };
  let last = -1;
  for (const v of d.votes) {
    if (v.validator <= last) bad("voters are not strictly increasing");
    last = v.validator;
    const key = c.validators[v.validator];
    if (key === undefined) bad(`voter ${v.validator} is not a validator`);
    if (!verifyVote(key, c.chainId, claim, v.signature)) {
      bad(`the vote of validator ${v.validator} does not verify`);
    }
  }
}

/**
 * Votes a certificate needs among `n` validators: a strict majority, so any two quorums share a
 * validator.
 *
 * @example
 * ```ts
 * quorumOf(4); // 3
 * ```
 */
export function quorumOf(n: number): number {
  return Math.floor(n / 2) + 1;
}
