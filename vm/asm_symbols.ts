/**
 * The assembler's symbol table: code labels, data labels, constants (predefined by the
 * embedder, by `.equ`, or by directive hooks) and the evaluation of operand expressions.
 *
 * @example
 * ```ts
 * import { SymbolTable } from "./asm_symbols.ts";
 * const symbols = new SymbolTable();
 * symbols.defineConstant("log.write", 100n, 0, 0);
 * symbols.evaluate({ terms: [{ sign: 1n, kind: "sym", name: "log.write", column: 1 }], column: 1 });
 * // 100n
 * ```
 * @module
 */

import { AssemblyProblem } from "./asm_errors.ts";
import type { Expr } from "./asm_parser.ts";
import { registerIndex, TWO_64 } from "./asm_syntax.ts";

/** Which section a data label is in. */
export type DataSection = "ro_data" | "rw_data";

/** What a name stands for. */
export type SymbolDef =
  | { readonly kind: "code"; readonly line: number }
  | {
    readonly kind: "data";
    readonly section: DataSection;
    readonly offset: number;
    readonly line: number;
  }
  | { readonly kind: "const"; readonly value: bigint; readonly line: number }
  | { readonly kind: "equ"; readonly expr: Expr; readonly line: number };

/** Thrown when an expression uses a symbol whose own definition already failed (no new message). */
export class AlreadyReported extends Error {
  /** Always `"AlreadyReported"`. */
  override readonly name = "AlreadyReported";
}

/** How much an evaluation may use: `const` forbids data labels and `jt(…)` (not known yet). */
export type EvalMode = "const" | "full";

/** Symbols and their values. */
export class SymbolTable {
  /** Every defined name. */
  readonly defs: Map<string, SymbolDef> = new Map();
  /** Address of each data section's first byte, set once data sizes are known. */
  sectionBase: Record<DataSection, number> | undefined;
  /** Jump-table index of a code label's first entry; set before full evaluation. */
  jumpTableIndex: (label: string) => number | undefined = () => undefined;

  #equValues = new Map<string, bigint>();
  #equFailed = new Set<string>();
  #evaluating = new Set<string>();

  /** Defines `name` or throws DUPLICATE_SYMBOL (also for register names). */
  define(name: string, def: SymbolDef, column: number): void {
    if (registerIndex(name) !== undefined) {
      throw new AssemblyProblem(
        "DUPLICATE_SYMBOL",
        `"${name}" is a register name and cannot be a label or symbol`,
        column,
        name,
      );
    }
    const old = this.defs.get(name);
    if (old !== undefined) {
      const where = old.line === 0 ? "predefined by the embedder" : `defined at line ${old.line}`;
      throw new AssemblyProblem("DUPLICATE_SYMBOL", `"${name}" is already ${where}`, column, name);
    }
    this.defs.set(name, def);
  }

  /** Defines a constant (line 0 = predefined). */
  defineConstant(name: string, value: bigint, line: number, column: number): void {
    this.define(name, { kind: "const", value, line }, column);
  }

  /** Marks an `.equ` as failed so later uses add no second message. */
  markFailed(name: string): void {
    this.#equFailed.add(name);
  }

  /** The value of a data label. */
  dataAddress(def: Extract<SymbolDef, { kind: "data" }>): number {
    if (this.sectionBase === undefined) throw new Error("data section bases are not known yet");
    return this.sectionBase[def.section] + def.offset;
  }

  /**
   * Evaluates an expression to a value in −2^63 … 2^64−1. Throws `AssemblyProblem` for an
   * undefined or misused symbol or a result out of range, `AlreadyReported` when it depends on
   * an `.equ` that failed.
   */
  evaluate(expr: Expr, mode: EvalMode = "full"): bigint {
    let sum = 0n;
    for (const term of expr.terms) {
      let v: bigint;
      if (term.kind === "num") v = term.value;
      else if (term.kind === "jt") v = this.#jt(term.name, term.column, mode);
      else v = this.#symbol(term.name, term.column, mode);
      sum += term.sign * v;
    }
    if (sum < -(1n << 63n) || sum >= TWO_64) {
      throw new AssemblyProblem(
        "IMMEDIATE_RANGE",
        `expression value ${sum} is outside the 64-bit range (−2^63 … 2^64−1)`,
        expr.column,
      );
    }
    return sum;
  }

  #jt(name: string, column: number, mode: EvalMode): bigint {
    const def = this.defs.get(name);
    if (def === undefined) {
      throw new AssemblyProblem(
        "UNDEFINED_SYMBOL",
        `undefined label "${name}" in jt(${name})`,
        column,
        name,
      );
    }
    if (def.kind !== "code") {
      throw new AssemblyProblem(
        "BAD_SYMBOL_USE",
        `jt(${name}) needs a code label; "${name}" is a ${
          def.kind === "data" ? "data label" : "constant"
        }`,
        column,
        name,
      );
    }
    if (mode === "const") {
      throw new AssemblyProblem(
        "BAD_DIRECTIVE",
        `jt(${name}) is not known at this point; this value must be a constant`,
        column,
        name,
      );
    }
    const index = this.jumpTableIndex(name);
    if (index === undefined) {
      throw new AssemblyProblem(
        "BAD_SYMBOL_USE",
        `jt(${name}): "${name}" has no jump-table entry; add it with .jump_table ${name}`,
        column,
        name,
      );
    }
    return BigInt((index + 1) * 2);
  }

  #symbol(name: string, column: number, mode: EvalMode): bigint {
    const def = this.defs.get(name);
    if (def === undefined) {
      throw new AssemblyProblem("UNDEFINED_SYMBOL", `undefined symbol "${name}"`, column, name);
    }
    switch (def.kind) {
      case "const":
        return def.value;
      case "code":
        throw new AssemblyProblem(
          "BAD_SYMBOL_USE",
          `"${name}" is a code label, not a value; use jt(${name}) for its jump-table address`,
          column,
          name,
        );
      case "data":
        if (mode === "const") {
          throw new AssemblyProblem(
            "BAD_DIRECTIVE",
            `data label "${name}" is not known at this point; this value must be a constant`,
            column,
            name,
          );
        }
        return BigInt(this.dataAddress(def));
      case "equ": {
        const cached = this.#equValues.get(name);
        if (cached !== undefined) return cached;
        if (this.#equFailed.has(name)) throw new AlreadyReported();
        if (this.#evaluating.has(name)) {
          throw new AssemblyProblem(
            "BAD_SYMBOL_USE",
            `"${name}" is defined in terms of itself`,
            column,
            name,
          );
        }
        this.#evaluating.add(name);
        try {
          const v = this.evaluate(def.expr, mode);
          this.#equValues.set(name, v);
          return v;
        } finally {
          this.#evaluating.delete(name);
        }
      }
    }
  }
}
