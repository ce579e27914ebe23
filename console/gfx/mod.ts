/**
 * console/gfx — the pure graphics core of the console: a double-buffered 320×180 RGB565
 * framebuffer, exactly clipped primitives, a built-in 5×7 font, tile blits with palettes, flips
 * and the colour key, a 512-sprite composer ordered by (layer, priority, emission), and four
 * scrollable tile layers interleaved with the sprite layers. No I/O;
 * the syscall layer wraps {@link Gfx}: {@link GfxArgumentError} → Trap, {@link GFX_STATUS} → φ7.
 *
 * @example
 * ```ts
 * import { Gfx, GFX_STATUS, rgb565 } from "./mod.ts";
 * const gfx = new Gfx({ slotCount: 16, tiles: () => null });
 * gfx.clear(rgb565(0, 0, 64));
 * gfx.drawText(8, 8, "HELLO", 0xffff);
 * gfx.blitTile(0, 0, 0, 0, 0, 0, 0) === GFX_STATUS.SLOT_EMPTY; // true
 * gfx.present();
 * ```
 * @module
 */

export * from "./constants.ts";
export * from "./status.ts";
export * from "./errors.ts";
export * from "./colour.ts";
export * from "./framebuffer.ts";
export * from "./primitives.ts";
export * from "./font.ts";
export * from "./text.ts";
export * from "./tiles.ts";
export * from "./composer.ts";
export * from "./layers.ts";
export * from "./gfx.ts";
export * from "./bench.ts";
