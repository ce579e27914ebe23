/**
 * Seeded pseudo-random numbers: xoshiro128** streams, each derived from the one run seed and a
 * label (an actor's name and incarnation, or "$faults" for the scheduler's own choices) with
 * blake2b. Same seed and label, same numbers, on any thread.
 *
 * @example
 * ```ts
 * import { deriveRng } from "./rng.ts";
 * const a = deriveRng(42n, "cart-0", 0);
 * const b = deriveRng(42n, "cart-0", 0);
 * a.u32() === b.u32(); // true
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ActorError } from "./errors.ts";

const LABEL = new TextEncoder().encode("pvm-actors/rng/v1");

/** Checks a run seed: a non-negative integer below 2^64. */
export function checkSeed(seed: bigint | number): bigint {
  const s = typeof seed === "number" ? BigInt(seed) : seed;
  if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
    throw new ActorError("BAD_ARGUMENT", `seed must be an integer, got ${seed}`);
  }
  if (s < 0n || s >= 1n << 64n) {
    throw new ActorError("BAD_ARGUMENT", `seed must be in [0, 2^64), got ${s}`);
  }
  return s;
}

/**
 * The four 32-bit state words of the stream for (`seed`, `label`, `n`).
 *
 * @example
 * ```ts
 * deriveSeedWords(1n, "$faults", 0).length; // 4
 * ```
 */
export function deriveSeedWords(seed: bigint, label: string, n: number): number[] {
  const name = new TextEncoder().encode(label);
  const msg = new Uint8Array(LABEL.length + 8 + 4 + name.length);
  const view = new DataView(msg.buffer);
  msg.set(LABEL, 0);
  view.setBigUint64(LABEL.length, checkSeed(seed), true);
  view.setUint32(LABEL.length + 8, n >>> 0, true);
  msg.set(name, LABEL.length + 12);
  const h = blake2b(msg, { dkLen: 16 });
  const hv = new DataView(h.buffer, h.byteOffset, 16);
  const words: number[] = [0, 1, 2, 3].map((i) => hv.getUint32(i * 4, true));
  if (!words.some((w) => w !== 0)) words[0] = 1; // xoshiro's one forbidden state
  return words;
}

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

/**
 * The stream for (`seed`, `label`, `n`).
 *
 * @example
 * ```ts
 * deriveRng(7n, "node-1", 2).float();
 * ```
 */
export function deriveRng(seed: bigint | number, label: string, n: number): Rng {
  return new Rng(deriveSeedWords(checkSeed(seed), label, n));
}
