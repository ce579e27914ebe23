/**
 * The PVM disassembler: prints a plain or standard program blob as assembly text that
 * `assemble` turns back into the same blob, byte for byte, for every blob that decodes.
 *
 * Instructions whose bytes are the canonical encoding print as instructions; anything else
 * (undefined opcodes, non-minimal immediates, register nibbles 13–15, bytes past the operands,
 * operands read from the next instruction, a skip capped at 24) prints as `.raw` with the
 * decoded instruction in a comment. Branch targets at instruction starts get labels `L<pc>`;
 * other targets print as `@n`.
 *
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * import { disassemble } from "./disassembler.ts";
 * const blob = new Uint8Array([0, 0, 5, 51, 7, 42, 50, 0, 0b01001]);
 * const text = disassemble(blob);
 * // .jump_table_entry_size 0
 * //     load_imm r7, 42
 * //     jump_ind r0, 0
 * assemble(text).blob; // equal to blob
 * ```
 * @module
 */

import { branchTargets, decodeCode, type DecodedItem, labelPositions } from "./asm_decode.ts";
import { formatBytes, formatInstruction } from "./asm_print.ts";
import { ProgramDecodeError } from "./errors.ts";
import { decodeProgram, type Program } from "./program.ts";
import {
  decodeStandardProgram,
  RO_DATA_START,
  type StandardProgram,
  ZONE_SIZE,
} from "./standard.ts";
import { decodeVarint, encodeVarint } from "./varint.ts";

/** Which container a blob is. */
export type BlobFormat = "plain" | "standard";

/** Options of `disassemble`. */
export interface DisassembleOptions {
  /** The blob's format; `"auto"` (default) tries plain first, then standard. */
  format?: BlobFormat | "auto";
  /** Append `; @pc` to every instruction (default false). */
  pcComments?: boolean;
}

/** Column where pc comments start. */
const COMMENT_COLUMN = 40;
/** Jump-table entries per `.jump_table` line. */
const ENTRIES_PER_LINE = 8;
/** Bytes per `.byte` / `.bytes` line. */
const BYTES_PER_LINE = 16;

/**
 * Detects a blob's format: `"plain"` if it decodes as a plain program, else `"standard"` if
 * it decodes as one; throws `ProgramDecodeError` (naming both reasons) when neither.
 */
export function detectFormat(blob: Uint8Array): BlobFormat {
  let plainError: ProgramDecodeError;
  try {
    decodeProgram(blob);
    return "plain";
  } catch (e) {
    if (!(e instanceof ProgramDecodeError)) throw e;
    plainError = e;
  }
  try {
    decodeStandardProgram(blob);
    return "standard";
  } catch (e) {
    if (!(e instanceof ProgramDecodeError)) throw e;
    throw new ProgramDecodeError(
      plainError.code,
      `not a plain program (${plainError.message}) nor a standard program (${e.message})`,
    );
  }
}

/**
 * Disassembles a blob. Throws `ProgramDecodeError` when it does not decode in the chosen (or
 * any, with `"auto"`) format.
 */
export function disassemble(blob: Uint8Array, options: DisassembleOptions = {}): string {
  const format = options.format === undefined || options.format === "auto"
    ? detectFormat(blob)
    : options.format;
  const out: string[] = [];
  if (format === "standard") {
    const std = decodeStandardProgram(blob);
    out.push(`; PVM standard program, disassembled`);
    printStandard(std, out);
    out.push("", ".code");
    printProgram(std.program, std.code, options, out);
  } else {
    const program = decodeProgram(blob);
    out.push(`; PVM program, disassembled`);
    printProgram(program, blob, options, out);
  }
  return out.join("\n") + "\n";
}

/** Byte widths of the two header varints, when either is not the canonical width. */
function varintSizes(blob: Uint8Array): [number, number] | undefined {
  const jl = decodeVarint(blob, 0)!;
  const cl = decodeVarint(blob, jl.next + 1)!;
  const a = jl.next, b = cl.next - (jl.next + 1);
  if (a === encodeVarint(jl.value).length && b === encodeVarint(cl.value).length) return undefined;
  return [a, b];
}

function printProgram(
  program: Program,
  blob: Uint8Array,
  options: DisassembleOptions,
  out: string[],
): void {
  const { code, bitmask, jumpTable } = program;
  const items = decodeCode(code, bitmask);
  const count = items.filter((i) => i.kind !== "bytes").length;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  out.push(
    `; ${plural(count, "instruction")}, ${plural(code.length, "code byte")}, ${
      plural(jumpTable.length, "jump-table entry")
    }`.replace("entrys", "entries"),
  );
  const sizes = varintSizes(blob);
  if (sizes !== undefined) out.push(`.varint_sizes ${sizes[0]}, ${sizes[1]}`);
  out.push(`.jump_table_entry_size ${program.jumpTableEntrySize}`);
  const labels = labelPositions(items, code.length, [...branchTargets(items, true), ...jumpTable]);
  const name = (pc: number) => labels.has(pc) ? `L${pc}` : `@${pc}`;
  for (let i = 0; i < jumpTable.length; i += ENTRIES_PER_LINE) {
    out.push(`.jump_table ${jumpTable.slice(i, i + ENTRIES_PER_LINE).map(name).join(", ")}`);
  }
  out.push("");
  for (const it of items) {
    if (labels.has(it.pc) && it.kind !== "bytes") out.push(`L${it.pc}:`);
    printItem(it, name, options.pcComments === true, out);
  }
  if (labels.has(code.length)) out.push(`L${code.length}:`);
}

function withComment(text: string, comment: string): string {
  return `${text.padEnd(COMMENT_COLUMN - 1)} ; ${comment}`;
}

function printItem(
  it: DecodedItem,
  name: (pc: number) => string,
  pcs: boolean,
  out: string[],
): void {
  const pc = pcs ? `@${it.pc}` : "";
  switch (it.kind) {
    case "insn": {
      const text = `    ${formatInstruction(it.info, it.fields, name)}`;
      out.push(pcs ? withComment(text, pc) : text);
      return;
    }
    case "raw": {
      const decoded = it.info === undefined
        ? `opcode ${it.bytes[0]}`
        : formatInstruction(it.info, it.fields!, name);
      const note = `${pcs ? pc + ": " : ""}${decoded} (${it.reason})`;
      out.push(withComment(`    .raw ${formatBytes(it.bytes)}`, note));
      return;
    }
    case "bytes":
      for (let i = 0; i < it.bytes.length; i += BYTES_PER_LINE) {
        const text = `    .bytes ${formatBytes(it.bytes.subarray(i, i + BYTES_PER_LINE))}`;
        out.push(
          i === 0
            ? withComment(text, `${pcs ? pc + ": " : ""}bytes before the first opcode`)
            : text,
        );
      }
      return;
  }
}

function printStandard(std: StandardProgram, out: string[]): void {
  out.push(".standard", `.stack_size ${std.stackSize}`, `.heap_pages ${std.heapPages}`);
  const rwStart = 2 * ZONE_SIZE + Math.ceil(std.roData.length / ZONE_SIZE) * ZONE_SIZE;
  for (
    const [section, data, start] of [
      ["ro_data", std.roData, RO_DATA_START],
      ["rw_data", std.rwData, rwStart],
    ] as const
  ) {
    if (data.length === 0) continue;
    out.push("", withComment(`.${section}`, `0x${start.toString(16)}, ${data.length} bytes`));
    printData(data, out);
  }
}

const printable = (b: number) => (b >= 0x20 && b < 0x7f) || b === 10 || b === 9;

function escapeAscii(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    if (b === 10) s += "\\n";
    else if (b === 9) s += "\\t";
    else if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += "\\\\";
    else s += String.fromCharCode(b);
  }
  return s;
}

/** Prints data as `.zero` for runs of ≥ 8 zeros, `.ascii` for ≥ 8 printable bytes, else `.byte`. */
function printData(data: Uint8Array, out: string[]): void {
  const runOf = (at: number, pred: (b: number) => boolean) => {
    let j = at;
    while (j < data.length && pred(data[j])) j++;
    return j - at;
  };
  const pending: number[] = [];
  const flush = () => {
    for (let i = 0; i < pending.length; i += BYTES_PER_LINE) {
      out.push(`    .byte ${formatBytes(pending.slice(i, i + BYTES_PER_LINE))}`);
    }
    pending.length = 0;
  };
  for (let i = 0; i < data.length;) {
    const zeros = runOf(i, (b) => b === 0);
    if (zeros >= 8) {
      flush();
      out.push(`    .zero ${zeros}`);
      i += zeros;
      continue;
    }
    const text = runOf(i, printable);
    if (text >= 8) {
      flush();
      for (let k = 0; k < text; k += 64) {
        out.push(`    .ascii "${escapeAscii(data.subarray(i + k, i + Math.min(text, k + 64)))}"`);
      }
      i += text;
      continue;
    }
    pending.push(data[i++]);
  }
  flush();
}
