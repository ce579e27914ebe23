/**
 * Hashing a framebuffer for determinism checks: blake2b-256 of its pixels as little-endian u16
 * (the same bytes on every host).
 *
 * @example
 * ```ts
 * import { frameDigest } from "./digest.ts";
 * frameDigest(new Uint16Array(320 * 180)).length; // 64 hex digits
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The pixels of `fb` as little-endian bytes (a view, no copy, on little-endian hosts). */
export function frameBytes(fb: Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(fb.buffer, fb.byteOffset, fb.byteLength);
  const out = new Uint8Array(fb.length * 2);
  for (let i = 0; i < fb.length; i++) {
    out[2 * i] = fb[i] & 0xff;
    out[2 * i + 1] = fb[i] >> 8;
  }
  return out;
}

/** blake2b-256 of the frame's little-endian bytes, as lowercase hex. */
export function frameDigest(fb: Uint16Array): string {
  const d = blake2b(frameBytes(fb), { dkLen: 32 });
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}
