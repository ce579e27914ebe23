/**
 * Blocks: `{ parent, slot, author, events: [{ endpoint, payload }], signature }`. The block hash is
 * H(unsigned encoding) (tag 0xB0; ENCODING.md §Block); the author signs the 32-byte block hash
 * with Ed25519. `encodeBlock` / `decodeBlock` give the wire bytes ("PKB1", unsigned body,
 * signature); decoding checks every length and limit.
 *
 * @example
 * ```ts
 * import { blockHash, decodeBlock, encodeBlock, signBlock } from "./block.ts";
 * // const b = signBlock({ parent: σ.head, slot: 1, events: [] }, key);
 * // decodeBlock(encodeBlock(b)) deep-equals b; blockHash(b).length === 32
 * ```
 * @module
 */

import { ed25519 } from "./ed25519.ts";
import { bytesEqual, Reader, Writer } from "./bytes.ts";
import { KernelError } from "./errors.ts";
import { hash, TAG } from "./hash.ts";
import { LIMITS } from "./limits.ts";
import type { ValidatorKey } from "./validators.ts";

/** One event: a call of the chain Instance's `endpoint` with `payload` in slot 0. */
export interface BlockEvent {
  /** Endpoint index (0…255). */
  readonly endpoint: number;
  /** Payload bytes (≤ 64 KiB). */
  readonly payload: Uint8Array;
}

/** A block. */
export interface Block {
  /** Hash of the previous block (the genesis head for slot 1's block). */
  readonly parent: Uint8Array;
  /** Its slot: greater than the parent's. */
  readonly slot: number;
  /** Ed25519 public key of the author (must be the slot's validator). */
  readonly author: Uint8Array;
  /** Events, applied in order. */
  readonly events: readonly BlockEvent[];
  /** Ed25519 signature of the block hash by `author` (64 bytes). */
  readonly signature: Uint8Array;
}

const BLOCK_VERSION = 1;
const MAGIC = new TextEncoder().encode("PKB1");

function checkShape(b: Omit<Block, "signature">): void {
  const bad = (m: string): never => {
    throw new KernelError("BAD_VALUE", `block: ${m}`);
  };
  if (!(b.parent instanceof Uint8Array) || b.parent.length !== 32) bad("parent must be 32 bytes");
  if (!Number.isSafeInteger(b.slot) || b.slot < 0) {
    bad(`slot must be a natural number, got ${b.slot}`);
  }
  if (!(b.author instanceof Uint8Array) || b.author.length !== 32) bad("author must be 32 bytes");
  if (b.events.length > LIMITS.BLOCK_EVENTS) {
    throw new KernelError(
      "LIMIT",
      `block: ${b.events.length} events exceed ${LIMITS.BLOCK_EVENTS}`,
    );
  }
  for (const e of b.events) {
    if (!Number.isInteger(e.endpoint) || e.endpoint < 0 || e.endpoint > 255) {
      bad(`event endpoint ${e.endpoint} is not 0…255`);
    }
    if (e.payload.length > LIMITS.EVENT_PAYLOAD_BYTES) {
      throw new KernelError(
        "LIMIT",
        `block: a payload of ${e.payload.length} bytes exceeds ${LIMITS.EVENT_PAYLOAD_BYTES}`,
      );
    }
  }
}

/**
 * The unsigned encoding (tag 0xB0): version, parent, slot, author, events.
 *
 * @example
 * ```ts
 * unsignedBlockBytes(b)[0]; // 0xB0
 * ```
 */
export function unsignedBlockBytes(b: Omit<Block, "signature">): Uint8Array {
  checkShape(b);
  const w = new Writer(128);
  w.u8(TAG.BLOCK).u8(BLOCK_VERSION).bytes32(b.parent).u64(b.slot).bytes32(b.author).u32(
    b.events.length,
  );
  for (const e of b.events) w.u8(e.endpoint).varBytes(e.payload);
  return w.finish();
}

/**
 * The block hash: H(unsigned encoding). What the author signs and the next block's parent.
 *
 * @example
 * ```ts
 * blockHash(b).length; // 32
 * ```
 */
export function blockHash(b: Omit<Block, "signature">): Uint8Array {
  return hash(unsignedBlockBytes(b));
}

/**
 * Signs a block with `key` (its author).
 *
 * @example
 * ```ts
 * signBlock({ parent: σ.head, slot: 1, events: [] }, keys[1]).signature.length; // 64
 * ```
 */
export function signBlock(
  b: { parent: Uint8Array; slot: number; events: readonly BlockEvent[] },
  key: ValidatorKey,
): Block {
  const unsigned = { parent: b.parent, slot: b.slot, author: key.publicKey, events: b.events };
  return { ...unsigned, signature: ed25519.sign(blockHash(unsigned), key.secretKey) };
}

/**
 * Whether the block's signature verifies for its author over its hash.
 *
 * @example
 * ```ts
 * verifyBlockSignature(signBlock(...)); // true
 * ```
 */
export function verifyBlockSignature(b: Block): boolean {
  if (!(b.signature instanceof Uint8Array) || b.signature.length !== 64) return false;
  try {
    return ed25519.verify(b.signature, blockHash(b), b.author, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Wire bytes of a block: "PKB1" ‖ unsigned encoding ‖ 64-byte signature.
 *
 * @example
 * ```ts
 * encodeBlock(b).subarray(0, 4); // "PKB1"
 * ```
 */
export function encodeBlock(b: Block): Uint8Array {
  if (!(b.signature instanceof Uint8Array) || b.signature.length !== 64) {
    throw new KernelError("BAD_VALUE", "block: signature must be 64 bytes");
  }
  return new Writer(256).raw(MAGIC).raw(unsignedBlockBytes(b)).raw(b.signature).finish();
}

/**
 * Decodes block wire bytes, checking magic, version, lengths and limits (not the signature or
 * parent: `applyBlock` does that). Throws `KernelError` with a stable code.
 *
 * @example
 * ```ts
 * decodeBlock(encodeBlock(b)).slot === b.slot; // true
 * ```
 */
export function decodeBlock(bytes: Uint8Array): Block {
  const r = new Reader(bytes, "block");
  if (!bytesEqual(r.raw(4, "the magic"), MAGIC)) r.bad('magic is not "PKB1"', "BAD_TAG");
  if (r.u8("the tag") !== TAG.BLOCK) r.bad("tag is not 0xB0", "BAD_TAG");
  const version = r.u8("the version");
  if (version !== BLOCK_VERSION) {
    throw new KernelError("BAD_VERSION", `block version ${version} is not ${BLOCK_VERSION}`);
  }
  const parent = r.bytes32("the parent");
  const slot = r.u64("the slot");
  if (slot > BigInt(Number.MAX_SAFE_INTEGER)) r.bad(`slot ${slot} exceeds 2^53`);
  const author = r.bytes32("the author");
  const n = r.u32("the event count");
  if (n > LIMITS.BLOCK_EVENTS) r.bad(`${n} events exceed ${LIMITS.BLOCK_EVENTS}`, "LIMIT");
  const events: BlockEvent[] = [];
  for (let i = 0; i < n; i++) {
    const endpoint = r.u8("an event endpoint");
    events.push({ endpoint, payload: r.varBytes(LIMITS.EVENT_PAYLOAD_BYTES, "an event payload") });
  }
  const signature = r.raw(64, "the signature");
  r.end();
  return { parent, slot: Number(slot), author, events, signature };
}
