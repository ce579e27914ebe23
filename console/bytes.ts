/**
 * A growable little-endian byte writer for canonical records (frame hash records, memcard
 * files, program containers). Bounded: it refuses to grow past its `limit`.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * const w = new ByteWriter();
 * w.u8(1); w.u32(0xdeadbeef); w.bytes(new Uint8Array([7]));
 * w.finish(); // Uint8Array [1, 0xef, 0xbe, 0xad, 0xde, 7]
 * ```
 * @module
 */

import { ConsolePanic } from "./errors.ts";

/** Appends little-endian integers and bytes. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  /** @param limit most bytes this writer may hold (default 64 MiB) */
  constructor(readonly limit = 64 * 1024 * 1024) {
    this.#buf = new Uint8Array(256);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #room(n: number): void {
    const need = this.#len + n;
    if (need > this.limit) throw new ConsolePanic(`ByteWriter: ${need} bytes exceed ${this.limit}`);
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, Math.max(need, this.limit)));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** Appends a u8. */
  u8(v: number): this {
    this.#room(1);
    this.#buf[this.#len++] = v & 0xff;
    return this;
  }

  /** Appends a u16. */
  u16(v: number): this {
    this.#room(2);
    this.#view.setUint16(this.#len, v, true);
    this.#len += 2;
    return this;
  }

  /** Appends a u32. */
  u32(v: number): this {
    this.#room(4);
    this.#view.setUint32(this.#len, v >>> 0, true);
    this.#len += 4;
    return this;
  }

  /** Appends a u64 (a safe integer or a bigint, taken mod 2^64). */
  u64(v: number | bigint): this {
    this.#room(8);
    this.#view.setBigUint64(this.#len, BigInt.asUintN(64, BigInt(v)), true);
    this.#len += 8;
    return this;
  }

  /** Appends raw bytes. */
  bytes(b: Uint8Array): this {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** Appends a u32 length then the bytes. */
  blob(b: Uint8Array): this {
    return this.u32(b.length).bytes(b);
  }

  /** Forgets everything written (keeps the buffer). */
  reset(): void {
    this.#len = 0;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  /** A view of what was written (valid until the next write or reset). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }
}

/** Reads little-endian integers and bytes, with bounds checks that call `fail`. */
export class ByteReader {
  #at = 0;
  readonly #view: DataView;

  /**
   * @param bytes the input
   * @param fail called (and must throw) when a read runs past the end
   */
  constructor(readonly bytes: Uint8Array, readonly fail: (what: string, at: number) => never) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The read position. */
  get offset(): number {
    return this.#at;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.bytes.length - this.#at;
  }

  #need(n: number, what: string): void {
    if (this.#at + n > this.bytes.length) this.fail(what, this.#at);
  }

  /** Reads a u8. */
  u8(what: string): number {
    this.#need(1, what);
    return this.bytes[this.#at++];
  }

  /** Reads a u16. */
  u16(what: string): number {
    this.#need(2, what);
    const v = this.#view.getUint16(this.#at, true);
    this.#at += 2;
    return v;
  }

  /** Reads a u32. */
  u32(what: string): number {
    this.#need(4, what);
    const v = this.#view.getUint32(this.#at, true);
    this.#at += 4;
    return v;
  }

  /** Reads a u64 as a bigint. */
  u64(what: string): bigint {
    this.#need(8, what);
    const v = this.#view.getBigUint64(this.#at, true);
    this.#at += 8;
    return v;
  }

  /** Reads `n` bytes (a view). */
  take(n: number, what: string): Uint8Array {
    this.#need(n, what);
    const v = this.bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return v;
  }
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}
