import assert from "node:assert/strict";
import {
  drawText,
  FIRST_PRINTABLE,
  Gfx,
  GfxArgumentError,
  glyphRows,
  LAST_PRINTABLE,
  MAX_TEXT_BYTES,
  PIXEL_COUNT,
  textBytes,
} from "../../console/gfx/mod.ts";
import { assertFrame, frameWithPoints } from "./gfx_helpers.ts";

const BG = 0x0000;
const INK = 0xffff;

/**
 * Expected pixels of `text` at (x, y), from the font's row bitmasks and the documented layout:
 * character j of line l has its cell at (x + 6·j, y + 8·l); glyph bit (4 − c) of row r lights
 * (cell x + c, cell y + r).
 */
function expectedText(x: number, y: number, bytes: number[]): [number, number][] {
  const pts: [number, number][] = [];
  let line = 0;
  let col = 0;
  for (const b of bytes) {
    if (b === 10) {
      line++;
      col = 0;
      continue;
    }
    const rows = glyphRows(b);
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 5; c++) {
        if (rows[r] & (1 << (4 - c))) pts.push([x + 6 * col + c, y + 8 * line + r]);
      }
    }
    col++;
  }
  return pts;
}

function draw(x: number, y: number, bytes: Uint8Array): Uint16Array {
  const fb = new Uint16Array(PIXEL_COUNT);
  drawText(fb, x, y, bytes, INK);
  return fb;
}

Deno.test("font: hand facts — 'I', 'L', space, and the unknown-character box", () => {
  assert.deepEqual(glyphRows(0x49), [
    0b01110,
    0b00100,
    0b00100,
    0b00100,
    0b00100,
    0b00100,
    0b01110,
  ]);
  assert.deepEqual(glyphRows(0x4c), [16, 16, 16, 16, 16, 16, 31]);
  assert.deepEqual(glyphRows(0x20), [0, 0, 0, 0, 0, 0, 0]);
  const box = [31, 17, 17, 17, 17, 17, 31];
  for (const b of [0x00, 0x01, 0x09, 0x7f, 0x80, 0xff]) assert.deepEqual(glyphRows(b), box);
});

Deno.test("font: every printable glyph except space is drawn, distinct, and not the box", () => {
  const seen = new Map<string, number>();
  const box = glyphRows(0x80).join(",");
  for (let b = FIRST_PRINTABLE; b <= LAST_PRINTABLE; b++) {
    const rows = glyphRows(b);
    assert.equal(rows.length, 7);
    assert.ok(rows.every((r) => r >= 0 && r < 32));
    if (b === 0x20) continue;
    assert.ok(rows.some((r) => r !== 0), `glyph 0x${b.toString(16)} is empty`);
    const key = rows.join(",");
    assert.notEqual(key, box, `glyph 0x${b.toString(16)} looks like the box`);
    assert.equal(
      seen.get(key),
      undefined,
      `glyphs 0x${b.toString(16)} and ${seen.get(key)} are equal`,
    );
    seen.set(key, b);
  }
});

Deno.test("drawText: hand-derived pixels of 'IL' at (10, 20)", () => {
  const fb = draw(10, 20, textBytes("IL"));
  const pts: [number, number][] = [];
  // 'I': top and bottom bars at columns 1..3, stem at column 2.
  for (const c of [1, 2, 3]) pts.push([10 + c, 20], [10 + c, 26]);
  for (let r = 1; r <= 5; r++) pts.push([12, 20 + r]);
  // 'L' starts one 6-pixel cell right: stem at column 0, bottom bar 0..4.
  for (let r = 0; r <= 6; r++) pts.push([16, 20 + r]);
  for (let c = 1; c <= 4; c++) pts.push([16 + c, 26]);
  assertFrame(fb, frameWithPoints(BG, pts, INK), "IL");
});

Deno.test("drawText: every printable character, newlines, and unknown bytes as boxes", () => {
  const all: number[] = [];
  for (let b = FIRST_PRINTABLE; b <= LAST_PRINTABLE; b++) {
    all.push(b);
    if ((b - FIRST_PRINTABLE) % 40 === 39) all.push(10);
  }
  all.push(10, 0x00, 0x7f, 0xc3, 0xa9, 10, 10, 0x41);
  const fb = draw(3, 5, Uint8Array.from(all));
  assertFrame(fb, frameWithPoints(BG, expectedText(3, 5, all), INK), "full character set");
  assert.ok(fb.some((p) => p === INK));
});

Deno.test("drawText: clipped exactly at each edge and corner, far-away text draws nothing", () => {
  const text = textBytes("Clip#@W\nM%&8B");
  const bytes = Array.from(text);
  for (
    const [x, y] of [
      [-3, 40],
      [-14, 40],
      [300, 40],
      [317, 40],
      [100, -4],
      [100, -12],
      [100, 175],
      [100, 179],
      [-2, -3],
      [310, -5],
      [-7, 172],
      [313, 176],
      [-0x8000_0000, 0],
      [0x7fff_ffff, 0],
      [0, -0x8000_0000],
      [0, 0x7fff_ffff],
    ]
  ) {
    const fb = draw(x, y, text);
    assertFrame(fb, frameWithPoints(BG, expectedText(x, y, bytes), INK), `text at (${x}, ${y})`);
  }
});

Deno.test("Gfx.drawText: strings are one byte per UTF-16 unit (non-ASCII as a box), length capped", () => {
  const gfx = new Gfx({ slotCount: 0, tiles: () => null });
  gfx.drawText(0, 0, "é", INK);
  assertFrame(gfx.back, frameWithPoints(BG, expectedText(0, 0, [0xff]), INK), "é is a box");
  gfx.drawText(0, 100, "x".repeat(MAX_TEXT_BYTES), INK); // at the limit: fine
  assert.throws(
    () => gfx.drawText(0, 0, new Uint8Array(MAX_TEXT_BYTES + 1), INK),
    GfxArgumentError,
  );
  assert.throws(() => gfx.drawText(0.5, 0, "a", INK), GfxArgumentError);
  assert.throws(() => gfx.drawText(0, 0, "a", 0x10000), GfxArgumentError);
});
