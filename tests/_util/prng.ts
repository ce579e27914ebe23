/**
 * A small seeded PRNG for tests (SplitMix32): same seed, same sequence, on every machine.
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * const rng = new Prng(42);
 * rng.int(10); // 0…9
 * ```
 * @module
 */

/** Deterministic pseudo-random numbers from a 32-bit seed. */
export class Prng {
  #state: number;

  /** Starts the sequence for `seed`. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Next 32-bit unsigned value. */
  u32(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** A random 64-bit value, biased toward edge cases (0, ±1, extremes, small, 32-bit). */
  u64(): bigint {
    switch (this.int(8)) {
      case 0:
        return [0n, 1n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn, 1n << 32n][
          this.int(7)
        ];
      case 1:
        return BigInt(this.int(256));
      case 2:
        return BigInt.asUintN(64, -BigInt(this.int(256)));
      case 3:
        return BigInt(this.u32());
      case 4:
        return BigInt.asUintN(64, BigInt(this.u32() | 0));
      default:
        return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
    }
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A random element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}
