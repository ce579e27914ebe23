/**
 * The fixed numbers of the console screen and its drawing limits. Every limit is explicit and
 * its behaviour when exceeded is documented where it is enforced.
 *
 * @example
 * ```ts
 * import { SCREEN_HEIGHT, SCREEN_WIDTH } from "./constants.ts";
 * const pixels = SCREEN_WIDTH * SCREEN_HEIGHT; // 57,600
 * ```
 * @module
 */

/** Screen width in pixels. */
export const SCREEN_WIDTH = 320;
/** Screen height in pixels. */
export const SCREEN_HEIGHT = 180;
/** Pixels in one framebuffer (`SCREEN_WIDTH × SCREEN_HEIGHT`). */
export const PIXEL_COUNT = SCREEN_WIDTH * SCREEN_HEIGHT;

/** Most sprites one frame may emit; the next one is refused with `GFX_STATUS.SPRITE_LIMIT`. */
export const MAX_SPRITES_PER_FRAME = 512;
/** Sprite layers `0..LAYER_COUNT-1`; higher layers are drawn above lower ones. */
export const LAYER_COUNT = 4;
/** Highest sprite priority; within a layer, higher priorities are drawn above lower ones. */
export const MAX_PRIORITY = 255;

/** Longest text `drawText` accepts, in bytes; longer is a bad argument. */
export const MAX_TEXT_BYTES = 1024;

/**
 * The colour key: in a tile sheet whose `transparent` flag is set, colour index
 * `COLOUR_KEY_INDEX` of every palette is not drawn (the pixel underneath shows through). Sheets
 * without the flag draw all 16 indices. Primitives (rectangles, lines, circles, text) are opaque.
 */
export const COLOUR_KEY_INDEX = 0;

/** Palette argument meaning "the palette the packer matched this tile to" (`tilePalettes[tile]`). */
export const TILE_OWN_PALETTE = 0xffff;

/** Smallest coordinate argument (signed 32-bit). */
export const COORD_MIN = -0x8000_0000;
/** Largest coordinate argument (signed 32-bit). */
export const COORD_MAX = 0x7fff_ffff;
/** Largest width, height or radius argument. */
export const EXTENT_MAX = 0x7fff_ffff;
/** Largest tile or palette index argument (a status, not a trap, when past the sheet's count). */
export const INDEX_MAX = 0xffff_ffff;
