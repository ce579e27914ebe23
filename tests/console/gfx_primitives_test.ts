import assert from "node:assert/strict";
import {
  clear,
  drawCircle,
  drawDisc,
  drawLine,
  fillRect,
  PIXEL_COUNT,
} from "../../console/gfx/mod.ts";
import { Prng } from "../_util/prng.ts";
import { assertFrame, expectedFrame, frameWithPoints, H, W } from "./gfx_helpers.ts";

const BG = 0x1234;
const INK = 0xbeef;
const I32_MIN = -0x8000_0000;
const I32_MAX = 0x7fff_ffff;

function canvas(): Uint16Array {
  return new Uint16Array(PIXEL_COUNT).fill(BG);
}

Deno.test("clear fills every pixel", () => {
  const fb = canvas();
  clear(fb, 0xf81f);
  assert.ok(fb.every((p) => p === 0xf81f));
});

Deno.test("fillRect: exactly x ≤ px < x+w, y ≤ py < y+h, clipped at every edge and corner", () => {
  const cases: [number, number, number, number][] = [
    [10, 20, 30, 40],
    [0, 0, W, H],
    [-5, -7, 20, 20], // top-left corner
    [310, -3, 50, 10], // top-right corner
    [-9, 170, 15, 40], // bottom-left corner
    [315, 175, 100, 100], // bottom-right corner
    [-1, 50, 2, 3], // left edge, one column visible
    [319, 50, 5, 3], // right edge, one column visible
    [100, -1, 3, 2], // top edge
    [100, 179, 3, 9], // bottom edge
    [320, 0, 10, 10], // just right of the screen
    [0, 180, 10, 10], // just below
    [-10, 0, 10, 10], // just left (ends at x = -1)
    [0, -10, 10, 10], // just above
    [50, 50, 0, 10], // empty width
    [50, 50, 10, 0], // empty height
    [I32_MIN, I32_MIN, I32_MAX, I32_MAX], // huge, ends before the screen
    [I32_MIN, I32_MIN, I32_MAX, I32_MAX].map((v, i) => (i < 2 ? -1000 : v)) as [
      number,
      number,
      number,
      number,
    ], // huge, covers it all
    [I32_MAX, I32_MAX, I32_MAX, I32_MAX],
    [-1_000_000_000, 90, 1_000_000_160, 1], // a huge strip ending at x = 159
  ];
  for (const [x, y, w, h] of cases) {
    const fb = canvas();
    fillRect(fb, x, y, w, h, INK);
    const expected = expectedFrame(
      BG,
      (px, py) => (px >= x && px < x + w && py >= y && py < y + h ? INK : null),
    );
    assertFrame(fb, expected, `fillRect(${x}, ${y}, ${w}, ${h})`);
  }
});

/**
 * The textbook decision-variable Bresenham (integer D, step the minor axis when D > 0), written
 * independently of the implementation: every step of the whole line.
 */
function textbookLine(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const out: [number, number][] = [];
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const sx = x1 >= x0 ? 1 : -1;
  const sy = y1 >= y0 ? 1 : -1;
  if (dx >= dy) {
    let d = 2 * dy - dx;
    let y = y0;
    for (let x = x0, i = 0; i <= dx; i++, x += sx) {
      out.push([x, y]);
      if (d > 0) {
        y += sy;
        d -= 2 * dx;
      }
      d += 2 * dy;
    }
  } else {
    let d = 2 * dx - dy;
    let x = x0;
    for (let y = y0, i = 0; i <= dy; i++, y += sy) {
      out.push([x, y]);
      if (d > 0) {
        x += sx;
        d -= 2 * dy;
      }
      d += 2 * dx;
    }
  }
  return out;
}

/**
 * The documented closed form, in BigInt, evaluated only at on-screen major coordinates: for an
 * x-major line, column x is step i = sx·(x − x0) and its row is y0 + sy·⌊(2·i·dy + dx − 1)/(2·dx)⌋.
 */
function closedFormLine(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const out: [number, number][] = [];
  const dx = BigInt(Math.abs(x1 - x0));
  const dy = BigInt(Math.abs(y1 - y0));
  const sx = x1 >= x0 ? 1n : -1n;
  const sy = y1 >= y0 ? 1n : -1n;
  const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  if (dx >= dy) {
    for (let x = 0; x < W; x++) {
      const i = sx * (BigInt(x) - BigInt(x0));
      if (i < 0n || i > dx) continue;
      const k = dx === 0n ? 0n : floorDiv(2n * i * dy + dx - 1n, 2n * dx);
      out.push([x, Number(BigInt(y0) + sy * k)]);
    }
  } else {
    for (let y = 0; y < H; y++) {
      const i = sy * (BigInt(y) - BigInt(y0));
      if (i < 0n || i > dy) continue;
      const k = floorDiv(2n * i * dx + dy - 1n, 2n * dy);
      out.push([Number(BigInt(x0) + sx * k), y]);
    }
  }
  return out;
}

Deno.test("drawLine: hand facts — endpoints inclusive, exact halves round toward the start", () => {
  const fb = canvas();
  drawLine(fb, 2, 3, 6, 5, INK); // dx 4, dy 2: rows 3,3,4,4,5 (the half at i=1 stays, i=3 too)
  assertFrame(
    fb,
    frameWithPoints(BG, [[2, 3], [3, 3], [4, 4], [5, 4], [6, 5]], INK),
    "shallow line",
  );
  const single = canvas();
  drawLine(single, 7, 9, 7, 9, INK);
  assertFrame(single, frameWithPoints(BG, [[7, 9]], INK), "zero-length line");
});

Deno.test("drawLine matches textbook Bresenham for 3000 seeded lines around and across the screen", () => {
  const rng = new Prng(0x6c1e);
  for (let n = 0; n < 3000; n++) {
    const c = () => [rng.int(W + 240) - 120, rng.int(H + 240) - 120] as const;
    const [x0, y0] = c();
    const [x1, y1] = n % 5 === 0 ? [x0 + rng.int(5) - 2, y0 + rng.int(5) - 2] : c();
    const fb = canvas();
    drawLine(fb, x0, y0, x1, y1, INK);
    assertFrame(
      fb,
      frameWithPoints(BG, textbookLine(x0, y0, x1, y1), INK),
      `line ${x0},${y0} → ${x1},${y1}`,
    );
  }
});

Deno.test("drawLine along every edge, through every corner, and axis-aligned", () => {
  const lines: [number, number, number, number][] = [
    [0, 0, W - 1, 0],
    [0, H - 1, W - 1, H - 1],
    [0, 0, 0, H - 1],
    [W - 1, 0, W - 1, H - 1],
    [-50, -50, W + 50, H + 50],
    [W + 50, -50, -50, H + 50],
    [-1, -1, W, H],
    [W, -1, -1, H],
    [-100, 90, 1000, 90],
    [160, -100, 160, 1000],
    [-5, 0, -5, H - 1], // just off the left edge
    [0, H, W - 1, H], // just below
  ];
  for (const [x0, y0, x1, y1] of lines) {
    const fb = canvas();
    drawLine(fb, x0, y0, x1, y1, INK);
    assertFrame(
      fb,
      frameWithPoints(BG, textbookLine(x0, y0, x1, y1), INK),
      `line ${x0},${y0} → ${x1},${y1}`,
    );
  }
});

Deno.test("drawLine: long lines (±5000) match textbook, huge ones (±2³¹) match the closed form", () => {
  const rng = new Prng(77);
  for (let n = 0; n < 200; n++) {
    const r = () => rng.int(10_001) - 5000;
    const [x0, y0, x1, y1] = [r(), r(), r(), r()];
    const fb = canvas();
    drawLine(fb, x0, y0, x1, y1, INK);
    const expected = frameWithPoints(BG, textbookLine(x0, y0, x1, y1), INK);
    assertFrame(fb, expected, `long line ${x0},${y0} → ${x1},${y1}`);
    assertFrame(fb, frameWithPoints(BG, closedFormLine(x0, y0, x1, y1), INK), "closed form agrees");
  }
  const huge: [number, number, number, number][] = [
    [I32_MIN, I32_MIN, I32_MAX, I32_MAX],
    [I32_MAX, I32_MIN, I32_MIN, I32_MAX],
    [I32_MIN, 90, I32_MAX, 91],
    [160, I32_MIN, 161, I32_MAX],
    [I32_MIN, -3, I32_MAX, 200],
    [-3, I32_MIN, 330, I32_MAX],
    [I32_MAX, I32_MAX, I32_MIN, I32_MIN + 12345],
    [-1_000_000_007, -999_999_937, 1_000_000_009, 1_000_000_123],
    // Slope exactly ½ and 2: every other step is an exact half (the tie rule matters).
    [-(2 ** 30), -(2 ** 29) + 90, 2 ** 30, 2 ** 29 + 90],
    [-(2 ** 29) + 160, -(2 ** 30), 2 ** 29 + 160, 2 ** 30],
    [2 ** 30 + 1, 2 ** 29 + 91, -(2 ** 30) + 1, -(2 ** 29) + 91],
  ];
  for (let n = 0; n < 60; n++) {
    const r = () => rng.int(2 ** 32) - 2 ** 31;
    // Lines through a random on-screen point, extended far in both directions.
    const px = rng.int(W);
    const py = rng.int(H);
    const ax = r();
    const ay = Math.max(
      I32_MIN,
      Math.min(I32_MAX, py + Math.round((ax - px) * (rng.int(2001) - 1000) / 997)),
    );
    huge.push([ax, ay, px, py], [r(), r(), r(), r()]);
  }
  let visible = 0;
  for (const [x0, y0, x1, y1] of huge) {
    const fb = canvas();
    drawLine(fb, x0, y0, x1, y1, INK);
    const expected = frameWithPoints(BG, closedFormLine(x0, y0, x1, y1), INK);
    assertFrame(fb, expected, `huge line ${x0},${y0} → ${x1},${y1}`);
    if (expected.some((p) => p === INK)) visible++;
  }
  assert.ok(visible > 30, `only ${visible} huge lines crossed the screen`);
});

/** Is (x, y) in the disc of the module definition? BigInt, so any coordinates are exact. */
function inDisc(cx: number, cy: number, r: number, x: number, y: number): boolean {
  if (Math.max(Math.abs(x - cx), Math.abs(y - cy), r) < 2 ** 24) {
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r + r; // exact below 2⁵³
  }
  const dx = BigInt(x) - BigInt(cx);
  const dy = BigInt(y) - BigInt(cy);
  const br = BigInt(r);
  return dx * dx + dy * dy <= br * br + br;
}

function inCircle(cx: number, cy: number, r: number, x: number, y: number): boolean {
  return inDisc(cx, cy, r, x, y) &&
    (!inDisc(cx, cy, r, x - 1, y) || !inDisc(cx, cy, r, x + 1, y) ||
      !inDisc(cx, cy, r, x, y - 1) || !inDisc(cx, cy, r, x, y + 1));
}

Deno.test("disc and circle: hand facts for r = 0, 1, 2", () => {
  const d0 = canvas();
  drawDisc(d0, 5, 5, 0, INK);
  assertFrame(d0, frameWithPoints(BG, [[5, 5]], INK), "disc r=0 is one pixel");
  const c0 = canvas();
  drawCircle(c0, 5, 5, 0, INK);
  assertFrame(c0, frameWithPoints(BG, [[5, 5]], INK), "circle r=0 is one pixel");
  // r = 1: d² ≤ 2, the 3×3 block; its outline is the 8 pixels around the centre.
  const block: [number, number][] = [];
  for (let y = 4; y <= 6; y++) for (let x = 4; x <= 6; x++) block.push([x, y]);
  const d1 = canvas();
  drawDisc(d1, 5, 5, 1, INK);
  assertFrame(d1, frameWithPoints(BG, block, INK), "disc r=1");
  const c1 = canvas();
  drawCircle(c1, 5, 5, 1, INK);
  assertFrame(
    c1,
    frameWithPoints(BG, block.filter(([x, y]) => x !== 5 || y !== 5), INK),
    "circle r=1",
  );
  // r = 2: d² ≤ 6 — the 5×5 block without its 4 corners (d² = 8); 21 pixels, outline 12.
  const d2 = canvas();
  drawDisc(d2, 10, 10, 2, INK);
  assert.equal(d2.filter((p) => p === INK).length, 21);
  const c2 = canvas();
  drawCircle(c2, 10, 10, 2, INK);
  assert.equal(c2.filter((p) => p === INK).length, 12);
});

Deno.test("disc and circle match the brute-force definitions for 400 seeded shapes, clipped", () => {
  const rng = new Prng(0xd15c);
  for (let n = 0; n < 400; n++) {
    const cx = rng.int(W + 200) - 100;
    const cy = rng.int(H + 200) - 100;
    const r = n % 4 === 0 ? rng.int(6) : rng.int(220);
    const disc = canvas();
    drawDisc(disc, cx, cy, r, INK);
    assertFrame(
      disc,
      expectedFrame(BG, (x, y) => (inDisc(cx, cy, r, x, y) ? INK : null)),
      `disc (${cx}, ${cy}) r=${r}`,
    );
    const circle = canvas();
    drawCircle(circle, cx, cy, r, INK);
    assertFrame(
      circle,
      expectedFrame(BG, (x, y) => (inCircle(cx, cy, r, x, y) ? INK : null)),
      `circle (${cx}, ${cy}) r=${r}`,
    );
  }
});

Deno.test("disc and circle with huge radii and centres (edges crossing the screen)", () => {
  const R = I32_MAX;
  const shapes: [number, number, number][] = [
    [160, 90 + R - 50, R], // top arc crosses row ~40
    [160 - R + 30, 90, R], // right arc crosses column ~30
    [I32_MIN, I32_MIN, R], // far away, not reaching the screen
    [160, 90, R], // covers everything
    [I32_MAX, 90, R - 200], // left arc crosses column ~200
    [-(2 ** 30), -(2 ** 30), 1518500250], // corner region, r² + r ≈ 2·2⁶⁰
    [100, 80 + 20_000_000, 20_000_050], // above the Number limit of 2²⁴
    [100, 80 + 16_777_200, 16_777_216], // at the Number limit
  ];
  for (const [cx, cy, r] of shapes) {
    const disc = canvas();
    drawDisc(disc, cx, cy, r, INK);
    assertFrame(
      disc,
      expectedFrame(BG, (x, y) => (inDisc(cx, cy, r, x, y) ? INK : null)),
      `huge disc (${cx}, ${cy}) r=${r}`,
    );
    const circle = canvas();
    drawCircle(circle, cx, cy, r, INK);
    assertFrame(
      circle,
      expectedFrame(BG, (x, y) => (inCircle(cx, cy, r, x, y) ? INK : null)),
      `huge circle (${cx}, ${cy}) r=${r}`,
    );
  }
});
