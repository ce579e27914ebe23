/**
 * Seeded random PVM programs for property and fuzz tests, and a driver that runs a VM to a
 * final exit the same way every time (answering host calls, mapping faulted pages).
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * import { randomProgram } from "./random_program.ts";
 * const { blob } = randomProgram(new Prng(7));
 * ```
 * @module
 */

import { ALL_OPCODES } from "../../vm/opcodes.ts";
import { encodeVarint } from "../../vm/varint.ts";
import { Status, type Vm } from "../../vm/interpreter.ts";
import { Access } from "../../vm/memory.ts";
import type { Prng } from "./prng.ts";

/** Where random programs find memory: two writable pages and one read-only page. */
export const DATA_PAGES = [0x20000, 0x21000];
/** Read-only page for random programs. */
export const RO_PAGE = 0x30000;

/** A random program blob with a jump table pointing mostly at instruction starts. */
export function randomProgram(rng: Prng, maxInstructions = 40): { blob: Uint8Array } {
  const count = 1 + rng.int(maxInstructions);
  const code: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    starts.push(code.length);
    const roll = rng.int(100);
    const op = roll < 3 ? rng.int(256) : rng.pick(ALL_OPCODES).code; // 3%: any byte
    code.push(op);
    const len = rng.int(4) === 0 ? rng.int(14) : 1 + rng.int(6);
    for (let j = 0; j < len; j++) {
      // Register nibbles mostly in range; offsets small so branches land inside the code.
      code.push(rng.int(3) === 0 ? rng.int(256) : rng.int(0x100) & 0x7c);
    }
  }
  const mask = new Uint8Array(Math.ceil(code.length / 8));
  for (const s of starts) mask[s >> 3] |= 1 << (s & 7);
  const entries = rng.int(6);
  const table: number[] = [];
  for (let i = 0; i < entries; i++) {
    const target = rng.int(5) === 0 ? rng.int(code.length + 4) : rng.pick(starts);
    table.push(target & 0xff, (target >> 8) & 0xff);
  }
  const blob = Uint8Array.from([
    ...encodeVarint(entries),
    entries === 0 ? 0 : 2,
    ...encodeVarint(code.length),
    ...table,
    ...code,
    ...mask,
  ]);
  return { blob };
}

/** Gives a VM random registers (often pointing into the data pages) and maps the data pages. */
export function randomizeMachine(vm: Vm, rng: Prng): void {
  for (const p of DATA_PAGES) vm.memory.map(p, 4096, Access.Write, rng.bytes(64));
  vm.memory.map(RO_PAGE, 4096, Access.Read, rng.bytes(64));
  for (let r = 0; r < 13; r++) {
    const kind = rng.int(4);
    vm.setRegister(
      r,
      kind === 0 ? BigInt(0x20000 + rng.int(0x2000)) : kind === 1 ? BigInt(rng.int(16)) : rng.u64(),
    );
  }
}

/** The five statuses plus "step limit". */
export type DriveEnd = Status | "limit";

/**
 * Runs `vm` until halt, panic or out of gas, answering every host call (r7 ← id + r7) and
 * mapping every faulted page read-write, at most `maxExits` times. `onExit` runs after each
 * resumable exit and may return a replacement VM (used to snapshot/restore mid-run).
 */
export function drive(
  vm: Vm,
  maxExits = 64,
  onExit?: (vm: Vm, status: Status) => Vm,
): { vm: Vm; end: DriveEnd } {
  for (let i = 0; i < maxExits; i++) {
    const status = vm.run();
    if (status === Status.Halt || status === Status.Panic || status === Status.OutOfGas) {
      if (status === Status.OutOfGas && onExit !== undefined) {
        const next = onExit(vm, status);
        if (next !== vm) {
          vm = next;
          continue;
        }
      }
      return { vm, end: status };
    }
    if (status === Status.Host) {
      vm.setRegister(7, vm.getRegister(7) + BigInt(vm.hostId));
    } else {
      vm.memory.map(vm.faultAddress, 4096, Access.Write);
    }
    if (onExit !== undefined) vm = onExit(vm, status);
  }
  return { vm, end: "limit" };
}
