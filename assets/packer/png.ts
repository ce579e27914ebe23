/**
 * PNG decoding for the packer (via `fast-png`), normalised to 8-bit RGBA whatever the source
 * colour type (grey, grey+alpha, RGB, RGBA, indexed; 1–16 bits; `tRNS` colour keys). The
 * dimensions are read from `IHDR` and checked before the image is decoded, so a PNG that claims
 * to be huge is refused without allocating for it.
 *
 * @example
 * ```ts
 * import { decodePngRgba } from "./png.ts";
 * const img = decodePngRgba(await Deno.readFile("font.png"), "font.png");
 * img.rgba.length === img.width * img.height * 4; // true
 * ```
 * @module
 */

import { decode } from "fast-png";
import { PackSourceError } from "../errors.ts";
import { LIMITS } from "../limits.ts";

/** An image as 8-bit RGBA, row after row. */
export interface RgbaImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width × height × 4` bytes. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk; throws `PNG_INVALID` when there is none. */
export function pngDimensions(bytes: Uint8Array, what: string): { width: number; height: number } {
  if (bytes.length < 24 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new PackSourceError("PNG_INVALID", `${what}: not a PNG file (bad signature)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== "IHDR" || view.getUint32(8) !== 13) {
    throw new PackSourceError("PNG_INVALID", `${what}: first chunk is not IHDR`);
  }
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes a PNG to RGBA8. Throws `PackSourceError` (`PNG_INVALID`, `PNG_TOO_LARGE`). */
export function decodePngRgba(bytes: Uint8Array, what: string): RgbaImage {
  const { width, height } = pngDimensions(bytes, what);
  if (width === 0 || height === 0 || width * height > LIMITS.maxSheetPixels) {
    throw new PackSourceError(
      "PNG_TOO_LARGE",
      `${what}: ${width}×${height} pixels; a tile sheet holds at most ${LIMITS.maxSheetPixels} pixels (e.g. 256×256)`,
    );
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (e) {
    throw new PackSourceError("PNG_INVALID", `${what}: cannot decode (${(e as Error).message})`);
  }
  const { depth, channels, data, palette, transparency } = png;
  const rgba = new Uint8Array(width * height * 4);
  const rowBits = width * channels * depth;
  const rowBytes = Math.ceil(rowBits / 8);
  const needed = depth === 16 ? width * height * channels : rowBytes * height;
  if (data.length < needed) {
    throw new PackSourceError("PNG_INVALID", `${what}: image data is shorter than its dimensions`);
  }
  const maxValue = (1 << depth) - 1;
  const sample = (x: number, y: number, c: number): number => {
    const i = x * channels + c;
    if (depth === 16) return data[y * width * channels + i];
    if (depth === 8) return data[y * rowBytes + i];
    const bit = i * depth;
    const byte = data[y * rowBytes + (bit >> 3)];
    return (byte >> (8 - depth - (bit & 7))) & maxValue;
  };
  const to8 = (v: number) =>
    depth === 16 ? v >> 8 : depth === 8 ? v : Math.round((v * 255) / maxValue);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (palette !== undefined) {
        const entry = palette[sample(x, y, 0)];
        if (entry === undefined) {
          throw new PackSourceError(
            "PNG_INVALID",
            `${what}: pixel (${x}, ${y}) uses a missing palette entry`,
          );
        }
        rgba[o] = entry[0];
        rgba[o + 1] = entry[1];
        rgba[o + 2] = entry[2];
        rgba[o + 3] = entry.length > 3 ? entry[3] : 255;
        continue;
      }
      if (channels <= 2) {
        const g = sample(x, y, 0);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = to8(g);
        const keyed = transparency !== undefined && transparency.length >= 1 &&
          transparency[0] === g;
        rgba[o + 3] = channels === 2 ? to8(sample(x, y, 1)) : keyed ? 0 : 255;
      } else {
        const r = sample(x, y, 0), g = sample(x, y, 1), b = sample(x, y, 2);
        rgba[o] = to8(r);
        rgba[o + 1] = to8(g);
        rgba[o + 2] = to8(b);
        const keyed = channels === 3 && transparency !== undefined && transparency.length >= 3 &&
          transparency[0] === r && transparency[1] === g && transparency[2] === b;
        rgba[o + 3] = channels === 4 ? to8(sample(x, y, 3)) : keyed ? 0 : 255;
      }
    }
  }
  return { width, height, rgba };
}
