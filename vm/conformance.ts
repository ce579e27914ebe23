/**
 * Runs PVM conformance vectors (the w3f/jamtestvectors JSON format) and reports every
 * mismatch in registers, pc, status, gas, memory and fault address.
 *
 * @example
 * ```ts
 * import { parseVector, runVector } from "./conformance.ts";
 * const text = await Deno.readTextFile("tests/fixtures/pvm-vectors/inst_add_32.json");
 * const result = runVector(parseVector(text));
 * result.mismatches; // [] when the engine agrees with the vector
 * ```
 * @module
 */

import { Access, Memory, PAGE_SIZE } from "./memory.ts";
import { STATUS_NAMES, Vm } from "./interpreter.ts";
import { decodeProgram } from "./program.ts";

/** One conformance case, with u64 values as BigInt. */
export interface VectorCase {
  name: string;
  initialRegs: bigint[];
  initialPc: number;
  initialPageMap: { address: number; length: number; isWritable: boolean }[];
  initialMemory: { address: number; contents: number[] }[];
  initialGas: bigint;
  program: Uint8Array;
  expectedStatus: string;
  expectedRegs: bigint[];
  expectedPc: number;
  expectedMemory: { address: number; contents: number[] }[];
  expectedGas: bigint;
  expectedPageFaultAddress?: number;
}

/** Outcome of one case. */
export interface VectorResult {
  name: string;
  /** Human-readable differences; empty when the case passed. */
  mismatches: string[];
}

/**
 * Parses a vector file. Numbers beyond 2^53 are read exactly (as BigInt), which plain
 * `JSON.parse` would silently round.
 */
export function parseVector(text: string): VectorCase {
  // deno-lint-ignore no-explicit-any
  const raw: any = (JSON.parse as any)(
    text,
    (_key: string, value: unknown, context?: { source?: string }) =>
      typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined
        ? BigInt(context.source)
        : value,
  );
  const big = (v: unknown) => BigInt(v as number | bigint);
  const need = (k: string) => {
    if (!(k in raw)) throw new Error(`vector is missing the field "${k}"`);
    return raw[k];
  };
  return {
    name: String(need("name")),
    initialRegs: (need("initial-regs") as unknown[]).map(big),
    initialPc: Number(need("initial-pc")),
    initialPageMap: (need("initial-page-map") as Record<string, unknown>[]).map((p) => ({
      address: Number(p["address"]),
      length: Number(p["length"]),
      isWritable: Boolean(p["is-writable"]),
    })),
    initialMemory: (need("initial-memory") as Record<string, unknown>[]).map((m) => ({
      address: Number(m["address"]),
      contents: (m["contents"] as number[]).map(Number),
    })),
    initialGas: big(need("initial-gas")),
    program: Uint8Array.from((need("program") as number[]).map(Number)),
    expectedStatus: String(need("expected-status")),
    expectedRegs: (need("expected-regs") as unknown[]).map(big),
    expectedPc: Number(need("expected-pc")),
    expectedMemory: (need("expected-memory") as Record<string, unknown>[]).map((m) => ({
      address: Number(m["address"]),
      contents: (m["contents"] as number[]).map(Number),
    })),
    expectedGas: big(need("expected-gas")),
    expectedPageFaultAddress: raw["expected-page-fault-address"] === undefined
      ? undefined
      : Number(raw["expected-page-fault-address"]),
  };
}

const hex = (v: bigint | number) => "0x" + v.toString(16);

/** Non-zero bytes of all mapped memory, as address → value. */
function nonZeroBytes(memory: Memory): Map<number, number> {
  const out = new Map<number, number>();
  for (const run of memory.runs()) {
    for (let i = 0; i < run.data.length; i++) {
      if (run.data[i] !== 0) out.set(run.address + i, run.data[i]);
    }
  }
  return out;
}

/** Sets up the machine a case describes (program, registers, pages, memory, gas, pc). */
export function prepareVector(c: VectorCase): Vm {
  const memory = new Memory();
  for (const p of c.initialPageMap) {
    memory.map(p.address, p.length, p.isWritable ? Access.Write : Access.Read);
  }
  for (const m of c.initialMemory) memory.initialize(m.address, Uint8Array.from(m.contents));
  return new Vm(decodeProgram(c.program), {
    memory,
    gas: c.initialGas,
    pc: c.initialPc,
    registers: c.initialRegs,
  });
}

/** Runs one case to its first exit and compares everything the vector pins. */
export function runVector(c: VectorCase): VectorResult {
  const mismatches: string[] = [];
  let vm: Vm;
  try {
    vm = prepareVector(c);
  } catch (e) {
    return { name: c.name, mismatches: [`setup failed: ${(e as Error).message}`] };
  }
  const status = STATUS_NAMES[vm.run()];
  if (status !== c.expectedStatus) {
    mismatches.push(`status: expected ${c.expectedStatus}, got ${status}`);
  }
  if (vm.exitPc !== c.expectedPc) mismatches.push(`pc: expected ${c.expectedPc}, got ${vm.exitPc}`);
  if (vm.gas !== c.expectedGas) mismatches.push(`gas: expected ${c.expectedGas}, got ${vm.gas}`);
  for (let i = 0; i < 13; i++) {
    const got = vm.getRegister(i);
    const want = BigInt.asUintN(64, c.expectedRegs[i]);
    if (got !== want) mismatches.push(`r${i}: expected ${hex(want)}, got ${hex(got)}`);
  }
  if (c.expectedPageFaultAddress !== undefined && vm.faultAddress !== c.expectedPageFaultAddress) {
    mismatches.push(
      `fault address: expected ${hex(c.expectedPageFaultAddress)}, got ${hex(vm.faultAddress)}`,
    );
  }
  const want = new Map<number, number>();
  for (const m of c.expectedMemory) {
    m.contents.forEach((b, i) => {
      if (b !== 0) want.set(m.address + i, b);
    });
  }
  const got = nonZeroBytes(vm.memory);
  const addrs = [...new Set([...want.keys(), ...got.keys()])].sort((a, b) => a - b);
  const bad = addrs.filter((a) => want.get(a) !== got.get(a));
  for (const a of bad.slice(0, 8)) {
    const page = Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    mismatches.push(
      `memory ${hex(a)} (page ${hex(page)}): expected ${want.get(a) ?? 0}, got ${got.get(a) ?? 0}`,
    );
  }
  if (bad.length > 8) mismatches.push(`… and ${bad.length - 8} more memory bytes differ`);
  return { name: c.name, mismatches };
}
