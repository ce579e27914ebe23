/**
 * Prints one instruction in assembly syntax from its operand fields — the inverse of the
 * parser for every form in `operandForm`.
 *
 * @example
 * ```ts
 * import { opcodeByName } from "./opcodes.ts";
 * import { newFields } from "./asm_encode.ts";
 * import { formatInstruction } from "./asm_print.ts";
 * const f = { ...newFields(), a: 1, b: 2, x: -8 };
 * formatInstruction(opcodeByName("load_ind_u8")!, f, (pc) => `@${pc}`); // "load_ind_u8 r1, [r2 - 8]"
 * ```
 * @module
 */

import type { Fields } from "./asm_encode.ts";
import { formatImm, formatIndirect, formatWide, operandForm } from "./asm_syntax.ts";
import type { OpcodeInfo } from "./opcodes.ts";

/** Formats `info` with operands `f`; `target` names a code offset (a label or `@n`). */
export function formatInstruction(
  info: OpcodeInfo,
  f: Fields,
  target: (pc: number) => string,
): string {
  const operands = operandForm(info).map((slot) => {
    switch (slot.kind) {
      case "reg":
        return `r${f[slot.field]}`;
      case "imm":
        return formatImm(f[slot.field], slot.style);
      case "imm64":
        return formatWide(f.wide);
      case "abs":
        return `[${formatImm(f.x, "address")}]`;
      case "ind":
        return formatIndirect(f[slot.reg], f.x);
      case "target":
        return target(f.target);
    }
  });
  return operands.length === 0 ? info.name : `${info.name} ${operands.join(", ")}`;
}

/** Formats a byte list as `0x..` values separated by commas. */
export function formatBytes(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, "0")}`).join(", ");
}
