/**
 * The content hash of an asset: blake2b-256 over its stored bytes, as lowercase hex.
 *
 * @example
 * ```ts
 * import { contentHash } from "./hash.ts";
 * contentHash(new Uint8Array()).length; // 64
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";

/** blake2b-256 of `bytes` as 64 lowercase hex digits. */
export function contentHash(bytes: Uint8Array): string {
  const digest = blake2b(bytes, { dkLen: 32 });
  let out = "";
  for (const b of digest) out += b.toString(16).padStart(2, "0");
  return out;
}
