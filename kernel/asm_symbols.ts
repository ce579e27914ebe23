/**
 * Assembler symbols for kernel guests: every host-call number, result code, CALL status, pause
 * cause, fault code and chain kernel slot, by name — so guest code reads `ecalli MINT_DATA_CAP`
 * and `branch_eq_imm r8, PAUSED, caught`. Pass as `assemble(text, { symbols: KERNEL_ASM_SYMBOLS })`.
 *
 * @example
 * ```ts
 * import { assemble } from "../vm/mod.ts";
 * import { KERNEL_ASM_SYMBOLS } from "./asm_symbols.ts";
 * assemble("load_imm r7, 42\necalli REPLY", { symbols: KERNEL_ASM_SYMBOLS }).blob.length > 0; // true
 * ```
 * @module
 */

import { CALL_STATUS, CHAIN_SLOT, FAULT, HOST, NESTED_BIT, PAUSE_CAUSE, RESULT } from "./abi.ts";

function entries(prefix: string, o: Record<string, number | bigint>): [string, bigint][] {
  return Object.entries(o).map(([k, v]) => [prefix + k, BigInt(v)]);
}

/** Symbol name → value for the kernel ABI. */
export const KERNEL_ASM_SYMBOLS: Readonly<Record<string, bigint>> = Object.fromEntries([
  ...entries("", HOST),
  ...entries("", RESULT),
  ...entries("", CALL_STATUS).map(([k, v]) => [k === "OK" ? "CALL_OK" : k, v] as [string, bigint]),
  ...entries("CAUSE_", PAUSE_CAUSE),
  ...entries("FAULT_", FAULT),
  ...entries("SLOT_", CHAIN_SLOT),
  ["NESTED", BigInt(NESTED_BIT)],
]);
