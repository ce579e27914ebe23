/**
 * The PVM text assembler: turns assembly source (syntax in `vm/ASSEMBLY.md`) into a plain
 * program blob, or a standard program (SPI) blob when the source has data sections.
 *
 * Two passes: the first parses every line, defines labels and sizes data; the second
 * evaluates operands, lays out code (shortest branch offsets, found by iteration) and writes
 * the blob. Every problem of the file is reported in one `AssemblyError`.
 *
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * const { blob } = assemble(`
 *     load_imm r7, 42
 *     jump_ind r0, 0     ; r0 = 0xFFFF0000: halt
 * `);
 * blob; // [0, 0, 5, 51, 7, 42, 50, 0, 0b01001]
 * ```
 * @module
 */

import { encodePlainBlob } from "./asm_encode.ts";
import {
  type AssemblyDiagnostic,
  AssemblyError,
  type AssemblyErrorCode,
  AssemblyProblem,
} from "./asm_errors.ts";
import type { DirectiveHook } from "./asm_directives.ts";
import { layoutCode } from "./asm_layout.ts";
import {
  attempt,
  blockWarnings,
  buildData,
  checkCodeLabel,
  firstPass,
  predefine,
  resolveCode,
  resolveJumpTable,
  type SymbolOption,
  throwIfErrors,
} from "./asm_passes.ts";
import { AsmState, type PendingCode } from "./asm_state.ts";
import { ProgramDecodeError } from "./errors.ts";
import { MAX_CODE_LENGTH, MAX_JUMP_TABLE_LENGTH } from "./program.ts";
import { encodeStandardProgram, RO_DATA_START, ZONE_SIZE } from "./standard.ts";

export type { DirectiveContext, DirectiveHook } from "./asm_directives.ts";
export { AssemblyError } from "./asm_errors.ts";
export type { AssemblyDiagnostic, AssemblyErrorCode } from "./asm_errors.ts";
export type { SymbolOption } from "./asm_passes.ts";

/** Largest source accepted, in UTF-16 code units (16 MiB). */
export const MAX_SOURCE_LENGTH = 1 << 24;
/** Most source lines accepted. */
export const MAX_SOURCE_LINES = 1_000_000;
/** Default for `AssembleOptions.maxErrors`. */
export const DEFAULT_MAX_ERRORS = 100;

/** Options of `assemble`. */
export interface AssembleOptions {
  /** Name used in error messages (default `"input.pasm"`). */
  fileName?: string;
  /**
   * Extra constants usable in immediates, e.g. `{ "log.write": 100n }` for `ecalli log.write`.
   * Names follow the label syntax; values are 64-bit (−2^63 … 2^64−1).
   */
  symbols?: SymbolOption;
  /** Handles directives the assembler does not know (see `DirectiveHook`). */
  onDirective?: DirectiveHook;
  /** Most diagnostics kept in an `AssemblyError` (default 100); the rest are counted. */
  maxErrors?: number;
}

/** The result of `assemble`. */
export interface Assembly {
  /** The output: the plain program blob, or the standard program blob when `standard`. */
  readonly blob: Uint8Array;
  /** Whether the output is a standard program (the source had data sections or `.standard`). */
  readonly standard: boolean;
  /** The plain program blob (jump table, code, bitmask); equals `blob` when not `standard`. */
  readonly programBlob: Uint8Array;
  /** Read-only data (standard programs). */
  readonly roData: Uint8Array;
  /** Read-write data (standard programs). */
  readonly rwData: Uint8Array;
  /** Heap pages (standard programs). */
  readonly heapPages: number;
  /** Stack size in bytes (standard programs). */
  readonly stackSize: number;
  /** Jump-table entries (code offsets). */
  readonly jumpTable: readonly number[];
  /** Bytes per jump-table entry. */
  readonly jumpTableEntrySize: number;
  /** Code bytes. */
  readonly code: Uint8Array;
  /** Instructions written (including `.raw` ones). */
  readonly instructionCount: number;
  /** Every label: code labels map to code offsets, data labels to addresses. */
  readonly labels: ReadonlyMap<string, number>;
  /** Code offset and source line of every instruction, in code order. */
  readonly sourceMap: readonly { readonly pc: number; readonly line: number }[];
  /**
   * Problems that do not stop assembly: code `NOT_BLOCK_START` for a label used as a target
   * that is not a basic-block start (taking that jump would panic).
   */
  readonly warnings: readonly AssemblyDiagnostic[];
}

/**
 * Assembles `text`. Throws `AssemblyError` listing every problem found (with
 * `file:line:column`), or `VmUsageError` when `options` itself is invalid.
 */
export function assemble(text: string, options: AssembleOptions = {}): Assembly {
  const fileName = options.fileName ?? "input.pasm";
  const s = new AsmState(fileName, Math.max(1, options.maxErrors ?? DEFAULT_MAX_ERRORS));
  const fail = (code: AssemblyErrorCode, message: string): never => {
    throw new AssemblyError(fileName, [{ code, message, line: 0, column: 0, text: "" }]);
  };
  if (text.length > MAX_SOURCE_LENGTH) {
    fail("TOO_LARGE", `source is ${text.length} characters; the limit is ${MAX_SOURCE_LENGTH}`);
  }
  const lines = text.split("\n");
  if (lines.length > MAX_SOURCE_LINES) {
    fail("TOO_LARGE", `source has ${lines.length} lines; the limit is ${MAX_SOURCE_LINES}`);
  }
  predefine(s, options.symbols);

  // Pass 1: statements, labels, data sizes.
  for (let i = 0; i < lines.length; i++) {
    s.line = i + 1;
    try {
      firstPass(s, lines[i], options.onDirective);
    } catch (e) {
      if (!(e instanceof AssemblyProblem)) throw e;
      s.report(e);
    }
  }

  // Pass 2: values.
  s.symbols.sectionBase = {
    ro_data: RO_DATA_START,
    rw_data: 2 * ZONE_SIZE + Math.ceil(s.dataSize.ro_data / ZONE_SIZE) * ZONE_SIZE,
  };
  const jtIndex = new Map<string, number>();
  s.jumpTable.forEach((e, i) => {
    if (e.ref.kind === "label" && !jtIndex.has(e.ref.name)) jtIndex.set(e.ref.name, i);
  });
  s.symbols.jumpTableIndex = (label) => jtIndex.get(label);
  for (const equ of s.equs) {
    const def = s.symbols.defs.get(equ.name);
    if (def?.kind !== "equ") continue;
    attempt(s, equ.line, () => s.symbols.evaluate(def.expr), () => s.symbols.markFailed(equ.name));
  }
  const items = s.code.map((p) => resolveCode(s, p));
  const roData = buildData(s, "ro_data");
  const rwData = buildData(s, "rw_data");
  for (const { ref, line } of s.jumpTable) {
    if (ref.kind === "label") attempt(s, line, () => checkCodeLabel(s, ref.name, ref.column));
  }
  if (s.jumpTable.length > MAX_JUMP_TABLE_LENGTH) {
    s.add(
      "TOO_LARGE",
      `the jump table has ${s.jumpTable.length} entries; the limit is ${MAX_JUMP_TABLE_LENGTH}`,
      0,
    );
  }
  throwIfErrors(s);

  // Layout and output.
  const layout = layoutCode(items);
  for (const i of layout.offsetOverflows) {
    const p = s.code[i] as Extract<PendingCode, { kind: "insn" }>;
    s.add(
      "TARGET_RANGE",
      `branch offset does not fit in 32 bits`,
      p.line,
      p.stmt.target?.column ?? 0,
    );
  }
  if (layout.code.length > MAX_CODE_LENGTH) {
    s.add("TOO_LARGE", `code is ${layout.code.length} bytes; the limit is ${MAX_CODE_LENGTH}`, 0);
  }
  const { jumpTable, entrySize } = resolveJumpTable(s, layout);
  throwIfErrors(s);

  const programBlob = encodePlainBlob({
    jumpTable,
    entrySize,
    code: layout.code,
    bitmask: layout.bitmask,
    varintSizes: s.varintSizes?.value,
  });
  const standard = s.standardLine !== 0;
  const heapPages = s.heapPages?.value ?? 0;
  const stackSize = s.stackSize?.value ?? 0;
  let blob = programBlob;
  if (standard) {
    try {
      blob = encodeStandardProgram({ roData, rwData, heapPages, stackSize, code: programBlob });
    } catch (e) {
      if (!(e instanceof ProgramDecodeError)) throw e;
      fail(e.code === "BAD_LAYOUT" ? "BAD_LAYOUT" : "TOO_LARGE", `standard program: ${e.message}`);
    }
  }

  const labels = new Map<string, number>();
  for (const [name, def] of s.symbols.defs) {
    if (def.kind === "code" && !name.includes("#")) labels.set(name, layout.labels.get(name)!);
    if (def.kind === "data") labels.set(name, s.symbols.dataAddress(def));
  }
  const sourceMap: { pc: number; line: number }[] = [];
  s.code.forEach((p, i) => {
    if (p.kind === "insn" || (p.kind === "bytes" && p.opcode)) {
      sourceMap.push({ pc: layout.pcs[i], line: p.line });
    }
  });
  return {
    blob,
    standard,
    programBlob,
    roData,
    rwData,
    heapPages,
    stackSize,
    jumpTable,
    jumpTableEntrySize: entrySize,
    code: layout.code,
    instructionCount: sourceMap.length,
    labels,
    sourceMap,
    warnings: blockWarnings(s, items),
  };
}
