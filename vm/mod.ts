/**
 * The PVM engine (Gray Paper v0.7.2): decoding, the interpreter, memory, conformance.
 * Pure computation: no I/O, no Workers, no clocks.
 *
 * @example
 * ```ts
 * import { decodeProgram, Status, Vm } from "./mod.ts";
 * const vm = new Vm(decodeProgram(new Uint8Array([0, 0, 1, 0, 1])), { gas: 10n });
 * vm.run() === Status.Panic; // the one instruction is `trap`
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "./varint.ts";
export * from "./opcodes.ts";
export * from "./operands.ts";
export * from "./program.ts";
export * from "./memory.ts";
export * from "./interpreter.ts";
export * from "./conformance.ts";
export * from "./standard.ts";
export * from "./snapshot.ts";
export * from "./host.ts";
export * from "./assembler.ts";
export * from "./disassembler.ts";
