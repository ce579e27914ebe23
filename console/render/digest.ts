/**
 * Hashing console output for determinism checks, over the same little-endian bytes on every
 * host (framebuffer pixels as u16, audio samples as i16):
 * - {@link quickHash64}: a fast non-cryptographic 64-bit hash (defined in
 *   `actors/quick_hash.ts`, which the actor trace also uses for message attachments), cheap
 *   enough for every frame (tens of microseconds for a framebuffer). Good for spotting
 *   divergence, not for resisting an adversary.
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
import { quickHash64 } from "../../actors/quick_hash.ts";

export { quickHash64 };

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
