/**
 * The Gray Paper's general natural-number encoding (a prefix varint of 1 to 9 bytes).
 *
 * @example
 * ```ts
 * import { decodeVarint, encodeVarint } from "./varint.ts";
 * const bytes = encodeVarint(300); // [0x81, 0x2c]
 * decodeVarint(bytes, 0); // { value: 300, next: 2 }
 * ```
 * @module
 */

/** Result of reading one varint. */
export interface VarintRead {
  /** The decoded value; exact up to 2^53 − 1. */
  value: number;
  /** Offset just after the varint. */
  next: number;
}

/**
 * Reads the varint at `offset`, or returns `undefined` when the bytes end first.
 * Values above 2^53 − 1 are returned as `Infinity` so a caller's bounds check rejects them.
 */
export function decodeVarint(bytes: Uint8Array, offset: number): VarintRead | undefined {
  if (offset >= bytes.length) return undefined;
  const first = bytes[offset];
  let len = 0; // number of extra bytes
  while (len < 8 && (first & (0x80 >> len)) !== 0) len++;
  if (offset + 1 + len > bytes.length) return undefined;
  if (len === 8) {
    let value = 0;
    for (let i = 7; i >= 0; i--) value = value * 256 + bytes[offset + 1 + i];
    return { value: Number.isSafeInteger(value) ? value : Infinity, next: offset + 9 };
  }
  let value = first & ((1 << (7 - len)) - 1);
  let low = 0;
  for (let i = len - 1; i >= 0; i--) low = low * 256 + bytes[offset + 1 + i];
  value = value * 2 ** (8 * len) + low;
  return { value: Number.isSafeInteger(value) ? value : Infinity, next: offset + 1 + len };
}

/** Encodes a natural number below 2^53 in the shortest Gray Paper form. */
export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`varint value must be a natural number below 2^53, got ${value}`);
  }
  for (let len = 0; len < 8; len++) {
    if (value < 2 ** (7 * (len + 1))) {
      const out = new Uint8Array(len + 1);
      let rest = value;
      for (let i = 0; i < len; i++) {
        out[1 + i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      out[0] = 256 - 2 ** (8 - len) + rest;
      return out;
    }
  }
  const out = new Uint8Array(9);
  out[0] = 255;
  let rest = value;
  for (let i = 0; i < 8; i++) {
    out[1 + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}
