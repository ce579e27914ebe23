/**
 * Typed errors of the VM layer. Each has a stable `code` a caller can branch on and a message a
 * user can act on.
 *
 * @example
 * ```ts
 * import { ProgramDecodeError } from "./errors.ts";
 * try {
 *   throw new ProgramDecodeError("TRUNCATED", "code ends early", 3);
 * } catch (e) {
 *   if (e instanceof ProgramDecodeError) console.log(e.code, e.offset);
 * }
 * ```
 * @module
 */

/** Why a program blob was rejected. */
export type ProgramDecodeErrorCode =
  | "TRUNCATED"
  | "TRAILING_BYTES"
  | "BAD_VARINT"
  | "BAD_ENTRY_SIZE"
  | "BITMASK_PADDING"
  | "TOO_LARGE"
  | "BAD_LAYOUT"
  | "BAD_ARGUMENTS";

/** A program blob that does not decode. Never thrown for a blob that decodes. */
export class ProgramDecodeError extends Error {
  override readonly name = "ProgramDecodeError";
  /**
   * @param code stable reason code
   * @param message what is wrong, for a user
   * @param offset byte offset in the blob where the problem was found, when there is one
   */
  constructor(
    readonly code: ProgramDecodeErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

/** A misuse of the VM API by the embedder (not by the guest). */
export class VmUsageError extends Error {
  override readonly name = "VmUsageError";
  /** @param code stable reason code @param message what is wrong */
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
