/**
 * The error a graphics call throws when an argument is outside its domain (the guest called
 * wrong): the syscall layer turns it into a Trap. Operational failures are statuses instead.
 *
 * @example
 * ```ts
 * import { GfxArgumentError } from "./errors.ts";
 * const e = new GfxArgumentError("colour", 70000, "an integer 0..65535");
 * e.code; // "BAD_ARGUMENT"
 * ```
 * @module
 */

/** A graphics argument outside its documented domain. */
export class GfxArgumentError extends Error {
  /** Stable code. */
  readonly code = "BAD_ARGUMENT";
  /** The argument's name. */
  readonly argument: string;

  /** `what` is the argument name, `value` what was passed, `expected` its domain in words. */
  constructor(what: string, value: unknown, expected: string) {
    super(`gfx: ${what} must be ${expected}, got ${String(value)}`);
    this.name = "GfxArgumentError";
    this.argument = what;
  }
}

/** Throws unless `v` is an integer in `[min, max]`; returns it. */
export function checkInt(what: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new GfxArgumentError(what, v, `an integer ${min}..${max}`);
  }
  return v;
}

/** Throws unless `v` is a boolean or 0 / 1; returns it as a boolean. */
export function checkFlag(what: string, v: boolean | number): boolean {
  if (v === true || v === 1) return true;
  if (v === false || v === 0) return false;
  throw new GfxArgumentError(what, v, "0 or 1");
}
