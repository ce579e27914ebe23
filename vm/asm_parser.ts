/**
 * The statement parser of the PVM assembly language: turns one line into its labels and at
 * most one statement (an instruction with unevaluated operand expressions, or a directive).
 * Symbols are not resolved here; that is the assembler's second pass.
 *
 * @example
 * ```ts
 * import { parseLine } from "./asm_parser.ts";
 * const line = parseLine("loop: branch_ne_imm r1, 0, loop");
 * line.labels[0].name; // "loop"
 * line.statement?.kind; // "insn"
 * ```
 * @module
 */

import { AssemblyProblem } from "./asm_errors.ts";
import { stripComment, type Token, tokenizeLine } from "./asm_lexer.ts";
import {
  type ImmRange,
  looksLikeRegister,
  NAME_PATTERN,
  operandForm,
  parseLiteral,
  registerIndex,
  TWO_64,
} from "./asm_syntax.ts";
import { ALL_OPCODES, opcodeByName, type OpcodeInfo } from "./opcodes.ts";

/** One signed term of an expression. */
export type Term =
  | { readonly sign: 1n | -1n; readonly kind: "num"; readonly value: bigint; column: number }
  | {
    readonly sign: 1n | -1n;
    readonly kind: "sym" | "jt";
    readonly name: string;
    readonly column: number;
  };

/** A sum of signed terms: numbers, symbols and `jt(label)`. */
export interface Expr {
  /** The terms, added up in order. */
  readonly terms: readonly Term[];
  /** Column of the first token. */
  readonly column: number;
  /** The source text of the expression (empty when built by the assembler itself). */
  readonly text: string;
}

/** A branch or jump target: a code label, or `@n`, an absolute code offset. */
export type TargetRef =
  | { readonly kind: "label"; readonly name: string; readonly column: number }
  | { readonly kind: "abs"; readonly value: number; readonly column: number };

/** An immediate operand waiting for evaluation. */
export interface ImmOperand {
  /** Field it fills. */
  readonly field: "x" | "y" | "wide";
  /** How it is checked (`u64`: any 64-bit value). */
  readonly range: ImmRange | "u64";
  /** The written expression. */
  readonly expr: Expr;
}

/** An instruction statement. */
export interface InsnStatement {
  /** Statement kind. */
  readonly kind: "insn";
  /** The opcode. */
  readonly info: OpcodeInfo;
  /** Column of the mnemonic. */
  readonly column: number;
  /** Register fields. */
  readonly regs: { a?: number; b?: number; d?: number };
  /** Immediates, in written order. */
  readonly imms: readonly ImmOperand[];
  /** The target of a branch or jump. */
  readonly target?: TargetRef;
}

/** A pseudo-instruction: `ret`, or `call target`. */
export interface PseudoStatement {
  /** Statement kind. */
  readonly kind: "pseudo";
  /** Which pseudo-instruction. */
  readonly name: "ret" | "call";
  /** Column of the mnemonic. */
  readonly column: number;
  /** The call target (`call` only). */
  readonly target?: TargetRef;
}

/** A directive; `tokens` is set for the directives the assembler knows. */
export interface DirectiveStatement {
  /** Statement kind. */
  readonly kind: "directive";
  /** Name without the dot, lower case. */
  readonly name: string;
  /** Column of the dot. */
  readonly column: number;
  /** The operand text after the name (comment removed, trimmed). */
  readonly text: string;
  /** Column where `text` starts. */
  readonly textColumn: number;
}

/** One parsed line. */
export interface ParsedLine {
  /** Labels defined on the line, in order. */
  readonly labels: readonly { readonly name: string; readonly column: number }[];
  /** The statement, if the line has one. */
  readonly statement?: InsnStatement | PseudoStatement | DirectiveStatement;
}

/** A cursor over the tokens of one line. */
export class Tokens {
  #i = 0;
  /**
   * Wraps the tokens of one line.
   * @param tokens the tokens
   * @param endColumn column just past the line, for messages
   * @param source the text the tokens' columns refer to
   */
  constructor(
    readonly tokens: readonly Token[],
    readonly endColumn: number,
    readonly source = "",
  ) {}
  /** Index of the next token. */
  index(): number {
    return this.#i;
  }
  /** Source text of tokens `from` (inclusive) to `to` (exclusive). */
  textBetween(from: number, to: number): string {
    if (to <= from) return "";
    const last = this.tokens[to - 1];
    return this.source.slice(this.tokens[from].column - 1, last.column - 1 + last.text.length);
  }
  /** The next token without consuming it. */
  peek(): Token | undefined {
    return this.tokens[this.#i];
  }
  /** Consumes and returns the next token. */
  next(): Token | undefined {
    return this.tokens[this.#i++];
  }
  /** Whether every token was consumed. */
  atEnd(): boolean {
    return this.#i >= this.tokens.length;
  }
  /** Column of the next token (or the end of the line). */
  column(): number {
    return this.peek()?.column ?? this.endColumn;
  }
  /** Whether the next token is the punctuation `p`; consumes it when so. */
  eat(p: string): boolean {
    const t = this.peek();
    if (t?.kind === "punct" && t.text === p) {
      this.#i++;
      return true;
    }
    return false;
  }
  /** Consumes the punctuation `p` or throws a SYNTAX problem naming `what`. */
  expect(p: string, what: string): void {
    if (!this.eat(p)) {
      const t = this.peek();
      throw new AssemblyProblem(
        "SYNTAX",
        t === undefined
          ? `expected "${p}" ${what}, found the end of the line`
          : `expected "${p}" ${what}, found "${t.text}"`,
        this.column(),
        t?.text ?? "",
      );
    }
  }
  /** Throws unless every token was consumed. */
  expectEnd(what: string): void {
    const t = this.peek();
    if (t !== undefined) {
      throw new AssemblyProblem("SYNTAX", `unexpected "${t.text}" after ${what}`, t.column, t.text);
    }
  }
}

const LABEL_AT_START = /^(\s*)([A-Za-z_.][A-Za-z0-9_.]*)(\s*):/;

/** Parses one source line. Throws `AssemblyProblem` on the first problem in the line. */
export function parseLine(line: string): ParsedLine {
  const text = stripComment(line);
  const labels: { name: string; column: number }[] = [];
  let at = 0;
  for (;;) {
    const m = LABEL_AT_START.exec(text.slice(at));
    if (m === null) break;
    labels.push({ name: m[2], column: at + m[1].length + 1 });
    at += m[0].length;
  }
  const rest = text.slice(at);
  const lead = rest.length - rest.trimStart().length;
  const body = rest.trim();
  if (body === "") return { labels };
  const column = at + lead + 1;
  if (body.startsWith(".")) {
    const m = /^\.([A-Za-z_][A-Za-z0-9_.]*)/.exec(body);
    if (m === null) {
      throw new AssemblyProblem("SYNTAX", 'expected a directive name after "."', column, body);
    }
    const after = body.slice(m[0].length);
    if (after !== "" && !/^\s/.test(after)) {
      throw new AssemblyProblem(
        "SYNTAX",
        `unexpected "${after[0]}" after .${m[1]}`,
        column + m[0].length,
        after[0],
      );
    }
    const argLead = after.length - after.trimStart().length;
    return {
      labels,
      statement: {
        kind: "directive",
        name: m[1].toLowerCase(),
        column,
        text: after.trim(),
        textColumn: column + m[0].length + argLead,
      },
    };
  }
  const source = " ".repeat(column - 1) + body;
  const tokens = new Tokens(tokenizeLine(source), text.length + 1, source);
  return { labels, statement: parseInstruction(tokens) };
}

/** Tokenizes the operand text of a directive (`text` starts at `column`). */
export function directiveTokens(text: string, column: number): Tokens {
  const source = " ".repeat(column - 1) + text;
  return new Tokens(tokenizeLine(source), column + text.length, source);
}

function suggest(name: string): string {
  let best = "", bestD = Infinity;
  for (const o of ALL_OPCODES) {
    const d = editDistance(name, o.name);
    if (d < bestD) [best, bestD] = [o.name, d];
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function parseInstruction(t: Tokens): InsnStatement | PseudoStatement {
  const head = t.next()!;
  if (head.kind !== "ident") {
    throw new AssemblyProblem(
      "SYNTAX",
      `expected a mnemonic, found "${head.text}"`,
      head.column,
      head.text,
    );
  }
  const mnemonic = head.text.toLowerCase();
  if (mnemonic === "ret") {
    t.expectEnd("ret");
    return { kind: "pseudo", name: "ret", column: head.column };
  }
  if (mnemonic === "call") {
    const target = parseTarget(t);
    t.expectEnd("the call target");
    return { kind: "pseudo", name: "call", column: head.column, target };
  }
  const info = opcodeByName(mnemonic);
  if (info === undefined) {
    throw new AssemblyProblem(
      "UNKNOWN_MNEMONIC",
      `unknown mnemonic "${head.text}"${suggest(mnemonic)}`,
      head.column,
      head.text,
    );
  }
  const form = operandForm(info);
  const regs: { a?: number; b?: number; d?: number } = {};
  const imms: ImmOperand[] = [];
  let target: TargetRef | undefined;
  form.forEach((slot, k) => {
    if (k > 0) t.expect(",", `between the operands of ${info.name}`);
    else if (t.atEnd()) {
      throw new AssemblyProblem(
        "BAD_OPERANDS",
        `${info.name} takes ${form.length} operands (${describeForm(info)}), found none`,
        t.column(),
      );
    }
    switch (slot.kind) {
      case "reg":
        regs[slot.field] = parseRegister(t);
        break;
      case "imm":
        imms.push({ field: slot.field, range: slot.range, expr: parseExpr(t) });
        break;
      case "imm64":
        imms.push({ field: "wide", range: "u64", expr: parseExpr(t) });
        break;
      case "abs":
        t.expect("[", "to open the memory operand");
        imms.push({ field: "x", range: "u32", expr: parseExpr(t) });
        t.expect("]", "to close the memory operand");
        break;
      case "ind": {
        t.expect("[", "to open the memory operand");
        regs[slot.reg] = parseRegister(t);
        const p = t.peek();
        if (p?.kind === "punct" && (p.text === "+" || p.text === "-")) {
          imms.push({ field: "x", range: "u32", expr: parseExpr(t, true) });
        }
        t.expect("]", "to close the memory operand");
        break;
      }
      case "target":
        target = parseTarget(t);
        break;
    }
  });
  if (!t.atEnd()) {
    const extra = t.peek()!;
    throw new AssemblyProblem(
      "BAD_OPERANDS",
      form.length === 0
        ? `${info.name} takes no operands, found "${extra.text}"`
        : `unexpected "${extra.text}": ${info.name} takes ${form.length} operands (${
          describeForm(info)
        })`,
      extra.column,
      extra.text,
    );
  }
  return { kind: "insn", info, column: head.column, regs, imms, target };
}

/** A short description of an instruction's operands, e.g. `reg, [reg ± imm]`. */
export function describeForm(info: OpcodeInfo): string {
  return operandForm(info).map((s) => {
    switch (s.kind) {
      case "reg":
        return "register";
      case "imm":
      case "imm64":
        return "immediate";
      case "abs":
        return "[address]";
      case "ind":
        return "[register ± offset]";
      case "target":
        return "label or @offset";
    }
  }).join(", ");
}

/** Parses a register name. */
export function parseRegister(t: Tokens): number {
  const tok = t.next();
  if (tok === undefined) {
    throw new AssemblyProblem(
      "BAD_OPERANDS",
      "expected a register, found the end of the line",
      t.column(),
    );
  }
  const r = tok.kind === "ident" ? registerIndex(tok.text) : undefined;
  if (r !== undefined) return r;
  if (tok.kind === "ident" && looksLikeRegister(tok.text)) {
    throw new AssemblyProblem(
      "UNKNOWN_REGISTER",
      `unknown register "${tok.text}" (registers are r0…r12 or ra sp t0 t1 t2 s0 s1 a0…a5)`,
      tok.column,
      tok.text,
    );
  }
  throw new AssemblyProblem(
    "BAD_OPERANDS",
    `expected a register, found "${tok.text}"`,
    tok.column,
    tok.text,
  );
}

/** Parses a target: a label name or `@n` (n may be negative). */
export function parseTarget(t: Tokens): TargetRef {
  const tok = t.next();
  if (tok === undefined) {
    throw new AssemblyProblem(
      "BAD_OPERANDS",
      "expected a label or @offset, found the end of the line",
      t.column(),
    );
  }
  if (tok.kind === "punct" && tok.text === "@") {
    const neg = t.eat("-");
    const num = t.next();
    const v = num?.kind === "number" ? parseLiteral(num.text) : undefined;
    if (v === undefined) {
      throw new AssemblyProblem(
        "BAD_NUMBER",
        `expected a code offset after "@", found ${
          num === undefined ? "the end of the line" : `"${num.text}"`
        }`,
        num?.column ?? tok.column,
        num?.text ?? "@",
      );
    }
    const value = neg ? -v : v;
    if (value < -(1n << 32n) || value >= 1n << 32n) {
      throw new AssemblyProblem(
        "TARGET_RANGE",
        `code offset @${value} is outside ±2^32`,
        tok.column,
        `@${value}`,
      );
    }
    return { kind: "abs", value: Number(value), column: tok.column };
  }
  if (tok.kind === "ident" && NAME_PATTERN.test(tok.text)) {
    if (registerIndex(tok.text) !== undefined) {
      throw new AssemblyProblem(
        "BAD_OPERANDS",
        `expected a label or @offset, found the register "${tok.text}"`,
        tok.column,
        tok.text,
      );
    }
    return { kind: "label", name: tok.text, column: tok.column };
  }
  throw new AssemblyProblem(
    "BAD_OPERANDS",
    `expected a label or @offset, found "${tok.text}"`,
    tok.column,
    tok.text,
  );
}

/**
 * Parses an expression: signed terms (numbers, symbols, `jt(label)`) joined by `+` and `-`.
 * With `signFirst`, the first term must start with `+` or `-` (the offset of `[reg ± …]`).
 */
export function parseExpr(t: Tokens, signFirst = false): Expr {
  const column = t.column();
  const start = t.index();
  const terms: Term[] = [];
  for (;;) {
    let sign: 1n | -1n = 1n;
    const needSign = terms.length > 0 || signFirst;
    if (t.eat("-")) sign = -1n;
    else if (!t.eat("+") && needSign) break;
    if (needSign && t.eat("-")) sign = sign === 1n ? -1n : 1n; // `a + -5`, `[r1 - -8]`
    const tok = t.next();
    if (tok === undefined) {
      throw new AssemblyProblem(
        "BAD_OPERANDS",
        "expected a number or symbol, found the end of the line",
        t.column(),
      );
    }
    if (tok.kind === "number") {
      const v = parseLiteral(tok.text);
      if (v === undefined) {
        throw new AssemblyProblem(
          "BAD_NUMBER",
          `malformed number "${tok.text}"`,
          tok.column,
          tok.text,
        );
      }
      if (v >= TWO_64 || (sign < 0n && v > 1n << 63n)) {
        throw new AssemblyProblem(
          "BAD_NUMBER",
          `number ${sign < 0n ? "-" : ""}${tok.text} is outside the 64-bit range (−2^63 … 2^64−1)`,
          tok.column,
          tok.text,
        );
      }
      terms.push({ sign, kind: "num", value: v, column: tok.column });
    } else if (tok.kind === "ident" && tok.text === "jt" && t.eat("(")) {
      const name = t.next();
      if (name?.kind !== "ident") {
        throw new AssemblyProblem(
          "BAD_OPERANDS",
          "jt( expects a code label",
          name?.column ?? t.column(),
          name?.text ?? "",
        );
      }
      t.expect(")", "to close jt(");
      terms.push({ sign, kind: "jt", name: name.text, column: tok.column });
    } else if (tok.kind === "ident") {
      if (registerIndex(tok.text) !== undefined) {
        throw new AssemblyProblem(
          "BAD_OPERANDS",
          `expected an immediate, found the register "${tok.text}"`,
          tok.column,
          tok.text,
        );
      }
      terms.push({ sign, kind: "sym", name: tok.text, column: tok.column });
    } else {
      throw new AssemblyProblem(
        "BAD_OPERANDS",
        `expected a number or symbol, found "${tok.text}"`,
        tok.column,
        tok.text,
      );
    }
  }
  return { terms, column, text: t.textBetween(start, t.index()) };
}
