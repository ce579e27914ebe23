/**
 * The graphics device of one instance: a {@link Gfx} (the pure core) reading its tile sheets
 * from the instance's TILES bank (committed slots only), plus what the frame loop needs from it.
 *
 * Per frame (`endFrame`): the 8-byte fast digest (`quickHash64`) of the **front** buffer — the
 * last presented picture — goes into the frame hash (it is recomputed only in frames that
 * presented; otherwise the previous digest is reused, since the front buffer did not change), and
 * when the embedder asked for the `framebuffer` stream, a copy of the front buffer is attached
 * (320 × 180 RGB565, little-endian u16, row by row: 115,200 bytes). Telemetry: presents so far,
 * sprites queued in the last presented frame, sprites refused with SPRITE_LIMIT so far.
 *
 * @example
 * ```ts
 * import { GfxDevice } from "./gfx_device.ts";
 * const dev = new GfxDevice(null); // no assets.pa: every TILES slot is empty
 * dev.gfx.clear(0xf800);
 * dev.gfx.present();
 * dev.front[0]; // 0xf800
 * ```
 * @module
 */

import { DEFAULT_BANKS } from "../../assets/bank_config.ts";
import type { AssetManager } from "../../assets/manager/manager.ts";
import type { Device, FrameEnd } from "../abi/types.ts";
import { Gfx } from "../gfx/gfx.ts";
import { frameBytes, quickHash64 } from "../render/digest.ts";

/** The `framebuffer` output stream's name. */
export const FRAMEBUFFER_STREAM = "framebuffer";

/** 16 hex digits → 8 bytes. */
export function digestBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new Error(`gfx invariant: bad digest "${hex}"`);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The gfx device (module `gfx`; `composer.*` calls use it too). */
export class GfxDevice implements Device {
  /** Device name (and frame-hash section name). */
  readonly name = "gfx";
  /** The graphics core. */
  readonly gfx: Gfx;
  #digest: Uint8Array = new Uint8Array(8);
  #digestAt = -1;
  #lastSprites = 0;
  #spritesRefused = 0;

  /** @param assets the instance's asset manager (null: no assets.pa, every slot empty) */
  constructor(assets: AssetManager | null) {
    const slotCount = assets?.banksConfig.TILES.slots ?? DEFAULT_BANKS.TILES.slots;
    this.gfx = new Gfx({ slotCount, tiles: (s) => assets?.tiles(s) ?? null });
  }

  /** The last presented picture. */
  get front(): Uint16Array {
    return this.gfx.front;
  }

  /** Presents: records the frame's sprite count, then composes and swaps. */
  present(): void {
    this.#lastSprites = this.gfx.spriteCount;
    this.gfx.present();
  }

  /** Counts a sprite refused with SPRITE_LIMIT (telemetry). */
  refusedSprite(): void {
    this.#spritesRefused++;
  }

  /** Hashes the front buffer's digest; attaches the picture when asked. */
  endFrame(end: FrameEnd): void {
    const presented = this.gfx.framebuffer.presented;
    if (presented !== this.#digestAt) {
      this.#digest = digestBytes(quickHash64(frameBytes(this.gfx.front)));
      this.#digestAt = presented;
    }
    end.hash(this.#digest);
    if (end.wants(FRAMEBUFFER_STREAM)) end.put(FRAMEBUFFER_STREAM, frameBytes(this.gfx.front));
  }

  /** `presents`, `sprites` (queued in the last presented frame), `sprites_refused`. */
  telemetry(): Record<string, number> {
    return {
      presents: this.gfx.framebuffer.presented,
      sprites: this.#lastSprites,
      sprites_refused: this.#spritesRefused,
    };
  }
}
