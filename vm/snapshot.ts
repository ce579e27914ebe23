/**
 * Snapshot and restore of a complete VM: program, registers, pc, gas, exit state and every
 * mapped page with its access. A snapshot is plain data (msgpack round-trips it exactly), so
 * a paused VM can move between Workers or be persisted.
 *
 * @example
 * ```ts
 * import { decodeProgram } from "./program.ts";
 * import { Vm } from "./interpreter.ts";
 * import { decodeVmSnapshot, encodeVmSnapshot, restoreVm, snapshotVm } from "./snapshot.ts";
 * const vm = new Vm(decodeProgram(new Uint8Array([0, 0, 1, 0, 1])), { gas: 5n });
 * const bytes = encodeVmSnapshot(snapshotVm(vm));
 * const copy = restoreVm(decodeVmSnapshot(bytes));
 * copy.gas; // 5n
 * ```
 * @module
 */

import { decode, encode } from "@msgpack/msgpack";
import { VmUsageError } from "./errors.ts";
import { REGISTER_COUNT, type Status, Vm } from "./interpreter.ts";
import { Access, LOW_GUARD, Memory, PAGE_SIZE } from "./memory.ts";
import { decodeProgram, type Program } from "./program.ts";

/** Snapshot format version. */
export const SNAPSHOT_VERSION = 1;

/** The complete state of a VM as plain data. */
export interface VmSnapshot {
  version: number;
  /** The plain program blob (jump table, code, bitmask). */
  program: Uint8Array;
  /** r0…r12 as unsigned 64-bit values. */
  registers: bigint[];
  /** Where execution continues. */
  pc: number;
  /** Whether the basic block at `pc` has already been paid for. */
  charged: boolean;
  /** Gas left (signed 64-bit). */
  gas: bigint;
  /** Last exit status, or null before the first run. */
  status: Status | null;
  exitPc: number;
  hostId: number;
  faultAddress: number;
  heapTop: number;
  heapLimit: number;
  maxPages: number;
  /** Mapped pages as runs of equal access (1 read-only, 2 read-write). */
  pages: { address: number; access: number; data: Uint8Array }[];
}

/** Captures the complete state of `vm`. Copies memory; the VM is not changed. */
export function snapshotVm(vm: Vm): VmSnapshot {
  const registers: bigint[] = [];
  for (let i = 0; i < REGISTER_COUNT; i++) registers.push(vm.getRegister(i));
  return {
    version: SNAPSHOT_VERSION,
    program: vm.program.blob.slice(),
    registers,
    pc: vm.pc,
    charged: vm.resumeState.charged,
    gas: vm.gas,
    status: vm.status,
    exitPc: vm.exitPc,
    hostId: vm.hostId,
    faultAddress: vm.faultAddress,
    heapTop: vm.memory.heapTop,
    heapLimit: vm.memory.heapLimit,
    maxPages: vm.memory.maxPages,
    pages: vm.memory.runs().map((r) => ({ address: r.address, access: r.access, data: r.data })),
  };
}

function invalid(message: string): never {
  throw new VmUsageError("SNAPSHOT_INVALID", `invalid VM snapshot: ${message}`);
}

function u32(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    invalid(`${what} must be a 32-bit natural number`);
  }
  return v;
}

/**
 * Rebuilds a VM from a snapshot. Pass `program` to reuse an already decoded program (it must
 * be the same blob). Throws `VmUsageError` (code SNAPSHOT_INVALID) for a malformed snapshot,
 * or `ProgramDecodeError` for a bad program blob.
 */
export function restoreVm(snapshot: VmSnapshot, options: { program?: Program } = {}): Vm {
  const s = snapshot;
  if (s === null || typeof s !== "object") invalid("not an object");
  if (s.version !== SNAPSHOT_VERSION) invalid(`version ${s.version}, expected ${SNAPSHOT_VERSION}`);
  if (!(s.program instanceof Uint8Array)) invalid("program must be bytes");
  if (!Array.isArray(s.registers) || s.registers.length !== REGISTER_COUNT) {
    invalid(`registers must be ${REGISTER_COUNT} values`);
  }
  if (!Array.isArray(s.pages)) invalid("pages must be a list");
  const maxPages = u32(s.maxPages, "maxPages");
  let program = options.program;
  if (program !== undefined) {
    const same = program.blob.length === s.program.length &&
      program.blob.every((b, i) => b === s.program[i]);
    if (!same) invalid("the given program is not the snapshot's program");
  } else {
    program = decodeProgram(s.program);
  }
  const memory = new Memory({ maxPages });
  for (const run of s.pages) {
    const address = u32(run?.address, "page address");
    if (!(run.data instanceof Uint8Array) || run.data.length % PAGE_SIZE !== 0) {
      invalid("page data must be whole pages of bytes");
    }
    if (address % PAGE_SIZE !== 0 || address < LOW_GUARD) invalid("page address out of range");
    if (run.access !== Access.Read && run.access !== Access.Write) invalid("bad page access");
    memory.map(address, run.data.length, run.access as Access, run.data);
  }
  memory.heapTop = u32(s.heapTop, "heapTop");
  memory.heapLimit = u32(s.heapLimit, "heapLimit");
  const registers = s.registers.map((r) => {
    if (typeof r !== "bigint" && typeof r !== "number") invalid("registers must be integers");
    return BigInt(r);
  });
  const vm = new Vm(program, { memory, registers, gas: BigInt(s.gas) });
  vm.setResumeState(u32(s.pc, "pc"), Boolean(s.charged));
  if (s.status !== null && ![0, 1, 2, 3, 4].includes(s.status as number)) invalid("bad status");
  vm.status = s.status;
  vm.exitPc = u32(s.exitPc, "exitPc");
  vm.hostId = u32(s.hostId, "hostId");
  vm.faultAddress = u32(s.faultAddress, "faultAddress");
  return vm;
}

/** Encodes a snapshot as msgpack bytes (64-bit integers kept exact). */
export function encodeVmSnapshot(snapshot: VmSnapshot): Uint8Array {
  return encode(snapshot, { useBigInt64: true });
}

/** Decodes msgpack bytes from `encodeVmSnapshot`; validate by passing the result to `restoreVm`. */
export function decodeVmSnapshot(bytes: Uint8Array): VmSnapshot {
  try {
    return decode(bytes, { useBigInt64: true }) as VmSnapshot;
  } catch (e) {
    return invalid(`not msgpack: ${(e as Error).message}`);
  }
}
