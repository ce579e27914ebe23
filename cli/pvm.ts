/**
 * `deno task run pvm <program>` — runs a PVM program (a `.pasm` source or a blob) to its end,
 * answering two demo host calls, and prints how it ended, gas used and the registers.
 * @module
 */

import {
  assemble,
  AssemblyError,
  decodeProgram,
  decodeStandardProgram,
  guestU32,
  HALT_ADDRESS,
  type HostTable,
  instantiateStandardProgram,
  ProgramDecodeError,
  readString,
  runWithHost,
  Vm,
} from "../vm/mod.ts";

/** Usage text. */
export const HELP = `usage: deno task run pvm <program.pasm | program.pvm> [options]

Runs a PVM program to its end and prints how it ended, the gas used and the registers.
A .pasm file is assembled first (syntax: vm/ASSEMBLY.md). A blob is read as a standard
program (SPI) when it decodes as one, else as a plain program; force with --format.

  --gas <n>            gas budget (default 100000000)
  --pc <n>             entry pc (default 0)
  --args <hex>         argument bytes for a standard program
  --format <f>         auto | standard | plain
  --quiet              print only the guest's output and the exit line

Host calls answered (any other id traps the guest):
  ecalli 100  log        r7 = address, r8 = length of UTF-8 text; printed as is
  ecalli 101  print_u64  r7 = a number; printed in decimal on its own line

A plain program starts with r0 = 0xFFFF0000 (so "jump_ind r0, 0" halts) and no memory; a
standard program gets the Gray Paper layout. Exit code: 0 on halt, 1 otherwise, 2 on a
usage or load error. Example: deno task run pvm examples/pvm/demo.pasm`;

const MAX_LOG = 1 << 16;

const HOST: HostTable<(s: string) => void> = new Map([
  [100, (vm: Vm, out: (s: string) => void) => {
    out(readString(vm, guestU32(vm, 7, "log address"), guestU32(vm, 8, "log length"), MAX_LOG));
    return "continue";
  }],
  [101, (vm: Vm, out: (s: string) => void) => {
    out(`${vm.getRegister(7)}\n`);
    return "continue";
  }],
]);

function parseHex(s: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new Error(`--args must be hex bytes, got "${s}"`);
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function load(
  path: string,
  bytes: Uint8Array,
  format: string,
  args: Uint8Array,
  gas: bigint,
  pc: number,
): Vm {
  let blob = bytes;
  let standard: boolean | undefined = format === "standard"
    ? true
    : format === "plain"
    ? false
    : undefined;
  if (path.endsWith(".pasm")) {
    const asm = assemble(new TextDecoder().decode(bytes), { fileName: path });
    for (const w of asm.warnings) {
      console.error(`${path}:${w.line}:${w.column}: warning: ${w.message}`);
    }
    blob = asm.blob;
    standard ??= asm.standard;
  }
  if (standard === undefined) {
    try {
      decodeStandardProgram(blob);
      standard = true;
    } catch {
      standard = false;
    }
  }
  if (standard) return instantiateStandardProgram(blob, args, { gas, pc });
  const vm = new Vm(decodeProgram(blob), { gas, pc });
  vm.setRegister(0, HALT_ADDRESS);
  return vm;
}

/** Runs the program; exit code 0 when it halts. */
export async function main(args: string[]): Promise<number> {
  let path: string | undefined, gas = 100_000_000n, pc = 0, format = "auto", quiet = false;
  let argBytes: Uint8Array = new Uint8Array(0);
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value = () => {
        if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
        return args[++i];
      };
      if (a === "--gas") gas = BigInt(value());
      else if (a === "--pc") pc = Number(value());
      else if (a === "--args") argBytes = parseHex(value());
      else if (a === "--format") format = value();
      else if (a === "--quiet") quiet = true;
      else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
      else if (path === undefined) path = a;
      else throw new Error(`unexpected argument ${a}`);
    }
    if (path === undefined) throw new Error("which program? (deno task run pvm --help)");
    if (!["auto", "standard", "plain"].includes(format)) throw new Error(`bad --format ${format}`);
  } catch (e) {
    console.error(`pvm: ${(e as Error).message}`);
    return 2;
  }
  let vm: Vm;
  try {
    vm = load(path, await Deno.readFile(path), format, argBytes, gas, pc);
  } catch (e) {
    if (
      e instanceof AssemblyError || e instanceof ProgramDecodeError ||
      e instanceof Deno.errors.NotFound
    ) {
      console.error(`pvm: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const encoder = new TextEncoder();
  const result = runWithHost(vm, HOST, (s) => Deno.stdout.writeSync(encoder.encode(s)));
  const used = gas - vm.gas;
  const how = result.kind === "trap"
    ? `trap ${result.trap.code} at pc ${result.trap.pc} (${result.trap.opcode}): ${result.trap.message}`
    : result.kind === "fault"
    ? `page fault at 0x${result.address.toString(16)} (pc ${vm.exitPc})`
    : `${result.kind} at pc ${vm.exitPc}`;
  console.log(`${how}; gas used ${used}`);
  if (!quiet) {
    for (let r = 0; r < 13; r += 4) {
      const cells = [];
      for (let k = r; k < Math.min(r + 4, 13); k++) {
        cells.push(
          `r${k}`.padStart(3) + " = 0x" + vm.getRegister(k).toString(16).padStart(16, "0"),
        );
      }
      console.log("  " + cells.join("  "));
    }
  }
  return result.kind === "halt" ? 0 : 1;
}
