/**
 * The lexer of the PVM assembly language: splits one source line into tokens with 1-based
 * columns, dropping the comment (`;` or `//` to the end of the line, outside string literals).
 *
 * @example
 * ```ts
 * import { tokenizeLine } from "./asm_lexer.ts";
 * const tokens = tokenizeLine("loop: add_imm_64 r1, r1, -1 ; count down");
 * tokens.map((t) => t.text); // ["loop", ":", "add_imm_64", "r1", ",", "r1", ",", "-", "1"]
 * ```
 * @module
 */

import { AssemblyProblem } from "./asm_errors.ts";

/** Token kinds. */
export type TokenKind = "ident" | "number" | "string" | "punct";

/** One token of a line. */
export interface Token {
  /** What kind of token. */
  readonly kind: TokenKind;
  /** The source text (for strings: including the quotes). */
  readonly text: string;
  /** 1-based column of the first character. */
  readonly column: number;
  /** The decoded bytes of a string literal (UTF-8, escapes applied). */
  readonly bytes?: Uint8Array;
}

/** Characters that form single-character punctuation tokens. */
const PUNCT = new Set([",", "[", "]", "+", "-", "(", ")", ":", "@"]);

const isIdentStart = (c: string) => /[A-Za-z_.]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_.]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

/** The text of `line` before its comment, if any (string literals are respected). */
export function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ";" || (c === "/" && line[i + 1] === "/")) return line.slice(0, i);
  }
  return line;
}

function decodeString(body: string, column: number): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...enc.encode(String.fromCodePoint(cp)));
      continue;
    }
    const e = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, "0": 0, "\\": 92, '"': 34 };
    if (e in simple) out.push(simple[e]);
    else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      throw new AssemblyProblem(
        "SYNTAX",
        `unknown escape "\\${e ?? ""}" in string (use \\n \\t \\r \\0 \\\\ \\" or \\xNN)`,
        column + i,
        `\\${e ?? ""}`,
      );
    }
  }
  return Uint8Array.from(out);
}

/**
 * Splits a line into tokens. Throws `AssemblyProblem` (code SYNTAX) on a character that starts
 * no token or an unterminated string.
 */
export function tokenizeLine(line: string): Token[] {
  const text = stripComment(line);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const column = i + 1;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j])) j++;
      tokens.push({ kind: "ident", text: text.slice(i, j), column });
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      tokens.push({ kind: "number", text: text.slice(i, j), column });
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) {
        throw new AssemblyProblem("SYNTAX", "unterminated string literal", column, text.slice(i));
      }
      const bytes = decodeString(text.slice(i + 1, j), column + 1);
      tokens.push({ kind: "string", text: text.slice(i, j + 1), column, bytes });
      i = j + 1;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: "punct", text: c, column });
      i++;
    } else {
      throw new AssemblyProblem("SYNTAX", `unexpected character "${c}"`, column, c);
    }
  }
  return tokens;
}
