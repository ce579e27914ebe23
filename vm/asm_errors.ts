/**
 * Errors of the PVM assembler: one `AssemblyError` carrying every diagnostic of a source file,
 * each with a stable code, a 1-based line and column, and the offending text.
 *
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * import { AssemblyError } from "./asm_errors.ts";
 * try {
 *   assemble("move_reg r13, r1", { fileName: "program.pasm" });
 * } catch (e) {
 *   if (e instanceof AssemblyError) {
 *     e.code; // "UNKNOWN_REGISTER"
 *     e.message; // 'program.pasm:1:10: unknown register "r13" (registers are r0…r12 …)'
 *   }
 * }
 * ```
 * @module
 */

/** Why a piece of assembly text was rejected. */
export type AssemblyErrorCode =
  /** The line does not follow the statement grammar (stray token, missing comma, …). */
  | "SYNTAX"
  /** A mnemonic that is not in the opcode table. */
  | "UNKNOWN_MNEMONIC"
  /** A register name that is not r0…r12 or one of the aliases. */
  | "UNKNOWN_REGISTER"
  /** Wrong number or kind of operands for an instruction or directive. */
  | "BAD_OPERANDS"
  /** A malformed numeric literal or one outside [−2^63, 2^64). */
  | "BAD_NUMBER"
  /** An immediate that does not fit its field. */
  | "IMMEDIATE_RANGE"
  /** A branch or jump target whose offset does not fit, or a jump-table entry too large. */
  | "TARGET_RANGE"
  /** A label or symbol that is used but never defined. */
  | "UNDEFINED_SYMBOL"
  /** A label or symbol defined twice (or shadowing a register or predefined symbol). */
  | "DUPLICATE_SYMBOL"
  /** A symbol used where it has no meaning (a code label as a value, a data label as a target). */
  | "BAD_SYMBOL_USE"
  /** A directive the assembler (and the `onDirective` hook) does not know. */
  | "UNKNOWN_DIRECTIVE"
  /** A known directive used wrongly (bad argument, wrong section, bad value). */
  | "BAD_DIRECTIVE"
  /** A source, section or program beyond the documented limits. */
  | "TOO_LARGE"
  /** The standard program's memory regions do not fit the address space. */
  | "BAD_LAYOUT"
  /** Warning only: a label used as a target is not a basic-block start (the jump would panic). */
  | "NOT_BLOCK_START";

/** One problem found in the source. */
export interface AssemblyDiagnostic {
  /** Stable reason code. */
  readonly code: AssemblyErrorCode;
  /** What is wrong, for a user (no position prefix). */
  readonly message: string;
  /** 1-based line (0 when the problem concerns the whole file). */
  readonly line: number;
  /** 1-based column (0 when the problem concerns the whole line or file). */
  readonly column: number;
  /** The offending source text (a token or the line), possibly empty. */
  readonly text: string;
}

/** Formats one diagnostic as `file:line:column: message`. */
export function formatDiagnostic(fileName: string, d: AssemblyDiagnostic): string {
  const where = d.line === 0
    ? fileName
    : d.column === 0
    ? `${fileName}:${d.line}`
    : `${fileName}:${d.line}:${d.column}`;
  return `${where}: ${d.message}`;
}

/**
 * Assembly failed. `code`, `line`, `column` and `text` describe the first problem;
 * `diagnostics` lists every problem found (up to the `maxErrors` option), and the message has
 * one `file:line:column: message` line for each.
 */
export class AssemblyError extends Error {
  /** Always `"AssemblyError"`. */
  override readonly name = "AssemblyError";
  /** Stable code of the first problem. */
  readonly code: AssemblyErrorCode;
  /** Line of the first problem (1-based; 0 for whole-file problems). */
  readonly line: number;
  /** Column of the first problem (1-based; 0 when not known). */
  readonly column: number;
  /** Offending text of the first problem. */
  readonly text: string;

  /**
   * Builds the error from the collected diagnostics.
   * @param fileName name used in messages
   * @param diagnostics every problem found; must not be empty
   * @param omitted how many further problems were not recorded
   */
  constructor(
    readonly fileName: string,
    readonly diagnostics: readonly AssemblyDiagnostic[],
    readonly omitted = 0,
  ) {
    const lines = diagnostics.map((d) => formatDiagnostic(fileName, d));
    if (omitted > 0) lines.push(`… and ${omitted} more errors`);
    super(lines.join("\n"));
    const first = diagnostics[0];
    this.code = first.code;
    this.line = first.line;
    this.column = first.column;
    this.text = first.text;
  }
}

/**
 * Thrown inside the assembler (and by directive hooks through `DirectiveContext.fail`) to
 * report one diagnostic; the assembler collects these into one `AssemblyError`.
 */
export class AssemblyProblem extends Error {
  /** Always `"AssemblyProblem"`. */
  override readonly name = "AssemblyProblem";
  /**
   * One problem, positioned within the current line.
   * @param code stable reason code
   * @param message what is wrong
   * @param column 1-based column, 0 when unknown
   * @param text offending text
   */
  constructor(
    readonly code: AssemblyErrorCode,
    message: string,
    readonly column = 0,
    readonly text = "",
  ) {
    super(message);
  }
}
