/**
 * The assembler's passes over its state: the first pass (statements, labels, data sizes), the
 * evaluation of operands and data values, the jump-table checks and the basic-block warnings.
 * Internal; `assemble` in `assembler.ts` runs them in order.
 *
 * @example
 * ```ts
 * import { AsmState } from "./asm_state.ts";
 * import { firstPass } from "./asm_passes.ts";
 * const s = new AsmState("demo.pasm", 10);
 * s.line = 1;
 * firstPass(s, "start: trap");
 * s.code.length; // 2 (the label, then the instruction)
 * ```
 * @module
 */

import { encodeVarintWidth, entrySizeFor, type Fields, newFields } from "./asm_encode.ts";
import { AssemblyError, AssemblyProblem } from "./asm_errors.ts";
import type { AssemblyDiagnostic } from "./asm_errors.ts";
import { type DirectiveHook, runDirective } from "./asm_directives.ts";
import { isBlockStart, labelIndexes } from "./asm_blocks.ts";
import type { CodeItem, CodeLayout } from "./asm_layout.ts";
import { type InsnStatement, parseLine } from "./asm_parser.ts";
import type { AsmState, PendingCode } from "./asm_state.ts";
import { AlreadyReported } from "./asm_symbols.ts";
import { NAME_PATTERN, toInt32, TWO_64 } from "./asm_syntax.ts";
import { VmUsageError } from "./errors.ts";
import { opcodeByName } from "./opcodes.ts";

/** Predefined constants, as `AssembleOptions.symbols` gives them. */
export type SymbolOption =
  | Readonly<Record<string, bigint | number>>
  | ReadonlyMap<string, bigint | number>;

/** Defines the embedder's constants; throws `VmUsageError` for a bad name or value. */
export function predefine(s: AsmState, symbols: SymbolOption | undefined): void {
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

/** Throws one `AssemblyError` with every diagnostic so far, sorted by position. */
export function throwIfErrors(s: AsmState): void {
  if (s.diagnostics.length === 0) return;
  const sorted = [...s.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  throw new AssemblyError(s.fileName, sorted, s.omitted);
}

/** Runs `f`, recording an `AssemblyProblem` at `line`; returns whether it succeeded. */
export function attempt(s: AsmState, line: number, f: () => unknown, onFail?: () => void): boolean {
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

/** First pass over one line: labels, then the statement. Throws `AssemblyProblem`. */
export function firstPass(s: AsmState, text: string, hook?: DirectiveHook): void {
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
          text: `jt(${ret})`,
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

/** Throws unless `name` is a code label. */
export function checkCodeLabel(s: AsmState, name: string, column: number): void {
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

/** Evaluates an instruction's operands into its fields; problems are recorded, not thrown. */
export function resolveCode(s: AsmState, p: PendingCode): CodeItem {
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
        const hex = v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
        const shown =
          imm.expr.text === "" || imm.expr.text.toLowerCase().replaceAll("_", "") === hex
            ? hex
            : `"${imm.expr.text}" (= ${hex})`;
        throw new AssemblyProblem(
          "IMMEDIATE_RANGE",
          `immediate ${shown} does not fit: ${rangeHint(imm.range, stmt.info.name)}`,
          imm.expr.column,
          imm.expr.text,
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

/** Writes a data section, evaluating its values; problems are recorded. */
export function buildData(s: AsmState, section: "ro_data" | "rw_data"): Uint8Array {
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
          `value "${expr.text}" (= ${v}) does not fit ${width} byte${width > 1 ? "s" : ""} (−2^${
            bits - 1n
          } … 2^${bits}−1)`,
          expr.column,
          expr.text,
        );
      }
      const u = BigInt.asUintN(width * 8, v);
      for (let i = 0; i < width; i++) out[at + i] = Number((u >> BigInt(8 * i)) & 0xffn);
    });
    at += width;
  }
  return out;
}

/** Resolves the jump table against the layout, choosing and checking the entry size. */
export function resolveJumpTable(
  s: AsmState,
  layout: CodeLayout,
): { jumpTable: number[]; entrySize: number } {
  const jumpTable = s.jumpTable.map((e) =>
    e.ref.kind === "label" ? layout.labels.get(e.ref.name)! : e.ref.value
  );
  const entrySize = s.entrySize?.value ??
    (jumpTable.length === 0
      ? 0
      : Math.max(1, ...jumpTable.map((v) => entrySizeFor(Math.max(0, v)))));
  jumpTable.forEach((v, i) => {
    if (v >= 0 && v < 2 ** (8 * entrySize)) return;
    const e = s.jumpTable[i];
    const setAt = s.entrySize ? ` (set at line ${s.entrySize.line})` : "";
    s.add(
      "TARGET_RANGE",
      v < 0
        ? `jump-table entry @${v} is negative`
        : `jump-table entry ${v} does not fit ${entrySize}-byte entries${setAt}`,
      e.line,
      e.ref.column,
    );
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
  return { jumpTable, entrySize };
}

/**
 * Warnings for labels used as jump or branch targets (or jump-table entries) that are not
 * basic-block starts; one per label, at its first use.
 */
export function blockWarnings(s: AsmState, items: readonly CodeItem[]): AssemblyDiagnostic[] {
  const index = labelIndexes(items);
  const uses: { name: string; line: number; column: number }[] = [];
  for (const p of s.code) {
    if (p.kind !== "insn") continue;
    const t = p.stmt.target;
    if (t?.kind === "label") uses.push({ name: t.name, line: p.line, column: t.column });
  }
  for (const e of s.jumpTable) {
    if (e.ref.kind === "label") uses.push({ name: e.ref.name, line: e.line, column: e.ref.column });
  }
  uses.sort((a, b) => a.line - b.line || a.column - b.column);
  const seen = new Set<string>();
  const out: AssemblyDiagnostic[] = [];
  for (const u of uses) {
    if (seen.has(u.name)) continue;
    seen.add(u.name);
    const i = index.get(u.name);
    if (i === undefined || isBlockStart(items, i)) continue;
    const def = s.symbols.defs.get(u.name);
    const where = u.name.includes("#") ? "the return point" : `"${u.name}" (line ${def?.line})`;
    out.push({
      code: "NOT_BLOCK_START",
      message:
        `target ${where} is not the start of a basic block, so taking this jump panics: the instruction before it must be a terminator (put "fallthrough" before the label), and an instruction must follow it`,
      line: u.line,
      column: u.column,
      text: u.name,
    });
  }
  return out;
}
