/**
 * The fixed 32-byte binary prelude of `assets.pa` v1 (all integers little-endian):
 *
 * | offset | width | field            | value                                  |
 * |-------:|------:|------------------|----------------------------------------|
 * |      0 |     4 | `magic`          | ASCII `PMAP` (`50 4D 41 50`)           |
 * |      4 |     4 | `schema_version` | u32, 1                                 |
 * |      8 |     4 | `header_len`     | u32, bytes of JSON header              |
 * |     12 |     4 | `flags`          | u32, 0                                 |
 * |     16 |     8 | `payload_offset` | u64, `32 + header_len` in v1           |
 * |     24 |     8 | `reserved`       | u64, 0                                 |
 *
 * @example
 * ```ts
 * import { decodePrelude, encodePrelude } from "./prelude.ts";
 * const bytes = encodePrelude(10);
 * decodePrelude(bytes).payload_offset; // 42
 * ```
 * @module
 */

import { PackFormatError } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import type { Prelude } from "./types.ts";

/** The four magic bytes, ASCII "PMAP". */
export const MAGIC: Uint8Array = new Uint8Array([0x50, 0x4d, 0x41, 0x50]);
/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = 1;
/** Prelude length in bytes. */
export const PRELUDE_SIZE: number = LIMITS.preludeSize;

/** Encodes the prelude for a header of `headerLen` bytes (payload right after the header). */
export function encodePrelude(headerLen: number): Uint8Array {
  if (!Number.isInteger(headerLen) || headerLen < 0 || headerLen > LIMITS.maxHeaderLen) {
    throw new PackFormatError("HEADER_TOO_LARGE", `header_len ${headerLen} is out of range`);
  }
  const bytes = new Uint8Array(PRELUDE_SIZE);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, SCHEMA_VERSION, true);
  view.setUint32(8, headerLen, true);
  view.setUint32(12, 0, true);
  view.setBigUint64(16, BigInt(PRELUDE_SIZE + headerLen), true);
  view.setBigUint64(24, 0n, true);
  return bytes;
}

/**
 * Decodes and validates a prelude. `fileSize` is the real size of the file: the header must fit
 * inside it, so a lying `header_len` is rejected before anything is allocated for it.
 */
export function decodePrelude(bytes: Uint8Array, fileSize = Number.MAX_SAFE_INTEGER): Prelude {
  if (bytes.length < PRELUDE_SIZE || fileSize < PRELUDE_SIZE) {
    throw new PackFormatError(
      "PRELUDE_TRUNCATED",
      `prelude: need ${PRELUDE_SIZE} bytes, file has ${Math.min(bytes.length, fileSize)}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, PRELUDE_SIZE);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new PackFormatError(
        "BAD_MAGIC",
        "prelude.magic: not an assets.pa file (expected PMAP)",
      );
    }
  }
  const schema_version = view.getUint32(4, true);
  if (schema_version !== SCHEMA_VERSION) {
    throw new PackFormatError(
      "UNSUPPORTED_SCHEMA",
      `prelude.schema_version: ${schema_version} is not supported (this reader knows ${SCHEMA_VERSION})`,
    );
  }
  const header_len = view.getUint32(8, true);
  const flags = view.getUint32(12, true);
  if (flags !== 0) {
    throw new PackFormatError("NONZERO_FLAGS", `prelude.flags: must be 0 in v1, got ${flags}`);
  }
  const reserved = view.getBigUint64(24, true);
  if (reserved !== 0n) {
    throw new PackFormatError("NONZERO_RESERVED", `prelude.reserved: must be 0, got ${reserved}`);
  }
  if (header_len < 2 || header_len > LIMITS.maxHeaderLen) {
    throw new PackFormatError(
      "HEADER_TOO_LARGE",
      `prelude.header_len: ${header_len} is outside 2..${LIMITS.maxHeaderLen}`,
    );
  }
  if (PRELUDE_SIZE + header_len > fileSize) {
    throw new PackFormatError(
      "HEADER_TRUNCATED",
      `prelude.header_len: ${header_len} runs past the end of the file (${fileSize} bytes)`,
    );
  }
  const rawOffset = view.getBigUint64(16, true);
  if (rawOffset !== BigInt(PRELUDE_SIZE + header_len)) {
    throw new PackFormatError(
      "BAD_PAYLOAD_OFFSET",
      `prelude.payload_offset: ${rawOffset} must be ${
        PRELUDE_SIZE + header_len
      } (32 + header_len) in v1`,
    );
  }
  return { schema_version, header_len, payload_offset: Number(rawOffset), flags, reserved: 0 };
}
