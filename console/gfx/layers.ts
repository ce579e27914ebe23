/**
 * Tile layers: up to four scrollable tile maps, one per sprite layer, each bound to the tile
 * sheet it was set with. At composition, layer L's map is drawn just before layer L's sprites,
 * so map 0 is under everything and the sprites of layer 3 are on top.
 *
 * A map is `columns × rows` cells (each 1..256), stored row after row; a cell is a u32:
 *
 * | bits | meaning |
 * |------|---------|
 * | 0–15 | tile index; `0xFFFF` = empty cell (nothing drawn) |
 * | 16–23 | palette; `0xFF` = the tile's own packed palette |
 * | 24 | flip x |
 * | 25 | flip y |
 * | 26–31 | reserved, must be 0 |
 *
 * Scrolling wraps: with scroll (sx, sy) and tile size n, screen pixel (px, py) shows map pixel
 * `((px + sx) mod (columns·n), (py + sy) mod (rows·n))` (mathematical modulo, so negative scrolls
 * wrap too), drawn with the cell's tile, palette, flips and the colour key.
 *
 * @example
 * ```ts
 * import { encodeCell, TILE_CELL_EMPTY } from "./layers.ts";
 * encodeCell(5, 2, true, false); // 0x0102_0005
 * TILE_CELL_EMPTY; // 0xffff
 * ```
 * @module
 */

import type { TileSheet } from "../../assets/tiles.ts";
import {
  COLOUR_KEY_INDEX,
  PIXEL_COUNT,
  SCREEN_HEIGHT as H,
  SCREEN_WIDTH as W,
} from "./constants.ts";
import { GFX_STATUS, type GfxStatus } from "./status.ts";

/** Largest map side in cells. */
export const MAX_MAP_SIDE = 256;
/** A cell with this tile index draws nothing. */
export const TILE_CELL_EMPTY = 0xffff;
/** A cell palette meaning "the tile's own packed palette". */
export const CELL_OWN_PALETTE = 0xff;
/** Bits of a cell that must be zero. */
export const CELL_RESERVED_MASK = 0xfc00_0000;

/** Packs a map cell (see the module table). */
export function encodeCell(tile: number, palette: number, flipX: boolean, flipY: boolean): number {
  return ((tile & 0xffff) | ((palette & 0xff) << 16) | (flipX ? 1 << 24 : 0) |
    (flipY ? 1 << 25 : 0)) >>> 0;
}

/** A map bound to a sheet. */
export interface TileLayer {
  /** The sheet the layer was set with. */
  sheet: TileSheet;
  /** Map width in cells. */
  columns: number;
  /** Map height in cells. */
  rows: number;
  /** `columns × rows` cells, with palettes already resolved (never `CELL_OWN_PALETTE`). */
  cells: Uint32Array;
}

/**
 * Checks every non-empty cell against `sheet` and returns the status and, when OK, a copy of the
 * cells with own-palette markers resolved. The cells' reserved bits must already be zero.
 */
export function checkCells(
  sheet: TileSheet,
  cells: Uint32Array,
): { status: GfxStatus; cells: Uint32Array | null } {
  const out = new Uint32Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const tile = cell & 0xffff;
    if (tile === TILE_CELL_EMPTY) {
      out[i] = cell;
      continue;
    }
    if (tile >= sheet.tileCount) return { status: GFX_STATUS.TILE_OUT_OF_RANGE, cells: null };
    let palette = (cell >>> 16) & 0xff;
    if (palette === CELL_OWN_PALETTE) palette = sheet.tilePalettes[tile];
    if (palette >= sheet.paletteCount) {
      return { status: GFX_STATUS.PALETTE_OUT_OF_RANGE, cells: null };
    }
    out[i] = ((cell & 0xff00_ffff) | (palette << 16)) >>> 0;
  }
  return { status: GFX_STATUS.OK, cells: out };
}

/** Positive remainder. */
function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/** Draws `layer` scrolled by (scrollX, scrollY) over the whole screen of `t` (module definition). */
export function drawTileLayer(
  t: Uint16Array,
  layer: TileLayer,
  scrollX: number,
  scrollY: number,
): void {
  if (t.length !== PIXEL_COUNT) throw new Error("gfx invariant: layer target size");
  const { sheet, columns, cells } = layer;
  const n = sheet.tileSize;
  const mapW = columns * n;
  const mapH = layer.rows * n;
  const pixels = sheet.pixels;
  const pal = sheet.palettes;
  const keyed = sheet.transparent;
  const x0 = mod(scrollX, mapW);
  for (let py = 0; py < H; py++) {
    const my = mod(py + scrollY, mapH);
    const rowCells = Math.floor(my / n) * columns;
    const r = my % n;
    let px = 0;
    let mx = x0;
    while (px < W) {
      const c = mx % n;
      const len = Math.min(n - c, W - px);
      const cell = cells[rowCells + Math.floor(mx / n)];
      const tile = cell & 0xffff;
      if (tile !== TILE_CELL_EMPTY) {
        const flipX = (cell & (1 << 24)) !== 0;
        const flipY = (cell & (1 << 25)) !== 0;
        const src = tile * n * n + (flipY ? n - 1 - r : r) * n;
        const palBase = ((cell >>> 16) & 0xff) * 16;
        const dst = py * W + px;
        for (let k = 0; k < len; k++) {
          const sc = c + k;
          const idx = pixels[src + (flipX ? n - 1 - sc : sc)];
          if (keyed && idx === COLOUR_KEY_INDEX) continue;
          t[dst + k] = pal[palBase + idx];
        }
      }
      px += len;
      mx += len;
      if (mx >= mapW) mx -= mapW;
    }
  }
}
