import assert from "node:assert/strict";
import type { TileSheet } from "../../assets/tiles.ts";
import { Gfx, GFX_STATUS, GfxArgumentError, TILE_OWN_PALETTE } from "../../console/gfx/mod.ts";
import { Prng } from "../_util/prng.ts";
import { assertFrame, expectedFrame, H, makeSheet, W } from "./gfx_helpers.ts";

const BG = 0x0842;

/**
 * The documented tile placement, written from the definition: the pixel at screen (px, py) comes
 * from tile column `px − x` (mirrored when flipX) and row `py − y` (mirrored when flipY); index 0
 * of a transparent sheet leaves the background.
 */
function expectedTile(
  sheet: TileSheet,
  tile: number,
  palette: number,
  x: number,
  y: number,
  flipX: boolean,
  flipY: boolean,
): Uint16Array {
  const n = sheet.tileSize;
  return expectedFrame(BG, (px, py) => {
    const c = px - x;
    const r = py - y;
    if (c < 0 || c >= n || r < 0 || r >= n) return null;
    const sc = flipX ? n - 1 - c : c;
    const sr = flipY ? n - 1 - r : r;
    const idx = sheet.pixels[tile * n * n + sr * n + sc];
    if (sheet.transparent && idx === 0) return null;
    return sheet.palettes[palette * 16 + idx];
  });
}

/** An asymmetric pattern: index depends on tile, column and row, with some zeros. */
const pattern = (t: number, c: number, r: number) => (c * 3 + r * 5 + t * 7 + ((c * r) >> 2)) % 16;
const colours = (p: number, i: number) => (p * 0x1111 + i * 0x0421 + 0x8000) & 0xffff;

function gfxWith(sheets: (TileSheet | null)[]): Gfx {
  const gfx = new Gfx({ slotCount: 16, tiles: (s) => sheets[s] ?? null });
  gfx.clear(BG);
  return gfx;
}

Deno.test("blitTile: hand-derived 8×8 — flips mirror, colour key skips index 0", () => {
  // Tile 0: index 1 in column 0 only, index 2 in row 0 only (column 0 of row 0 is 1), rest 0.
  const sheet = makeSheet(
    8,
    1,
    1,
    true,
    (_t, c, r) => (c === 0 ? 1 : r === 0 ? 2 : 0),
    (_p, i) => [0xaaaa, 0xf800, 0x001f][i] ?? 0x07e0,
  );
  const gfx = gfxWith([sheet]);
  assert.equal(gfx.blitTile(0, 0, 0, 100, 50, 1, 1), GFX_STATUS.OK);
  // Flipped both ways: the red column (index 1) is at x = 107, the blue row at y = 57.
  for (let r = 0; r < 8; r++) assert.equal(gfx.back[(50 + r) * W + 107], 0xf800);
  for (let c = 0; c < 7; c++) assert.equal(gfx.back[57 * W + 100 + c], 0x001f);
  assert.equal(gfx.back[50 * W + 100], BG, "index 0 is the colour key");
  assert.equal(gfx.back[50 * W + 99], BG, "nothing left of the tile");
});

Deno.test("blitTile: every tile size, flip, palette and colour-key setting, against the definition", () => {
  const rng = new Prng(0x7113);
  for (const size of [8, 16, 32] as const) {
    for (const transparent of [false, true]) {
      const sheet = makeSheet(size, 5, 3, transparent, pattern, colours);
      for (let n = 0; n < 24; n++) {
        const tile = rng.int(5);
        const palette = rng.int(3);
        const flipX = (n & 1) === 1;
        const flipY = (n & 2) === 2;
        const x = rng.int(W + 2 * size) - size;
        const y = rng.int(H + 2 * size) - size;
        const gfx = gfxWith([null, null, sheet]);
        assert.equal(gfx.blitTile(2, tile, palette, x, y, flipX, flipY), GFX_STATUS.OK);
        assertFrame(
          gfx.back,
          expectedTile(sheet, tile, palette, x, y, flipX, flipY),
          `size ${size} key ${transparent} tile ${tile} pal ${palette} at (${x}, ${y}) flip ${flipX}/${flipY}`,
        );
      }
    }
  }
});

Deno.test("blitTile: clipped at every edge and corner and far away", () => {
  const sheet = makeSheet(16, 2, 2, true, pattern, colours);
  const spots = [
    [-1, 50],
    [-15, 50],
    [-16, 50],
    [305, 50],
    [319, 50],
    [320, 50],
    [100, -15],
    [100, 179],
    [100, 164],
    [-8, -8],
    [312, -8],
    [-8, 172],
    [312, 172],
    [-0x8000_0000, -0x8000_0000],
    [0x7fff_ffff, 0x7fff_ffff],
  ];
  for (const [x, y] of spots) {
    for (const flip of [false, true]) {
      const gfx = gfxWith([sheet]);
      assert.equal(gfx.blitTile(0, 1, 1, x, y, flip, !flip), GFX_STATUS.OK);
      assertFrame(gfx.back, expectedTile(sheet, 1, 1, x, y, flip, !flip), `tile at (${x}, ${y})`);
    }
  }
});

Deno.test("blitTile: TILE_OWN_PALETTE uses the packed palette of the tile", () => {
  const sheet = makeSheet(8, 4, 4, false, pattern, colours);
  sheet.tilePalettes.set([3, 1, 0, 2]);
  for (let t = 0; t < 4; t++) {
    const gfx = gfxWith([sheet]);
    assert.equal(gfx.blitTile(0, t, TILE_OWN_PALETTE, 20, 30, 0, 0), GFX_STATUS.OK);
    assertFrame(
      gfx.back,
      expectedTile(sheet, t, sheet.tilePalettes[t], 20, 30, false, false),
      `tile ${t}`,
    );
  }
});

Deno.test("blitTile statuses: empty slot, tile and palette out of range — nothing drawn", () => {
  const sheet = makeSheet(8, 3, 2, false, pattern, colours);
  const gfx = gfxWith([sheet, null]);
  const untouched = gfx.back.slice();
  assert.equal(gfx.blitTile(1, 0, 0, 0, 0, 0, 0), GFX_STATUS.SLOT_EMPTY);
  assert.equal(gfx.blitTile(15, 0, 0, 0, 0, 0, 0), GFX_STATUS.SLOT_EMPTY);
  assert.equal(gfx.blitTile(0, 3, 0, 0, 0, 0, 0), GFX_STATUS.TILE_OUT_OF_RANGE);
  assert.equal(gfx.blitTile(0, 0xffff_ffff, 0, 0, 0, 0, 0), GFX_STATUS.TILE_OUT_OF_RANGE);
  assert.equal(gfx.blitTile(0, 2, 2, 0, 0, 0, 0), GFX_STATUS.PALETTE_OUT_OF_RANGE);
  assert.equal(gfx.blitTile(0, 2, 0xfffe, 0, 0, 0, 0), GFX_STATUS.PALETTE_OUT_OF_RANGE);
  assertFrame(gfx.back, untouched, "no partial drawing");
  // A sheet with a tile pointing at a palette it does not have (not producible by the packer).
  const odd = { ...sheet, tilePalettes: new Uint8Array([5, 0, 0]) };
  assert.equal(
    gfxWith([odd]).blitTile(0, 0, TILE_OWN_PALETTE, 0, 0, 0, 0),
    GFX_STATUS.PALETTE_OUT_OF_RANGE,
  );
});

Deno.test("blitTile and emitSprite: bad arguments throw GfxArgumentError (the syscall layer traps)", () => {
  const sheet = makeSheet(8, 1, 1, false, pattern, colours);
  const gfx = gfxWith([sheet]);
  const bad: [string, () => unknown][] = [
    ["slot -1", () => gfx.blitTile(-1, 0, 0, 0, 0, 0, 0)],
    ["slot 16", () => gfx.blitTile(16, 0, 0, 0, 0, 0, 0)],
    ["tile -1", () => gfx.blitTile(0, -1, 0, 0, 0, 0, 0)],
    ["tile 2³²", () => gfx.blitTile(0, 2 ** 32, 0, 0, 0, 0, 0)],
    ["palette 1.5", () => gfx.blitTile(0, 0, 1.5, 0, 0, 0, 0)],
    ["x 2³¹", () => gfx.blitTile(0, 0, 0, 2 ** 31, 0, 0, 0)],
    ["y NaN", () => gfx.blitTile(0, 0, 0, 0, NaN, 0, 0)],
    ["flip 2", () => gfx.blitTile(0, 0, 0, 0, 0, 2, 0)],
    ["sprite layer 4", () => gfx.emitSprite(0, 0, 0, 0, 4, 0, 0, 0, 0)],
    ["sprite priority 256", () => gfx.emitSprite(0, 0, 0, 0, 0, 0, 0, 0, 256)],
    ["sprite flip_y -1", () => gfx.emitSprite(0, 0, 0, 0, 0, 0, 0, -1, 0)],
    ["sprite slot 99", () => gfx.emitSprite(0, 0, 0, 0, 0, 99, 0, 0, 0)],
    ["sprite x -2³¹-1", () => gfx.emitSprite(0, 0, -(2 ** 31) - 1, 0, 0, 0, 0, 0, 0)],
    ["rect w -1", () => gfx.fillRect(0, 0, -1, 5, 0)],
    ["disc r 2³¹", () => gfx.drawDisc(0, 0, 2 ** 31, 0)],
    ["circle colour -1", () => gfx.drawCircle(0, 0, 3, -1)],
    ["line x1 Infinity", () => gfx.drawLine(0, 0, Infinity, 0, 0)],
    ["clear colour 0x10000", () => gfx.clear(0x10000)],
  ];
  const before = gfx.back.slice();
  for (const [what, call] of bad) {
    assert.throws(
      call,
      (e: unknown) => e instanceof GfxArgumentError && e.code === "BAD_ARGUMENT",
      what,
    );
  }
  assertFrame(gfx.back, before, "a rejected call draws nothing");
  assert.equal(gfx.spriteCount, 0, "a rejected sprite is not queued");
  // The extremes of each domain are accepted.
  gfx.fillRect(-(2 ** 31), -(2 ** 31), 2 ** 31 - 1, 2 ** 31 - 1, 0xffff);
  gfx.drawDisc(2 ** 31 - 1, 0, 2 ** 31 - 1, 0);
  assert.equal(gfx.emitSprite(0, 0, 0, 0, 3, 15, true, false, 255), GFX_STATUS.SLOT_EMPTY);
});
