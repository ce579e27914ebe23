/**
 * A small, fast writer and reader for the msgpack subset the runtime's envelopes and trace
 * entries use: nil, booleans, safe integers, strings, binary and arrays. What it writes is
 * standard msgpack (any msgpack decoder reads it); what it reads must be that subset, and
 * anything else is a `MALFORMED_MESSAGE` error. Message bodies use the full codec
 * (`codec.ts`) and travel inside these envelopes as binary.
 *
 * @example
 * ```ts
 * import { MsgReader, MsgWriter } from "./wire.ts";
 * const w = new MsgWriter();
 * w.array(2); w.uint(7); w.str("hi");
 * const r = new MsgReader(w.finish());
 * r.array(); r.uint(); // 7
 * r.str(); // "hi"
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";

/** Largest buffer a writer grows to (1 GiB): beyond it the payload is refused. */
export const MAX_WIRE_BYTES = 1 << 30;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Appends msgpack values to a growing buffer. */
export class MsgWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  pos = 0;

  /** Starts with `initial` bytes of room (it grows by doubling up to {@link MAX_WIRE_BYTES}). */
  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (need > MAX_WIRE_BYTES) {
      throw new ActorError(
        "PAYLOAD_TOO_LARGE",
        `an envelope would exceed ${MAX_WIRE_BYTES} bytes; send less per round`,
      );
    }
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, MAX_WIRE_BYTES));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes nil. */
  nil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  /** Writes a boolean. */
  bool(b: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = b ? 0xc3 : 0xc2;
  }

  /** Writes a non-negative safe integer in the shortest form. */
  uint(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      throw new ActorError("BAD_ARGUMENT", `expected a non-negative safe integer, got ${n}`);
    }
    this.ensure(9);
    const b = this.buf;
    if (n < 0x80) b[this.pos++] = n;
    else if (n < 0x100) {
      b[this.pos++] = 0xcc;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = 0xcd;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else if (n < 0x100000000) {
      b[this.pos++] = 0xce;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    } else {
      b[this.pos++] = 0xcf;
      this.view.setUint32(this.pos, Math.floor(n / 0x100000000));
      this.view.setUint32(this.pos + 4, n >>> 0);
      this.pos += 8;
    }
  }

  /** Writes any safe integer (negative ones in the shortest signed form). */
  int(n: number): void {
    if (n >= 0) return this.uint(n);
    if (!Number.isSafeInteger(n)) {
      throw new ActorError("BAD_ARGUMENT", `expected a safe integer, got ${n}`);
    }
    this.ensure(9);
    const b = this.buf;
    if (n >= -32) b[this.pos++] = 0xe0 | (n + 32);
    else if (n >= -128) {
      b[this.pos++] = 0xd0;
      this.view.setInt8(this.pos++, n);
    } else if (n >= -32768) {
      b[this.pos++] = 0xd1;
      this.view.setInt16(this.pos, n);
      this.pos += 2;
    } else if (n >= -2147483648) {
      b[this.pos++] = 0xd2;
      this.view.setInt32(this.pos, n);
      this.pos += 4;
    } else {
      b[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, BigInt(n));
      this.pos += 8;
    }
  }

  /** Writes a float64. */
  f64(x: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.view.setFloat64(this.pos, x);
    this.pos += 8;
  }

  /** Writes a map header for `n` key/value pairs. */
  map(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x80 | n;
    else if (n < 0x10000) {
      this.buf[this.pos++] = 0xde;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdf;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  /** Writes an extension value of application type `type` (0…127). */
  ext(type: number, data: Uint8Array): void {
    const n = data.length;
    this.ensure(6 + n);
    const b = this.buf;
    const fixed: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
    if (fixed[n] !== undefined) b[this.pos++] = fixed[n];
    else if (n < 0x100) {
      b[this.pos++] = 0xc7;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = 0xc8;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      b[this.pos++] = 0xc9;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    b[this.pos++] = type;
    b.set(data, this.pos);
    this.pos += n;
  }

  /** Writes an array header for `n` elements. */
  array(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x90 | n;
    else if (n < 0x10000) {
      this.buf[this.pos++] = 0xdc;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdd;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  /** Writes a UTF-8 string. */
  str(s: string): void {
    const len = s.length;
    let ascii = len < 256;
    if (ascii) {
      for (let i = 0; i < len; i++) {
        if (s.charCodeAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
    }
    if (ascii) {
      this.strHeader(len);
      this.ensure(len);
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < len; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
      return;
    }
    const bytes = encoder.encode(s);
    this.strHeader(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  private strHeader(n: number): void {
    this.ensure(5);
    if (n < 32) this.buf[this.pos++] = 0xa0 | n;
    else if (n < 0x100) {
      this.buf[this.pos++] = 0xd9;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.buf[this.pos++] = 0xda;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdb;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  /** Writes binary data. */
  bin(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(5 + n);
    if (n < 0x100) {
      this.buf[this.pos++] = 0xc4;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.buf[this.pos++] = 0xc5;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xc6;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** Writes `bin` or nil. */
  binOrNil(bytes: Uint8Array | null): void {
    if (bytes === null) this.nil();
    else this.bin(bytes);
  }

  /** The bytes written, copied into an exactly sized, transferable buffer. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** A view of the bytes written (valid until the next write or reset). */
  peek(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Bytes of room before the next growth. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }
}

function malformed(what: string, pos: number): ActorError {
  return new ActorError("MALFORMED_MESSAGE", `malformed envelope: ${what} at byte ${pos}`);
}

/** Reads msgpack values written by {@link MsgWriter}. */
export class MsgReader {
  private readonly buf: Uint8Array;
  private readonly view: DataView;
  /** Read position. */
  pos = 0;

  /** Reads from `bytes` (not copied; binary results are views into it). */
  constructor(bytes: Uint8Array) {
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True when every byte was read. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw malformed("truncated", this.pos);
  }

  private byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  /** True (and consumed) when the next value is nil. */
  nil(): boolean {
    this.need(1);
    if (this.buf[this.pos] !== 0xc0) return false;
    this.pos++;
    return true;
  }

  /** Reads a boolean. */
  bool(): boolean {
    const b = this.byte();
    if (b === 0xc3) return true;
    if (b === 0xc2) return false;
    throw malformed(`expected bool, got 0x${b.toString(16)}`, this.pos - 1);
  }

  /** Reads a non-negative safe integer. */
  uint(): number {
    const b = this.byte();
    if (b < 0x80) return b;
    let n: number;
    switch (b) {
      case 0xcc:
        n = this.byte();
        break;
      case 0xcd:
        this.need(2);
        n = this.view.getUint16(this.pos);
        this.pos += 2;
        break;
      case 0xce:
        this.need(4);
        n = this.view.getUint32(this.pos);
        this.pos += 4;
        break;
      case 0xcf:
        this.need(8);
        n = this.view.getUint32(this.pos) * 0x100000000 + this.view.getUint32(this.pos + 4);
        this.pos += 8;
        if (!Number.isSafeInteger(n)) throw malformed("integer beyond 2^53", this.pos - 8);
        break;
      default:
        throw malformed(`expected uint, got 0x${b.toString(16)}`, this.pos - 1);
    }
    return n;
  }

  /** Reads an array header; returns the element count. */
  array(): number {
    const b = this.byte();
    if ((b & 0xf0) === 0x90) return b & 0x0f;
    if (b === 0xdc) {
      this.need(2);
      const n = this.view.getUint16(this.pos);
      this.pos += 2;
      return n;
    }
    if (b === 0xdd) {
      this.need(4);
      const n = this.view.getUint32(this.pos);
      this.pos += 4;
      return n;
    }
    throw malformed(`expected array, got 0x${b.toString(16)}`, this.pos - 1);
  }

  /** Reads a string. */
  str(): string {
    const b = this.byte();
    let n: number;
    if ((b & 0xe0) === 0xa0) n = b & 0x1f;
    else if (b === 0xd9) n = this.byte();
    else if (b === 0xda) {
      this.need(2);
      n = this.view.getUint16(this.pos);
      this.pos += 2;
    } else if (b === 0xdb) {
      this.need(4);
      n = this.view.getUint32(this.pos);
      this.pos += 4;
    } else throw malformed(`expected str, got 0x${b.toString(16)}`, this.pos - 1);
    this.need(n);
    const start = this.pos;
    this.pos += n;
    if (n < 64) {
      let s = "";
      for (let i = start; i < start + n; i++) {
        const c = this.buf[i];
        if (c >= 0x80) return this.utf8(start, n);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.utf8(start, n);
  }

  private utf8(start: number, n: number): string {
    try {
      return decoder.decode(this.buf.subarray(start, start + n));
    } catch {
      throw malformed("invalid UTF-8", start);
    }
  }

  /** Reads binary data (a view into the input). */
  bin(): Uint8Array {
    const b = this.byte();
    let n: number;
    if (b === 0xc4) n = this.byte();
    else if (b === 0xc5) {
      this.need(2);
      n = this.view.getUint16(this.pos);
      this.pos += 2;
    } else if (b === 0xc6) {
      this.need(4);
      n = this.view.getUint32(this.pos);
      this.pos += 4;
    } else throw malformed(`expected bin, got 0x${b.toString(16)}`, this.pos - 1);
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads binary data or nil (→ null). */
  binOrNil(): Uint8Array | null {
    return this.nil() ? null : this.bin();
  }

  /** Reads a string or nil (→ null). */
  strOrNil(): string | null {
    return this.nil() ? null : this.str();
  }

  /** Reads an array header and checks its length. */
  tuple(n: number, what: string): void {
    const got = this.array();
    if (got !== n) throw malformed(`${what}: expected ${n} fields, got ${got}`, this.pos);
  }
}

/**
 * Skips one value of the subset (nil, bool, uint, str, bin, array of those) and returns the
 * position after it.
 *
 * @example
 * ```ts
 * const w = new MsgWriter(); w.array(1); w.str("x");
 * skipValue(new MsgReader(w.finish())); // 3
 * ```
 */
export function skipValue(r: MsgReader): number {
  const bytes = (r as unknown as { buf: Uint8Array }).buf;
  if (r.pos >= bytes.length) throw malformed("truncated", r.pos);
  const b = bytes[r.pos];
  if (b === 0xc0 || b === 0xc2 || b === 0xc3) r.pos++;
  else if (b < 0x80 || (b >= 0xcc && b <= 0xcf)) r.uint();
  else if ((b & 0xe0) === 0xa0 || (b >= 0xd9 && b <= 0xdb)) r.str();
  else if (b >= 0xc4 && b <= 0xc6) r.bin();
  else if ((b & 0xf0) === 0x90 || b === 0xdc || b === 0xdd) {
    const n = r.array();
    for (let i = 0; i < n; i++) skipValue(r);
  } else throw malformed(`unexpected type byte 0x${b.toString(16)}`, r.pos);
  return r.pos;
}
