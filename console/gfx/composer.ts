/**
 * The sprite composer: sprites emitted during a frame are queued (at most 512) and drawn at
 * composition time in ascending order of (layer, priority, emission order), each over the ones
 * before — so layer 3 is above layer 0, priority 255 above priority 0 in the same layer, and of
 * two equal sprites the later-emitted one is on top.
 *
 * A sprite holds the sheet it was emitted with, so committing another asset into the same slot
 * later in the frame does not change sprites already queued.
 *
 * @example
 * ```ts
 * import { SpriteComposer } from "./composer.ts";
 * const c = new SpriteComposer();
 * const sheet = {
 *   tileSize: 8 as const, tileCount: 1, paletteCount: 1, transparent: false,
 *   pixels: new Uint8Array(64), palettes: new Uint16Array(16), tilePalettes: new Uint8Array(1),
 * };
 * c.push(sheet, 0, 0, 10, 20, 1, 5, false, false); // true
 * c.compose(new Uint16Array(320 * 180));
 * ```
 * @module
 */

import type { TileSheet } from "../../assets/tiles.ts";
import { LAYER_COUNT, MAX_SPRITES_PER_FRAME } from "./constants.ts";
import { blitTile } from "./tiles.ts";

const FLIP_X = 1;
const FLIP_Y = 2;

/** A queue of checked sprites, drawn in (layer, priority, emission) order. */
export class SpriteComposer {
  #sheets: (TileSheet | undefined)[] = new Array(MAX_SPRITES_PER_FRAME).fill(undefined);
  #tile = new Uint32Array(MAX_SPRITES_PER_FRAME);
  #palette = new Uint32Array(MAX_SPRITES_PER_FRAME);
  #x = new Int32Array(MAX_SPRITES_PER_FRAME);
  #y = new Int32Array(MAX_SPRITES_PER_FRAME);
  #flags = new Uint8Array(MAX_SPRITES_PER_FRAME);
  #keys = new Uint32Array(MAX_SPRITES_PER_FRAME);
  #queued = 0;
  #emitted = 0;

  /** Sprites emitted since the last `endFrame` (drawn or not). */
  get emitted(): number {
    return this.#emitted;
  }

  /** Sprites waiting to be composed. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Queues a sprite whose tile and palette were already checked against `sheet`; layer 0..3,
   * priority 0..255. Returns false (and queues nothing) when the frame already has 512 sprites.
   */
  push(
    sheet: TileSheet,
    tile: number,
    palette: number,
    x: number,
    y: number,
    layer: number,
    priority: number,
    flipX: boolean,
    flipY: boolean,
  ): boolean {
    if (this.#emitted >= MAX_SPRITES_PER_FRAME) return false;
    const i = this.#queued;
    const order = this.#emitted;
    this.#sheets[i] = sheet;
    this.#tile[i] = tile;
    this.#palette[i] = palette;
    this.#x[i] = x;
    this.#y[i] = y;
    this.#flags[i] = (flipX ? FLIP_X : 0) | (flipY ? FLIP_Y : 0);
    // layer: 2 bits, priority: 8 bits, emission order: 9 bits, queue slot: 9 bits.
    this.#keys[i] = ((layer << 26) | (priority << 18) | (order << 9) | i) >>> 0;
    this.#queued++;
    this.#emitted++;
    return true;
  }

  /**
   * Draws every queued sprite onto `target` in (layer, priority, emission) order, then empties
   * the queue. When `drawLayer` is given it is called once for each layer 0..3, just before that
   * layer's sprites (tile layers go there).
   */
  compose(target: Uint16Array, drawLayer?: (layer: number) => void): void {
    const n = this.#queued;
    const keys = this.#keys.subarray(0, n);
    keys.sort();
    let nextLayer = 0;
    for (let k = 0; k < n; k++) {
      const i = keys[k] & 0x1ff;
      if (drawLayer !== undefined) {
        const layer = keys[k] >>> 26;
        while (nextLayer <= layer) drawLayer(nextLayer++);
      }
      const sheet = this.#sheets[i]!;
      const f = this.#flags[i];
      blitTile(
        target,
        sheet,
        this.#tile[i],
        this.#palette[i],
        this.#x[i],
        this.#y[i],
        (f & FLIP_X) !== 0,
        (f & FLIP_Y) !== 0,
      );
      this.#sheets[i] = undefined;
    }
    if (drawLayer !== undefined) { while (nextLayer < LAYER_COUNT) drawLayer(nextLayer++); }
    this.#queued = 0;
  }

  /** Starts a new frame: forgets queued sprites and resets the per-frame count. */
  endFrame(): void {
    for (let i = 0; i < this.#queued; i++) this.#sheets[i] = undefined;
    this.#queued = 0;
    this.#emitted = 0;
  }
}
