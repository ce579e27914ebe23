/**
 * The body codec: msgpack (`msgpack.ts`) with sorted keys, so the same value always gives the
 * same bytes, plus two extension types and guards against silent changes:
 *
 * - ext 1, BigInt of any sign up to {@link MAX_BIGINT_BITS} bits: sign byte + big-endian
 *   magnitude. Plain msgpack would wrap 2^64 to 0 without a word; here u64 extremes,
 *   i64 extremes and wider values come back exactly, and wider than the limit is
 *   `BIGINT_TOO_LARGE`.
 * - ext 2, attachment: a `Uint8Array` of at least {@link ATTACH_THRESHOLD} bytes is carried out
 *   of band (its buffer is transferred between threads, not copied) and the body holds its index.
 * - Map, Set, Date, class instances and typed arrays other than `Uint8Array` are
 *   `UNSUPPORTED_VALUE` (msgpack would turn them into plain objects or bytes); functions,
 *   symbols and nesting deeper than 64 (or cycles) too. `undefined` becomes `null`, and `-0`
 *   becomes `0`, as in msgpack.
 *
 * @example
 * ```ts
 * import { decodeBody, encodeBody } from "./codec.ts";
 * const bytes = encodeBody({ max: 2n ** 64n - 1n, min: -(2n ** 63n) });
 * decodeBody(bytes); // { max: 18446744073709551615n, min: -9223372036854775808n }
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";
import { type DecodeHooks, decodeMsgpack, type EncodeHooks, encodeMsgpack } from "./msgpack.ts";

/** Extension type of a BigInt. */
export const EXT_BIGINT = 1;
/** Extension type of an out-of-band attachment. */
export const EXT_ATTACHMENT = 2;
/** Widest BigInt the codec carries, in bits of magnitude. */
export const MAX_BIGINT_BITS = 4096;
/** `Uint8Array`s at least this large travel as attachments (transferred, not copied). */
export const ATTACH_THRESHOLD = 64 * 1024;
/** Largest encoded body (attachments not counted). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Most attachments one body may carry. */
export const MAX_ATTACHMENTS = 256;
/** Largest single attachment. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024;

let outOfBand: Uint8Array[] | null = null;
let inbound: readonly Uint8Array[] | null = null;

function encodeBigInt(value: bigint): Uint8Array {
  const negative = value < 0n;
  let mag = negative ? -value : value;
  const bytes: number[] = [];
  while (mag > 0n) {
    bytes.push(Number(mag & 0xffn));
    mag >>= 8n;
    if (bytes.length * 8 > MAX_BIGINT_BITS) {
      throw new ActorError(
        "BIGINT_TOO_LARGE",
        `a BigInt wider than ${MAX_BIGINT_BITS} bits cannot be sent; split it or send a string`,
      );
    }
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = negative ? 1 : 0;
  for (let i = 0; i < bytes.length; i++) out[1 + i] = bytes[bytes.length - 1 - i];
  return out;
}

function decodeBigInt(data: Uint8Array): bigint {
  if (data.length === 0 || data[0] > 1) {
    throw new ActorError("MALFORMED_MESSAGE", "bad BigInt sign");
  }
  if (data.length > 1 && data[1] === 0) {
    throw new ActorError("MALFORMED_MESSAGE", "non-canonical BigInt (leading zero byte)");
  }
  if (data.length === 1 && data[0] === 1) {
    throw new ActorError("MALFORMED_MESSAGE", "negative zero");
  }
  if ((data.length - 1) * 8 > MAX_BIGINT_BITS) {
    throw new ActorError("BIGINT_TOO_LARGE", `BigInt wider than ${MAX_BIGINT_BITS} bits`);
  }
  let v = 0n;
  for (let i = 1; i < data.length; i++) v = (v << 8n) | BigInt(data[i]);
  return data[0] === 1 ? -v : v;
}

function unsupported(what: string): never {
  throw new ActorError(
    "UNSUPPORTED_VALUE",
    `${what} cannot be sent: msgpack would change it silently (use plain objects, arrays, Uint8Array)`,
  );
}

function attachmentIndex(i: number): Uint8Array {
  const idx = new Uint8Array(4);
  new DataView(idx.buffer).setUint32(0, i);
  return idx;
}

const encodeHooks: EncodeHooks = {
  ext(input: unknown): [number, Uint8Array] | null {
    if (typeof input === "bigint") return [EXT_BIGINT, encodeBigInt(input)];
    if (input instanceof Uint8Array) {
      if (outOfBand === null || input.length < ATTACH_THRESHOLD) return null;
      if (input.length > MAX_ATTACHMENT_BYTES) {
        throw new ActorError(
          "PAYLOAD_TOO_LARGE",
          `attachment of ${input.length} bytes exceeds ${MAX_ATTACHMENT_BYTES}`,
        );
      }
      if (outOfBand.length >= MAX_ATTACHMENTS) {
        throw new ActorError("PAYLOAD_TOO_LARGE", `more than ${MAX_ATTACHMENTS} attachments`);
      }
      outOfBand.push(input);
      return [EXT_ATTACHMENT, attachmentIndex(outOfBand.length - 1)];
    }
    if (typeof input === "function" || typeof input === "symbol") unsupported(`a ${typeof input}`);
    if (input instanceof Map) unsupported("a Map");
    if (input instanceof Set) unsupported("a Set");
    if (input instanceof Date) unsupported("a Date (send a number; time is ctx.time)");
    if (ArrayBuffer.isView(input)) unsupported(`a ${input.constructor.name}`);
    if (input instanceof ArrayBuffer) unsupported("an ArrayBuffer (wrap it in a Uint8Array)");
    return unsupported(`an instance of ${(input as object)?.constructor?.name ?? "a class"}`);
  },
};

const decodeHooks: DecodeHooks = {
  ext(type: number, data: Uint8Array): unknown {
    if (type === EXT_BIGINT) return decodeBigInt(data);
    if (type === EXT_ATTACHMENT) {
      if (data.length !== 4) throw new ActorError("MALFORMED_MESSAGE", "bad attachment reference");
      const i = new DataView(data.buffer, data.byteOffset, 4).getUint32(0);
      if (inbound === null || i >= inbound.length) {
        throw new ActorError("MALFORMED_MESSAGE", `attachment ${i} is missing`);
      }
      return inbound[i];
    }
    throw new ActorError("MALFORMED_MESSAGE", `unknown extension type ${type}`);
  },
};

/**
 * Encodes `value` to canonical msgpack bytes. When `attachments` is given, large `Uint8Array`s
 * are appended to it and referenced by index instead of being copied into the bytes.
 *
 * @example
 * ```ts
 * const atts: Uint8Array[] = [];
 * const bytes = encodeBody({ tile: new Uint8Array(1 << 20) }, atts); // atts.length === 1
 * ```
 */
export function encodeBody(value: unknown, attachments: Uint8Array[] | null = null): Uint8Array {
  outOfBand = attachments;
  let bytes: Uint8Array;
  try {
    bytes = encodeMsgpack(value, encodeHooks);
  } catch (e) {
    if (e instanceof ActorError) throw e;
    throw new ActorError("UNSUPPORTED_VALUE", `cannot encode: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    outOfBand = null;
  }
  if (bytes.length > MAX_BODY_BYTES) {
    throw new ActorError(
      "PAYLOAD_TOO_LARGE",
      `encoded body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES} (large binary goes as a Uint8Array of at least ${ATTACH_THRESHOLD} bytes)`,
    );
  }
  return bytes;
}

/**
 * Decodes bytes made by {@link encodeBody}; `attachments` resolves attachment references.
 * Malformed input is a `MALFORMED_MESSAGE` error.
 *
 * @example
 * ```ts
 * decodeBody(encodeBody([1, "two", 3n])); // [1, "two", 3n]
 * ```
 */
export function decodeBody(bytes: Uint8Array, attachments: readonly Uint8Array[] = []): unknown {
  if (bytes.length > MAX_BODY_BYTES) {
    throw new ActorError("PAYLOAD_TOO_LARGE", `body of ${bytes.length} bytes exceeds the limit`);
  }
  inbound = attachments;
  try {
    return decodeMsgpack(bytes, decodeHooks);
  } catch (e) {
    if (e instanceof ActorError) throw e;
    throw new ActorError("MALFORMED_MESSAGE", `cannot decode body: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    inbound = null;
  }
}
