/**
 * The `code` of the typed error a call throws, for tests that check rejections by code.
 *
 * @example
 * ```ts
 * import { errorCode } from "./error_code.ts";
 * class E extends Error { code = "BAD"; }
 * errorCode(() => { throw new E(); }, E); // "BAD"
 * errorCode(() => 1, E); // "none"
 * ```
 * @module
 */

// deno-lint-ignore no-explicit-any
type ErrorClass = abstract new (...args: any[]) => Error & { code: string };

/** Runs `f`: the thrown error's code when it is a `type`, "none" when nothing is thrown; any other error is rethrown. */
export function errorCode(f: () => unknown, type: ErrorClass): string {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e.code;
    throw e;
  }
  return "none";
}
