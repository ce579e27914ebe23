/**
 * Drawing one tile of a tile sheet ({@link TileSheet} from assets/) with a palette, flips and the
 * colour key, clipped exactly to the screen.
 *
 * Pixel (col, row) of the drawn tile, `0 ≤ col,row < tileSize`, lands at (x + col, y + row) and
 * takes its colour index from source column `flipX ? size−1−col : col` and source row
 * `flipY ? size−1−row : row`; the colour is `palettes[palette * 16 + index]`, except that index
 * 0 of a sheet with `transparent` set is the colour key and is not drawn.
 *
 * @example
 * ```ts
 * import { blitTile, tileStatus } from "./tiles.ts";
 * const sheet = {
 *   tileSize: 8 as const, tileCount: 1, paletteCount: 1, transparent: true,
 *   pixels: new Uint8Array(64).fill(1), palettes: new Uint16Array(16).fill(0xffe0),
 *   tilePalettes: new Uint8Array(1),
 * };
 * const fb = new Uint16Array(320 * 180);
 * const { status, palette } = tileStatus(sheet, 0, 0);
 * if (status === 0) blitTile(fb, sheet, 0, palette, 10, 10, false, true);
 * ```
 * @module
 */

import type { TileSheet } from "../../assets/tiles.ts";
import {
  COLOUR_KEY_INDEX,
  PIXEL_COUNT,
  SCREEN_HEIGHT as H,
  SCREEN_WIDTH as W,
  TILE_OWN_PALETTE,
} from "./constants.ts";
import { GFX_STATUS, type GfxStatus } from "./status.ts";

/** Outcome of checking a tile reference against a sheet: status and the palette to use. */
export interface TileCheck {
  /** `OK`, `TILE_OUT_OF_RANGE` or `PALETTE_OUT_OF_RANGE`. */
  status: GfxStatus;
  /** The palette index to draw with (resolved from `TILE_OWN_PALETTE`); -1 unless OK. */
  palette: number;
}

/** Checks `tile` and `palette` (or `TILE_OWN_PALETTE`) against `sheet`. */
export function tileStatus(sheet: TileSheet, tile: number, palette: number): TileCheck {
  if (tile >= sheet.tileCount) return { status: GFX_STATUS.TILE_OUT_OF_RANGE, palette: -1 };
  const p = palette === TILE_OWN_PALETTE ? sheet.tilePalettes[tile] : palette;
  if (p >= sheet.paletteCount) return { status: GFX_STATUS.PALETTE_OUT_OF_RANGE, palette: -1 };
  return { status: GFX_STATUS.OK, palette: p };
}

/**
 * Draws tile `tile` of `sheet` with palette `palette` (a real index, already checked with
 * {@link tileStatus}) at (x, y).
 */
export function blitTile(
  t: Uint16Array,
  sheet: TileSheet,
  tile: number,
  palette: number,
  x: number,
  y: number,
  flipX: boolean,
  flipY: boolean,
): void {
  if (t.length !== PIXEL_COUNT) throw new Error("gfx invariant: blit target size");
  if (!(tile >= 0 && tile < sheet.tileCount && palette >= 0 && palette < sheet.paletteCount)) {
    throw new Error(`gfx invariant: blit of unchecked tile ${tile} / palette ${palette}`);
  }
  const size = sheet.tileSize;
  const row0 = Math.max(0, -y);
  const row1 = Math.min(size, H - y);
  const col0 = Math.max(0, -x);
  const col1 = Math.min(size, W - x);
  if (row0 >= row1 || col0 >= col1) return;
  const pixels = sheet.pixels;
  const pal = sheet.palettes;
  const palBase = palette * 16;
  const tileBase = tile * size * size;
  const keyed = sheet.transparent;
  for (let row = row0; row < row1; row++) {
    const src = tileBase + (flipY ? size - 1 - row : row) * size;
    const dst = (y + row) * W + x;
    if (flipX) {
      for (let col = col0; col < col1; col++) {
        const idx = pixels[src + size - 1 - col];
        if (keyed && idx === COLOUR_KEY_INDEX) continue;
        t[dst + col] = pal[palBase + idx];
      }
    } else {
      for (let col = col0; col < col1; col++) {
        const idx = pixels[src + col];
        if (keyed && idx === COLOUR_KEY_INDEX) continue;
        t[dst + col] = pal[palBase + idx];
      }
    }
  }
}
