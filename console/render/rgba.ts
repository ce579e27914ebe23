/**
 * RGB565 → RGBA8888, exactly: each channel is widened by bit replication, so the darkest and
 * brightest values map to 0 and 255 and every step is as even as 8 bits allow:
 * `r8 = r5 << 3 | r5 >> 2`, `g8 = g6 << 2 | g6 >> 4`, `b8 = b5 << 3 | b5 >> 2`, alpha 255.
 * Scaling is nearest-neighbour by an integer factor (each pixel becomes a `scale × scale` block).
 *
 * @example
 * ```ts
 * import { framebufferToRgba, rgb565ToRgb888 } from "./rgba.ts";
 * rgb565ToRgb888(0xf800); // [255, 0, 0]
 * framebufferToRgba(new Uint16Array(320 * 180), 2).length; // 640 × 360 × 4
 * ```
 * @module
 */

/** Largest integer scale factor accepted. */
export const MAX_SCALE = 16;

/** The 8-bit `[r, g, b]` of an RGB565 colour. */
export function rgb565ToRgb888(c: number): [number, number, number] {
  const r = (c >> 11) & 0x1f;
  const g = (c >> 5) & 0x3f;
  const b = c & 0x1f;
  return [(r << 3) | (r >> 2), (g << 2) | (g >> 4), (b << 3) | (b >> 2)];
}

let lut: Uint32Array | null = null;

/** RGBA as one little-endian u32 per RGB565 colour (built on first use, 256 KiB). */
function rgbaTable(): Uint32Array {
  if (lut !== null) return lut;
  const bytes = new Uint8Array(65536 * 4);
  for (let c = 0; c < 65536; c++) {
    const [r, g, b] = rgb565ToRgb888(c);
    bytes[4 * c] = r;
    bytes[4 * c + 1] = g;
    bytes[4 * c + 2] = b;
    bytes[4 * c + 3] = 255;
  }
  lut = new Uint32Array(bytes.buffer);
  return lut;
}

/** Throws unless `scale` is an integer 1..MAX_SCALE. */
export function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
    throw new RangeError(`render: scale must be an integer 1..${MAX_SCALE}, got ${scale}`);
  }
}

/**
 * The RGBA bytes (row-major, `width·scale × height·scale` pixels) of an RGB565 framebuffer of
 * `width × height` pixels (320 × 180 by default), scaled by an integer factor.
 */
export function framebufferToRgba(
  fb: Uint16Array,
  scale = 1,
  width = 320,
  height = 180,
): Uint8Array {
  checkScale(scale);
  if (fb.length !== width * height) {
    throw new RangeError(`render: framebuffer has ${fb.length} pixels, expected ${width * height}`);
  }
  const table = rgbaTable();
  const outW = width * scale;
  const bytes = new Uint8Array(outW * height * scale * 4);
  // Byte order of a u32 write follows the host; the table was built through bytes, so a u32
  // copy from it reproduces those bytes on either endianness.
  const out = new Uint32Array(bytes.buffer);
  for (let y = 0; y < height; y++) {
    const row = y * scale * outW;
    for (let x = 0; x < width; x++) {
      const v = table[fb[y * width + x]];
      const o = row + x * scale;
      for (let s = 0; s < scale; s++) out[o + s] = v;
    }
    for (let s = 1; s < scale; s++) out.copyWithin(row + s * outW, row, row + outW);
  }
  return bytes;
}
