/**
 * The error an audio call throws when an argument is outside its domain (the guest called
 * wrong): the syscall layer turns it into a Trap. Operational failures are statuses instead.
 *
 * @example
 * ```ts
 * import { AudioArgumentError } from "./errors.ts";
 * new AudioArgumentError("volume", 300, "an integer 0..255").code; // "BAD_ARGUMENT"
 * ```
 * @module
 */

/** An audio argument outside its documented domain. */
export class AudioArgumentError extends Error {
  /** Stable code. */
  readonly code = "BAD_ARGUMENT";
  /** The argument's name. */
  readonly argument: string;

  /** `what` is the argument name, `value` what was passed, `expected` its domain in words. */
  constructor(what: string, value: unknown, expected: string) {
    super(`audio: ${what} must be ${expected}, got ${String(value)}`);
    this.name = "AudioArgumentError";
    this.argument = what;
  }
}

/** Throws unless `v` is an integer in `[min, max]`; returns it. */
export function checkAudioInt(what: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new AudioArgumentError(what, v, `an integer ${min}..${max}`);
  }
  return v;
}
