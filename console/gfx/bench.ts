/**
 * A graphics workload for benchmarks: one "typical small game" frame — clear, a 40×23 tile
 * background (one blit per 8×8 tile), 100 sprites on 4 layers, a few primitives and two lines of
 * text, then present. No timing here (this module must stay deterministic); the caller times it.
 *
 * @example
 * ```ts
 * import { gfxBenchWorkload } from "./bench.ts";
 * const frame = gfxBenchWorkload();
 * for (let i = 0; i < 100; i++) frame(i); // the caller wraps this loop in its own clock
 * ```
 * @module
 */

import type { TileSheet } from "../../assets/tiles.ts";
import { SCREEN_HEIGHT, SCREEN_WIDTH } from "./constants.ts";
import { Gfx } from "./gfx.ts";
import { encodeCell } from "./layers.ts";

/** A deterministic 16×16 sheet of 16 tiles and 4 palettes, colour key on. */
export function benchSheet(): TileSheet {
  const size = 16;
  const tileCount = 16;
  const pixels = new Uint8Array(tileCount * size * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + (i >> 4) * 3) & 0xf;
  const palettes = new Uint16Array(4 * 16);
  for (let i = 0; i < palettes.length; i++) palettes[i] = (i * 4099 + 17) & 0xffff;
  const tilePalettes = new Uint8Array(tileCount).map((_, t) => t & 3);
  return {
    tileSize: size,
    tileCount,
    paletteCount: 4,
    transparent: true,
    pixels,
    palettes,
    tilePalettes,
  };
}

/**
 * Returns a function drawing and presenting benchmark frame `n` on its own {@link Gfx}. The
 * scrolling background is 240 `blitTile` calls (`"blits"`, the default) or one tile layer whose
 * scroll is set each frame (`"layer"`).
 */
export function gfxBenchWorkload(background: "blits" | "layer" = "blits"): (n: number) => Gfx {
  const sheet = benchSheet();
  const gfx = new Gfx({ slotCount: 16, tiles: (s) => (s === 0 ? sheet : null) });
  if (background === "layer") {
    const cells = new Uint32Array(21 * 12).map((_, i) =>
      encodeCell((i % 21 + Math.floor(i / 21)) & 15, 0xff, false, false)
    );
    gfx.setTileLayer(0, 0, 21, 12, cells);
  }
  return (n: number) => {
    gfx.clear(0x0841);
    if (background === "layer") gfx.setLayerScroll(0, n & 15, 0);
    else {
      for (let ty = 0; ty < Math.ceil(SCREEN_HEIGHT / 16); ty++) {
        for (let tx = 0; tx < SCREEN_WIDTH / 16; tx++) {
          gfx.blitTile(0, (tx + ty) & 15, 0xffff, tx * 16 - (n & 15), ty * 16, 0, 0);
        }
      }
    }
    for (let i = 0; i < 100; i++) {
      const x = (i * 37 + n * 3) % (SCREEN_WIDTH + 16) - 16;
      const y = (i * 53 + n) % (SCREEN_HEIGHT + 16) - 16;
      gfx.emitSprite(i & 15, i & 3, x, y, i & 3, 0, i & 1, (i >> 1) & 1, i & 255);
    }
    gfx.fillRect(0, 0, SCREEN_WIDTH, 10, 0x0000);
    gfx.drawLine(0, 10, SCREEN_WIDTH - 1, 10, 0xffff);
    gfx.drawCircle(280, 140, 20, 0x07e0);
    gfx.drawDisc(40, 140, 12, 0xf800);
    gfx.compose();
    gfx.drawText(2, 1, `SCORE ${n * 10}  LIVES 3`, 0xffff);
    gfx.drawText(2, 170, "PRESS START", 0xffe0);
    gfx.present();
    return gfx;
  };
}
