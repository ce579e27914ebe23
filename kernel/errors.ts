/**
 * Typed errors of the kernel layer. Every error has a stable `code` a caller can branch on and a
 * message a user can act on. Guests never see these: a guest's misuse is a result code in φ7 or
 * a trap (see `ABI.md`); these are for embedders handing the kernel bad bytes or bad options.
 *
 * @example
 * ```ts
 * import { KernelError } from "./errors.ts";
 * try {
 *   throw new KernelError("TRUNCATED", "block ends inside the event list");
 * } catch (e) {
 *   if (e instanceof KernelError) console.log(e.code); // "TRUNCATED"
 * }
 * ```
 * @module
 */

/** Why the kernel refused an input. */
export type KernelErrorCode =
  // byte decoding (σ, blocks, images, objects, transactions)
  | "TRUNCATED"
  | "TRAILING_BYTES"
  | "BAD_MAGIC"
  | "BAD_VERSION"
  | "BAD_TAG"
  | "BAD_VALUE"
  | "NOT_CANONICAL"
  | "LIMIT"
  | "HASH_MISMATCH"
  | "MISSING_OBJECT"
  | "REFCOUNT_MISMATCH"
  // images
  | "BAD_IMAGE"
  // genesis and options
  | "BAD_OPTIONS"
  | "BAD_CHAIN_IMAGE"
  // blocks
  | "BAD_PARENT"
  | "BAD_SLOT"
  | "BAD_AUTHOR"
  | "BAD_SIGNATURE"
  // a broken runtime invariant (a kernel bug, never a guest's doing)
  | "INVARIANT";

/** An input the kernel refused, or (code INVARIANT) a kernel bug. */
export class KernelError extends Error {
  override readonly name = "KernelError";
  /** @param code stable reason code @param message what is wrong, for a user */
  constructor(readonly code: KernelErrorCode, message: string) {
    super(message);
  }
}

/**
 * Asserts a kernel invariant; a failure is a kernel bug and throws `KernelError("INVARIANT")`.
 *
 * @example
 * ```ts
 * invariant(1 + 1 === 2, "arithmetic");
 * ```
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new KernelError("INVARIANT", `kernel invariant broken: ${message}`);
}
