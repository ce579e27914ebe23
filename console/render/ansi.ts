/**
 * A terminal preview of a framebuffer: ANSI truecolour half-blocks. Each character is `▀` with
 * the foreground set to the upper pixel and the background to the lower one, so one text row
 * shows two pixel rows.
 *
 * Size: `columns` characters wide (1..320) and `ceil(columns × 9 / 32)` rows — the 16:9 screen
 * at the same aspect, rounded up to whole text rows — so `2 × rows` pixel rows are sampled.
 * Sampling is nearest-neighbour at cell centres: output pixel (ox, oy) of an `ow × oh` preview
 * shows source pixel `(floor((2·ox + 1)·320 / (2·ow)), min(179, floor((2·oy + 1)·180 / (2·oh))))`.
 * Colour escapes (`ESC[38;2;r;g;bm`, `ESC[48;2;r;g;bm`) are written only when the colour changes
 * within a line; every line ends with `ESC[0m`. Lines are joined with "\n" (no trailing newline,
 * no cursor movement: the caller positions it).
 *
 * @example
 * ```ts
 * import { ansiPreview } from "./ansi.ts";
 * const text = ansiPreview(new Uint16Array(320 * 180), 80);
 * text.split("\n").length; // 23 lines of 80 half-blocks
 * ```
 * @module
 */

import { rgb565ToRgb888 } from "./rgba.ts";

const W = 320;
const H = 180;
const ESC = "\x1b[";

/** The number of text rows of a preview `columns` wide. */
export function ansiRows(columns: number): number {
  return Math.ceil((columns * 9) / 32);
}

/** The half-block preview of a 320×180 RGB565 framebuffer, `columns` (1..320) wide. */
export function ansiPreview(fb: Uint16Array, columns = 80): string {
  if (!Number.isInteger(columns) || columns < 1 || columns > W) {
    throw new RangeError(`render: preview width must be an integer 1..${W}, got ${columns}`);
  }
  if (fb.length !== W * H) throw new RangeError(`render: framebuffer has ${fb.length} pixels`);
  const rows = ansiRows(columns);
  const oh = rows * 2;
  const srcX = new Int32Array(columns);
  for (let ox = 0; ox < columns; ox++) srcX[ox] = Math.floor(((2 * ox + 1) * W) / (2 * columns));
  const srcY = (oy: number) => Math.min(H - 1, Math.floor(((2 * oy + 1) * H) / (2 * oh)));
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const top = srcY(2 * row) * W;
    const bottom = srcY(2 * row + 1) * W;
    let line = "";
    let fg = -1;
    let bg = -1;
    for (let ox = 0; ox < columns; ox++) {
      const a = fb[top + srcX[ox]];
      const b = fb[bottom + srcX[ox]];
      if (a !== fg) {
        const [r, g, bl] = rgb565ToRgb888(a);
        line += `${ESC}38;2;${r};${g};${bl}m`;
        fg = a;
      }
      if (b !== bg) {
        const [r, g, bl] = rgb565ToRgb888(b);
        line += `${ESC}48;2;${r};${g};${bl}m`;
        bg = b;
      }
      line += "\u2580";
    }
    lines.push(line + `${ESC}0m`);
  }
  return lines.join("\n");
}
