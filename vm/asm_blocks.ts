/**
 * Basic-block checks for hand-written code: a jump, branch or jump-table entry may only land
 * on the start of a basic block (position 0, or right after a terminator such as `jump`,
 * a branch or `fallthrough`), otherwise the PVM panics when it is taken. The assembler warns
 * about every label used as a target that is not one, so the mistake shows before a run.
 *
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * const { warnings } = assemble("load_imm r1, 3\nloop: add_imm_64 r1, r1, -1\nbranch_ne_imm r1, 0, loop");
 * warnings[0].code; // "NOT_BLOCK_START" (put `fallthrough` before `loop:`)
 * ```
 * @module
 */

import type { CodeItem } from "./asm_layout.ts";
import { IS_DEFINED, IS_TERMINATOR } from "./opcodes.ts";

/**
 * Whether the label at item index `labelIndex` is a basic-block start: the next non-label
 * item is an instruction with a defined opcode, and the previous one (if any) ends a block.
 */
export function isBlockStart(items: readonly CodeItem[], labelIndex: number): boolean {
  let next = labelIndex + 1;
  while (next < items.length && items[next].kind === "label") next++;
  const following = items[next];
  if (following === undefined) return false;
  if (following.kind === "bytes") {
    if (!following.opcode || following.bytes.length === 0) return false;
    if (IS_DEFINED[following.bytes[0]] !== 1) return false;
  }
  let prev = labelIndex - 1;
  while (prev >= 0 && items[prev].kind === "label") prev--;
  if (prev < 0) return true;
  const before = items[prev];
  if (before.kind === "insn") return before.info.terminator;
  if (before.kind === "bytes" && before.opcode && before.bytes.length > 0) {
    return IS_TERMINATOR[before.bytes[0]] === 1;
  }
  return false;
}

/** Index of each label's item. */
export function labelIndexes(items: readonly CodeItem[]): Map<string, number> {
  const out = new Map<string, number>();
  items.forEach((it, i) => {
    if (it.kind === "label") out.set(it.name, i);
  });
  return out;
}
