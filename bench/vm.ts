/**
 * Benchmark section "vm": the three programs of `tests/fixtures/pvm-bench/programs.json`, each
 * checked against its expected exit, result register and instruction count, timed over 5 runs
 * (program preparation excluded). The reference interpreter, @fluffylabs/anan-as 1.2.0 (its
 * AssemblyScript→WASM `release-stub` build), runs the same programs in the same process so the
 * ratio is measured, not quoted.
 *
 * @example
 * ```sh
 * deno task bench vm
 * ```
 * @module
 */

import * as anan from "@fluffylabs/anan-as/release-stub";
import { Access, decodeProgram, Memory, Status, STATUS_NAMES, Vm } from "../vm/mod.ts";

const RUNS = 5;

interface BenchProgram {
  name: string;
  program_hex: string;
  initial_pc: number;
  initial_regs: string[];
  page_map: { address: number; length: number; "is-writable": boolean }[];
  initial_gas: string;
  expected_status: string;
  expected_result: { register: number; value: string };
  expected_instructions_executed: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

/** Runs our interpreter once; returns wall ms of `run()` alone, after checking the result. */
function runOurs(p: BenchProgram, program: ReturnType<typeof decodeProgram>): number {
  const memory = new Memory();
  for (const m of p.page_map) {
    memory.map(m.address, m.length, m["is-writable"] ? Access.Write : Access.Read);
  }
  const vm = new Vm(program, {
    memory,
    gas: BigInt(p.initial_gas),
    pc: p.initial_pc,
    registers: p.initial_regs.map(BigInt),
  });
  const t0 = performance.now();
  const status = vm.run();
  const ms = performance.now() - t0;
  const used = BigInt(p.initial_gas) - vm.gas;
  const result = vm.getRegister(p.expected_result.register);
  if (
    STATUS_NAMES[status] !== p.expected_status || status !== Status.Halt ||
    result !== BigInt(p.expected_result.value) ||
    used !== BigInt(p.expected_instructions_executed)
  ) {
    throw new Error(
      `${p.name}: got ${
        STATUS_NAMES[status]
      }, r${p.expected_result.register} = ${result}, ${used} instructions`,
    );
  }
  return ms;
}

/** Runs the reference once (output silenced: it logs page allocations); wall ms of the run. */
function runReference(p: BenchProgram): number {
  const log = console.log, warn = console.warn;
  console.log = console.warn = () => {};
  try {
    const prepared = anan.prepareProgram(
      anan.InputKind.Generic,
      anan.HasMetadata.No,
      [...hexBytes(p.program_hex)],
      p.initial_regs.map(BigInt),
      p.page_map.map((m) => ({
        address: m.address,
        length: m.length,
        access: m["is-writable"] ? 2 : 1,
      })),
      [],
      [],
      0,
    );
    const id = anan.pvmStart(prepared, false);
    const t0 = performance.now();
    const pause = anan.pvmResume(id, BigInt(p.initial_gas), p.initial_pc, false);
    const ms = performance.now() - t0;
    anan.pvmDestroy(id);
    const result = pause?.registers[p.expected_result.register];
    if (result !== BigInt(p.expected_result.value)) {
      throw new Error(`reference disagrees on ${p.name}: r = ${result}`);
    }
    return ms;
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

/** Prints the table and one JSON line. */
export async function run(): Promise<void> {
  const file = new URL("../tests/fixtures/pvm-bench/programs.json", import.meta.url);
  const programs: BenchProgram[] = JSON.parse(await Deno.readTextFile(file));
  const rows = [];
  for (const p of programs) {
    const program = decodeProgram(hexBytes(p.program_hex));
    const ours = Array.from({ length: RUNS }, () => runOurs(p, program));
    const ref = Array.from({ length: RUNS }, () => runReference(p));
    const n = p.expected_instructions_executed;
    const mips = n / median(ours) / 1000;
    const refMips = n / median(ref) / 1000;
    rows.push({
      program: p.name,
      instructions: n,
      median_ms: Number(median(ours).toFixed(1)),
      mips: Number(mips.toFixed(1)),
      reference_mips: Number(refMips.toFixed(1)),
      ratio: Number((mips / refMips).toFixed(2)),
    });
  }
  console.log(
    "program               instructions   median ms   M instr/s   anan-as M/s   ratio",
  );
  for (const r of rows) {
    console.log(
      `${r.program.padEnd(20)} ${String(r.instructions).padStart(13)} ${
        r.median_ms.toFixed(1).padStart(11)
      } ${r.mips.toFixed(1).padStart(11)} ${r.reference_mips.toFixed(1).padStart(13)} ${
        r.ratio.toFixed(2).padStart(7)
      }`,
    );
  }
  console.log(
    `(median of ${RUNS} runs each; reference: @fluffylabs/anan-as 1.2.0 release-stub, same process.` +
      ` @typeberry/lib 0.11.0 cannot be installed here — it needs anan-as ^1.4.0, which this` +
      ` registry lacks; the issue quotes 3.8–6.8 M/s for it.)`,
  );
  console.log(JSON.stringify({ bench: "vm", runs: RUNS, programs: rows }));
}
