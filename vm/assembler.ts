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

import {
  encodePlainBlob,
  encodeVarintWidth,
  entrySizeFor,
  type Fields,
  newFields,
} from "./asm_encode.ts";
import { AssemblyError, type AssemblyErrorCode, AssemblyProblem } from "./asm_errors.ts";
import { type DirectiveHook, runDirective } from "./asm_directives.ts";
import { type CodeItem, layoutCode } from "./asm_layout.ts";
import { type InsnStatement, parseLine } from "./asm_parser.ts";
import { AsmState, type PendingCode } from "./asm_state.ts";
import { AlreadyReported } from "./asm_symbols.ts";
import { NAME_PATTERN, toInt32, TWO_64 } from "./asm_syntax.ts";
import { ProgramDecodeError, VmUsageError } from "./errors.ts";
import { opcodeByName } from "./opcodes.ts";
import { MAX_CODE_LENGTH, MAX_JUMP_TABLE_LENGTH } from "./program.ts";
import { encodeStandardProgram, RO_DATA_START, ZONE_SIZE } from "./standard.ts";

export type { DirectiveContext, DirectiveHook } from "./asm_directives.ts";
export { AssemblyError } from "./asm_errors.ts";
export type { AssemblyDiagnostic, AssemblyErrorCode } from "./asm_errors.ts";

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
  symbols?: Readonly<Record<string, bigint | number>> | ReadonlyMap<string, bigint | number>;
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
  const jumpTable = s.jumpTable.map((e) =>
    e.ref.kind === "label" ? layout.labels.get(e.ref.name)! : e.ref.value
  );
  const entrySize = s.entrySize?.value ??
    (jumpTable.length === 0
      ? 0
      : Math.max(1, ...jumpTable.map((v) => entrySizeFor(Math.max(0, v)))));
  jumpTable.forEach((v, i) => {
    if (v < 0 || v >= 2 ** (8 * entrySize)) {
      const e = s.jumpTable[i];
      s.add(
        "TARGET_RANGE",
        v < 0
          ? `jump-table entry @${v} is negative`
          : `jump-table entry ${v} does not fit ${entrySize}-byte entries${
            s.entrySize ? ` (set at line ${s.entrySize.line})` : ""
          }`,
        e.line,
        e.ref.column,
      );
    }
  });
  if (s.varintSizes !== undefined) {
    const [a, b] = s.varintSizes.value;
    if (encodeVarintWidth(jumpTable.length, a) === undefined) {
      s.add(
        "BAD_DIRECTIVE",
        `jump-table length ${jumpTable.length} does not fit a ${a}-byte varint`,
        s.varintSizes.line,
      );
    }
    if (encodeVarintWidth(layout.code.length, b) === undefined) {
      s.add(
        "BAD_DIRECTIVE",
        `code length ${layout.code.length} does not fit a ${b}-byte varint`,
        s.varintSizes.line,
      );
    }
  }
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
  };
}

function predefine(s: AsmState, symbols: AssembleOptions["symbols"]): void {
  if (symbols === undefined) return;
  const entries = symbols instanceof Map
    ? [...symbols.entries()]
    : Object.entries(symbols as Record<string, bigint | number>);
  for (const [name, value] of entries) {
    if (!NAME_PATTERN.test(name)) {
      throw new VmUsageError("BAD_SYMBOL", `predefined symbol name "${name}" is not a valid name`);
    }
    const v = BigInt(value);
    if (v < -(1n << 63n) || v >= TWO_64) {
      throw new VmUsageError("BAD_SYMBOL", `predefined symbol "${name}" = ${v} is outside 64 bits`);
    }
    try {
      s.symbols.defineConstant(name, v, 0, 0);
    } catch (e) {
      if (e instanceof AssemblyProblem) throw new VmUsageError("BAD_SYMBOL", e.message);
      throw e;
    }
  }
}

function throwIfErrors(s: AsmState): void {
  if (s.diagnostics.length === 0) return;
  const sorted = [...s.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  throw new AssemblyError(s.fileName, sorted, s.omitted);
}

/** Runs `f`, recording an `AssemblyProblem` at `line`; returns whether it succeeded. */
function attempt(s: AsmState, line: number, f: () => unknown, onFail?: () => void): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof AssemblyProblem) s.report(e, line);
    else if (!(e instanceof AlreadyReported)) throw e;
    onFail?.();
    return false;
  }
}

function firstPass(s: AsmState, text: string, hook?: DirectiveHook): void {
  const parsed = parseLine(text);
  for (const label of parsed.labels) {
    if (s.section === "code") {
      s.symbols.define(label.name, { kind: "code", line: s.line }, label.column);
      s.code.push({ kind: "label", name: label.name });
    } else {
      const offset = s.dataSize[s.section];
      s.symbols.define(
        label.name,
        { kind: "data", section: s.section, offset, line: s.line },
        label.column,
      );
    }
  }
  const st = parsed.statement;
  if (st === undefined) return;
  if (st.kind === "directive") {
    runDirective(s, st, hook);
    return;
  }
  if (s.section !== "code") {
    throw new AssemblyProblem(
      "BAD_OPERANDS",
      `instructions belong in the code section (add .code before this line)`,
      st.column,
    );
  }
  if (st.kind === "insn") {
    s.code.push({ kind: "insn", stmt: st, line: s.line, fields: newFields() });
  } else if (st.name === "ret") {
    const stmt: InsnStatement = {
      kind: "insn",
      info: opcodeByName("jump_ind")!,
      column: st.column,
      regs: { a: 0 },
      imms: [],
    };
    s.code.push({ kind: "insn", stmt, line: s.line, fields: newFields() });
  } else {
    // call target ≡ load_imm_jump ra, jt(<return>), target ; <return>: (a jump-table entry)
    const ret = `call#${++s.calls}`;
    const stmt: InsnStatement = {
      kind: "insn",
      info: opcodeByName("load_imm_jump")!,
      column: st.column,
      regs: { a: 0 },
      imms: [{
        field: "x",
        range: "i32",
        expr: {
          terms: [{ sign: 1n, kind: "jt", name: ret, column: st.column }],
          column: st.column,
        },
      }],
      target: st.target,
    };
    s.code.push({ kind: "insn", stmt, line: s.line, fields: newFields() });
    s.symbols.define(ret, { kind: "code", line: s.line }, st.column);
    s.code.push({ kind: "label", name: ret });
    s.jumpTable.push({ ref: { kind: "label", name: ret, column: st.column }, line: s.line });
  }
}

function checkCodeLabel(s: AsmState, name: string, column: number): void {
  const def = s.symbols.defs.get(name);
  if (def === undefined) {
    throw new AssemblyProblem("UNDEFINED_SYMBOL", `undefined label "${name}"`, column, name);
  }
  if (def.kind !== "code") {
    throw new AssemblyProblem(
      "BAD_SYMBOL_USE",
      `"${name}" is a ${
        def.kind === "data" ? "data label" : "constant"
      }, not a code label; jumps and jump-table entries need a code label or @offset`,
      column,
      name,
    );
  }
}

function rangeHint(range: "i32" | "u32", name: string): string {
  return range === "i32"
    ? `${name} takes a 32-bit value sign-extended to 64 bits (−2^31 … 2^31−1, or 2^64−2^31 … 2^64−1)${
      name === "load_imm" ? "; use load_imm_64 for other values" : ""
    }`
    : `${name} uses the value mod 2^32: write −2^31 … 2^32−1`;
}

function resolveCode(s: AsmState, p: PendingCode): CodeItem {
  if (p.kind === "label") return p;
  if (p.kind === "bytes") return { kind: "bytes", bytes: p.bytes, opcode: p.opcode };
  const { stmt } = p;
  const f: Fields = p.fields;
  f.a = stmt.regs.a ?? 0;
  f.b = stmt.regs.b ?? 0;
  f.d = stmt.regs.d ?? 0;
  for (const imm of stmt.imms) {
    attempt(s, p.line, () => {
      const v = s.symbols.evaluate(imm.expr);
      if (imm.range === "u64") {
        f.wide = ((v % TWO_64) + TWO_64) % TWO_64;
        return;
      }
      const n = toInt32(v, imm.range);
      if (n === undefined) {
        throw new AssemblyProblem(
          "IMMEDIATE_RANGE",
          `immediate ${v < 0n ? "-0x" + (-v).toString(16) : "0x" + v.toString(16)} does not fit: ${
            rangeHint(imm.range, stmt.info.name)
          }`,
          imm.expr.column,
        );
      }
      f[imm.field as "x" | "y"] = n;
    });
  }
  const t = stmt.target;
  if (t === undefined) return { kind: "insn", info: stmt.info, fields: f };
  if (t.kind === "abs") {
    f.target = t.value;
    return { kind: "insn", info: stmt.info, fields: f };
  }
  attempt(s, p.line, () => checkCodeLabel(s, t.name, t.column));
  return { kind: "insn", info: stmt.info, fields: f, label: t.name };
}

function buildData(s: AsmState, section: "ro_data" | "rw_data"): Uint8Array {
  const out = new Uint8Array(s.dataSize[section]);
  let at = 0;
  for (const chunk of s.data[section]) {
    if (chunk.kind === "bytes") {
      out.set(chunk.bytes, at);
      at += chunk.bytes.length;
      continue;
    }
    const { width, expr, line } = chunk;
    attempt(s, line, () => {
      const v = s.symbols.evaluate(expr);
      const bits = BigInt(width * 8);
      if (width < 8 && (v < -(1n << (bits - 1n)) || v >= 1n << bits)) {
        throw new AssemblyProblem(
          "IMMEDIATE_RANGE",
          `value ${v} does not fit ${width} byte${width > 1 ? "s" : ""} (−2^${
            bits - 1n
          } … 2^${bits}−1)`,
          expr.column,
        );
      }
      const u = BigInt.asUintN(width * 8, v);
      for (let i = 0; i < width; i++) out[at + i] = Number((u >> BigInt(8 * i)) & 0xffn);
    });
    at += width;
  }
  return out;
}
