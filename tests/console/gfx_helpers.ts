/**
 * Helpers for the gfx pixel tests: build an expected framebuffer from a predicate written in the
 * test, and compare two framebuffers reporting the first differing pixel.
 * @module
 */

import assert from "node:assert/strict";
import type { TileSheet } from "../../assets/tiles.ts";

export const W = 320;
export const H = 180;

/** A framebuffer where pixel (x, y) is `colourAt(x, y)` (or `bg` when it returns null). */
export function expectedFrame(
  bg: number,
  colourAt: (x: number, y: number) => number | null,
): Uint16Array {
  const out = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) out[y * W + x] = colourAt(x, y) ?? bg;
  }
  return out;
}

/** A framebuffer of `bg` with `colour` at every on-screen point of `points` ("x,y" or pairs). */
export function frameWithPoints(
  bg: number,
  points: Iterable<[number, number]>,
  colour: number,
): Uint16Array {
  const out = new Uint16Array(W * H).fill(bg);
  for (const [x, y] of points) {
    if (x >= 0 && x < W && y >= 0 && y < H) out[y * W + x] = colour;
  }
  return out;
}

/** Asserts two framebuffers are equal, naming the first differing pixel. */
export function assertFrame(actual: Uint16Array, expected: Uint16Array, what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      const x = i % W;
      const y = Math.floor(i / W);
      let count = 0;
      for (let j = 0; j < actual.length; j++) if (actual[j] !== expected[j]) count++;
      assert.fail(
        `${what}: pixel (${x}, ${y}) is ${actual[i]}, expected ${expected[i]} (${count} differ)`,
      );
    }
  }
}

/**
 * A tile sheet for tests: tile t's pixel (c, r) has index `indexOf(t, c, r)`; palette p's colour
 * i is `colourOf(p, i)`.
 */
export function makeSheet(
  tileSize: 8 | 16 | 32,
  tileCount: number,
  paletteCount: number,
  transparent: boolean,
  indexOf: (t: number, c: number, r: number) => number,
  colourOf: (p: number, i: number) => number,
): TileSheet {
  const pixels = new Uint8Array(tileCount * tileSize * tileSize);
  for (let t = 0; t < tileCount; t++) {
    for (let r = 0; r < tileSize; r++) {
      for (let c = 0; c < tileSize; c++) {
        pixels[t * tileSize * tileSize + r * tileSize + c] = indexOf(t, c, r);
      }
    }
  }
  const palettes = new Uint16Array(paletteCount * 16);
  for (let p = 0; p < paletteCount; p++) {
    for (let i = 0; i < 16; i++) palettes[p * 16 + i] = colourOf(p, i);
  }
  const tilePalettes = new Uint8Array(tileCount).map((_, t) => t % paletteCount);
  return { tileSize, tileCount, paletteCount, transparent, pixels, palettes, tilePalettes };
}
