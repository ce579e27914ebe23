/**
 * Seed derivation: every random stream of a run comes from the one run seed and a label (an
 * actor's name and incarnation, or "$faults" for the scheduler's own choices), through blake2b.
 * Same seed and label, same numbers, on any thread.
 *
 * @example
 * ```ts
 * import { deriveRng } from "./seed.ts";
 * const a = deriveRng(42n, "cart-0", 0);
 * const b = deriveRng(42n, "cart-0", 0);
 * a.u32() === b.u32(); // true
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ActorError } from "./errors.ts";
import { Rng } from "./rng.ts";

const LABEL = new TextEncoder().encode("pvm-actors/rng/v1");

/** Checks a run seed: a non-negative integer below 2^64. */
export function checkSeed(seed: bigint | number): bigint {
  if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
    throw new ActorError("BAD_ARGUMENT", `seed must be an integer, got ${seed}`);
  }
  if (typeof seed !== "number" && typeof seed !== "bigint") {
    throw new ActorError("BAD_ARGUMENT", `seed must be a bigint or an integer`);
  }
  const s = typeof seed === "number" ? BigInt(seed) : seed;
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
