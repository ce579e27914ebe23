/**
 * The assembler's built-in directives (`.jump_table`, `.raw`, `.ro_data`, `.u32`, `.equ`, …)
 * and the hook interface through which embedders add their own (for example a console's
 * `.import module.name@1`).
 *
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * const imports: string[] = [];
 * assemble(".import log.write@1\necalli log.write", {
 *   onDirective(d) {
 *     if (d.name !== "import") return false;
 *     imports.push(d.text);
 *     d.defineSymbol(d.text.split("@")[0], 100n);
 *     return true;
 *   },
 * });
 * imports; // ["log.write@1"]
 * ```
 * @module
 */

import { type AssemblyErrorCode, AssemblyProblem } from "./asm_errors.ts";
import {
  type DirectiveStatement,
  directiveTokens,
  type Expr,
  parseExpr,
  parseTarget,
  type Tokens,
} from "./asm_parser.ts";
import { MAX_DATA_LENGTH, type Section } from "./asm_state.ts";
import type { AsmState } from "./asm_state.ts";
import { NAME_PATTERN } from "./asm_syntax.ts";

/** What a directive hook sees, and what it may do. */
export interface DirectiveContext {
  /** Directive name without the dot, lower case (`.Import` → `"import"`). */
  readonly name: string;
  /** The operand text after the name: comment removed, trimmed, otherwise untouched. */
  readonly text: string;
  /** `text` split at commas outside string literals, each part trimmed (`[]` when empty). */
  readonly args: readonly string[];
  /** 1-based line of the directive. */
  readonly line: number;
  /** 1-based column of the directive's dot. */
  readonly column: number;
  /** The section the directive appears in. */
  readonly section: Section;
  /** Defines a constant usable in immediates (throws like a duplicate label when taken). */
  defineSymbol(name: string, value: bigint | number): void;
  /** Appends bytes to the current data section (in the code section: fails). */
  emitData(bytes: Uint8Array): void;
  /** Reports a problem with this directive (column defaults to the directive's) and stops it. */
  fail(message: string, code?: AssemblyErrorCode, column?: number): never;
}

/**
 * Called for every directive the assembler does not know. Return `true` when handled, `false`
 * to let the assembler report it as unknown. Report problems with `ctx.fail`.
 */
export type DirectiveHook = (ctx: DirectiveContext) => boolean;

/** Names of the built-in directives. */
export const BUILTIN_DIRECTIVES: readonly string[] = [
  "jump_table",
  "jump_table_entry_size",
  "bytes",
  "raw",
  "code",
  "ro_data",
  "rw_data",
  "byte",
  "u8",
  "u16",
  "u32",
  "u64",
  "ascii",
  "zero",
  "align",
  "heap_pages",
  "stack_size",
  "standard",
  "equ",
  "varint_sizes",
];

function commaList<T>(t: Tokens, what: string, item: () => T): T[] {
  const out: T[] = [];
  if (t.atEnd()) {
    throw new AssemblyProblem("BAD_DIRECTIVE", `expected ${what}`, t.column());
  }
  do out.push(item()); while (t.eat(","));
  t.expectEnd(what);
  return out;
}

function constInt(s: AsmState, expr: Expr, what: string, min: number, max: number): number {
  const v = s.symbols.evaluate(expr, "const");
  if (v < BigInt(min) || v > BigInt(max)) {
    throw new AssemblyProblem(
      "BAD_DIRECTIVE",
      `${what} must be ${min} … ${max}, got ${v}`,
      expr.column,
    );
  }
  return Number(v);
}

function oneInt(s: AsmState, t: Tokens, what: string, min: number, max: number): number {
  const [v] = commaList(t, what, () => constInt(s, parseExpr(t), what, min, max));
  return v;
}

function noArgs(t: Tokens, name: string): void {
  t.expectEnd(`.${name} (it takes no operands)`);
}

function requireSection(s: AsmState, d: DirectiveStatement, code: boolean): void {
  if ((s.section === "code") === code) return;
  const hint = code
    ? "it belongs in the code section (add .code before it)"
    : "it belongs in a data section (add .ro_data or .rw_data before it); in code use .bytes or .raw";
  throw new AssemblyProblem(
    "BAD_DIRECTIVE",
    `.${d.name} is not allowed here: ${hint}`,
    d.column,
    `.${d.name}`,
  );
}

function appendData(s: AsmState, bytes: Uint8Array | null, size: number, column: number): void {
  const sec = s.section as Exclude<Section, "code">;
  if (s.dataSize[sec] + size > MAX_DATA_LENGTH) {
    throw new AssemblyProblem(
      "TOO_LARGE",
      `the ${sec} section would grow past ${MAX_DATA_LENGTH} bytes (the standard program limit)`,
      column,
    );
  }
  if (bytes !== null) s.data[sec].push({ kind: "bytes", bytes });
  s.dataSize[sec] += size;
}

/** Runs one directive: a built-in one, else the hook. Throws `AssemblyProblem`. */
export function runDirective(s: AsmState, d: DirectiveStatement, hook?: DirectiveHook): void {
  if (!BUILTIN_DIRECTIVES.includes(d.name)) {
    if (hook !== undefined && hook(hookContext(s, d))) return;
    throw new AssemblyProblem(
      "UNKNOWN_DIRECTIVE",
      `unknown directive ".${d.name}"`,
      d.column,
      `.${d.name}`,
    );
  }
  const t = directiveTokens(d.text, d.textColumn);
  switch (d.name) {
    case "jump_table": {
      const refs = commaList(t, "jump-table targets (labels or @offsets)", () => parseTarget(t));
      for (const ref of refs) s.jumpTable.push({ ref, line: s.line });
      return;
    }
    case "jump_table_entry_size":
      s.setOnce("entrySize", d.name, oneInt(s, t, "the entry size", 0, 4), d.column);
      return;
    case "bytes":
    case "raw": {
      requireSection(s, d, true);
      const bytes = commaList(
        t,
        "byte values",
        () => constInt(s, parseExpr(t), "a byte", -128, 255),
      );
      s.code.push({
        kind: "bytes",
        bytes: Uint8Array.from(bytes, (b) => b & 0xff),
        opcode: d.name === "raw",
        line: s.line,
      });
      return;
    }
    case "code":
    case "ro_data":
    case "rw_data":
      noArgs(t, d.name);
      s.section = d.name;
      if (d.name !== "code") s.markStandard();
      return;
    case "byte":
    case "u8":
    case "u16":
    case "u32":
    case "u64": {
      requireSection(s, d, false);
      const width = ({ byte: 1, u8: 1, u16: 2, u32: 4, u64: 8 } as const)[d.name];
      const exprs = commaList(t, "values", () => parseExpr(t));
      const sec = s.section as Exclude<Section, "code">;
      appendData(s, null, exprs.length * width, d.column);
      for (const expr of exprs) s.data[sec].push({ kind: "value", width, expr, line: s.line });
      return;
    }
    case "ascii": {
      requireSection(s, d, false);
      const parts = commaList(t, "string literals", () => {
        const tok = t.next();
        if (tok?.kind !== "string") {
          throw new AssemblyProblem(
            "BAD_DIRECTIVE",
            `.ascii expects "string" literals, found ${
              tok === undefined ? "the end of the line" : `"${tok.text}"`
            }`,
            tok?.column ?? t.column(),
            tok?.text ?? "",
          );
        }
        return tok.bytes!;
      });
      for (const p of parts) appendData(s, p, p.length, d.column);
      return;
    }
    case "zero": {
      requireSection(s, d, false);
      const n = oneInt(s, t, "the byte count", 0, MAX_DATA_LENGTH);
      appendData(s, new Uint8Array(n), n, d.column);
      return;
    }
    case "align": {
      requireSection(s, d, false);
      const n = oneInt(s, t, "the alignment", 1, 4096);
      if ((n & (n - 1)) !== 0) {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          `alignment must be a power of two, got ${n}`,
          d.textColumn,
        );
      }
      const sec = s.section as Exclude<Section, "code">;
      const pad = (n - (s.dataSize[sec] % n)) % n;
      appendData(s, new Uint8Array(pad), pad, d.column);
      return;
    }
    case "heap_pages":
      s.setOnce("heapPages", d.name, oneInt(s, t, "the heap page count", 0, 0xffff), d.column);
      s.markStandard();
      return;
    case "stack_size":
      s.setOnce("stackSize", d.name, oneInt(s, t, "the stack size", 0, 0xffffff), d.column);
      s.markStandard();
      return;
    case "standard":
      noArgs(t, d.name);
      s.markStandard();
      return;
    case "equ": {
      const name = t.next();
      if (name?.kind !== "ident" || !NAME_PATTERN.test(name.text)) {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          ".equ expects a name, then a value: .equ NAME, 42",
          d.textColumn,
        );
      }
      t.expect(",", "after the .equ name");
      const expr = parseExpr(t);
      t.expectEnd("the .equ value");
      s.symbols.define(name.text, { kind: "equ", expr, line: s.line }, name.column);
      s.equs.push({ name: name.text, line: s.line });
      return;
    }
    case "varint_sizes": {
      const sizes = commaList(
        t,
        "two varint widths",
        () => constInt(s, parseExpr(t), "a varint width", 1, 9),
      );
      if (sizes.length !== 2) {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          ".varint_sizes takes two widths: jump-table length bytes, code length bytes",
          d.textColumn,
        );
      }
      s.setOnce("varintSizes", d.name, [sizes[0], sizes[1]] as const, d.column);
      return;
    }
  }
}

/** Splits at commas outside double-quoted strings; trims each part. */
export function splitArgs(text: string): string[] {
  if (text.trim() === "") return [];
  const out: string[] = [];
  let cur = "", inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === "\\") {
      cur += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    if (c === "," && !inString) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function hookContext(s: AsmState, d: DirectiveStatement): DirectiveContext {
  const line = s.line;
  return {
    name: d.name,
    text: d.text,
    args: splitArgs(d.text),
    line,
    column: d.column,
    section: s.section,
    defineSymbol(name, value) {
      if (!NAME_PATTERN.test(name)) {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          `"${name}" is not a valid symbol name`,
          d.column,
          name,
        );
      }
      const v = BigInt(value);
      if (v < -(1n << 63n) || v >= 1n << 64n) {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          `symbol value ${v} is outside the 64-bit range`,
          d.column,
          name,
        );
      }
      s.symbols.defineConstant(name, v, line, d.column);
    },
    emitData(bytes) {
      if (s.section === "code") {
        throw new AssemblyProblem(
          "BAD_DIRECTIVE",
          `.${d.name} emits data and belongs in a data section (add .ro_data or .rw_data before it)`,
          d.column,
          `.${d.name}`,
        );
      }
      appendData(s, bytes.slice(), bytes.length, d.column);
    },
    fail(message, code = "BAD_DIRECTIVE", column = d.column): never {
      throw new AssemblyProblem(code, message, column, `.${d.name}`);
    },
  };
}
