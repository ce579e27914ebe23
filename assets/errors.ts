/**
 * Typed errors of the assets layer. Each carries a stable `code` a caller can branch on and a
 * message that names the field or entry at fault.
 *
 * @example
 * ```ts
 * import { PackFormatError } from "./errors.ts";
 * try {
 *   throw new PackFormatError("BAD_MAGIC", "prelude.magic: expected PMAP");
 * } catch (e) {
 *   if (e instanceof PackFormatError) console.log(e.code);
 * }
 * ```
 * @module
 */

/** Why an `assets.pa` file (or one asset inside it) was rejected. */
export type PackFormatErrorCode =
  | "PRELUDE_TRUNCATED"
  | "BAD_MAGIC"
  | "UNSUPPORTED_SCHEMA"
  | "NONZERO_FLAGS"
  | "NONZERO_RESERVED"
  | "HEADER_TOO_LARGE"
  | "HEADER_TRUNCATED"
  | "BAD_PAYLOAD_OFFSET"
  | "HEADER_NOT_UTF8"
  | "HEADER_NOT_JSON"
  | "HEADER_NOT_CANONICAL"
  | "HEADER_SCHEMA"
  | "UNKNOWN_CODEC"
  | "UNKNOWN_BANK_TYPE"
  | "BAD_METADATA"
  | "UNSORTED_ASSET_TABLE"
  | "DUPLICATE_ASSET_ID"
  | "DUPLICATE_ASSET_NAME"
  | "ENTRY_OUT_OF_RANGE"
  | "READ_FAILED"
  | "HASH_MISMATCH"
  | "DECODE_FAILED"
  | "DECODED_SIZE_MISMATCH"
  | "BAD_ASSET_DATA";

/** A malformed, hostile or corrupted `assets.pa` (or asset slice). */
export class PackFormatError extends Error {
  /** The class name, for logs. */
  override readonly name = "PackFormatError";
  /**
   * Creates the error.
   * @param code stable reason code
   * @param message what is wrong, naming the field or entry
   */
  constructor(code: PackFormatErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  /** Stable reason code. */
  readonly code: PackFormatErrorCode;
}

/** Why the packer refused its input. */
export type PackSourceErrorCode =
  | "LIST_MISSING"
  | "LIST_INVALID"
  | "SOURCE_MISSING"
  | "SOURCE_TOO_LARGE"
  | "PNG_INVALID"
  | "PNG_TOO_LARGE"
  | "PNG_BAD_DIMENSIONS"
  | "PNG_TOO_MANY_COLOURS"
  | "PNG_TOO_MANY_PALETTES"
  | "WAV_INVALID"
  | "WAV_UNSUPPORTED"
  | "BAD_OPTIONS"
  | "OUTPUT_FAILED";

/** Bad packer input: the asset list, a source file, or an option. */
export class PackSourceError extends Error {
  /** The class name, for logs. */
  override readonly name = "PackSourceError";
  /**
   * Creates the error.
   * @param code stable reason code
   * @param message what is wrong, naming the asset and file
   */
  constructor(code: PackSourceErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  /** Stable reason code. */
  readonly code: PackSourceErrorCode;
}

/** Why boot refused the `preload` list. */
export type PreloadErrorCode =
  | "PRELOAD_UNKNOWN_ASSET"
  | "PRELOAD_SLOT_CLASH"
  | "PRELOAD_SLOT_INVALID"
  | "PRELOAD_OVER_BUDGET"
  | "PRELOAD_LOAD_FAILED";

/** A `preload` entry that aborts boot. `entryIndex` is its position in `preload`. */
export class PreloadError extends Error {
  /** The class name, for logs. */
  override readonly name = "PreloadError";
  /**
   * Creates the error.
   * @param code stable reason code
   * @param entryIndex index of the offending entry in `preload`
   * @param message what is wrong, naming the entry
   */
  constructor(code: PreloadErrorCode, entryIndex: number, message: string) {
    super(message);
    this.code = code;
    this.entryIndex = entryIndex;
  }
  /** Stable reason code. */
  readonly code: PreloadErrorCode;
  /** Index of the offending entry in `preload`. */
  readonly entryIndex: number;
}

/** A misuse of the assets API by the embedder (not by a guest, not by a file). */
export class AssetsUsageError extends Error {
  /** The class name, for logs. */
  override readonly name = "AssetsUsageError";
  /**
   * Creates the error.
   * @param code stable reason code
   * @param message what is wrong
   */
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
  /** Stable reason code. */
  readonly code: string;
}
