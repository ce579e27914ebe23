/**
 * Operand decoding for one instruction (Gray Paper A.5), shared by the pre-decoder and the
 * disassembler. Reads from ζ: the code followed by infinitely many zero bytes.
 *
 * @example
 * ```ts
 * import { newOperands, readOperands, skipAt } from "./operands.ts";
 * const code = new Uint8Array([190, 0x87, 9]); // add_32 r9 = r7 + r8
 * const bitmask = new Uint8Array([1]);
 * const ops = newOperands();
 * readOperands(code, 0, skipAt(bitmask, code.length, 0), "M", ops);
 * [ops.a, ops.b, ops.d]; // [7, 8, 9]
 * ```
 * @module
 */

import type { Layout } from "./opcodes.ts";

/** Decoded operand fields; which ones mean something depends on the layout. */
export interface Operands {
  /** First register (low nibble of the first operand byte), clamped to 12. */
  a: number;
  /** Second register (high nibble), clamped to 12. */
  b: number;
  /** Third register (layout M: the whole second operand byte, clamped to 12). */
  d: number;
  /** First immediate, low 32 bits (sign-extended value's low word). */
  x: number;
  /** First immediate, high 32 bits (sign extension, or the high word of load_imm_64). */
  xHi: number;
  /** Second immediate, or a branch offset, as a signed 32-bit value. */
  y: number;
  /** Static branch or jump target (pc + offset) when the layout has one, else 0. */
  target: number;
  /** Byte length of the first immediate as encoded. */
  lenX: number;
  /** Byte length of the second immediate (or offset) as encoded. */
  lenY: number;
}

/** A fresh, zeroed operand record (reuse it across calls to avoid allocation). */
export function newOperands(): Operands {
  return { a: 0, b: 0, d: 0, x: 0, xHi: 0, y: 0, target: 0, lenX: 0, lenY: 0 };
}

/** Whether bit `i` of the opcode bitmask is set; bits past the code count as set. */
export function isOpcodeBit(bitmask: Uint8Array, codeLength: number, i: number): boolean {
  if (i >= codeLength) return true;
  return (bitmask[i >> 3] & (1 << (i & 7))) !== 0;
}

/** skip(i): operand bytes after the opcode at `i`, up to the next opcode bit, at most 24. */
export function skipAt(bitmask: Uint8Array, codeLength: number, i: number): number {
  let n = 0;
  while (n < 24 && !isOpcodeBit(bitmask, codeLength, i + 1 + n)) n++;
  return n;
}

function byteAt(code: Uint8Array, i: number): number {
  return i < code.length ? code[i] : 0;
}

/** Reads `n` (0..4) little-endian bytes at `i` and sign-extends them to a 32-bit value. */
export function readSigned(code: Uint8Array, i: number, n: number): number {
  switch (n) {
    case 0:
      return 0;
    case 1:
      return (byteAt(code, i) << 24) >> 24;
    case 2:
      return ((byteAt(code, i) | (byteAt(code, i + 1) << 8)) << 16) >> 16;
    case 3:
      return ((byteAt(code, i) | (byteAt(code, i + 1) << 8) | (byteAt(code, i + 2) << 16)) << 8) >>
        8;
    default:
      return byteAt(code, i) | (byteAt(code, i + 1) << 8) | (byteAt(code, i + 2) << 16) |
        (byteAt(code, i + 3) << 24);
  }
}

function reg(n: number): number {
  return n > 12 ? 12 : n;
}

/**
 * Decodes the operands of the instruction at `pc` whose operand length is `len` (= skip(pc)).
 * Writes into `out` and returns it.
 */
export function readOperands(
  code: Uint8Array,
  pc: number,
  len: number,
  layout: Layout,
  out: Operands,
): Operands {
  out.a =
    out.b =
    out.d =
    out.x =
    out.xHi =
    out.y =
    out.target =
    out.lenX =
    out.lenY =
      0;
  const b1 = byteAt(code, pc + 1);
  switch (layout) {
    case "A":
      break;
    case "B": {
      out.lenX = Math.min(4, len);
      out.x = readSigned(code, pc + 1, out.lenX);
      out.xHi = out.x >> 31;
      break;
    }
    case "C": {
      out.a = reg(b1 & 15);
      out.lenX = 8;
      out.x = readSigned(code, pc + 2, 4);
      out.xHi = readSigned(code, pc + 6, 4);
      break;
    }
    case "D": {
      out.lenX = Math.min(4, b1 & 7);
      out.x = readSigned(code, pc + 2, out.lenX);
      out.xHi = out.x >> 31;
      out.lenY = Math.min(4, Math.max(0, len - out.lenX - 1));
      out.y = readSigned(code, pc + 2 + out.lenX, out.lenY);
      break;
    }
    case "E": {
      out.lenY = Math.min(4, len);
      out.y = readSigned(code, pc + 1, out.lenY);
      out.target = pc + out.y;
      break;
    }
    case "F": {
      out.a = reg(b1 & 15);
      out.lenX = Math.min(4, Math.max(0, len - 1));
      out.x = readSigned(code, pc + 2, out.lenX);
      out.xHi = out.x >> 31;
      break;
    }
    case "G":
    case "H": {
      out.a = reg(b1 & 15);
      out.lenX = Math.min(4, (b1 >> 4) & 7);
      out.x = readSigned(code, pc + 2, out.lenX);
      out.xHi = out.x >> 31;
      out.lenY = Math.min(4, Math.max(0, len - out.lenX - 1));
      out.y = readSigned(code, pc + 2 + out.lenX, out.lenY);
      if (layout === "H") out.target = pc + out.y;
      break;
    }
    case "I": {
      out.d = reg(b1 & 15);
      out.a = reg(b1 >> 4);
      break;
    }
    case "J":
    case "K": {
      out.a = reg(b1 & 15);
      out.b = reg(b1 >> 4);
      if (layout === "J") {
        out.lenX = Math.min(4, Math.max(0, len - 1));
        out.x = readSigned(code, pc + 2, out.lenX);
        out.xHi = out.x >> 31;
      } else {
        out.lenY = Math.min(4, Math.max(0, len - 1));
        out.y = readSigned(code, pc + 2, out.lenY);
        out.target = pc + out.y;
      }
      break;
    }
    case "L": {
      out.a = reg(b1 & 15);
      out.b = reg(b1 >> 4);
      const b2 = byteAt(code, pc + 2);
      out.lenX = Math.min(4, b2 & 7);
      out.x = readSigned(code, pc + 3, out.lenX);
      out.xHi = out.x >> 31;
      out.lenY = Math.min(4, Math.max(0, len - out.lenX - 2));
      out.y = readSigned(code, pc + 3 + out.lenX, out.lenY);
      break;
    }
    case "M": {
      out.a = reg(b1 & 15);
      out.b = reg(b1 >> 4);
      out.d = reg(byteAt(code, pc + 2));
      break;
    }
  }
  return out;
}
