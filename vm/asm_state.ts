/**
 * The assembler's working state between its passes: the current section, pending code items,
 * data chunks, the jump table, the standard-program settings and the collected diagnostics.
 * Internal to the assembler and its directive handlers.
 *
 * @example
 * ```ts
 * import { AsmState } from "./asm_state.ts";
 * const state = new AsmState("demo.pasm", 100);
 * state.section; // "code"
 * ```
 * @module
 */

import type { AssemblyDiagnostic, AssemblyErrorCode } from "./asm_errors.ts";
import { AssemblyProblem } from "./asm_errors.ts";
import type { Fields } from "./asm_encode.ts";
import type { Expr, InsnStatement, TargetRef } from "./asm_parser.ts";
import { type DataSection, SymbolTable } from "./asm_symbols.ts";

/** The section statements currently go to. */
export type Section = "code" | DataSection;

/** A code item before evaluation. */
export type PendingCode =
  | { readonly kind: "label"; readonly name: string }
  | {
    readonly kind: "insn";
    readonly stmt: InsnStatement;
    readonly line: number;
    readonly fields: Fields;
  }
  | {
    readonly kind: "bytes";
    readonly bytes: Uint8Array;
    readonly opcode: boolean;
    readonly line: number;
  };

/** A piece of a data section: literal bytes, or a value evaluated in the second pass. */
export type DataChunk =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | {
    readonly kind: "value";
    readonly width: 1 | 2 | 4 | 8;
    readonly expr: Expr;
    readonly line: number;
  };

/** A setting that may be given once, with the line that gave it. */
export interface Setting<T> {
  /** The value given. */
  readonly value: T;
  /** The line that gave it. */
  readonly line: number;
}

/** Largest read-only or read-write data section: the standard program's 24-bit length field. */
export const MAX_DATA_LENGTH = 2 ** 24 - 1;

/** The mutable state of one assembly run. */
export class AsmState {
  /** Current section. */
  section: Section = "code";
  /** Line being processed (1-based). */
  line = 0;
  /** Code items in order. */
  readonly code: PendingCode[] = [];
  /** Data chunks per section. */
  readonly data: Record<DataSection, DataChunk[]> = { ro_data: [], rw_data: [] };
  /** Bytes in each data section so far. */
  readonly dataSize: Record<DataSection, number> = { ro_data: 0, rw_data: 0 };
  /** Jump-table entries in order. */
  readonly jumpTable: { readonly ref: TargetRef; readonly line: number }[] = [];
  /** `.jump_table_entry_size`. */
  entrySize: Setting<number> | undefined;
  /** `.heap_pages`. */
  heapPages: Setting<number> | undefined;
  /** `.stack_size`. */
  stackSize: Setting<number> | undefined;
  /** `.varint_sizes`. */
  varintSizes: Setting<readonly [number, number]> | undefined;
  /** Line of the first directive that made the output a standard program, or 0. */
  standardLine = 0;
  /** Symbols. */
  readonly symbols: SymbolTable = new SymbolTable();
  /** `.equ` definitions, in order, to evaluate in the second pass. */
  readonly equs: { readonly name: string; readonly line: number }[] = [];
  /** Number of `call` pseudo-instructions so far (names their return labels). */
  calls = 0;
  /** Every problem found so far. */
  readonly diagnostics: AssemblyDiagnostic[] = [];
  /** Problems beyond `maxErrors`, counted but not kept. */
  omitted = 0;

  /**
   * Fresh state for one run.
   * @param fileName name for messages
   * @param maxErrors diagnostics kept at most
   */
  constructor(readonly fileName: string, readonly maxErrors: number) {}

  /** Records a problem at `line` (default: the current line). */
  report(p: AssemblyProblem, line = this.line): void {
    this.add(p.code, p.message, line, p.column, p.text);
  }

  /** Records a problem. */
  add(code: AssemblyErrorCode, message: string, line: number, column = 0, text = ""): void {
    if (this.diagnostics.length >= this.maxErrors) this.omitted++;
    else this.diagnostics.push({ code, message, line, column, text });
  }

  /** Sets a once-only setting or throws BAD_DIRECTIVE when it was already given. */
  setOnce<T>(
    key: "entrySize" | "heapPages" | "stackSize" | "varintSizes",
    directive: string,
    value: T,
    column: number,
  ): void {
    const old = this[key];
    if (old !== undefined) {
      throw new AssemblyProblem(
        "BAD_DIRECTIVE",
        `.${directive} is already set at line ${old.line}`,
        column,
        `.${directive}`,
      );
    }
    // deno-lint-ignore no-explicit-any
    (this as any)[key] = { value, line: this.line };
  }

  /** Marks the output as a standard program (first marking line wins). */
  markStandard(): void {
    if (this.standardLine === 0) this.standardLine = this.line;
  }
}
