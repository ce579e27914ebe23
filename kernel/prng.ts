/**
 * A tiny seeded PRNG for transaction generators: xorshift128+ over two 64-bit words seeded from
 * H(label ‖ u64 seed ‖ u32 stream). Same seed, label and stream → same numbers everywhere.
 * Not cryptographic; never used where a guest or a state root could observe it except through
 * the transactions it generates.
 *
 * @example
 * ```ts
 * import { SeededRng } from "./prng.ts";
 * const a = new SeededRng(1n, "ledger", 0), b = new SeededRng(1n, "ledger", 0);
 * a.below(100) === b.below(100); // true
 * ```
 * @module
 */

import { Writer } from "./bytes.ts";
import { hash } from "./hash.ts";

const MASK = (1n << 64n) - 1n;

/** Deterministic pseudo-random numbers. */
export class SeededRng {
  #a: bigint;
  #b: bigint;

  /** The stream `stream` of `label` for `seed`. */
  constructor(seed: bigint, label: string, stream = 0) {
    const h = hash(
      new Writer(64).raw(new TextEncoder().encode(label)).u64(BigInt.asUintN(64, seed)).u32(
        stream >>> 0,
      ).finish(),
    );
    const v = new DataView(h.buffer);
    this.#a = v.getBigUint64(0, true) | 1n;
    this.#b = v.getBigUint64(8, true);
  }

  /** The next 64-bit value. */
  u64(): bigint {
    let x = this.#a;
    const y = this.#b;
    this.#a = y;
    x ^= (x << 23n) & MASK;
    x ^= x >> 17n;
    x ^= y ^ (y >> 26n);
    this.#b = x;
    return (x + y) & MASK;
  }

  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^32. */
  below(n: number): number {
    return Number((this.u64() >> 11n) % BigInt(n));
  }

  /** A uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }
}
