/**
 * Hashing: blake2b-256 everywhere, with a one-byte domain tag in front of every hashed encoding
 * so that no two kinds of thing can share a hash. The tags are listed here and in ENCODING.md.
 *
 * @example
 * ```ts
 * import { hash, TAG } from "./hash.ts";
 * const h = hash(new Uint8Array([TAG.DATA_OBJECT, 1, 2, 3]));
 * h.length; // 32
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";

/** Domain tags: the first byte of every hashed encoding. */
export const TAG = {
  /** Cap descriptor: Instance. */
  INSTANCE: 0x10,
  /** Object: a user Instance's record (image hash, cnode hash). */
  INSTANCE_OBJECT: 0x11,
  /** Cap descriptor: Image. */
  IMAGE: 0x20,
  /** Object: an Image's canonical encoding. */
  IMAGE_OBJECT: 0x21,
  /** Image hash chain extension: H(0x22 ‖ prev ‖ H(new)). */
  CHAIN_EXTEND: 0x22,
  /** Cap descriptor: Data. */
  DATA: 0x30,
  /** Object: Data bytes. */
  DATA_OBJECT: 0x31,
  /** Cap descriptor: CNode. */
  CNODE: 0x40,
  /** Object: a CNode's slots. */
  CNODE_OBJECT: 0x41,
  /** Cap descriptor: Type. */
  TYPE: 0x50,
  /** Object: a YieldCatcher's marker list. */
  CATCHER_OBJECT: 0x61,
  /** Well-known kernel image names: H(0x70 ‖ "pvm-actors/kernel/" ‖ name). */
  KERNEL_IMAGE: 0x70,
  /** Merkle map leaf. */
  MAP_LEAF: 0x80,
  /** Merkle map branch. */
  MAP_BRANCH: 0x81,
  /** State header (the state root is its hash). */
  STATE: 0x90,
  /** The genesis head: H(0x91 ‖ state root of the genesis state with a zero head). */
  GENESIS: 0x91,
  /** Unsigned block (the block hash is its hash). */
  BLOCK: 0xb0,
  /** Validator secret-key derivation. */
  VALIDATOR_KEY: 0xc0,
} as const;

/** 32 zero bytes. */
export const ZERO_HASH: Uint8Array = new Uint8Array(32);

/**
 * blake2b-256 of `bytes`.
 *
 * @example
 * ```ts
 * hash(new Uint8Array()).length; // 32
 * ```
 */
export function hash(bytes: Uint8Array): Uint8Array {
  return blake2b(bytes, { dkLen: 32 });
}

/**
 * blake2b-256 of `tag ‖ parts…` without building the concatenation by hand.
 *
 * @example
 * ```ts
 * hashTagged(TAG.TYPE, new Uint8Array(32)).length; // 32
 * ```
 */
export function hashTagged(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 32 });
  h.update(new Uint8Array([tag]));
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * The image hash chain step: H(0x22 ‖ prev ‖ imageHash). Used by SET_IMAGE (prev = the
 * Instance's chain) and DERIVE_SPAWN (prev = the spawner's chain).
 *
 * @example
 * ```ts
 * chainExtend(new Uint8Array(32), new Uint8Array(32)).length; // 32
 * ```
 */
export function chainExtend(prev: Uint8Array, imageHash: Uint8Array): Uint8Array {
  return hashTagged(TAG.CHAIN_EXTEND, prev, imageHash);
}

const KERNEL_PREFIX = "pvm-actors/kernel/";

/**
 * The well-known image hash of a kernel-issued Instance kind: H(0x70 ‖ "pvm-actors/kernel/" ‖ name).
 *
 * @example
 * ```ts
 * kernelImageHash("oog_marker").length; // 32
 * ```
 */
export function kernelImageHash(name: string): Uint8Array {
  return hashTagged(TAG.KERNEL_IMAGE, new TextEncoder().encode(KERNEL_PREFIX + name));
}
