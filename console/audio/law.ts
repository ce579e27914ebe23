/**
 * The exact arithmetic of a voice: pan law, gain and resampling step. Everything is integer, so
 * mixed output is bit-exact on every host.
 *
 * - Pan law ("balance", linear): `weightL = min(255, 2·(255 − pan))`,
 *   `weightR = min(255, 2·pan)`. Pan 0 is hard left (R silent), 255 hard right, and near the
 *   middle (127, 128) both sides are at (almost) full weight.
 * - Gain per side: `volume × weight` (0..65,025); the mix divides by 65,025 (255²).
 * - Step: how far the voice's 16.16 position moves per output frame,
 *   `max(1, floor(sampleRate × pitch × 256 / 48,000))` — i.e. `sampleRate / 48,000 × pitch/256`
 *   in 16.16, rounded down (a sample at the output rate and pitch 256 steps exactly 1.0).
 *
 * @example
 * ```ts
 * import { panWeights, rateStep } from "./law.ts";
 * panWeights(0); // [255, 0]
 * rateStep(24_000, 256); // 32768 (half a frame per output frame)
 * ```
 * @module
 */

import { OUTPUT_RATE } from "./constants.ts";

/** `[left, right]` weights 0..255 for `pan` 0..255. */
export function panWeights(pan: number): [number, number] {
  return [Math.min(255, 2 * (255 - pan)), Math.min(255, 2 * pan)];
}

/** The 16.16 position step per output frame for a sample rate and an 8.8 pitch. */
export function rateStep(sampleRate: number, pitch: number): number {
  return Math.max(1, Math.floor((sampleRate * pitch * 256) / OUTPUT_RATE));
}
