/**
 * Builds plain PVM program blobs from instruction byte lists, for tests that must not depend
 * on the assembler.
 *
 * @example
 * ```ts
 * import { blob } from "./blob.ts";
 * blob([[190, 0x87, 9]]); // add_32 r9 = r7 + r8 → [0, 0, 3, 190, 135, 9, 1]
 * ```
 * @module
 */

import { encodeVarint } from "../../vm/varint.ts";

/**
 * Concatenates instructions (each a byte list whose first byte is the opcode) into a blob with
 * the given jump table (code offsets) and entry size.
 */
export function blob(
  instructions: number[][],
  jumpTable: number[] = [],
  entrySize = jumpTable.length === 0 ? 0 : 4,
): Uint8Array {
  const code: number[] = [];
  const starts: number[] = [];
  for (const ins of instructions) {
    starts.push(code.length);
    code.push(...ins);
  }
  const mask = new Uint8Array(Math.ceil(code.length / 8));
  for (const s of starts) mask[s >> 3] |= 1 << (s & 7);
  const table: number[] = [];
  for (const e of jumpTable) {
    for (let i = 0; i < entrySize; i++) table.push((e >>> (8 * i)) & 0xff);
  }
  return Uint8Array.from([
    ...encodeVarint(jumpTable.length),
    entrySize,
    ...encodeVarint(code.length),
    ...table,
    ...code,
    ...mask,
  ]);
}

/** Byte offsets at which each instruction starts. */
export function offsets(instructions: number[][]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const ins of instructions) {
    out.push(at);
    at += ins.length;
  }
  return out;
}

/** Little-endian bytes of a 32-bit value, shortest sign-extending form (0 → no bytes). */
export function imm(v: number): number[] {
  v |= 0;
  for (let n = 0; n < 4; n++) {
    const shift = 32 - 8 * n;
    const ext = n === 0 ? 0 : (v << shift) >> shift; // sign-extend the low n bytes
    if (ext === v) return Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);
  }
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}
