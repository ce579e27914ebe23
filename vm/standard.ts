/**
 * Standard program initialisation (Gray Paper A.7, function Y): the container that carries
 * read-only data, read-write data, heap and stack sizes with a program, and the memory layout
 * and registers a program starts with.
 *
 * Blob: `E3(|o|) ++ E3(|w|) ++ E2(z) ++ E3(s) ++ o ++ w ++ E4(|c|) ++ c`, fixed-width LE.
 *
 * @example
 * ```ts
 * import { encodeStandardProgram, instantiateStandardProgram } from "./standard.ts";
 * const blob = encodeStandardProgram({
 *   roData: new Uint8Array([1, 2]), rwData: new Uint8Array(0), heapPages: 1, stackSize: 4096,
 *   code: new Uint8Array([0, 0, 1, 0, 1]), // one `trap`
 * });
 * const vm = instantiateStandardProgram(blob, new Uint8Array([9]), { gas: 100n });
 * vm.getRegister(8); // 1n: the argument length
 * ```
 * @module
 */

import { ProgramDecodeError } from "./errors.ts";
import { HALT_ADDRESS, Vm } from "./interpreter.ts";
import { Access, Memory, type MemoryOptions, PAGE_SIZE } from "./memory.ts";
import { decodeProgram, type Program } from "./program.ts";

/** Zone size Z_Z: 64 KiB. */
export const ZONE_SIZE = 0x10000;
/** Largest argument blob Z_I: 16 MiB. */
export const MAX_ARGUMENTS = 1 << 24;
/** Start of read-only data. */
export const RO_DATA_START = ZONE_SIZE;
/** Top of the stack (exclusive) and initial stack pointer: 2^32 − 2·Z_Z − Z_I. */
export const STACK_TOP = 0xfefe0000;
/** Start of the arguments: 2^32 − Z_Z − Z_I. */
export const ARGUMENTS_START = 0xfeff0000;

/** The parts of a standard program. */
export interface StandardProgramParts {
  /** Read-only data o, mapped at 0x10000. */
  roData: Uint8Array;
  /** Read-write data w, mapped after the read-only zone. */
  rwData: Uint8Array;
  /** Extra zeroed heap pages z after w (u16). */
  heapPages: number;
  /** Stack size s in bytes (u24). */
  stackSize: number;
  /** The plain program blob c (jump table, code, bitmask). */
  code: Uint8Array;
}

/** A decoded standard program: its parts and the decoded code. */
export interface StandardProgram extends StandardProgramParts {
  /** The decoded code blob. */
  program: Program;
}

const pageRound = (x: number) => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;
const zoneRound = (x: number) => Math.ceil(x / ZONE_SIZE) * ZONE_SIZE;

/** Where each region of a standard program lives. */
export interface StandardLayout {
  roStart: number;
  roEnd: number;
  rwStart: number;
  /** End of read-write data plus heap pages: the initial heap break. */
  rwEnd: number;
  stackStart: number;
  stackEnd: number;
  argsStart: number;
  argsEnd: number;
}

/** Computes the memory layout, or throws `ProgramDecodeError` (BAD_LAYOUT) when it cannot fit. */
export function standardLayout(
  parts: Omit<StandardProgramParts, "code">,
  argumentLength: number,
): StandardLayout {
  const { roData, rwData, heapPages, stackSize } = parts;
  const total = 5 * ZONE_SIZE + zoneRound(roData.length) +
    zoneRound(rwData.length + heapPages * PAGE_SIZE) + zoneRound(stackSize) + MAX_ARGUMENTS;
  if (total > 2 ** 32) {
    throw new ProgramDecodeError(
      "BAD_LAYOUT",
      `regions need ${total} bytes of address space (read-only ${roData.length}, read-write ${rwData.length}, ${heapPages} heap pages, stack ${stackSize}); at most 2^32 fit`,
    );
  }
  if (argumentLength > MAX_ARGUMENTS) {
    throw new ProgramDecodeError(
      "BAD_ARGUMENTS",
      `arguments are ${argumentLength} bytes; at most ${MAX_ARGUMENTS} are allowed`,
    );
  }
  const rwStart = 2 * ZONE_SIZE + zoneRound(roData.length);
  return {
    roStart: RO_DATA_START,
    roEnd: RO_DATA_START + pageRound(roData.length),
    rwStart,
    rwEnd: rwStart + pageRound(rwData.length) + heapPages * PAGE_SIZE,
    stackStart: STACK_TOP - pageRound(stackSize),
    stackEnd: STACK_TOP,
    argsStart: ARGUMENTS_START,
    argsEnd: ARGUMENTS_START + pageRound(argumentLength),
  };
}

function readLE(blob: Uint8Array, at: number, n: number, what: string): number {
  if (at + n > blob.length) {
    throw new ProgramDecodeError("TRUNCATED", `standard program ends inside ${what}`, at);
  }
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + blob[at + i];
  return v;
}

/** Decodes a standard program blob; throws `ProgramDecodeError` naming what is wrong and where. */
export function decodeStandardProgram(blob: Uint8Array): StandardProgram {
  const roLen = readLE(blob, 0, 3, "the read-only data length");
  const rwLen = readLE(blob, 3, 3, "the read-write data length");
  const heapPages = readLE(blob, 6, 2, "the heap page count");
  const stackSize = readLE(blob, 8, 3, "the stack size");
  let at = 11;
  if (at + roLen > blob.length) {
    throw new ProgramDecodeError(
      "TRUNCATED",
      `read-only data needs ${roLen} bytes; ${blob.length - at} remain`,
      at,
    );
  }
  const roData = blob.subarray(at, at + roLen);
  at += roLen;
  if (at + rwLen > blob.length) {
    throw new ProgramDecodeError(
      "TRUNCATED",
      `read-write data needs ${rwLen} bytes; ${blob.length - at} remain`,
      at,
    );
  }
  const rwData = blob.subarray(at, at + rwLen);
  at += rwLen;
  const codeLen = readLE(blob, at, 4, "the code length");
  at += 4;
  if (at + codeLen !== blob.length) {
    throw new ProgramDecodeError(
      at + codeLen > blob.length ? "TRUNCATED" : "TRAILING_BYTES",
      `code blob length says ${codeLen} bytes but ${blob.length - at} follow it`,
      at,
    );
  }
  const code = blob.subarray(at, at + codeLen);
  standardLayout({ roData, rwData, heapPages, stackSize }, 0);
  let program: Program;
  try {
    program = decodeProgram(code);
  } catch (e) {
    if (e instanceof ProgramDecodeError) {
      throw new ProgramDecodeError(
        e.code,
        `in the code blob: ${e.message}`,
        e.offset === undefined ? undefined : e.offset + at,
      );
    }
    throw e;
  }
  return { roData, rwData, heapPages, stackSize, code, program };
}

function writeLE(out: Uint8Array, at: number, n: number, v: number): void {
  for (let i = 0; i < n; i++) {
    out[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Encodes a standard program blob (inverse of `decodeStandardProgram`). */
export function encodeStandardProgram(parts: StandardProgramParts): Uint8Array {
  const { roData, rwData, heapPages, stackSize, code } = parts;
  const limits: [string, number, number][] = [
    ["read-only data length", roData.length, 2 ** 24],
    ["read-write data length", rwData.length, 2 ** 24],
    ["heap page count", heapPages, 2 ** 16],
    ["stack size", stackSize, 2 ** 24],
    ["code length", code.length, 2 ** 32],
  ];
  for (const [what, v, max] of limits) {
    if (!Number.isInteger(v) || v < 0 || v >= max) {
      throw new ProgramDecodeError("TOO_LARGE", `${what} ${v} does not fit its field (< ${max})`);
    }
  }
  standardLayout(parts, 0);
  const out = new Uint8Array(15 + roData.length + rwData.length + code.length);
  writeLE(out, 0, 3, roData.length);
  writeLE(out, 3, 3, rwData.length);
  writeLE(out, 6, 2, heapPages);
  writeLE(out, 8, 3, stackSize);
  let at = 11;
  out.set(roData, at);
  at += roData.length;
  out.set(rwData, at);
  at += rwData.length;
  writeLE(out, at, 4, code.length);
  out.set(code, at + 4);
  return out;
}

/** Options for instantiating a standard program. */
export interface InstantiateOptions extends MemoryOptions {
  /** Starting gas (default 0). */
  gas?: bigint | number;
  /** Entry pc (default 0). */
  pc?: number;
}

/**
 * Lays out memory and registers for a standard program and returns a VM ready to run:
 * r0 = 0xFFFF0000 (return to halt), r1 = stack pointer, r7 = argument address, r8 = length.
 * Accepts a blob or an already decoded program.
 */
export function instantiateStandardProgram(
  source: Uint8Array | StandardProgram,
  args: Uint8Array = new Uint8Array(0),
  options: InstantiateOptions = {},
): Vm {
  const std = source instanceof Uint8Array ? decodeStandardProgram(source) : source;
  const layout = standardLayout(std, args.length);
  const memory = new Memory(options);
  if (layout.roEnd > layout.roStart) {
    memory.map(layout.roStart, layout.roEnd - layout.roStart, Access.Read, std.roData);
  }
  if (layout.rwEnd > layout.rwStart) {
    memory.map(layout.rwStart, layout.rwEnd - layout.rwStart, Access.Write, std.rwData);
  }
  if (layout.stackEnd > layout.stackStart) {
    memory.map(layout.stackStart, layout.stackEnd - layout.stackStart, Access.Write);
  }
  if (layout.argsEnd > layout.argsStart) {
    memory.map(layout.argsStart, layout.argsEnd - layout.argsStart, Access.Read, args);
  }
  memory.heapTop = layout.rwEnd;
  memory.heapLimit = layout.stackStart - ZONE_SIZE;
  const vm = new Vm(std.program, { memory, gas: options.gas ?? 0n, pc: options.pc ?? 0 });
  vm.setRegister(0, HALT_ADDRESS);
  vm.setRegister(1, STACK_TOP);
  vm.setRegister(7, ARGUMENTS_START);
  vm.setRegister(8, args.length);
  return vm;
}
