/**
 * Hashing console output for determinism checks, over the same little-endian bytes on every
 * host (framebuffer pixels as u16, audio samples as i16):
 * - {@link quickHash64}: a fast non-cryptographic 64-bit hash (two independent 32-bit lanes,
 *   one MurmurHash3-style and one xxHash32-style round per 32-bit word, each finalised with the
 *   MurmurHash3 avalanche), cheap enough for every frame (tens of microseconds for a
 *   framebuffer). Good for spotting divergence, not for resisting an adversary.
 * - {@link blake2bHex}: blake2b-256 (`@noble/hashes`), for reports and fixed expectations; about
 *   2–3 ms for a framebuffer, so not for every frame at 600 frames/s.
 *
 * @example
 * ```ts
 * import { frameBytes, pcmBytes, quickHash64 } from "./digest.ts";
 * quickHash64(frameBytes(new Uint16Array(320 * 180))).length; // 16 hex digits
 * quickHash64(pcmBytes(new Int16Array(1600)));
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The pixels of a framebuffer as little-endian bytes (a view, no copy, on little-endian hosts). */
export function frameBytes(fb: Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(fb.buffer, fb.byteOffset, fb.byteLength);
  const out = new Uint8Array(fb.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < fb.length; i++) view.setUint16(2 * i, fb[i], true);
  return out;
}

/** Audio samples as little-endian bytes (a view, no copy, on little-endian hosts). */
export function pcmBytes(pcm: Int16Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const out = new Uint8Array(pcm.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(2 * i, pcm[i], true);
  return out;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 64-bit non-cryptographic hash of `bytes` (see the module text), as 16 lowercase hex digits. */
export function quickHash64(bytes: Uint8Array): string {
  const n = bytes.length;
  const words = n >>> 2;
  const aligned = LITTLE_ENDIAN_HOST && bytes.byteOffset % 4 === 0;
  const u32 = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, words) : null;
  const view = aligned ? null : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let h1 = 0x1b873593 ^ n;
  let h2 = 0x165667b1 ^ n;
  const rounds = words + (n % 4 !== 0 ? 1 : 0);
  for (let i = 0; i < rounds; i++) {
    let w: number;
    if (i < words) w = u32 !== null ? u32[i] : view!.getUint32(4 * i, true);
    else {
      // The 1–3 trailing bytes, little-endian, with a marker bit so lengths differ.
      w = 1 << 31;
      for (let j = words * 4; j < n; j++) w |= bytes[j] << (8 * (j - words * 4));
    }
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 ^= Math.imul(k, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = (h2 + Math.imul(w, 0x85ebca77)) | 0;
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = Math.imul(h2, 0x9e3779b1);
  }
  const hex = (v: number) => v.toString(16).padStart(8, "0");
  return hex(fmix32(h1)) + hex(fmix32(h2 ^ h1));
}

/** blake2b-256 of `bytes`, as 64 lowercase hex digits. */
export function blake2bHex(bytes: Uint8Array): string {
  const d = blake2b(bytes, { dkLen: 32 });
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Quick hash of a framebuffer: `quickHash64(frameBytes(fb))`. */
export function frameHash(fb: Uint16Array): string {
  return quickHash64(frameBytes(fb));
}

/** Quick hash of mixed audio: `quickHash64(pcmBytes(pcm))`. */
export function audioHash(pcm: Int16Array): string {
  return quickHash64(pcmBytes(pcm));
}
