/**
 * The graphics device a console instance owns: framebuffer, primitives, text, tile blits and the
 * sprite composer, with every argument checked. This is what the `gfx.*` and `composer.*`
 * syscalls call: an argument outside its domain throws {@link GfxArgumentError} (the syscall
 * layer makes it a Trap); an operational failure returns a {@link GFX_STATUS} code and changes
 * nothing.
 *
 * Argument domains (anything else is a bad argument):
 * - coordinates x, y, x0…: integers in `[-2³¹, 2³¹ − 1]`;
 * - w, h, r: integers in `[0, 2³¹ − 1]`;
 * - colour: an RGB565 integer `0..0xFFFF`;
 * - text: at most {@link MAX_TEXT_BYTES} bytes;
 * - slot: an integer `0..source.slotCount − 1` (an empty slot is a status);
 * - tile (glyph) and palette: integers `0..2³² − 1` (past the sheet's counts is a status);
 *   palette {@link TILE_OWN_PALETTE} means the tile's own packed palette;
 * - layer `0..3`, priority `0..255`, flips `0`/`1` (or booleans).
 *
 * Frame order: drawing calls go straight to the back buffer; sprites wait in the composer; tile
 * layers persist across frames. `present()` composes over the back buffer — tile layer 0,
 * sprites of layer 0, tile layer 1, sprites of layer 1, … — then swaps the buffers and starts a
 * new sprite frame (count back to 0). `compose()` may be called earlier to put all of that under
 * later drawing (e.g. a HUD drawn with text after the sprites).
 *
 * @example
 * ```ts
 * import { Gfx } from "./gfx.ts";
 * const gfx = new Gfx({ slotCount: 16, tiles: () => null });
 * gfx.clear(0x0000);
 * gfx.fillRect(10, 10, 50, 20, 0xf800);
 * gfx.emitSprite(0, 0, 40, 40, 1, 3, 0, 0, 10); // GFX_STATUS.SLOT_EMPTY (1)
 * gfx.present();
 * ```
 * @module
 */

import type { TileSheet } from "../../assets/tiles.ts";
import { SpriteComposer } from "./composer.ts";
import {
  COORD_MAX,
  COORD_MIN,
  EXTENT_MAX,
  INDEX_MAX,
  LAYER_COUNT,
  MAX_PRIORITY,
  MAX_TEXT_BYTES,
} from "./constants.ts";
import { checkFlag, checkInt, GfxArgumentError } from "./errors.ts";
import { Framebuffer } from "./framebuffer.ts";
import { clear, drawCircle, drawDisc, drawLine, fillRect } from "./primitives.ts";
import { GFX_STATUS, type GfxStatus } from "./status.ts";
import { drawText, textBytes } from "./text.ts";
import {
  CELL_RESERVED_MASK,
  checkCells,
  drawTileLayer,
  MAX_MAP_SIDE,
  type TileLayer,
} from "./layers.ts";
import { blitTile, tileStatus } from "./tiles.ts";

/**
 * Where tile sheets come from: the TILES bank. `tiles(slot)` returns the committed sheet, or
 * null/undefined when the slot holds none. The asset manager fits with
 * `{ slotCount: 16, tiles: (s) => manager.tiles(s) }`.
 */
export interface TileSource {
  /** Number of TILES slots; slot arguments must be below it. */
  readonly slotCount: number;
  /** The committed sheet in `slot`, if any. */
  tiles(slot: number): TileSheet | null | undefined;
}

const coord = (what: string, v: number) => checkInt(what, v, COORD_MIN, COORD_MAX);
const extent = (what: string, v: number) => checkInt(what, v, 0, EXTENT_MAX);
const colourArg = (v: number) => checkInt("colour", v, 0, 0xffff);

/** One console's graphics device. */
export class Gfx {
  /** The double-buffered framebuffer. */
  readonly framebuffer: Framebuffer = new Framebuffer();
  readonly #composer = new SpriteComposer();
  readonly #source: TileSource;
  readonly #layers: (TileLayer | null)[] = new Array(LAYER_COUNT).fill(null);
  readonly #scroll = new Int32Array(LAYER_COUNT * 2);
  #layersDrawn = false;
  readonly #drawLayer = (layer: number): void => {
    const map = this.#layers[layer];
    if (map !== null) {
      drawTileLayer(this.back, map, this.#scroll[2 * layer], this.#scroll[2 * layer + 1]);
    }
  };

  /** `source` resolves TILES slots. */
  constructor(source: TileSource) {
    if (!Number.isInteger(source.slotCount) || source.slotCount < 0) {
      throw new RangeError(
        `gfx: slotCount must be a non-negative integer, got ${source.slotCount}`,
      );
    }
    this.#source = source;
  }

  /** The buffer being drawn. */
  get back(): Uint16Array {
    return this.framebuffer.back;
  }

  /** The last presented frame. */
  get front(): Uint16Array {
    return this.framebuffer.front;
  }

  /** Sprites emitted this frame (0..512). */
  get spriteCount(): number {
    return this.#composer.emitted;
  }

  /** Fills the back buffer with `colour`. */
  clear(colour: number): void {
    clear(this.back, colourArg(colour));
  }

  /** Fills a `w × h` rectangle at (x, y). */
  fillRect(x: number, y: number, w: number, h: number, colour: number): void {
    fillRect(
      this.back,
      coord("x", x),
      coord("y", y),
      extent("w", w),
      extent("h", h),
      colourArg(colour),
    );
  }

  /** Draws a Bresenham line, both endpoints included. */
  drawLine(x0: number, y0: number, x1: number, y1: number, colour: number): void {
    drawLine(
      this.back,
      coord("x0", x0),
      coord("y0", y0),
      coord("x1", x1),
      coord("y1", y1),
      colourArg(colour),
    );
  }

  /** Draws the outline of the disc `(x−cx)² + (y−cy)² ≤ r² + r`. */
  drawCircle(cx: number, cy: number, r: number, colour: number): void {
    drawCircle(this.back, coord("cx", cx), coord("cy", cy), extent("r", r), colourArg(colour));
  }

  /** Fills the disc `(x−cx)² + (y−cy)² ≤ r² + r`. */
  drawDisc(cx: number, cy: number, r: number, colour: number): void {
    drawDisc(this.back, coord("cx", cx), coord("cy", cy), extent("r", r), colourArg(colour));
  }

  /** Draws text (bytes, or a string taken one byte per UTF-16 unit) with the built-in font. */
  drawText(x: number, y: number, text: Uint8Array | string, colour: number): void {
    const bytes = typeof text === "string" ? textBytes(text) : text;
    if (bytes.length > MAX_TEXT_BYTES) {
      throw new GfxArgumentError(
        "text",
        `${bytes.length} bytes`,
        `at most ${MAX_TEXT_BYTES} bytes`,
      );
    }
    drawText(this.back, coord("x", x), coord("y", y), bytes, colourArg(colour));
  }

  /** The committed sheet in `slot`, checking the slot number. */
  #sheet(slot: number): TileSheet | null {
    checkInt("slot", slot, 0, this.#source.slotCount - 1);
    return this.#source.tiles(slot) ?? null;
  }

  /** Draws tile `tile` of the sheet in TILES slot `slot` at (x, y) now. */
  blitTile(
    slot: number,
    tile: number,
    palette: number,
    x: number,
    y: number,
    flipX: boolean | number,
    flipY: boolean | number,
  ): GfxStatus {
    checkInt("tile", tile, 0, INDEX_MAX);
    checkInt("palette", palette, 0, INDEX_MAX);
    coord("x", x);
    coord("y", y);
    const fx = checkFlag("flip_x", flipX);
    const fy = checkFlag("flip_y", flipY);
    const sheet = this.#sheet(slot);
    if (sheet === null) return GFX_STATUS.SLOT_EMPTY;
    const c = tileStatus(sheet, tile, palette);
    if (c.status !== GFX_STATUS.OK) return c.status;
    blitTile(this.back, sheet, tile, c.palette, x, y, fx, fy);
    return GFX_STATUS.OK;
  }

  /**
   * Queues a sprite: tile `glyph` of TILES slot `slot` with `palette` at (x, y), drawn at
   * composition in (layer, priority, emission) order. Statuses: SLOT_EMPTY, TILE_OUT_OF_RANGE,
   * PALETTE_OUT_OF_RANGE, SPRITE_LIMIT (checked in that order).
   */
  emitSprite(
    glyph: number,
    palette: number,
    x: number,
    y: number,
    layer: number,
    slot: number,
    flipX: boolean | number,
    flipY: boolean | number,
    priority: number,
  ): GfxStatus {
    checkInt("glyph_id", glyph, 0, INDEX_MAX);
    checkInt("palette_id", palette, 0, INDEX_MAX);
    coord("x", x);
    coord("y", y);
    checkInt("layer", layer, 0, LAYER_COUNT - 1);
    const fx = checkFlag("flip_x", flipX);
    const fy = checkFlag("flip_y", flipY);
    checkInt("priority", priority, 0, MAX_PRIORITY);
    const sheet = this.#sheet(slot);
    if (sheet === null) return GFX_STATUS.SLOT_EMPTY;
    const c = tileStatus(sheet, glyph, palette);
    if (c.status !== GFX_STATUS.OK) return c.status;
    const queued = this.#composer.push(sheet, glyph, c.palette, x, y, layer, priority, fx, fy);
    return queued ? GFX_STATUS.OK : GFX_STATUS.SPRITE_LIMIT;
  }

  /**
   * Sets tile layer `layer` (0..3) to a `columns × rows` map (each 1..256) of cells (see
   * `layers.ts`) drawing from the sheet now in TILES slot `slot`; the layer keeps that sheet and
   * a copy of the cells until set again or cleared. Statuses: SLOT_EMPTY, TILE_OUT_OF_RANGE,
   * PALETTE_OUT_OF_RANGE (any cell; all or nothing). Reserved cell bits set are a bad argument.
   */
  setTileLayer(
    layer: number,
    slot: number,
    columns: number,
    rows: number,
    cells: Uint32Array,
  ): GfxStatus {
    checkInt("layer", layer, 0, LAYER_COUNT - 1);
    checkInt("columns", columns, 1, MAX_MAP_SIDE);
    checkInt("rows", rows, 1, MAX_MAP_SIDE);
    if (cells.length !== columns * rows) {
      throw new GfxArgumentError("cells", `${cells.length} cells`, `${columns * rows} cells`);
    }
    for (let i = 0; i < cells.length; i++) {
      if ((cells[i] & CELL_RESERVED_MASK) !== 0) {
        throw new GfxArgumentError(`cells[${i}]`, cells[i], "a cell with bits 26–31 clear");
      }
    }
    const sheet = this.#sheet(slot);
    if (sheet === null) return GFX_STATUS.SLOT_EMPTY;
    const checked = checkCells(sheet, cells);
    if (checked.cells === null) return checked.status;
    this.#layers[layer] = { sheet, columns, rows, cells: checked.cells };
    return GFX_STATUS.OK;
  }

  /** Sets the scroll of tile layer `layer` (kept across frames and map changes). */
  setLayerScroll(layer: number, x: number, y: number): void {
    checkInt("layer", layer, 0, LAYER_COUNT - 1);
    this.#scroll[2 * layer] = coord("x", x);
    this.#scroll[2 * layer + 1] = coord("y", y);
  }

  /** Removes the map of tile layer `layer` (nothing is drawn for it until set again). */
  clearTileLayer(layer: number): void {
    checkInt("layer", layer, 0, LAYER_COUNT - 1);
    this.#layers[layer] = null;
  }

  /**
   * Composes now: the tile layers (once per frame) interleaved with the sprites queued so far,
   * onto the back buffer. Those sprites still count toward 512; sprites queued later are drawn
   * at present over everything drawn before.
   */
  compose(): void {
    this.#composer.compose(this.back, this.#layersDrawn ? undefined : this.#drawLayer);
    this.#layersDrawn = true;
  }

  /** Composes (see `compose`), swaps back and front, and starts a new frame. */
  present(): void {
    this.compose();
    this.#composer.endFrame();
    this.#layersDrawn = false;
    this.framebuffer.present();
  }
}
