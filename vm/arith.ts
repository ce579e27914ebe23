/**
 * 64-bit integer helpers over 32-bit halves, for the interpreter. Registers are kept as two
 * Int32Arrays (`lo`, `hi`); each helper reads its inputs as halves and writes the result
 * straight into register `d`, so nothing is allocated on the common paths.
 *
 * @example
 * ```ts
 * import { mulhu32 } from "./arith.ts";
 * mulhu32(0xffffffff, 0xffffffff); // -2 (0xfffffffe as a signed 32-bit value)
 * ```
 * @module
 */

/** High 32 bits of the unsigned 64-bit product of two 32-bit values (as int32). */
export function mulhu32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Number of set bits in a 32-bit value. */
export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Trailing zero bits of a 32-bit value (32 for 0). */
export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Byte-reverses a 32-bit value. */
export function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** Unsigned 64-bit a < b. */
export function ltu64(al: number, ah: number, bl: number, bh: number): boolean {
  return (ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) < (bl >>> 0));
}

/** Signed 64-bit a < b. */
export function lts64(al: number, ah: number, bl: number, bh: number): boolean {
  return ah < bh || (ah === bh && (al >>> 0) < (bl >>> 0));
}

/** r[d] = a << (s mod 64). */
export function shl64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  al: number,
  ah: number,
  s: number,
): void {
  s &= 63;
  if (s === 0) {
    lo[d] = al;
    hi[d] = ah;
  } else if (s < 32) {
    hi[d] = (ah << s) | (al >>> (32 - s));
    lo[d] = al << s;
  } else {
    hi[d] = al << (s - 32);
    lo[d] = 0;
  }
}

/** r[d] = a >>> (s mod 64) (logical). */
export function shr64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  al: number,
  ah: number,
  s: number,
): void {
  s &= 63;
  if (s === 0) {
    lo[d] = al;
    hi[d] = ah;
  } else if (s < 32) {
    lo[d] = (al >>> s) | (ah << (32 - s));
    hi[d] = ah >>> s;
  } else {
    lo[d] = ah >>> (s - 32);
    hi[d] = 0;
  }
}

/** r[d] = a >> (s mod 64) (arithmetic). */
export function sar64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  al: number,
  ah: number,
  s: number,
): void {
  s &= 63;
  if (s === 0) {
    lo[d] = al;
    hi[d] = ah;
  } else if (s < 32) {
    lo[d] = (al >>> s) | (ah << (32 - s));
    hi[d] = ah >> s;
  } else {
    lo[d] = ah >> (s - 32);
    hi[d] = ah >> 31;
  }
}

/** r[d] = rotate a right by (s mod 64). */
export function rotr64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  al: number,
  ah: number,
  s: number,
): void {
  s &= 63;
  if (s === 0) {
    lo[d] = al;
    hi[d] = ah;
  } else if (s === 32) {
    lo[d] = ah;
    hi[d] = al;
  } else if (s < 32) {
    lo[d] = (al >>> s) | (ah << (32 - s));
    hi[d] = (ah >>> s) | (al << (32 - s));
  } else {
    const t = s - 32;
    lo[d] = (ah >>> t) | (al << (32 - t));
    hi[d] = (al >>> t) | (ah << (32 - t));
  }
}

/** Rotates a 32-bit value right by (s mod 32), as int32. */
export function rotr32(x: number, s: number): number {
  s &= 31;
  return s === 0 ? x | 0 : (x >>> s) | (x << (32 - s));
}

/** r[d] = a * b (low 64 bits). */
export function mul64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  al: number,
  ah: number,
  bl: number,
  bh: number,
): void {
  const h = (mulhu32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  lo[d] = Math.imul(al, bl);
  hi[d] = h;
}

const M64 = (1n << 64n) - 1n;

function toU64(l: number, h: number): bigint {
  return (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);
}

function toI64(l: number, h: number): bigint {
  return BigInt.asIntN(64, toU64(l, h));
}

function put(lo: Int32Array, hi: Int32Array, d: number, v: bigint): void {
  const u = v & M64;
  lo[d] = Number(u & 0xffffffffn) | 0;
  hi[d] = Number(u >> 32n) | 0;
}

/**
 * 64-bit division and remainder with the PVM's edge cases: division by zero gives 2^64 − 1
 * (quotient) or the dividend (remainder); signed overflow gives the dividend (quotient) or 0
 * (remainder). `kind`: 0 div_u, 1 div_s, 2 rem_u, 3 rem_s.
 */
export function divrem64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  kind: number,
  al: number,
  ah: number,
  bl: number,
  bh: number,
): void {
  if (bl === 0 && bh === 0) {
    if (kind < 2) {
      lo[d] = -1;
      hi[d] = -1;
    } else {
      lo[d] = al;
      hi[d] = ah;
    }
    return;
  }
  if (kind === 0 || kind === 2) {
    if (ah === 0 && bh === 0) {
      const a = al >>> 0, b = bl >>> 0;
      lo[d] = kind === 0 ? Math.floor(a / b) | 0 : (a % b) | 0;
      hi[d] = 0;
      return;
    }
    const a = toU64(al, ah), b = toU64(bl, bh);
    put(lo, hi, d, kind === 0 ? a / b : a % b);
    return;
  }
  // Signed: overflow case MIN / -1.
  if (al === 0 && ah === -2147483648 && bl === -1 && bh === -1) {
    if (kind === 1) {
      lo[d] = al;
      hi[d] = ah;
    } else {
      lo[d] = 0;
      hi[d] = 0;
    }
    return;
  }
  const a = toI64(al, ah), b = toI64(bl, bh);
  put(lo, hi, d, kind === 1 ? a / b : a % b);
}

/**
 * High 64 bits of the 128-bit product. `kind`: 0 signed × signed, 1 unsigned × unsigned,
 * 2 signed × unsigned.
 */
export function mulUpper64(
  lo: Int32Array,
  hi: Int32Array,
  d: number,
  kind: number,
  al: number,
  ah: number,
  bl: number,
  bh: number,
): void {
  const a = kind === 1 ? toU64(al, ah) : toI64(al, ah);
  const b = kind === 0 ? toI64(bl, bh) : toU64(bl, bh);
  put(lo, hi, d, (a * b) >> 64n);
}
