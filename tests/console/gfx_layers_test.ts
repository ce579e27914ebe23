import assert from "node:assert/strict";
import type { TileSheet } from "../../assets/tiles.ts";
import {
  encodeCell,
  Gfx,
  GFX_STATUS,
  GfxArgumentError,
  TILE_CELL_EMPTY,
} from "../../console/gfx/mod.ts";
import { Prng } from "../_util/prng.ts";
import { assertFrame, expectedFrame, makeSheet, W } from "./gfx_helpers.ts";

const BG = 0x0010;

/** Screen pixel → map pixel by wrapping modulo, then the cell's tile pixel, from the definition. */
function expectedLayer(
  sheet: TileSheet,
  columns: number,
  rows: number,
  cells: Uint32Array,
  sx: number,
  sy: number,
): Uint16Array {
  const n = sheet.tileSize;
  const m = (a: number, b: number) => ((a % b) + b) % b;
  return expectedFrame(BG, (px, py) => {
    const mx = m(px + sx, columns * n);
    const my = m(py + sy, rows * n);
    const cell = cells[Math.floor(my / n) * columns + Math.floor(mx / n)];
    const tile = cell % 65536;
    if (tile === 0xffff) return null;
    let palette = Math.floor(cell / 65536) % 256;
    if (palette === 0xff) palette = sheet.tilePalettes[tile];
    const fx = Math.floor(cell / 2 ** 24) % 2 === 1;
    const fy = Math.floor(cell / 2 ** 25) % 2 === 1;
    const c = mx % n;
    const r = my % n;
    const idx = sheet.pixels[tile * n * n + (fy ? n - 1 - r : r) * n + (fx ? n - 1 - c : c)];
    if (sheet.transparent && idx === 0) return null;
    return sheet.palettes[palette * 16 + idx];
  });
}

const pattern = (t: number, c: number, r: number) => (c * 5 + r * 3 + t * 11 + ((c ^ r) & 3)) % 16;
const colours = (p: number, i: number) => (0x8000 + p * 0x0841 + i * 0x1003) & 0xffff;

Deno.test("tile layers: encodeCell hand facts", () => {
  assert.equal(encodeCell(5, 2, true, false), 0x0102_0005);
  assert.equal(encodeCell(0xffff, 0xff, true, true), 0x03ff_ffff);
  assert.equal(encodeCell(0, 0, false, false), 0);
});

Deno.test("tile layers: seeded maps, sizes, flips, palettes, keys and wrapping scrolls match the definition", () => {
  const rng = new Prng(0x1a7e);
  for (const size of [8, 16, 32] as const) {
    for (const transparent of [true, false]) {
      const sheet = makeSheet(size, 7, 3, transparent, pattern, colours);
      sheet.tilePalettes.set([2, 0, 1, 2, 0, 1, 2]);
      for (let round = 0; round < 6; round++) {
        const columns = [1, 3, 40, 256][rng.int(4)];
        const rows = [1, 2, 23, 256][rng.int(4)];
        const cells = new Uint32Array(columns * rows);
        for (let i = 0; i < cells.length; i++) {
          cells[i] = rng.int(5) === 0 ? TILE_CELL_EMPTY : encodeCell(
            rng.int(7),
            [0, 1, 2, 0xff][rng.int(4)],
            rng.int(2) === 1,
            rng.int(2) === 1,
          );
        }
        const scrolls = [0, 1, -1, 7, -300, 12_345, 2 ** 31 - 1, -(2 ** 31)];
        const clamp = (v: number) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v));
        const sx = clamp(scrolls[rng.int(scrolls.length)] + rng.int(3));
        const sy = clamp(scrolls[rng.int(scrolls.length)] - rng.int(3));
        const gfx = new Gfx({ slotCount: 4, tiles: (s) => (s === 3 ? sheet : null) });
        gfx.clear(BG);
        assert.equal(gfx.setTileLayer(rng.int(4), 3, columns, rows, cells), GFX_STATUS.OK);
        gfx.setLayerScroll(0, sx, sy);
        gfx.setLayerScroll(1, sx, sy);
        gfx.setLayerScroll(2, sx, sy);
        gfx.setLayerScroll(3, sx, sy);
        gfx.present();
        assertFrame(
          gfx.front,
          expectedLayer(sheet, columns, rows, cells, sx, sy),
          `size ${size} key ${transparent} map ${columns}×${rows} scroll (${sx}, ${sy})`,
        );
      }
    }
  }
});

function solid(colour: number): TileSheet {
  return makeSheet(8, 1, 1, false, () => 1, (_p, i) => (i === 1 ? colour : 0));
}

Deno.test("tile layers interleave with sprite layers: map L under sprites of L, over sprites of L−1", () => {
  const a = solid(0xaaaa);
  const b = solid(0xbbbb);
  const c = solid(0xcccc);
  const d = solid(0xdddd);
  const sheets = [a, b, c, d];
  const gfx = new Gfx({ slotCount: 4, tiles: (s) => sheets[s] });
  gfx.clear(BG);
  // Layer 0: a full map of A. Layer 1: one C cell at map (1, 1) = pixels 8..15, else empty.
  assert.equal(gfx.setTileLayer(0, 0, 1, 1, new Uint32Array([0])), GFX_STATUS.OK);
  const map1 = new Uint32Array(40 * 23).fill(TILE_CELL_EMPTY);
  map1[1 * 40 + 1] = 0;
  assert.equal(gfx.setTileLayer(1, 2, 40, 23, map1), GFX_STATUS.OK);
  gfx.emitSprite(0, 0, 10, 10, 0, 1, 0, 0, 255); // B, layer 0: under map 1
  gfx.emitSprite(0, 0, 14, 14, 1, 3, 0, 0, 0); // D, layer 1: over map 1
  gfx.present();
  const at = (x: number, y: number) => gfx.front[y * W + x];
  assert.equal(at(0, 0), 0xaaaa, "map 0 everywhere");
  assert.equal(at(16, 10), 0xbbbb, "sprite B over map 0 where map 1 is empty");
  assert.equal(at(10, 10), 0xcccc, "map 1 over the layer-0 sprite");
  assert.equal(at(14, 14), 0xdddd, "layer-1 sprite over map 1");
  // Layers persist; scroll moves map 1 by (−8, −8): the C cell now covers pixels 16..23.
  gfx.setLayerScroll(1, -8, -8);
  gfx.present();
  assert.equal(at(10, 10), 0xaaaa);
  assert.equal(at(16, 16), 0xcccc);
  gfx.clearTileLayer(1);
  gfx.present();
  assert.equal(at(16, 16), 0xaaaa, "cleared layer draws nothing");
});

Deno.test("tile layers: compose() draws them once, so later drawing stays on top", () => {
  const gfx = new Gfx({ slotCount: 1, tiles: () => solid(0x1234) });
  gfx.setTileLayer(2, 0, 1, 1, new Uint32Array([0]));
  gfx.compose();
  gfx.fillRect(0, 0, 5, 5, 0xffff);
  gfx.present();
  assert.equal(gfx.front[0], 0xffff);
  assert.equal(gfx.front[6], 0x1234);
});

Deno.test("tile layers: statuses are all or nothing; the layer keeps its sheet", () => {
  let current: TileSheet | null = makeSheet(8, 2, 2, false, pattern, colours);
  const first = current;
  const gfx = new Gfx({ slotCount: 2, tiles: (s) => (s === 0 ? current : null) });
  const good = new Uint32Array([encodeCell(1, 1, false, false), TILE_CELL_EMPTY]);
  assert.equal(gfx.setTileLayer(0, 0, 2, 1, good), GFX_STATUS.OK);
  assert.equal(gfx.setTileLayer(0, 1, 2, 1, good), GFX_STATUS.SLOT_EMPTY);
  assert.equal(
    gfx.setTileLayer(0, 0, 2, 1, new Uint32Array([0, encodeCell(2, 0, false, false)])),
    GFX_STATUS.TILE_OUT_OF_RANGE,
  );
  assert.equal(
    gfx.setTileLayer(0, 0, 2, 1, new Uint32Array([0, encodeCell(0, 2, false, false)])),
    GFX_STATUS.PALETTE_OUT_OF_RANGE,
  );
  const odd = { ...first, tilePalettes: new Uint8Array([0, 9]) };
  current = odd;
  assert.equal(
    gfx.setTileLayer(0, 0, 2, 1, new Uint32Array([encodeCell(1, 0xff, false, false), 0])),
    GFX_STATUS.PALETTE_OUT_OF_RANGE,
  );
  current = makeSheet(8, 2, 2, false, () => 3, () => 0x0f0f); // a different sheet in the slot now
  gfx.clear(BG);
  gfx.present();
  // Still the first map with the first sheet: the failures changed nothing.
  assertFrame(
    gfx.front,
    expectedLayer(first, 2, 1, good, 0, 0),
    "layer unchanged by refused calls",
  );
});

Deno.test("tile layers: bad arguments throw GfxArgumentError", () => {
  const gfx = new Gfx({ slotCount: 1, tiles: () => solid(1) });
  const bad: [string, () => unknown][] = [
    ["layer 4", () => gfx.setTileLayer(4, 0, 1, 1, new Uint32Array(1))],
    ["columns 0", () => gfx.setTileLayer(0, 0, 0, 1, new Uint32Array(0))],
    ["rows 257", () => gfx.setTileLayer(0, 0, 1, 257, new Uint32Array(257))],
    ["cells length", () => gfx.setTileLayer(0, 0, 2, 2, new Uint32Array(3))],
    ["reserved bit 26", () => gfx.setTileLayer(0, 0, 1, 1, new Uint32Array([1 << 26]))],
    ["reserved bit 31", () => gfx.setTileLayer(0, 0, 1, 1, new Uint32Array([0x8000_0000]))],
    ["slot 1", () => gfx.setTileLayer(0, 1, 1, 1, new Uint32Array(1))],
    ["scroll 0.5", () => gfx.setLayerScroll(0, 0.5, 0)],
    ["scroll 2³¹", () => gfx.setLayerScroll(0, 0, 2 ** 31)],
    ["clear layer -1", () => gfx.clearTileLayer(-1)],
  ];
  for (const [what, call] of bad) assert.throws(call, GfxArgumentError, what);
  gfx.clear(BG);
  gfx.present();
  assert.ok(gfx.front.every((p) => p === BG), "nothing was set");
});
