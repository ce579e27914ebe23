/**
 * RGB565 colours: 5 bits red (15..11), 6 bits green (10..5), 5 bits blue (4..0).
 *
 * @example
 * ```ts
 * import { rgb565 } from "./colour.ts";
 * rgb565(255, 0, 0); // 0xf800
 * ```
 * @module
 */

/** Packs 8-bit channels into RGB565 by keeping each channel's high bits. */
export function rgb565(r: number, g: number, b: number): number {
  return ((r & 0xf8) << 8) | ((g & 0xfc) << 3) | ((b & 0xff) >> 3);
}
