/**
 * Tiny integer-only drawing helpers for the demo assets: tile sheets painted tile by tile
 * (RGBA PNG, transparent where a painter returns null) and whole pictures (RGB PNG). No floating
 * point reaches a pixel value, so the PNG bytes are the same on every machine.
 *
 * @example
 * ```ts
 * import { tileSheet } from "./art.ts";
 * const png = tileSheet([(x, y) => (x === y ? [255, 0, 0] : null)], 16, 1); // one 16×16 tile
 * ```
 * @module
 */

import { encode } from "fast-png";

/** An opaque colour. */
export type RGB = readonly [number, number, number];
/** Paints pixel (x, y) of one tile: a colour, or null for transparent. */
export type Painter = (x: number, y: number) => RGB | null;

/** Integer squared distance. */
export const d2 = (x: number, y: number, cx: number, cy: number) =>
  (x - cx) * (x - cx) + (y - cy) * (y - cy);

/** `a + (b − a)·num/den` per channel, rounded down. */
export function mix(a: RGB, b: RGB, num: number, den: number): RGB {
  return [0, 1, 2].map((i) => a[i] + Math.floor(((b[i] - a[i]) * num) / den)) as unknown as RGB;
}

/** A sheet of `size`-pixel tiles, `columns` per row, as an RGBA PNG. */
export function tileSheet(tiles: readonly Painter[], size: number, columns: number): Uint8Array {
  const rows = Math.ceil(tiles.length / columns);
  const w = columns * size;
  const h = rows * size;
  const data = new Uint8Array(w * h * 4);
  tiles.forEach((paint, t) => {
    const ox = (t % columns) * size;
    const oy = Math.floor(t / columns) * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const c = paint(x, y);
        if (c === null) continue;
        const o = ((oy + y) * w + ox + x) * 4;
        data[o] = c[0];
        data[o + 1] = c[1];
        data[o + 2] = c[2];
        data[o + 3] = 255;
      }
    }
  });
  // Unused cells of the last row stay transparent (the packer keeps them as empty tiles).
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

/** A `width × height` picture painted pixel by pixel, as an RGB PNG. */
export function picture(
  width: number,
  height: number,
  paint: (x: number, y: number) => RGB,
): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  }
  return encode({ width, height, data, channels: 3, depth: 8 });
}
