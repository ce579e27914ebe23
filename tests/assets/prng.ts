/**
 * A seeded PRNG for tests (splitmix32): same seed, same sequence, on every machine.
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * const r = new Prng(42);
 * r.int(10); // 0..9
 * ```
 * @module
 */

/** splitmix32: 32-bit state, full period, good enough for fuzzing and test data. */
export class Prng {
  #state: number;
  /** @param seed any 32-bit integer */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** Next unsigned 32-bit value. */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform-ish integer in 0..n-1 (n ≥ 1). */
  int(n: number): number {
    return this.next() % n;
  }
  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** `n` pseudo-random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
