/**
 * Seeded pseudo-random numbers: the xoshiro128** generator every actor gets as `ctx.rng`. Its
 * state words are derived on the main thread (`seed.ts`), so this file has no dependencies and
 * Workers load it cheaply.
 *
 * @example
 * ```ts
 * import { Rng } from "./rng.ts";
 * const r = new Rng([1, 2, 3, 4]);
 * r.u32(); // 11520
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";

/**
 * A xoshiro128** generator. Not cryptographic; for simulation and fault injection.
 *
 * @example
 * ```ts
 * const r = new Rng([1, 2, 3, 4]);
 * r.below(6); // 0…5
 * ```
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Starts from four state words (not all zero). */
  constructor(words: readonly number[]) {
    if (words.length !== 4 || words.every((w) => (w >>> 0) === 0)) {
      throw new ActorError("BAD_ARGUMENT", "Rng needs four state words, not all zero");
    }
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w >>> 0);
  }

  /** The next 32-bit unsigned integer. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** A float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.u32() >>> 5;
    const lo = this.u32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^32 (rejection sampling, no modulo bias). */
  below(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= 0x100000000)) {
      throw new ActorError("BAD_ARGUMENT", `below(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.u32();
      if (x < limit) return x % n;
    }
  }

  /** True with probability `p` (0 ≤ p ≤ 1). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.u32() < p * 0x100000000;
  }

  /** The current state words (to checkpoint a stream). */
  state(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
