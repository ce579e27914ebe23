/**
 * The operand syntax of the PVM assembly language, shared by the assembler and the
 * disassembler: register names, numeric literals, and for every opcode the order and kind of
 * its written operands (its "form").
 *
 * @example
 * ```ts
 * import { opcodeByName } from "./opcodes.ts";
 * import { operandForm, registerIndex } from "./asm_syntax.ts";
 * registerIndex("sp"); // 1
 * operandForm(opcodeByName("store_ind_u8")!).map((s) => s.kind); // ["ind", "reg"]
 * ```
 * @module
 */

import type { OpcodeInfo } from "./opcodes.ts";

/** Alias names of r0…r12, in register order. */
export const REGISTER_ALIASES: readonly string[] = [
  "ra",
  "sp",
  "t0",
  "t1",
  "t2",
  "s0",
  "s1",
  "a0",
  "a1",
  "a2",
  "a3",
  "a4",
  "a5",
];

/** Index of a register name (`r0`…`r12` or an alias, any case), else `undefined`. */
export function registerIndex(name: string): number | undefined {
  const n = name.toLowerCase();
  const m = /^r(\d{1,2})$/.exec(n);
  if (m !== null) {
    const i = Number(m[1]);
    return i <= 12 && String(i) === m[1] ? i : undefined;
  }
  const alias = REGISTER_ALIASES.indexOf(n);
  return alias < 0 ? undefined : alias;
}

/** Whether `name` looks like a register (`r` + digits, or an alias), valid or not. */
export function looksLikeRegister(name: string): boolean {
  return /^r\d+$/i.test(name) || REGISTER_ALIASES.includes(name.toLowerCase());
}

/** Label and symbol names. */
export const NAME_PATTERN = /^[A-Za-z_.][A-Za-z0-9_.]*$/;

/** 2^64. */
export const TWO_64 = 1n << 64n;

/**
 * Parses an unsigned numeric literal: decimal, `0x` hex or `0b` binary, with `_` separators.
 * Returns `undefined` when the text is not a well-formed literal.
 */
export function parseLiteral(text: string): bigint | undefined {
  const t = text.toLowerCase();
  let digits: string, prefix: string;
  if (t.startsWith("0x")) [prefix, digits] = ["0x", t.slice(2)];
  else if (t.startsWith("0b")) [prefix, digits] = ["0b", t.slice(2)];
  else [prefix, digits] = ["", t];
  const clean = digits.replaceAll("_", "");
  const ok = prefix === "0x"
    ? /^[0-9a-f]+$/.test(clean)
    : prefix === "0b"
    ? /^[01]+$/.test(clean)
    : /^[0-9]+$/.test(clean);
  if (!ok || digits.startsWith("_") || digits.endsWith("_") || digits.includes("__")) {
    return undefined;
  }
  return BigInt(prefix + clean);
}

/**
 * How an immediate is checked: `i32` — the 64-bit value must be the sign extension of a 32-bit
 * value (−2^31 … 2^31−1, or the same written unsigned as 2^64−2^31 … 2^64−1); `u32` — only the
 * low 32 bits matter (addresses, displacements, narrow stores, 32-bit arithmetic), so any
 * value in −2^31 … 2^32−1 (or an `i32` value) is accepted and taken mod 2^32.
 */
export type ImmRange = "i32" | "u32";

/** How the disassembler prints an immediate: signed, unsigned decimal, or an address in hex. */
export type ImmStyle = "signed" | "unsigned" | "address";

/** One written operand of an instruction. */
export type Slot =
  /** A register, stored in field `a`, `b` or `d`. */
  | { readonly kind: "reg"; readonly field: "a" | "b" | "d" }
  /** An immediate of at most 4 bytes, stored (as int32) in field `x` or `y`. */
  | {
    readonly kind: "imm";
    readonly field: "x" | "y";
    readonly range: ImmRange;
    readonly style: ImmStyle;
  }
  /** The 64-bit immediate of `load_imm_64` (field `wide`). */
  | { readonly kind: "imm64" }
  /** An absolute memory address `[expr]` (field `x`). */
  | { readonly kind: "abs" }
  /** A register-relative memory operand `[reg ± expr]` (register field `reg`, offset in `x`). */
  | { readonly kind: "ind"; readonly reg: "a" | "b" }
  /** A branch or jump target: a code label or `@offset` (field `target`). */
  | { readonly kind: "target" };

const reg = (field: "a" | "b" | "d"): Slot => ({ kind: "reg", field });
const imm = (field: "x" | "y", range: ImmRange, style: ImmStyle = "signed"): Slot => ({
  kind: "imm",
  field,
  range,
  style,
});
const ABS: Slot = { kind: "abs" };
const TARGET: Slot = { kind: "target" };

/** J-layout arithmetic whose result depends only on the low 32 bits of the immediate. */
const WRAPS_32 = /_32(_|$)/;

/**
 * The written operands of an instruction, destination first. Memory operands are bracketed.
 * See `vm/ASSEMBLY.md` for the table with examples.
 */
export function operandForm(info: OpcodeInfo): readonly Slot[] {
  const { code, layout, name } = info;
  switch (layout) {
    case "A":
      return [];
    case "B":
      return [imm("x", "u32", "unsigned")];
    case "C":
      return [reg("a"), { kind: "imm64" }];
    case "D": // store_imm_uN [x], y
      return [ABS, imm("y", code === 33 ? "i32" : "u32")];
    case "E":
      return [TARGET];
    case "F":
      if (code === 50) return [reg("a"), imm("x", "u32")]; // jump_ind rA, offset
      if (code === 51) return [reg("a"), imm("x", "i32")]; // load_imm
      if (code <= 58) return [reg("a"), ABS]; // load_uN rA, [x]
      return [ABS, reg("a")]; // store_uN [x], rA
    case "G": // store_imm_ind_uN [rA + x], y
      return [{ kind: "ind", reg: "a" }, imm("y", code === 73 ? "i32" : "u32")];
    case "H": // load_imm_jump / branch_*_imm rA, x, target
      return [reg("a"), imm("x", "i32"), TARGET];
    case "I": // rD ← f(rA)
      return [reg("d"), reg("a")];
    case "J":
      if (code <= 123) return [{ kind: "ind", reg: "b" }, reg("a")]; // store_ind [rB + x], rA
      if (code <= 130) return [reg("a"), { kind: "ind", reg: "b" }]; // load_ind rA, [rB + x]
      return [reg("a"), reg("b"), imm("x", WRAPS_32.test(name) ? "u32" : "i32")];
    case "K":
      return [reg("a"), reg("b"), TARGET];
    case "L": // load_imm_jump_ind rA, x, rB, y
      return [reg("a"), imm("x", "i32"), reg("b"), imm("y", "u32")];
    case "M": // rD ← rA op rB
      return [reg("d"), reg("a"), reg("b")];
  }
}

/**
 * Converts a 64-bit value (−2^63 … 2^64−1) to the int32 an immediate field holds, or returns
 * `undefined` when `range` does not admit it.
 */
export function toInt32(value: bigint, range: ImmRange): number | undefined {
  const u = ((value % TWO_64) + TWO_64) % TWO_64;
  const negative32 = u >= TWO_64 - (1n << 31n);
  if (negative32) return Number(u - TWO_64);
  if (u < 1n << 31n) return Number(u);
  if (range === "u32" && u < 1n << 32n) return Number(BigInt.asIntN(32, u));
  return undefined;
}

/** Formats a signed value: decimal below 2^16 in magnitude, else hex (`-0x…` when negative). */
export function formatSigned(v: number | bigint): string {
  const b = BigInt(v);
  const mag = b < 0n ? -b : b;
  if (mag < 65536n) return b.toString();
  return `${b < 0n ? "-" : ""}0x${mag.toString(16)}`;
}

/** Formats an immediate held as int32 in the given style. */
export function formatImm(v: number, style: ImmStyle): string {
  switch (style) {
    case "signed":
      return formatSigned(v);
    case "unsigned":
      return String(v >>> 0);
    case "address":
      return `0x${(v >>> 0).toString(16)}`;
  }
}

/** Formats the 64-bit immediate of `load_imm_64` (unsigned), readably. */
export function formatWide(u: bigint): string {
  const s = BigInt.asIntN(64, u);
  if (s > -65536n && s < 65536n) return s.toString();
  return `0x${u.toString(16)}`;
}

/** Formats a register-relative memory operand `[rN + off]` / `[rN - off]` / `[rN]`. */
export function formatIndirect(register: number, offset: number): string {
  if (offset === 0) return `[r${register}]`;
  return offset < 0
    ? `[r${register} - ${formatSigned(-offset)}]`
    : `[r${register} + ${formatSigned(offset)}]`;
}
