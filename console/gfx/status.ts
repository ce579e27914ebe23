/**
 * Graphics status codes: what a well-formed call returns when the domain could not do it. They
 * are stable numbers (the host ABI returns them in φ7). Calls that cannot fail operationally
 * (clear, rectangles, lines, circles, text, present) return nothing.
 *
 * | code | name | meaning |
 * |-----:|------|---------|
 * | 0 | `OK` | done |
 * | 1 | `SLOT_EMPTY` | the TILES slot holds no committed sheet (never loaded, or not committed yet) |
 * | 2 | `TILE_OUT_OF_RANGE` | tile (glyph) index ≥ the sheet's `tileCount` |
 * | 3 | `PALETTE_OUT_OF_RANGE` | palette index ≥ the sheet's `paletteCount` (and not `TILE_OWN_PALETTE`) |
 * | 4 | `SPRITE_LIMIT` | 512 sprites were already emitted this frame |
 *
 * A refused call changes nothing (no partial drawing, no sprite queued).
 *
 * @example
 * ```ts
 * import { GFX_STATUS } from "./status.ts";
 * GFX_STATUS.SPRITE_LIMIT; // 4
 * ```
 * @module
 */

/** Graphics status codes (see the module table). */
export const GFX_STATUS = Object.freeze(
  {
    OK: 0,
    SLOT_EMPTY: 1,
    TILE_OUT_OF_RANGE: 2,
    PALETTE_OUT_OF_RANGE: 3,
    SPRITE_LIMIT: 4,
  } as const,
);

/** One graphics status code. */
export type GfxStatus = typeof GFX_STATUS[keyof typeof GFX_STATUS];

/** The name of a status code, for messages and telemetry (`"UNKNOWN"` for other numbers). */
export function gfxStatusName(code: number): string {
  for (const [name, value] of Object.entries(GFX_STATUS)) if (value === code) return name;
  return "UNKNOWN";
}
