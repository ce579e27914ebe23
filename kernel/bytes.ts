/**
 * Explicit little-endian byte encoding: a growable `Writer` and a bounds-checked `Reader` whose
 * every failure is a `KernelError` with a stable code. All kernel encodings (ENCODING.md) are
 * written with these two, so integer widths are fixed and visible at every call site.
 *
 * @example
 * ```ts
 * import { Reader, Writer } from "./bytes.ts";
 * const w = new Writer();
 * w.u8(1).u32(7).bytes32(new Uint8Array(32)).varBytes(new Uint8Array([9]));
 * const r = new Reader(w.finish(), "example");
 * r.u8(); r.u32(); r.bytes32(); r.varBytes(16); r.end();
 * ```
 * @module
 */

import { KernelError } from "./errors.ts";

const U64_MAX = (1n << 64n) - 1n;

/** A growable little-endian byte writer. */
export class Writer {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  /** Starts empty, with `capacity` bytes reserved. */
  constructor(capacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
    this.#view = new DataView(this.#buf.buffer);
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  /** One byte (0…255). */
  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`);
    this.#room(1);
    this.#buf[this.#len++] = v;
    return this;
  }

  /** Two bytes LE (0…65535). */
  u16(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
      throw new RangeError(`u16 out of range: ${v}`);
    }
    this.#room(2);
    this.#view.setUint16(this.#len, v, true);
    this.#len += 2;
    return this;
  }

  /** Four bytes LE (0…2^32−1). */
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`u32 out of range: ${v}`);
    }
    this.#room(4);
    this.#view.setUint32(this.#len, v, true);
    this.#len += 4;
    return this;
  }

  /** Eight bytes LE (0…2^64−1). */
  u64(v: bigint | number): this {
    const b = BigInt(v);
    if (b < 0n || b > U64_MAX) throw new RangeError(`u64 out of range: ${b}`);
    this.#room(8);
    this.#view.setBigUint64(this.#len, b, true);
    this.#len += 8;
    return this;
  }

  /** Raw bytes, no length. */
  raw(b: Uint8Array): this {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** Exactly 32 bytes (a hash or a key). */
  bytes32(b: Uint8Array): this {
    if (b.length !== 32) throw new RangeError(`expected 32 bytes, got ${b.length}`);
    return this.raw(b);
  }

  /** A u32 length followed by the bytes. */
  varBytes(b: Uint8Array): this {
    return this.u32(b.length).raw(b);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** A bounds-checked little-endian reader; every failure is a `KernelError`. */
export class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #what: string;
  /** Offset of the next byte to read. */
  offset = 0;

  /** Reads `bytes`; `what` names the thing decoded, for error messages. */
  constructor(bytes: Uint8Array, what: string) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#what = what;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.#bytes.length - this.offset;
  }

  #need(n: number, field: string): void {
    if (this.offset + n > this.#bytes.length) {
      throw new KernelError(
        "TRUNCATED",
        `${this.#what} ends inside ${field} (need ${n} bytes at offset ${this.offset}, ` +
          `${this.remaining} left)`,
      );
    }
  }

  /** One byte. */
  u8(field = "a byte"): number {
    this.#need(1, field);
    return this.#bytes[this.offset++];
  }

  /** A u16 LE. */
  u16(field = "a u16"): number {
    this.#need(2, field);
    const v = this.#view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  /** A u32 LE. */
  u32(field = "a u32"): number {
    this.#need(4, field);
    const v = this.#view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** A u64 LE. */
  u64(field = "a u64"): bigint {
    this.#need(8, field);
    const v = this.#view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** `n` raw bytes (a copy). */
  raw(n: number, field = "bytes"): Uint8Array {
    this.#need(n, field);
    const out = this.#bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** 32 bytes. */
  bytes32(field = "a 32-byte hash"): Uint8Array {
    return this.raw(32, field);
  }

  /** A u32 length then that many bytes; the length must not exceed `max`. */
  varBytes(max: number, field = "a byte string"): Uint8Array {
    const n = this.u32(`the length of ${field}`);
    if (n > max) {
      throw new KernelError(
        "LIMIT",
        `${this.#what}: ${field} is ${n} bytes; the limit is ${max}`,
      );
    }
    return this.raw(n, field);
  }

  /** Fails with TRAILING_BYTES unless everything was read. */
  end(): void {
    if (this.remaining !== 0) {
      throw new KernelError(
        "TRAILING_BYTES",
        `${this.#what} has ${this.remaining} unexpected bytes after offset ${this.offset}`,
      );
    }
  }

  /** Throws a BAD_VALUE error naming this input. */
  bad(
    message: string,
    code: "BAD_VALUE" | "NOT_CANONICAL" | "BAD_TAG" | "LIMIT" = "BAD_VALUE",
  ): never {
    throw new KernelError(code, `${this.#what}: ${message}`);
  }
}

/**
 * Lower-case hex of `b`.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 255])); // "01ff"
 * ```
 */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}

/**
 * Bytes from hex (even length, 0-9a-f); throws `KernelError("BAD_VALUE")` otherwise.
 *
 * @example
 * ```ts
 * fromHex("01ff"); // Uint8Array [1, 255]
 * ```
 */
export function fromHex(s: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) throw new KernelError("BAD_VALUE", `not hex bytes: "${s}"`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Whether two byte strings are equal.
 *
 * @example
 * ```ts
 * bytesEqual(new Uint8Array([1]), new Uint8Array([1])); // true
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Lexicographic comparison of two byte strings (negative, 0, positive).
 *
 * @example
 * ```ts
 * compareBytes(new Uint8Array([1]), new Uint8Array([2])) < 0; // true
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * `b` without its trailing zero bytes (a view, not a copy): the canonical Data form.
 *
 * @example
 * ```ts
 * stripTrailingZeros(new Uint8Array([1, 0, 2, 0, 0])).length; // 3
 * ```
 */
export function stripTrailingZeros(b: Uint8Array): Uint8Array {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return b.subarray(0, n);
}

/**
 * A u64 as 8 little-endian bytes.
 *
 * @example
 * ```ts
 * u64Bytes(1n); // [1, 0, 0, 0, 0, 0, 0, 0]
 * ```
 */
export function u64Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return out;
}
