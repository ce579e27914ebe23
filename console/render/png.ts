/**
 * PNG encoding of a framebuffer (8-bit RGBA, via the `fast-png` library), optionally scaled by an
 * integer factor. Deterministic: the same pixels give the same bytes.
 *
 * @example
 * ```ts
 * import { encodeFramePng } from "./png.ts";
 * const png = encodeFramePng(new Uint16Array(320 * 180), 2); // a 640 × 360 black PNG
 * png[1] === 0x50; // "P" of the signature
 * ```
 * @module
 */

import { encode } from "fast-png";
import { framebufferToRgba } from "./rgba.ts";

/** PNG bytes of an RGB565 framebuffer (320 × 180 unless told), scaled by `scale` (1..16). */
export function encodeFramePng(
  fb: Uint16Array,
  scale = 1,
  width = 320,
  height = 180,
): Uint8Array {
  const data = framebufferToRgba(fb, scale, width, height);
  return encode({ width: width * scale, height: height * scale, data, channels: 4, depth: 8 });
}
