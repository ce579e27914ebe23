/**
 * The `gfx.*` syscalls (capability `gfx`): primitives and text drawn into the back buffer, tile
 * blits from committed TILES slots, the four scrollable tile layers, and `present`. Thin wrappers
 * around the pure core `console/gfx` ({@link Gfx}): arguments are read from φ7…φ12 with checked
 * conversions, a core argument error is a Trap (`BAD_ARGUMENT`), an operational failure is the
 * core's status in φ7 and changes nothing.
 *
 * Packing (at most six argument registers): `blit_tile` passes its two flips as one `flags`
 * register (bit 0 flip x, bit 1 flip y; other bits must be 0).
 *
 * @example
 * ```ts
 * import { GFX_MODULE } from "./gfx_syscalls.ts";
 * GFX_MODULE.syscalls.map((s) => s.name); // ["clear", "fill_rect", …, "present"]
 * ```
 * @module
 */

import { readWindow } from "../../vm/mod.ts";
import type { SyscallCall } from "../abi/call.ts";
import type { DeviceModule, StatusDoc, SyscallSpec } from "../abi/types.ts";
import { MAX_TEXT_BYTES, TILE_OWN_PALETTE } from "../gfx/constants.ts";
import { MAX_MAP_SIDE } from "../gfx/layers.ts";
import { GFX_STATUS } from "../gfx/status.ts";
import {
  badArgument,
  COLOUR_DOC,
  colourArg,
  coordArg,
  coordDoc,
  extentArg,
  guardCore,
} from "./args.ts";
import { GfxDevice } from "./gfx_device.ts";

/** Most cells of one tile-layer map (256 × 256). */
export const MAX_MAP_CELLS = MAX_MAP_SIDE * MAX_MAP_SIDE;

const S = (code: number, name: string, when: string): StatusDoc => ({ code, name, when });

/** Status docs shared by the calls that draw from a TILES slot. */
export const SHEET_STATUSES: readonly StatusDoc[] = [
  S(GFX_STATUS.OK, "OK", "done"),
  S(GFX_STATUS.SLOT_EMPTY, "SLOT_EMPTY", "the TILES slot holds no committed sheet; nothing drawn"),
  S(
    GFX_STATUS.TILE_OUT_OF_RANGE,
    "TILE_OUT_OF_RANGE",
    "the tile index is ≥ the sheet's tile count; nothing drawn",
  ),
  S(
    GFX_STATUS.PALETTE_OUT_OF_RANGE,
    "PALETTE_OUT_OF_RANGE",
    "the palette is ≥ the sheet's palette count (and not 0xFFFF); nothing drawn",
  ),
];

const common = { module: "gfx", version: 1, capability: "gfx" } as const;
const SLOT_DOC = { name: "slot", doc: "TILES bank slot 0…15 (else trap BAD_ARGUMENT)" };
const COORD_TRAP = "a coordinate outside −2³¹…2³¹−1 (the register read as a signed 64-bit value)";

/** The instance's gfx device. */
export function gfxDevice(call: SyscallCall): GfxDevice {
  return call.device<GfxDevice>("gfx");
}

/** The flip flags register φ(7+i): bit 0 flip x, bit 1 flip y, nothing else. */
function flipFlags(call: SyscallCall, i: number): [number, number] {
  const f = call.int(i, "flags", 0, 3);
  return [f & 1, (f >> 1) & 1];
}

/** The gfx syscalls. */
export const GFX_SYSCALLS: readonly SyscallSpec[] = [
  {
    ...common,
    name: "clear",
    summary: "fills the whole back buffer with one colour",
    args: [COLOUR_DOC],
    results: [],
    statuses: null,
    gas: { base: 1000 },
    traps: [badArgument("colour > 0xFFFF")],
    handler: (call) => {
      const c = colourArg(call, 0);
      gfxDevice(call).gfx.clear(c);
      return [];
    },
  },
  {
    ...common,
    name: "fill_rect",
    summary: "fills the pixels x ≤ px < x + w, y ≤ py < y + h (clipped to the screen)",
    args: [
      coordDoc("x", "left edge"),
      coordDoc("y", "top edge"),
      { name: "w", doc: "width 0…2³¹−1" },
      { name: "h", doc: "height 0…2³¹−1" },
      COLOUR_DOC,
    ],
    results: [],
    statuses: null,
    gas: { base: 200 },
    traps: [badArgument(`${COORD_TRAP}; w or h > 2³¹−1; colour > 0xFFFF`)],
    handler: (call) => {
      const x = coordArg(call, 0, "x");
      const y = coordArg(call, 1, "y");
      const w = extentArg(call, 2, "w");
      const h = extentArg(call, 3, "h");
      const c = colourArg(call, 4);
      gfxDevice(call).gfx.fillRect(x, y, w, h, c);
      return [];
    },
  },
  {
    ...common,
    name: "draw_line",
    summary: "draws a Bresenham line from (x0, y0) to (x1, y1), both ends included, clipped",
    args: [
      coordDoc("x0", "start x"),
      coordDoc("y0", "start y"),
      coordDoc("x1", "end x"),
      coordDoc("y1", "end y"),
      COLOUR_DOC,
    ],
    results: [],
    statuses: null,
    gas: { base: 100 },
    traps: [badArgument(`${COORD_TRAP}; colour > 0xFFFF`)],
    handler: (call) => {
      const x0 = coordArg(call, 0, "x0");
      const y0 = coordArg(call, 1, "y0");
      const x1 = coordArg(call, 2, "x1");
      const y1 = coordArg(call, 3, "y1");
      const c = colourArg(call, 4);
      gfxDevice(call).gfx.drawLine(x0, y0, x1, y1, c);
      return [];
    },
  },
  {
    ...common,
    name: "draw_circle",
    summary:
      "draws the one-pixel outline of the disc (x−cx)² + (y−cy)² ≤ r² + r (8-connected, clipped)",
    args: [
      coordDoc("cx", "centre x"),
      coordDoc("cy", "centre y"),
      { name: "r", doc: "radius 0…2³¹−1" },
      COLOUR_DOC,
    ],
    results: [],
    statuses: null,
    gas: { base: 200 },
    traps: [badArgument(`${COORD_TRAP}; r > 2³¹−1; colour > 0xFFFF`)],
    handler: (call) => {
      const cx = coordArg(call, 0, "cx");
      const cy = coordArg(call, 1, "cy");
      const r = extentArg(call, 2, "r");
      const c = colourArg(call, 3);
      gfxDevice(call).gfx.drawCircle(cx, cy, r, c);
      return [];
    },
  },
  {
    ...common,
    name: "draw_disc",
    summary: "fills the disc (x−cx)² + (y−cy)² ≤ r² + r (clipped)",
    args: [
      coordDoc("cx", "centre x"),
      coordDoc("cy", "centre y"),
      { name: "r", doc: "radius 0…2³¹−1" },
      COLOUR_DOC,
    ],
    results: [],
    statuses: null,
    gas: { base: 400 },
    traps: [badArgument(`${COORD_TRAP}; r > 2³¹−1; colour > 0xFFFF`)],
    handler: (call) => {
      const cx = coordArg(call, 0, "cx");
      const cy = coordArg(call, 1, "cy");
      const r = extentArg(call, 2, "r");
      const c = colourArg(call, 3);
      gfxDevice(call).gfx.drawDisc(cx, cy, r, c);
      return [];
    },
  },
  {
    ...common,
    name: "draw_text",
    summary:
      "draws text with the built-in 5×7 font in 6×8 cells: printable ASCII, 0x0A starts a new line at x, any other byte a box; background untouched",
    args: [
      coordDoc("x", "left edge of the first cell"),
      coordDoc("y", "top edge of the first line"),
      { name: "text_ptr", doc: "guest address of the text bytes" },
      { name: "text_len", doc: `its length in bytes, at most ${MAX_TEXT_BYTES}` },
      COLOUR_DOC,
    ],
    results: [],
    statuses: null,
    gas: { base: 50, perByte: 4, bytesArg: 3, maxBytes: MAX_TEXT_BYTES },
    traps: [
      badArgument(`${COORD_TRAP}; text_len > ${MAX_TEXT_BYTES}; colour > 0xFFFF`),
      { code: "BAD_WINDOW", when: "the text is not all readable" },
    ],
    handler: (call) => {
      const x = coordArg(call, 0, "x");
      const y = coordArg(call, 1, "y");
      const c = colourArg(call, 4);
      const bytes = call.read(2, 3, MAX_TEXT_BYTES, "text");
      gfxDevice(call).gfx.drawText(x, y, bytes, c);
      return [];
    },
  },
  {
    ...common,
    name: "blit_tile",
    summary:
      "draws one tile of the sheet committed in a TILES slot at (x, y) now, with a palette, flips and the colour key",
    args: [
      SLOT_DOC,
      { name: "tile", doc: "tile index (u32; past the sheet: TILE_OUT_OF_RANGE)" },
      {
        name: "palette",
        doc:
          `palette index (u32; ${TILE_OWN_PALETTE} = the tile's own; past the sheet: PALETTE_OUT_OF_RANGE)`,
      },
      coordDoc("x", "left edge"),
      coordDoc("y", "top edge"),
      { name: "flags", doc: "bit 0 flip x, bit 1 flip y (0…3)" },
    ],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: SHEET_STATUSES,
    gas: { base: 100 },
    traps: [badArgument(`slot > 15; tile or palette do not fit 32 bits; ${COORD_TRAP}; flags > 3`)],
    handler: (call) => {
      const slot = call.u32(0, "slot");
      const tile = call.u32(1, "tile");
      const palette = call.u32(2, "palette");
      const x = coordArg(call, 3, "x");
      const y = coordArg(call, 4, "y");
      const [fx, fy] = flipFlags(call, 5);
      return [
        guardCore(call, () => gfxDevice(call).gfx.blitTile(slot, tile, palette, x, y, fx, fy)),
      ];
    },
  },
  {
    ...common,
    name: "set_tile_layer",
    summary:
      "sets tile layer `layer` (drawn under that layer's sprites) to a columns × rows map of cells from guest memory, drawn from the sheet now committed in `slot`; all or nothing",
    args: [
      { name: "layer", doc: "0…3" },
      SLOT_DOC,
      { name: "columns", doc: `map width in cells, 1…${MAX_MAP_SIDE}` },
      { name: "rows", doc: `map height in cells, 1…${MAX_MAP_SIDE}` },
      {
        name: "cells_ptr",
        doc:
          "guest address of columns × rows u32 cells, row by row: bits 0–15 tile (0xFFFF empty), 16–23 palette (0xFF the tile's own), 24 flip x, 25 flip y, 26–31 zero",
      },
      { name: "cell_count", doc: "columns × rows (the gas is per cell)" },
    ],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [
      S(GFX_STATUS.OK, "OK", "the layer now shows the map"),
      S(
        GFX_STATUS.SLOT_EMPTY,
        "SLOT_EMPTY",
        "the TILES slot holds no committed sheet; the layer keeps its previous map",
      ),
      S(
        GFX_STATUS.TILE_OUT_OF_RANGE,
        "TILE_OUT_OF_RANGE",
        "a cell's tile (other than 0xFFFF) is ≥ the sheet's tile count; the layer keeps its previous map",
      ),
      S(
        GFX_STATUS.PALETTE_OUT_OF_RANGE,
        "PALETTE_OUT_OF_RANGE",
        "a cell's palette (other than 0xFF) is ≥ the sheet's palette count; the layer keeps its previous map",
      ),
    ],
    gas: { base: 200, perByte: 1, bytesArg: 5, maxBytes: MAX_MAP_CELLS },
    traps: [
      badArgument(
        "layer > 3; slot > 15; columns or rows outside 1…256; cell_count ≠ columns × rows; a cell with bits 26–31 set",
      ),
      { code: "BAD_WINDOW", when: "the cells are not all readable" },
    ],
    handler: (call) => {
      const layer = call.int(0, "layer", 0, 3);
      const slot = call.u32(1, "slot");
      const columns = call.int(2, "columns", 1, MAX_MAP_SIDE);
      const rows = call.int(3, "rows", 1, MAX_MAP_SIDE);
      const ptr = call.u32(4, "cells_ptr");
      const count = call.int(5, "cell_count", 1, MAX_MAP_CELLS);
      if (count !== columns * rows) {
        call.trap("BAD_ARGUMENT", `cell_count ${count} is not columns × rows = ${columns * rows}`);
      }
      const bytes = readWindow(call.vm, ptr, count * 4, MAX_MAP_CELLS * 4);
      const cells = new Uint32Array(count);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < count; i++) cells[i] = view.getUint32(4 * i, true);
      return [
        guardCore(call, () => gfxDevice(call).gfx.setTileLayer(layer, slot, columns, rows, cells)),
      ];
    },
  },
  {
    ...common,
    name: "scroll_tile_layer",
    summary:
      "sets tile layer `layer`'s scroll: screen pixel (px, py) shows map pixel (px + x, py + y), wrapping",
    args: [
      { name: "layer", doc: "0…3" },
      coordDoc("x", "horizontal scroll"),
      coordDoc("y", "vertical scroll"),
    ],
    results: [],
    statuses: null,
    gas: { base: 10 },
    traps: [badArgument(`layer > 3; ${COORD_TRAP}`)],
    handler: (call) => {
      const layer = call.int(0, "layer", 0, 3);
      const x = coordArg(call, 1, "x");
      const y = coordArg(call, 2, "y");
      gfxDevice(call).gfx.setLayerScroll(layer, x, y);
      return [];
    },
  },
  {
    ...common,
    name: "clear_tile_layer",
    summary: "removes tile layer `layer`'s map (its scroll is kept)",
    args: [{ name: "layer", doc: "0…3" }],
    results: [],
    statuses: null,
    gas: { base: 10 },
    traps: [badArgument("layer > 3")],
    handler: (call) => {
      gfxDevice(call).gfx.clearTileLayer(call.int(0, "layer", 0, 3));
      return [];
    },
  },
  {
    ...common,
    name: "present",
    summary:
      "composes the tile layers and the frame's sprites over the back buffer, shows it (swaps back and front) and starts a new sprite frame; the new back buffer holds the frame before",
    args: [],
    results: [],
    statuses: null,
    gas: { base: 2000 },
    traps: [],
    handler: (call) => {
      gfxDevice(call).present();
      return [];
    },
  },
];

/** The gfx module: the device exists when the manifest declares `gfx`. */
export const GFX_MODULE: DeviceModule = {
  name: "gfx",
  summary:
    "the 320×180 RGB565 double-buffered screen: primitives, text, tile blits, four scrollable tile layers, present",
  syscalls: GFX_SYSCALLS,
  device: (env) => (env.capabilities.has("gfx") ? new GfxDevice(env.assets) : null),
};
