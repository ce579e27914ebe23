/**
 * Drawing primitives on a 320×180 RGB565 buffer, with exact clipping: only pixels inside the
 * screen are written, for any integer coordinates (however large or negative), and the work is
 * bounded by the visible part, never by the size of the shape.
 *
 * Exact pixel sets (all coordinates integers, colours RGB565):
 * - `fillRect(x, y, w, h)`: every (px, py) with `x ≤ px < x + w` and `y ≤ py < y + h`
 *   (`w` or `h` of 0 draws nothing).
 * - `drawLine(x0, y0, x1, y1)`: Bresenham, both endpoints included. With `dx = |x1 − x0|`,
 *   `dy = |y1 − y0|`: if `dx ≥ dy` the line has one pixel per column,
 *   `x = x0 + sx·i`, `y = y0 + sy·k(i)` for `i = 0..dx`, where
 *   `k(i) = floor((2·i·dy + dx − 1) / (2·dx))` — the row nearest the ideal line, exact halves
 *   rounded toward the start point (the textbook decision-variable Bresenham); otherwise the same
 *   with x and y exchanged. A zero-length line is one pixel.
 * - `drawDisc(cx, cy, r)`: every (x, y) with `(x − cx)² + (y − cy)² ≤ r² + r`, i.e. whose
 *   centre is closer than `r + ½` to the centre. `r = 0` is one pixel.
 * - `drawCircle(cx, cy, r)`: the pixels of that disc that have at least one 4-neighbour (left,
 *   right, up, down) outside it — a closed, 8-connected outline one pixel thick.
 *
 * The row half-widths `floor(√(r² + r − dy²))` are found incrementally (a midpoint-style
 * decision on integers) and exactly: with Numbers while every product stays below 2⁵³, with
 * BigInt beyond (only for radii above 2²⁴).
 *
 * @example
 * ```ts
 * import { drawDisc, fillRect } from "./primitives.ts";
 * const fb = new Uint16Array(320 * 180);
 * fillRect(fb, -10, -10, 20, 20, 0x001f); // clipped to (0,0)..(9,9)
 * drawDisc(fb, 160, 90, 1e9, 0xffff); // a huge disc: fills the screen, 180 rows of work
 * ```
 * @module
 */

import { PIXEL_COUNT, SCREEN_HEIGHT as H, SCREEN_WIDTH as W } from "./constants.ts";

function assertTarget(t: Uint16Array): void {
  if (t.length !== PIXEL_COUNT) {
    throw new Error(`gfx invariant: target has ${t.length} pixels, expected ${PIXEL_COUNT}`);
  }
}

/** Fills the whole buffer with `colour`. */
export function clear(t: Uint16Array, colour: number): void {
  assertTarget(t);
  t.fill(colour);
}

/** Fills row `y` from `xa` to `xb` inclusive, clipped. */
function span(t: Uint16Array, y: number, xa: number, xb: number, colour: number): void {
  if (y < 0 || y >= H) return;
  const a = xa < 0 ? 0 : xa;
  const b = xb >= W ? W - 1 : xb;
  if (a > b) return;
  t.fill(colour, y * W + a, y * W + b + 1);
}

/** Fills the rectangle of `w × h` pixels whose top-left corner is (x, y). */
export function fillRect(
  t: Uint16Array,
  x: number,
  y: number,
  w: number,
  h: number,
  colour: number,
): void {
  assertTarget(t);
  if (w <= 0 || h <= 0) return;
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(W, x + w);
  const y1 = Math.min(H, y + h);
  if (x0 >= x1 || y0 >= y1) return;
  for (let py = y0; py < y1; py++) t.fill(colour, py * W + x0, py * W + x1);
}

/** `ceil(a / b)` for integers with `b > 0` (exact for |a| < 2⁵⁰). */
function ceilDiv(a: number, b: number): number {
  let q = Math.ceil(a / b);
  while (q * b < a) q++;
  while ((q - 1) * b >= a) q--;
  return q;
}

function ceilDivBig(a: bigint, b: bigint): bigint {
  const q = a / b; // truncates toward zero
  return q * b < a ? q + 1n : q;
}

/** Below this major extent every product in the line setup stays under 2⁵³. */
const LINE_NUMBER_LIMIT = 1 << 24;

/**
 * Draws the Bresenham line from (x0, y0) to (x1, y1), both ends included (see the module
 * definition). Only the steps whose pixel is on screen are visited.
 */
export function drawLine(
  t: Uint16Array,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  colour: number,
): void {
  assertTarget(t);
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const sx = x1 >= x0 ? 1 : -1;
  const sy = y1 >= y0 ? 1 : -1;
  if (dx >= dy) majorLine(t, x0, y0, dx, dy, sx, sy, false, colour);
  else majorLine(t, y0, x0, dy, dx, sy, sx, true, colour);
}

/**
 * A line stepping along its major axis `a` (x, or y when `swapped`): step i is at
 * `a = a0 + sa·i`, `b = b0 + sb·k(i)`, `k(i) = floor((2·i·db + da − 1) / (2·da))`, `i = 0..da`.
 */
function majorLine(
  t: Uint16Array,
  a0: number,
  b0: number,
  da: number,
  db: number,
  sa: number,
  sb: number,
  swapped: boolean,
  colour: number,
): void {
  const aSize = swapped ? H : W;
  const bSize = swapped ? W : H;
  if (da === 0) {
    const px = swapped ? b0 : a0;
    const py = swapped ? a0 : b0;
    if (px >= 0 && px < W && py >= 0 && py < H) t[py * W + px] = colour;
    return;
  }
  // Steps whose major coordinate is on screen.
  let iLo = sa > 0 ? -a0 : a0 - aSize + 1;
  let iHi = sa > 0 ? aSize - 1 - a0 : a0;
  if (iLo < 0) iLo = 0;
  if (iHi > da) iHi = da;
  if (iLo > iHi) return;
  // Minor offsets k whose coordinate is on screen.
  let kLo = sb > 0 ? -b0 : b0 - bSize + 1;
  let kHi = sb > 0 ? bSize - 1 - b0 : b0;
  if (kLo < 0) kLo = 0;
  if (kHi > db) kHi = db;
  if (kLo > kHi) return;
  let k: number;
  let r: number;
  if (da <= LINE_NUMBER_LIMIT) {
    if (db > 0) {
      // k(i) ≥ kLo ⇔ i ≥ ⌈(2·da·kLo − da + 1) / (2·db)⌉; k(i) ≤ kHi ⇔ i < (2·da·(kHi+1) − da + 1) / (2·db)
      const lo = ceilDiv(2 * da * kLo - da + 1, 2 * db);
      const hi = ceilDiv(2 * da * (kHi + 1) - da + 1, 2 * db) - 1;
      if (lo > iLo) iLo = lo;
      if (hi < iHi) iHi = hi;
      if (iLo > iHi) return;
    }
    const n = 2 * iLo * db + da - 1;
    k = Math.floor(n / (2 * da));
    r = n - k * 2 * da;
  } else {
    const bda = BigInt(da);
    const bdb = BigInt(db);
    let bLo = BigInt(iLo);
    let bHi = BigInt(iHi);
    if (db > 0) {
      const lo = ceilDivBig(2n * bda * BigInt(kLo) - bda + 1n, 2n * bdb);
      const hi = ceilDivBig(2n * bda * BigInt(kHi + 1) - bda + 1n, 2n * bdb) - 1n;
      if (lo > bLo) bLo = lo;
      if (hi < bHi) bHi = hi;
      if (bLo > bHi) return;
    }
    const n = 2n * bLo * bdb + bda - 1n;
    const bk = n / (2n * bda); // n ≥ 0 here, so truncation is floor
    k = Number(bk);
    r = Number(n - bk * 2n * bda);
    iLo = Number(bLo);
    iHi = Number(bHi);
  }
  const twoDa = 2 * da;
  const twoDb = 2 * db;
  let a = a0 + sa * iLo;
  for (let i = iLo; i <= iHi; i++) {
    const b = b0 + sb * k;
    const px = swapped ? b : a;
    const py = swapped ? a : b;
    if (px < 0 || px >= W || py < 0 || py >= H) {
      throw new Error(`gfx invariant: line step ${i} at (${px}, ${py}) is off screen`);
    }
    t[py * W + px] = colour;
    r += twoDb;
    if (r >= twoDa) {
      r -= twoDa;
      k++;
    }
    a += sa;
  }
}

/** Radii up to this use Number arithmetic for half-widths (r² + r < 2⁴⁹). */
const RADIUS_NUMBER_LIMIT = 1 << 24;

/** `floor(√(r² + r − d²))` for `0 ≤ d ≤ r`: the half-width of the disc's row at distance d. */
export function discHalfWidth(r: number, d: number): number {
  if (r <= RADIUS_NUMBER_LIMIT) {
    const n = r * r + r - d * d;
    let s = Math.floor(Math.sqrt(n));
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    return s;
  }
  const br = BigInt(r);
  const bd = BigInt(d);
  const n = br * br + br - bd * bd;
  let s = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (s * s > n) s--;
  while ((s + 1n) * (s + 1n) <= n) s++;
  return Number(s);
}

/** Visible rows of a shape spanning `cy − r .. cy + r`, as `[first, last]` (empty when first > last). */
function visibleRows(cy: number, r: number): [number, number] {
  return [Math.max(0, cy - r), Math.min(H - 1, cy + r)];
}

/** Fills the disc of radius `r ≥ 0` centred on (cx, cy) (see the module definition). */
export function drawDisc(t: Uint16Array, cx: number, cy: number, r: number, colour: number): void {
  assertTarget(t);
  if (r < 0) return;
  if (cx + r < 0 || cx - r >= W) return;
  const [first, last] = visibleRows(cy, r);
  // Half-widths shrink away from the centre row; walk them with a decision on integers when the
  // previous row's width is known, falling back to a direct root for the first visible row.
  let prevD = -1;
  let h = 0;
  for (let y = first; y <= last; y++) {
    const d = Math.abs(y - cy);
    h = rowHalfWidth(r, d, prevD, h);
    prevD = d;
    span(t, y, cx - h, cx + h, colour);
  }
}

/**
 * The half-width at distance `d`, reusing `hPrev` (the half-width at `dPrev`) when the rows are
 * neighbours: one step changes it by a small amount, found by stepping the integer decision.
 */
function rowHalfWidth(r: number, d: number, dPrev: number, hPrev: number): number {
  if (r > RADIUS_NUMBER_LIMIT || dPrev < 0 || Math.abs(d - dPrev) !== 1) {
    return discHalfWidth(r, d);
  }
  const n = r * r + r - d * d;
  let s = hPrev;
  while (s * s > n) s--;
  while ((s + 1) * (s + 1) <= n) s++;
  return s;
}

/** Draws the outline of the disc of radius `r ≥ 0` centred on (cx, cy) (module definition). */
export function drawCircle(
  t: Uint16Array,
  cx: number,
  cy: number,
  r: number,
  colour: number,
): void {
  assertTarget(t);
  if (r < 0) return;
  if (cx + r < 0 || cx - r >= W) return;
  const [first, last] = visibleRows(cy, r);
  let prevD = -1;
  let h = 0;
  for (let y = first; y <= last; y++) {
    const d = Math.abs(y - cy);
    h = rowHalfWidth(r, d, prevD, h);
    prevD = d;
    // The outward neighbour row (d + 1) is narrower; pixels past its half-width are on the edge,
    // and so are the row's own two ends.
    const outer = d + 1 <= r ? discHalfWidth(r, d + 1) : -1;
    const inner = Math.min(outer + 1, h);
    span(t, y, cx + inner, cx + h, colour);
    span(t, y, cx - h, cx - inner, colour);
  }
}
