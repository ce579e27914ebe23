/**
 * The fixed numbers of the console's sound chip.
 *
 * @example
 * ```ts
 * import { FRAMES_PER_TICK, OUTPUT_RATE } from "./constants.ts";
 * OUTPUT_RATE / FRAMES_PER_TICK; // 60 ticks per second
 * ```
 * @module
 */

/** Output sample rate in Hz. */
export const OUTPUT_RATE = 48_000;
/** Output channels (interleaved left, right). */
export const CHANNELS = 2;
/** Stereo frames mixed per 60 Hz console frame (48,000 / 60). */
export const FRAMES_PER_TICK = 800;
/** Int16 values in one mixed console frame (`FRAMES_PER_TICK × CHANNELS`). */
export const SAMPLES_PER_TICK = FRAMES_PER_TICK * CHANNELS;
/** Number of voices. */
export const VOICE_COUNT = 16;
/** Voice argument of `play` meaning "any voice" (free first, else per the steal policy). */
export const ANY_VOICE = 0xff;

/**
 * Pitch is an unsigned 8.8 fixed-point rate multiplier: `PITCH_ONE` (256) plays a sample at its
 * own rate, 512 an octave up, 128 an octave down. Valid pitches are `PITCH_MIN..PITCH_MAX`.
 */
export const PITCH_ONE = 256;
/** Smallest pitch (1/256 of the sample's rate). */
export const PITCH_MIN = 1;
/** Largest pitch (just under 256×). */
export const PITCH_MAX = 0xffff;
/** Largest volume, pan and priority. */
export const BYTE_MAX = 255;

/** Fraction bits of a voice's position and step (16.16 fixed point, in source frames). */
export const POSITION_FRACTION_BITS = 16;
/** Divisor that turns the sum of `sample × volume × panWeight` into output units (255 × 255). */
export const GAIN_DIVISOR = 255 * 255;
