/**
 * Canonical instruction encoding (the inverse of `readOperands`) and the plain program blob
 * writer. Canonical means: immediates and offsets in the shortest length whose sign extension
 * gives the value (0 → no bytes), registers as nibbles, unused bits zero, no padding bytes.
 *
 * @example
 * ```ts
 * import { opcodeByName } from "./opcodes.ts";
 * import { encodeInstruction, newFields } from "./asm_encode.ts";
 * const f = { ...newFields(), a: 7, b: 8, d: 9 };
 * encodeInstruction(opcodeByName("add_32")!, f, 0); // [190, 0x87, 9]
 * ```
 * @module
 */

import type { OpcodeInfo } from "./opcodes.ts";
import { encodeVarint } from "./varint.ts";

/** The operand values of one instruction, independent of how they are written or encoded. */
export interface Fields {
  /** Register A (low nibble of the first operand byte; in layout I the source). */
  a: number;
  /** Register B (high nibble). */
  b: number;
  /** Register D (layout I: low nibble, the destination; layout M: the third byte). */
  d: number;
  /** First immediate as int32 (an address, displacement or value). */
  x: number;
  /** Second immediate as int32. */
  y: number;
  /** The 64-bit immediate of `load_imm_64`, unsigned. */
  wide: bigint;
  /** Absolute code offset a branch or jump goes to (layouts E, H, K). */
  target: number;
}

/** A zeroed `Fields` record. */
export function newFields(): Fields {
  return { a: 0, b: 0, d: 0, x: 0, y: 0, wide: 0n, target: 0 };
}

/** Shortest byte length (0…4) whose sign extension gives the int32 `v`. */
export function immLength(v: number): number {
  if (v === 0) return 0;
  if (v >= -0x80 && v < 0x80) return 1;
  if (v >= -0x8000 && v < 0x8000) return 2;
  if (v >= -0x800000 && v < 0x800000) return 3;
  return 4;
}

function pushImm(out: number[], v: number): void {
  const n = immLength(v);
  for (let i = 0; i < n; i++) out.push((v >>> (8 * i)) & 0xff);
}

/** Whether the layout ends with a pc-relative offset. */
export function hasTarget(info: OpcodeInfo): boolean {
  return info.layout === "E" || info.layout === "H" || info.layout === "K";
}

/**
 * Encodes one instruction at code offset `pc` (branch offsets are `target − pc`, which must fit
 * in int32). Returns the bytes; the first is the opcode.
 */
export function encodeInstruction(info: OpcodeInfo, f: Fields, pc: number): number[] {
  const out = [info.code];
  const offset = f.target - pc;
  switch (info.layout) {
    case "A":
      break;
    case "B":
      pushImm(out, f.x);
      break;
    case "C":
      out.push(f.a);
      for (let i = 0n; i < 8n; i++) out.push(Number((f.wide >> (8n * i)) & 0xffn));
      break;
    case "D":
      out.push(immLength(f.x));
      pushImm(out, f.x);
      pushImm(out, f.y);
      break;
    case "E":
      pushImm(out, offset);
      break;
    case "F":
      out.push(f.a);
      pushImm(out, f.x);
      break;
    case "G":
      out.push(f.a | (immLength(f.x) << 4));
      pushImm(out, f.x);
      pushImm(out, f.y);
      break;
    case "H":
      out.push(f.a | (immLength(f.x) << 4));
      pushImm(out, f.x);
      pushImm(out, offset);
      break;
    case "I":
      out.push(f.d | (f.a << 4));
      break;
    case "J":
      out.push(f.a | (f.b << 4));
      pushImm(out, f.x);
      break;
    case "K":
      out.push(f.a | (f.b << 4));
      pushImm(out, offset);
      break;
    case "L":
      out.push(f.a | (f.b << 4), immLength(f.x));
      pushImm(out, f.x);
      pushImm(out, f.y);
      break;
    case "M":
      out.push(f.a | (f.b << 4), f.d);
      break;
  }
  return out;
}

/**
 * Encodes a natural number as a Gray Paper varint of exactly `width` bytes (1…9), or returns
 * `undefined` when it does not fit that width. Width `encodeVarint(v).length` is the canonical
 * one; longer widths are valid, non-canonical encodings the decoder also accepts.
 */
export function encodeVarintWidth(value: number, width: number): Uint8Array | undefined {
  if (!Number.isSafeInteger(value) || value < 0 || width < 1 || width > 9) return undefined;
  const len = width - 1;
  const out = new Uint8Array(width);
  let rest = value;
  for (let i = 0; i < len; i++) {
    out[1 + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  if (len === 8) {
    if (rest !== 0) return undefined;
    out[0] = 255;
    return out;
  }
  if (rest >= 2 ** (7 - len)) return undefined;
  out[0] = 256 - 2 ** (8 - len) + rest;
  return out;
}

/** The parts of a plain program blob. */
export interface PlainBlobParts {
  /** Jump-table entries (code offsets). */
  jumpTable: readonly number[];
  /** Bytes per jump-table entry, 0…4; every entry must fit. */
  entrySize: number;
  /** Code bytes. */
  code: Uint8Array;
  /** Opcode bitmask, ⌈|code|/8⌉ bytes. */
  bitmask: Uint8Array;
  /** Byte widths of the two header varints (jump-table length, code length); default canonical. */
  varintSizes?: readonly [number, number];
}

/** Writes `varint(|j|) ++ z ++ varint(|c|) ++ j ++ c ++ k`. Entries and widths must fit. */
export function encodePlainBlob(parts: PlainBlobParts): Uint8Array {
  const { jumpTable, entrySize, code, bitmask, varintSizes } = parts;
  const jl = varintSizes === undefined
    ? encodeVarint(jumpTable.length)
    : encodeVarintWidth(jumpTable.length, varintSizes[0]);
  const cl = varintSizes === undefined
    ? encodeVarint(code.length)
    : encodeVarintWidth(code.length, varintSizes[1]);
  if (jl === undefined || cl === undefined) {
    throw new RangeError("header length does not fit the requested varint width");
  }
  const out = new Uint8Array(
    jl.length + 1 + cl.length + jumpTable.length * entrySize + code.length + bitmask.length,
  );
  let at = 0;
  out.set(jl, at);
  at += jl.length;
  out[at++] = entrySize;
  out.set(cl, at);
  at += cl.length;
  for (const entry of jumpTable) {
    let v = entry;
    for (let i = 0; i < entrySize; i++) {
      out[at++] = v % 256;
      v = Math.floor(v / 256);
    }
  }
  out.set(code, at);
  out.set(bitmask, at + code.length);
  return out;
}

/** Smallest entry size (1…4) that holds `value`, or 5 when none does. */
export function entrySizeFor(value: number): number {
  let z = 1;
  while (z <= 4 && value >= 2 ** (8 * z)) z++;
  return z;
}
