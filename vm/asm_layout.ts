/**
 * Code layout: places instructions, raw bytes and labels, sizes every branch offset in its
 * shortest encoding, and emits the code bytes and opcode bitmask.
 *
 * Offset lengths depend on positions, which depend on offset lengths, so sizes are found by
 * iteration: start from the shortest sizes and recompute every offset from the current
 * positions until nothing changes. With label targets, offsets only grow as sizes grow, so
 * this reaches the smallest consistent layout in which every offset is canonical. Absolute
 * `@n` targets can make sizes oscillate; after `MAX_EXACT_ROUNDS` rounds sizes are only
 * allowed to grow, which always ends (the result then may keep an offset one size longer
 * than needed, and `canonical` is false).
 *
 * @example
 * ```ts
 * import { opcodeByName } from "./opcodes.ts";
 * import { newFields } from "./asm_encode.ts";
 * import { layoutCode } from "./asm_layout.ts";
 * const layout = layoutCode([
 *   { kind: "label", name: "top" },
 *   { kind: "insn", info: opcodeByName("jump")!, fields: newFields(), label: "top" },
 * ]);
 * layout.code; // [40] (jump with offset 0), bitmask [1]
 * ```
 * @module
 */

import { encodeInstruction, type Fields, hasTarget, immLength } from "./asm_encode.ts";
import type { OpcodeInfo } from "./opcodes.ts";

/** One element of the code section. */
export type CodeItem =
  /** A label at the current position. */
  | { readonly kind: "label"; readonly name: string }
  /**
   * An instruction. For layouts E, H and K the target is the code label `label`, or when
   * `label` is absent the absolute offset `fields.target`.
   */
  | {
    readonly kind: "insn";
    readonly info: OpcodeInfo;
    readonly fields: Fields;
    readonly label?: string;
  }
  /** Literal bytes; with `opcode` the first byte's opcode bit is set (`.raw`), else none (`.bytes`). */
  | { readonly kind: "bytes"; readonly bytes: ArrayLike<number>; readonly opcode: boolean };

/** The laid-out code. */
export interface CodeLayout {
  /** Code bytes. */
  readonly code: Uint8Array;
  /** Opcode bitmask (⌈|code|/8⌉ bytes, padding bits zero). */
  readonly bitmask: Uint8Array;
  /** Start offset of each item. */
  readonly pcs: readonly number[];
  /** Offset of every label. */
  readonly labels: ReadonlyMap<string, number>;
  /** Indexes of items whose branch offset does not fit in 32 bits (encoded wrapped). */
  readonly offsetOverflows: readonly number[];
  /** False when the growth-only fallback was needed (see the module doc). */
  readonly canonical: boolean;
}

/** Rounds of exact recomputation before sizes may only grow. */
export const MAX_EXACT_ROUNDS = 64;

const fitsInt32 = (v: number) => v >= -0x80000000 && v <= 0x7fffffff;

/**
 * Lays out `items`. Every label a target names must be among the items (the assembler checks
 * this first); an unknown label throws `Error`.
 */
export function layoutCode(items: readonly CodeItem[]): CodeLayout {
  const n = items.length;
  const sizes = new Array<number>(n).fill(0);
  const base = new Array<number>(n).fill(0);
  const variable: number[] = [];
  for (let i = 0; i < n; i++) {
    const it = items[i];
    if (it.kind === "bytes") sizes[i] = it.bytes.length;
    else if (it.kind === "insn") {
      if (hasTarget(it.info)) {
        base[i] = encodeInstruction(it.info, { ...it.fields, target: 0 }, 0).length;
        sizes[i] = base[i];
        variable.push(i);
      } else sizes[i] = encodeInstruction(it.info, it.fields, 0).length;
    }
  }

  const pcs = new Array<number>(n).fill(0);
  const labels = new Map<string, number>();
  const place = () => {
    let pc = 0;
    for (let i = 0; i < n; i++) {
      pcs[i] = pc;
      const it = items[i];
      if (it.kind === "label") labels.set(it.name, pc);
      pc += sizes[i];
    }
    return pc;
  };
  const targetOf = (i: number): number => {
    const it = items[i] as Extract<CodeItem, { kind: "insn" }>;
    if (it.label === undefined) return it.fields.target;
    const t = labels.get(it.label);
    if (t === undefined) throw new Error(`layout: undefined label "${it.label}"`);
    return t;
  };

  let total = place();
  let canonical = true;
  for (let round = 0;; round++) {
    const growOnly = round >= MAX_EXACT_ROUNDS;
    if (growOnly) canonical = false;
    let changed = false;
    for (const i of variable) {
      const offset = targetOf(i) - pcs[i];
      let size = base[i] + (fitsInt32(offset) ? immLength(offset) : 4);
      if (growOnly && size < sizes[i]) size = sizes[i];
      if (size !== sizes[i]) {
        sizes[i] = size;
        changed = true;
      }
    }
    if (!changed) break;
    total = place();
  }

  const code = new Uint8Array(total);
  const bitmask = new Uint8Array(Math.ceil(total / 8));
  const offsetOverflows: number[] = [];
  for (let i = 0; i < n; i++) {
    const it = items[i];
    const pc = pcs[i];
    if (it.kind === "label") continue;
    let bytes: ArrayLike<number>;
    if (it.kind === "bytes") {
      bytes = it.bytes;
      if (!it.opcode || bytes.length === 0) {
        code.set(bytes, pc);
        continue;
      }
    } else if (hasTarget(it.info)) {
      const target = targetOf(i);
      if (!fitsInt32(target - pc)) offsetOverflows.push(i);
      bytes = encodeInstruction(it.info, { ...it.fields, target }, pc);
      // A grow-only size can exceed the canonical one: pad the offset by sign extension.
      if (bytes.length < sizes[i]) bytes = padOffset(bytes as number[], sizes[i], target - pc);
    } else {
      bytes = encodeInstruction(it.info, it.fields, pc);
    }
    code.set(bytes, pc);
    bitmask[pc >> 3] |= 1 << (pc & 7);
  }
  return { code, bitmask, pcs, labels, offsetOverflows, canonical };
}

/** Re-encodes the trailing offset of `bytes` sign-extended to fill `size` bytes. */
function padOffset(bytes: number[], size: number, offset: number): number[] {
  const offLen = immLength(offset);
  const head = bytes.slice(0, bytes.length - offLen);
  const n = size - head.length;
  for (let i = 0; i < n; i++) head.push(i < 4 ? (offset >>> (8 * i)) & 0xff : 0);
  return head;
}
