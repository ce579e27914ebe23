/**
 * The disassembler's code reader: splits code into instructions exactly as the opcode bitmask
 * does, decodes each with `readOperands`, and decides per instruction whether the assembler's
 * canonical encoding reproduces its bytes (then it is printed as an instruction) or not (then
 * it is printed as `.raw` bytes). A final check lays the result out with the assembler's own
 * layout and turns any branch whose offset size would differ into `.raw` too, so assembling
 * the output always reproduces the code and bitmask byte for byte.
 *
 * @example
 * ```ts
 * import { decodeCode } from "./asm_decode.ts";
 * const items = decodeCode(new Uint8Array([51, 7, 42, 0, 0]), new Uint8Array([0b01001]));
 * items.map((i) => i.kind); // ["insn", "raw"]  (load_imm r7, 42; a trap with a stray byte)
 * ```
 * @module
 */

import { encodeInstruction, type Fields, hasTarget, newFields } from "./asm_encode.ts";
import { type CodeItem, layoutCode } from "./asm_layout.ts";
import { type OpcodeInfo, OPCODES } from "./opcodes.ts";
import { isOpcodeBit, newOperands, readOperands, skipAt } from "./operands.ts";

/** One element of disassembled code. */
export type DecodedItem =
  /** An instruction whose canonical encoding is exactly its bytes. */
  | { kind: "insn"; pc: number; info: OpcodeInfo; fields: Fields; bytes: Uint8Array }
  /**
   * One instruction's bytes (opcode bit on the first only) that the assembler would not
   * produce from text; `info`/`fields` tell how it decodes when the opcode is defined.
   */
  | {
    kind: "raw";
    pc: number;
    bytes: Uint8Array;
    info?: OpcodeInfo;
    fields?: Fields;
    reason: string;
  }
  /** Bytes before the first opcode bit. */
  | { kind: "bytes"; pc: number; bytes: Uint8Array };

/** Decodes the operand fields of the instruction at `pc` as the interpreter does. */
export function decodeFields(
  code: Uint8Array,
  bitmask: Uint8Array,
  pc: number,
  info: OpcodeInfo,
): Fields {
  return decodeWithLength(code, bitmask, pc, info).fields;
}

/** Operand bytes the decoder reads for a layout, given the decoded immediate lengths. */
function operandBytes(layout: OpcodeInfo["layout"], lenX: number, lenY: number): number {
  switch (layout) {
    case "A":
      return 0;
    case "B":
      return lenX;
    case "C":
      return 9;
    case "E":
      return lenY;
    case "I":
      return 1;
    case "M":
      return 2;
    case "L":
      return 2 + lenX + lenY;
    default: // D F G H J K: one byte of registers or lengths, then the immediates
      return 1 + lenX + lenY;
  }
}

function decodeWithLength(
  code: Uint8Array,
  bitmask: Uint8Array,
  pc: number,
  info: OpcodeInfo,
): { fields: Fields; operandLength: number } {
  const ops = readOperands(code, pc, skipAt(bitmask, code.length, pc), info.layout, newOperands());
  const f = newFields();
  f.a = ops.a;
  f.b = ops.b;
  f.d = ops.d;
  f.x = ops.x;
  f.y = ops.y;
  f.target = ops.target;
  if (info.layout === "C") f.wide = (BigInt(ops.xHi >>> 0) << 32n) | BigInt(ops.x >>> 0);
  return { fields: f, operandLength: operandBytes(info.layout, ops.lenX, ops.lenY) };
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Why a defined instruction's bytes are not its canonical encoding. */
function whyRaw(chunk: Uint8Array, operandLength: number, canonical: number[]): string {
  const extra = chunk.length - 1 - operandLength;
  if (extra > 0) return `${extra} byte${extra > 1 ? "s" : ""} past the operands`;
  if (extra < 0) return "operands read past the instruction's bytes";
  return chunk.length > canonical.length
    ? "immediate or offset longer than needed"
    : "unused operand bits set, or a register number above 12";
}

/** Splits and decodes the code (see the module doc); the last step is `verifyLayout`. */
export function decodeCode(code: Uint8Array, bitmask: Uint8Array): DecodedItem[] {
  const n = code.length;
  const items: DecodedItem[] = [];
  let first = 0;
  while (first < n && !isOpcodeBit(bitmask, n, first)) first++;
  if (first > 0) items.push({ kind: "bytes", pc: 0, bytes: code.slice(0, first) });
  for (let pc = first; pc < n;) {
    let end = pc + 1;
    while (end < n && !isOpcodeBit(bitmask, n, end)) end++;
    const bytes = code.slice(pc, end);
    const info = OPCODES[code[pc]];
    if (info === undefined) {
      items.push({ kind: "raw", pc, bytes, reason: "undefined opcode: runs as trap" });
    } else {
      const { fields, operandLength } = decodeWithLength(code, bitmask, pc, info);
      const canonical = encodeInstruction(info, fields, pc);
      if (sameBytes(bytes, canonical)) items.push({ kind: "insn", pc, info, fields, bytes });
      else {
        const reason = whyRaw(bytes, operandLength, canonical);
        items.push({ kind: "raw", pc, bytes, info, fields, reason });
      }
    }
    pc = end;
  }
  verifyLayout(items, n);
  return items;
}

/** Code offsets that instructions start at (the places labels may name). */
export function instructionStarts(items: readonly DecodedItem[]): Set<number> {
  return new Set(items.filter((i) => i.kind !== "bytes").map((i) => i.pc));
}

/**
 * The label positions the printed text will use for `targets`: instruction starts and the end
 * of the code; any other target is printed as `@n`.
 */
export function labelPositions(
  items: readonly DecodedItem[],
  codeLength: number,
  targets: Iterable<number>,
): Set<number> {
  const starts = instructionStarts(items);
  const out = new Set<number>();
  for (const t of targets) if (starts.has(t) || t === codeLength) out.add(t);
  return out;
}

/**
 * Every static target of the instructions printed as instructions (with `includeRaw`, also of
 * `.raw` ones, whose comments then name labels too).
 */
export function branchTargets(items: readonly DecodedItem[], includeRaw = false): number[] {
  const out: number[] = [];
  for (const it of items) {
    if (it.kind === "bytes" || it.info === undefined || !hasTarget(it.info)) continue;
    if (it.kind === "insn" || includeRaw) out.push(it.fields!.target);
  }
  return out;
}

/** The code items the printed text stands for, with labels named `L<pc>`. */
export function toCodeItems(
  items: readonly DecodedItem[],
  codeLength: number,
  labels: ReadonlySet<number>,
): { codeItems: CodeItem[]; index: number[] } {
  const codeItems: CodeItem[] = [];
  const index: number[] = [];
  for (const it of items) {
    if (labels.has(it.pc) && it.kind !== "bytes") {
      codeItems.push({ kind: "label", name: `L${it.pc}` });
    }
    index.push(codeItems.length);
    if (it.kind === "insn") {
      const label = hasTarget(it.info) && labels.has(it.fields.target)
        ? `L${it.fields.target}`
        : undefined;
      codeItems.push({ kind: "insn", info: it.info, fields: it.fields, label });
    } else codeItems.push({ kind: "bytes", bytes: it.bytes, opcode: it.kind === "raw" });
  }
  if (labels.has(codeLength)) codeItems.push({ kind: "label", name: `L${codeLength}` });
  return { codeItems, index };
}

/**
 * Lays the items out as the assembler would and turns every branch whose size would differ
 * into `.raw`, until the layout matches (each round turns at least one, so this ends).
 * Jump-table targets do not change sizes and need no check here.
 */
export function verifyLayout(items: DecodedItem[], codeLength: number): void {
  if (!items.some((i) => i.kind === "insn" && hasTarget(i.info))) return;
  for (;;) {
    const labels = labelPositions(items, codeLength, branchTargets(items));
    const { codeItems, index } = toCodeItems(items, codeLength, labels);
    const layout = layoutCode(codeItems);
    let changed = false;
    items.forEach((it, k) => {
      if (it.kind !== "insn" || !hasTarget(it.info)) return;
      const i = index[k];
      const next = i + 1 < codeItems.length ? layout.pcs[i + 1] : layout.code.length;
      if (next - layout.pcs[i] !== it.bytes.length) {
        items[k] = {
          kind: "raw",
          pc: it.pc,
          bytes: it.bytes,
          info: it.info,
          fields: it.fields,
          reason: "the assembler would size this offset differently",
        };
        changed = true;
      }
    });
    if (!changed) return;
  }
}
