/**
 * The two output streams of a console frame as typed arrays: `framebuffer` (320 × 180 RGB565,
 * little-endian u16, row by row: 115,200 bytes) and `audio` (800 stereo frames, interleaved
 * L R little-endian i16: 3,200 bytes), as the gfx and audio devices attach them.
 *
 * @example
 * ```ts
 * import { framebufferOf, pcmOf } from "./streams.ts";
 * framebufferOf(new Uint8Array(115_200)).length; // 57,600 pixels
 * pcmOf(new Uint8Array(3_200)).length; // 1,600 samples
 * ```
 * @module
 */

import { SAMPLES_PER_TICK } from "../audio/constants.ts";
import { PIXEL_COUNT } from "../gfx/constants.ts";

/** Bytes of one `framebuffer` output. */
export const FRAMEBUFFER_BYTES = PIXEL_COUNT * 2;
/** Bytes of one `audio` output. */
export const AUDIO_BYTES = SAMPLES_PER_TICK * 2;

function words<T extends Uint16Array | Int16Array>(
  bytes: Uint8Array,
  expected: number,
  what: string,
  make: (n: number) => T,
  set: (v: DataView, i: number, out: T) => void,
): T {
  if (bytes.length !== expected) {
    throw new RangeError(`${what} output has ${bytes.length} bytes, expected ${expected}`);
  }
  const out = make(expected / 2);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) set(v, i, out);
  return out;
}

/** The pixels of a `framebuffer` output (a copy). */
export function framebufferOf(bytes: Uint8Array): Uint16Array {
  return words(
    bytes,
    FRAMEBUFFER_BYTES,
    "framebuffer",
    (n) => new Uint16Array(n),
    (v, i, o) => (o[i] = v.getUint16(2 * i, true)),
  );
}

/** The samples of an `audio` output (a copy). */
export function pcmOf(bytes: Uint8Array): Int16Array {
  return words(
    bytes,
    AUDIO_BYTES,
    "audio",
    (n) => new Int16Array(n),
    (v, i, o) => (o[i] = v.getInt16(2 * i, true)),
  );
}
