/**
 * Explicit limits of the `assets.pa` format, the reader and the packer. Every length a file can
 * claim is checked against one of these (and against the real file size) before anything is
 * allocated for it.
 *
 * @example
 * ```ts
 * import { LIMITS } from "./limits.ts";
 * const fits = 1024 <= LIMITS.maxHeaderLen;
 * ```
 * @module
 */

/** The numeric limits of format v1. */
export const LIMITS = {
  /** Size of the fixed binary prelude in bytes. */
  preludeSize: 32,
  /** Largest JSON header accepted (bytes). */
  maxHeaderLen: 8 * 1024 * 1024,
  /** Most entries in `asset_table`. */
  maxAssets: 16_384,
  /** Most entries in `preload`. */
  maxPreload: 1024,
  /** Largest stored (`size`) or decoded (`decoded_size`) asset, in bytes. */
  maxAssetBytes: 256 * 1024 * 1024,
  /** Longest `asset_name`, in UTF-16 code units (names are restricted to printable ASCII). */
  maxNameLength: 128,
  /** Deepest nesting inside `metadata.pipeline`. */
  maxMetadataDepth: 4,
  /** Most keys in one metadata object. */
  maxMetadataKeys: 64,
  /** Most pixels in one tile sheet (a 256 × 256 sheet). */
  maxSheetPixels: 256 * 256,
  /** Most palettes in one tile sheet. */
  maxPalettes: 64,
  /** Largest sample rate of a SOUNDS asset, in Hz. */
  maxSampleRate: 192_000,
  /** Largest source file the packer reads (PNG or WAV), in bytes. */
  maxSourceBytes: 256 * 1024 * 1024,
  /** Most entries in a packer asset list. */
  maxListEntries: 16_384,
} as const;
