/**
 * Text drawing with the built-in font (see `font.ts`): each byte advances the cursor one 6-pixel
 * cell to the right; a newline (0x0A) returns to the starting x one 8-pixel cell lower. Glyph
 * pixels are clipped exactly to the screen; cells wholly off screen are skipped.
 *
 * @example
 * ```ts
 * import { drawText } from "./text.ts";
 * const fb = new Uint16Array(320 * 180);
 * drawText(fb, 4, 4, new TextEncoder().encode("SCORE 100"), 0xffff);
 * ```
 * @module
 */

import { PIXEL_COUNT, SCREEN_HEIGHT as H, SCREEN_WIDTH as W } from "./constants.ts";
import {
  CELL_HEIGHT,
  CELL_WIDTH,
  FONT_ROWS,
  GLYPH_HEIGHT,
  GLYPH_WIDTH,
  glyphIndex,
  NEWLINE,
} from "./font.ts";

/** Turns a string into the bytes `drawText` draws: one byte per UTF-16 unit, non-ASCII as 0xFF. */
export function textBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? c : 0xff;
  }
  return out;
}

/** Draws `bytes` with the top-left of the first cell at (x, y) in `colour`. */
export function drawText(
  t: Uint16Array,
  x: number,
  y: number,
  bytes: Uint8Array,
  colour: number,
): void {
  if (t.length !== PIXEL_COUNT) throw new Error("gfx invariant: text target size");
  let cx = x;
  let cy = y;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === NEWLINE) {
      cx = x;
      cy += CELL_HEIGHT;
      continue;
    }
    if (cx + GLYPH_WIDTH > 0 && cx < W && cy + GLYPH_HEIGHT > 0 && cy < H) {
      const g = glyphIndex(b) * GLYPH_HEIGHT;
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        const py = cy + row;
        if (py < 0 || py >= H) continue;
        const bits = FONT_ROWS[g + row];
        if (bits === 0) continue;
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          const px = cx + col;
          if (px < 0 || px >= W) continue;
          if ((bits >> (GLYPH_WIDTH - 1 - col)) & 1) t[py * W + px] = colour;
        }
      }
    }
    cx += CELL_WIDTH;
  }
}
