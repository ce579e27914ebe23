/**
 * A complete, canonical msgpack encoder and decoder for message bodies, with hooks for
 * extension types. Written here (rather than using `@msgpack/msgpack` on this path) because it
 * is what every Worker loads: the npm package added about 20 ms to each Worker start (measured
 * with `deno task bench actors`), and owning the format lets it refuse values msgpack would
 * change silently. Output is standard msgpack: map keys sorted, integers in their shortest form,
 * other numbers as float64.
 *
 * @example
 * ```ts
 * import { decodeMsgpack, encodeMsgpack } from "./msgpack.ts";
 * const bytes = encodeMsgpack({ b: [1, -2, 0.5], a: "x" }, { ext: () => null });
 * decodeMsgpack(bytes, { ext: () => { throw new Error("no ext"); } }); // { a: "x", b: [1, -2, 0.5] }
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";
import { MsgWriter } from "./wire.ts";

/** Deepest nesting of arrays and maps (also stops cycles). */
export const MAX_DEPTH = 64;

/** Encoding hooks. */
export interface EncodeHooks {
  /**
   * Called for bigints and for objects that are not plain objects, arrays or small
   * `Uint8Array`s: return `[type, data]` to write an extension, or throw.
   */
  ext(value: unknown): [number, Uint8Array] | null;
}

/** Decoding hooks. */
export interface DecodeHooks {
  /** Turns an extension back into a value (throw for unknown types). */
  ext(type: number, data: Uint8Array): unknown;
}

function write(w: MsgWriter, v: unknown, hooks: EncodeHooks, depth: number): void {
  switch (typeof v) {
    case "undefined":
      return w.nil();
    case "boolean":
      return w.bool(v);
    case "number":
      return Number.isSafeInteger(v) ? w.int(v === 0 ? 0 : v) : w.f64(v);
    case "string":
      return w.str(v);
    case "bigint": {
      const e = hooks.ext(v);
      if (e === null) throw new ActorError("UNSUPPORTED_VALUE", "a BigInt cannot be sent here");
      return w.ext(e[0], e[1]);
    }
    case "object": {
      if (v === null) return w.nil();
      if (depth >= MAX_DEPTH) {
        throw new ActorError("UNSUPPORTED_VALUE", `nesting deeper than ${MAX_DEPTH} (or a cycle)`);
      }
      if (Array.isArray(v)) {
        w.array(v.length);
        for (const x of v) write(w, x, hooks, depth + 1);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) {
        const keys = Object.keys(v).sort();
        w.map(keys.length);
        for (const k of keys) {
          w.str(k);
          write(w, (v as Record<string, unknown>)[k], hooks, depth + 1);
        }
        return;
      }
      const e = hooks.ext(v);
      if (e !== null) return w.ext(e[0], e[1]);
      if (v instanceof Uint8Array) return w.bin(v);
      break;
    }
  }
  // functions, symbols, and objects the hook declined
  hooks.ext(v);
  throw new ActorError("UNSUPPORTED_VALUE", `${typeof v} cannot be sent`);
}

/**
 * Encodes `value` as canonical msgpack.
 *
 * @example
 * ```ts
 * encodeMsgpack([1, "a"], { ext: () => null }); // Uint8Array [0x92, 0x01, 0xa1, 0x61]
 * ```
 */
export function encodeMsgpack(value: unknown, hooks: EncodeHooks, initial = 256): Uint8Array {
  // One shared writer (encoding is synchronous and hooks never re-enter it); big outputs get
  // a writer of their own so the shared buffer stays small.
  const w = initial > 4096 ? new MsgWriter(initial) : shared;
  w.reset();
  try {
    write(w, value, hooks, 0);
    return w.finish();
  } finally {
    if (w === shared && w.capacity > 1 << 20) shared = new MsgWriter(4096);
  }
}

let shared = new MsgWriter(4096);

const utf8 = new TextDecoder("utf-8", { fatal: true });

class Reader {
  pos = 0;
  readonly view: DataView;
  constructor(readonly buf: Uint8Array, readonly hooks: DecodeHooks) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  fail(what: string): never {
    throw new ActorError("MALFORMED_MESSAGE", `malformed body: ${what} at byte ${this.pos}`);
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail("truncated");
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  str(n: number): string {
    const b = this.bytes(n);
    if (n < 64) {
      let s = "";
      for (let i = 0; i < n; i++) {
        if (b[i] >= 0x80) return this.utf8(b);
        s += String.fromCharCode(b[i]);
      }
      return s;
    }
    return this.utf8(b);
  }
  utf8(b: Uint8Array): string {
    try {
      return utf8.decode(b);
    } catch {
      return this.fail("invalid UTF-8");
    }
  }
  array(n: number, depth: number): unknown[] {
    if (n > this.buf.length - this.pos) this.fail("array longer than the input");
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }
  map(n: number, depth: number): Record<string, unknown> {
    if (n * 2 > this.buf.length - this.pos) this.fail("map longer than the input");
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = this.value(depth + 1);
      if (typeof k !== "string") this.fail("map key is not a string");
      const v = this.value(depth + 1);
      if (k === "__proto__") {
        Object.defineProperty(out, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[k] = v;
    }
    return out;
  }
  ext(n: number): unknown {
    this.need(1);
    const type = this.view.getInt8(this.pos);
    this.pos++;
    return this.hooks.ext(type, this.bytes(n));
  }
  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const b = this.u8();
    if (b < 0x80) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return this.map(b & 0x0f, depth);
    if ((b & 0xf0) === 0x90) return this.array(b & 0x0f, depth);
    if ((b & 0xe0) === 0xa0) return this.str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bytes(this.u8());
      case 0xc5:
        return this.bytes(this.u16());
      case 0xc6:
        return this.bytes(this.u32());
      case 0xc7:
        return this.ext(this.u8());
      case 0xc8:
        return this.ext(this.u16());
      case 0xc9:
        return this.ext(this.u32());
      case 0xca: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xcb: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        this.need(8);
        const v = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case 0xd0: {
        this.need(1);
        return this.view.getInt8(this.pos++);
      }
      case 0xd1: {
        this.need(2);
        const v = this.view.getInt16(this.pos);
        this.pos += 2;
        return v;
      }
      case 0xd2: {
        this.need(4);
        const v = this.view.getInt32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xd3: {
        this.need(8);
        const v = this.view.getBigInt64(this.pos);
        this.pos += 8;
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(v)
          : v;
      }
      case 0xd4:
        return this.ext(1);
      case 0xd5:
        return this.ext(2);
      case 0xd6:
        return this.ext(4);
      case 0xd7:
        return this.ext(8);
      case 0xd8:
        return this.ext(16);
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16(), depth);
      case 0xdd:
        return this.array(this.u32(), depth);
      case 0xde:
        return this.map(this.u16(), depth);
      case 0xdf:
        return this.map(this.u32(), depth);
    }
    return this.fail(`unknown type byte 0x${b.toString(16)}`);
  }
}

/**
 * Decodes one msgpack value that must span all of `bytes`.
 *
 * @example
 * ```ts
 * decodeMsgpack(new Uint8Array([0x92, 0x01, 0xa1, 0x61]), { ext: () => null }); // [1, "a"]
 * ```
 */
export function decodeMsgpack(bytes: Uint8Array, hooks: DecodeHooks): unknown {
  const r = new Reader(bytes, hooks);
  const v = r.value(0);
  if (r.pos !== bytes.length) r.fail("trailing bytes");
  return v;
}
