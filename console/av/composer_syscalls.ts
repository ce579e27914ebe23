/**
 * The `composer.*` syscalls (capability `gfx`, device `gfx`): sprites queued for the frame and
 * composed at `gfx.present` — in ascending (layer, priority, emission order), each layer's
 * sprites right after that layer's tile map — at most 512 per frame; and `compose`, which draws
 * what is queued so far right now (so a HUD drawn afterwards lies on top).
 *
 * `emit_sprite(glyph_id, palette_id, x, y, layer, bank_slot, flip_x, flip_y, priority)` has nine
 * parameters and a syscall has six registers, so the last four travel packed:
 * `φ11 = bank_slot`, `φ12 = attrs = layer | flip_x << 2 | flip_y << 3 | priority << 8`
 * (layer 0…3, priority 0…255; bits 4–7 and above 15 must be 0).
 *
 * @example
 * ```ts
 * import { spriteAttrs } from "./composer_syscalls.ts";
 * spriteAttrs({ layer: 1, flipX: true, flipY: false, priority: 10 }); // 0x0a05
 * ```
 * @module
 */

import type { HostModule, SyscallSpec } from "../abi/types.ts";
import { MAX_SPRITES_PER_FRAME, TILE_OWN_PALETTE } from "../gfx/constants.ts";
import { GFX_STATUS } from "../gfx/status.ts";
import { badArgument, coordArg, coordDoc, guardCore } from "./args.ts";
import { gfxDevice, SHEET_STATUSES } from "./gfx_syscalls.ts";

/** What `attrs` packs. */
export interface SpriteAttrs {
  /** Layer 0…3. */
  layer: number;
  /** Mirror left-right. */
  flipX: boolean;
  /** Mirror top-bottom. */
  flipY: boolean;
  /** Priority 0…255 inside the layer. */
  priority: number;
}

/** Packs {@link SpriteAttrs} into the `attrs` register of `composer.emit_sprite`. */
export function spriteAttrs(a: SpriteAttrs): number {
  if (!Number.isInteger(a.layer) || a.layer < 0 || a.layer > 3) throw new RangeError("layer 0…3");
  if (!Number.isInteger(a.priority) || a.priority < 0 || a.priority > 255) {
    throw new RangeError("priority 0…255");
  }
  return a.layer | (a.flipX ? 4 : 0) | (a.flipY ? 8 : 0) | (a.priority << 8);
}

/** Bits of `attrs` that must be zero. */
export const ATTRS_RESERVED_MASK = 0xffff_00f0;

const common = { module: "composer", version: 1, capability: "gfx" } as const;

/** The composer syscalls. */
export const COMPOSER_SYSCALLS: readonly SyscallSpec[] = [
  {
    ...common,
    name: "emit_sprite",
    summary:
      `queues a sprite for this frame: tile glyph_id of the sheet committed in bank_slot, drawn at present in (layer, priority, emission) order; at most ${MAX_SPRITES_PER_FRAME} per frame`,
    args: [
      { name: "glyph_id", doc: "tile index in the sheet (u32; past it: TILE_OUT_OF_RANGE)" },
      {
        name: "palette_id",
        doc:
          `palette (u32; ${TILE_OWN_PALETTE} = the tile's own; past the sheet: PALETTE_OUT_OF_RANGE)`,
      },
      coordDoc("x", "left edge"),
      coordDoc("y", "top edge"),
      { name: "bank_slot", doc: "TILES bank slot 0…15" },
      {
        name: "attrs",
        doc:
          "layer | flip_x << 2 | flip_y << 3 | priority << 8 (layer 0…3, flips 0/1, priority 0…255; other bits 0)",
      },
    ],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [
      ...SHEET_STATUSES.map((s) => ({ ...s, when: s.when.replace("nothing drawn", "not queued") })),
      {
        code: GFX_STATUS.SPRITE_LIMIT,
        name: "SPRITE_LIMIT",
        when: `${MAX_SPRITES_PER_FRAME} sprites were already queued this frame; not queued`,
      },
    ],
    gas: { base: 20 },
    traps: [
      badArgument(
        "glyph_id or palette_id do not fit 32 bits; a coordinate outside −2³¹…2³¹−1; bank_slot > 15; attrs with reserved bits set",
      ),
    ],
    handler: (call) => {
      const glyph = call.u32(0, "glyph_id");
      const palette = call.u32(1, "palette_id");
      const x = coordArg(call, 2, "x");
      const y = coordArg(call, 3, "y");
      const slot = call.u32(4, "bank_slot");
      const attrs = call.u32(5, "attrs");
      if ((attrs & ATTRS_RESERVED_MASK) !== 0) {
        call.trap("BAD_ARGUMENT", `attrs 0x${attrs.toString(16)} has reserved bits set`);
      }
      const dev = gfxDevice(call);
      const status = guardCore(call, () =>
        dev.gfx.emitSprite(
          glyph,
          palette,
          x,
          y,
          attrs & 3,
          slot,
          (attrs >> 2) & 1,
          (attrs >> 3) & 1,
          (attrs >>> 8) & 0xff,
        ));
      if (status === GFX_STATUS.SPRITE_LIMIT) dev.refusedSprite();
      return [status];
    },
  },
  {
    ...common,
    name: "compose",
    summary:
      "draws the tile layers and the sprites queued so far onto the back buffer now (they still count toward the frame's 512); later drawing lies on top, later sprites are composed at present",
    args: [],
    results: [],
    statuses: null,
    gas: { base: 1000 },
    traps: [],
    handler: (call) => {
      gfxDevice(call).gfx.compose();
      return [];
    },
  },
];

/** The composer module (its calls use the `gfx` device). */
export const COMPOSER_MODULE: HostModule = {
  name: "composer",
  summary: "the sprite composer: up to 512 sprites per frame, ordered by layer, priority, emission",
  syscalls: COMPOSER_SYSCALLS,
};
