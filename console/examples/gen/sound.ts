/**
 * Integer-only sound synthesis for the demo assets: notes as phase accumulators (square,
 * triangle), a seeded noise source and linear envelopes, written as 16-bit mono WAV files.
 *
 * @example
 * ```ts
 * import { render, square, wav16 } from "./sound.ts";
 * const beep = wav16(22_050, render(2205, (i) => square(i, 880, 22_050, 8000)));
 * ```
 * @module
 */

import { encodeWav } from "../../../assets/packer/wav.ts";

/** Phase (0…65535) of a `hz` tone at sample `i`. */
export function phase(i: number, hz: number, rate: number): number {
  return Math.floor((i * hz * 65536) / rate) & 0xffff;
}

/** A square wave of amplitude `amp`. */
export function square(i: number, hz: number, rate: number, amp: number): number {
  return phase(i, hz, rate) < 32768 ? amp : -amp;
}

/** A triangle wave of amplitude `amp`. */
export function triangle(i: number, hz: number, rate: number, amp: number): number {
  const p = phase(i, hz, rate);
  const up = p < 32768 ? p : 65535 - p; // 0…32767
  return Math.floor((up * 2 * amp) / 32767) - amp;
}

/** A linear fade from full at `i = 0` to 0 at `i = n` (as a numerator over `n`). */
export function fade(v: number, i: number, n: number): number {
  return Math.trunc((v * (n - i)) / n);
}

/** A deterministic noise generator (32-bit LCG), values in −amp…amp. */
export function noise(seed: number): (amp: number) => number {
  let s = seed >>> 0;
  return (amp) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor(((s >>> 16) * 2 * amp) / 65535) - amp;
  };
}

/** `n` samples of `f(i)`, clamped to i16. */
export function render(n: number, f: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => Math.max(-32768, Math.min(32767, Math.trunc(f(i)))));
}

/** A 16-bit mono WAV file. */
export function wav16(rate: number, samples: readonly number[]): Uint8Array {
  return encodeWav(rate, 1, 16, samples);
}

/** Hz of MIDI note `n` (integer approximation: 440·2^((n−69)/12), rounded). */
export function noteHz(n: number): number {
  // Equal temperament from a table of the 12 semitone ratios ×10,000 (no Math.pow at runtime).
  const RATIO = [
    10000,
    10595,
    11225,
    11892,
    12599,
    13348,
    14142,
    14983,
    15874,
    16818,
    17818,
    18877,
  ];
  const k = n - 57; // A3 = 220 Hz
  const octave = Math.floor(k / 12);
  const semi = k - octave * 12;
  const base = octave >= 0 ? 220 << octave : 220 >> -octave;
  return Math.round((base * RATIO[semi]) / 10000);
}
