/**
 * Host calls: a table of handlers keyed by `ecalli` id, a driver that runs a VM through them,
 * and checked window helpers through which handlers touch guest memory. A bad window, an
 * unknown id or a handler's `GuestTrap` becomes a structured trap for the guest — never an
 * exception that escapes the runtime. Any other exception is a runtime bug and propagates.
 *
 * @example
 * ```ts
 * import { decodeProgram } from "./program.ts";
 * import { Vm } from "./interpreter.ts";
 * import { runWithHost, type HostTable } from "./host.ts";
 * // ecalli 7; trap
 * const vm = new Vm(decodeProgram(new Uint8Array([0, 0, 3, 10, 7, 0, 0b101])), { gas: 10n });
 * const table: HostTable<null> = new Map([[7, (vm) => { vm.setRegister(7, 1n); return "continue"; }]]);
 * runWithHost(vm, table, null).kind; // "panic" (the trap after the call)
 * ```
 * @module
 */

import { Status, type Vm } from "./interpreter.ts";
import { MemoryAccessError } from "./memory.ts";
import { OPCODES } from "./opcodes.ts";

/** A guest-caused error detected by the host: the guest stops with a trap. */
export class GuestTrap extends Error {
  override readonly name = "GuestTrap";
  /** @param code stable reason code (e.g. BAD_WINDOW) @param message what the guest did wrong */
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Why and where a guest trapped. */
export interface TrapInfo {
  /** Stable reason code. */
  code: string;
  /** pc of the instruction that trapped (the `ecalli`). */
  pc: number;
  /** Mnemonic of that instruction. */
  opcode: string;
  /** What the guest did wrong. */
  message: string;
}

/**
 * What a handler asks for after it ran:
 * - `"continue"`: resume the guest after the ecalli;
 * - `"yield"`: stop here, leaving the guest resumable after the ecalli (frame end, CALL, …);
 * - `"halt"`: end the guest as if it halted;
 * - `"oog"`: the call could not be paid; the guest stops out of gas and retries the call when
 *   resumed with more gas;
 * - a `GuestTrap`: end the guest with a trap (throwing one works the same).
 */
export type HostAction = "continue" | "yield" | "halt" | "oog" | GuestTrap;

/** A host-call handler. */
export type HostHandler<C> = (vm: Vm, context: C) => HostAction;

/** Host calls by `ecalli` id. */
export type HostTable<C> = ReadonlyMap<number, HostHandler<C>>;

/** How a run through the host table ended. */
export type HostRunResult =
  | { kind: "halt" }
  | { kind: "panic" }
  | { kind: "fault"; address: number }
  | { kind: "oog" }
  | { kind: "yield"; hostId: number }
  | { kind: "trap"; trap: TrapInfo };

function trapInfo(vm: Vm, t: GuestTrap): TrapInfo {
  const pc = vm.exitPc;
  const byte = pc < vm.program.code.length ? vm.program.code[pc] : 0;
  return { code: t.code, pc, opcode: OPCODES[byte]?.name ?? "trap", message: t.message };
}

/**
 * Runs `vm` until it halts, panics, faults, runs out of gas, traps or a handler yields.
 * Calls with no handler trap with code UNKNOWN_HOST_CALL.
 */
export function runWithHost<C>(vm: Vm, table: HostTable<C>, context: C): HostRunResult {
  for (;;) {
    const status = vm.run();
    switch (status) {
      case Status.Halt:
        return { kind: "halt" };
      case Status.Panic:
        return { kind: "panic" };
      case Status.Fault:
        return { kind: "fault", address: vm.faultAddress };
      case Status.OutOfGas:
        return { kind: "oog" };
    }
    const handler = table.get(vm.hostId);
    let action: HostAction;
    if (handler === undefined) {
      action = new GuestTrap("UNKNOWN_HOST_CALL", `no host call with id ${vm.hostId}`);
    } else {
      try {
        action = handler(vm, context);
      } catch (e) {
        if (!(e instanceof GuestTrap)) throw e;
        action = e;
      }
    }
    if (action === "continue") {
      if (vm.gas < 0n) return { kind: "oog" };
      continue;
    }
    if (action === "yield") return { kind: "yield", hostId: vm.hostId };
    if (action === "halt") {
      vm.status = Status.Halt;
      return { kind: "halt" };
    }
    if (action === "oog") {
      vm.repeatHostCall();
      vm.status = Status.OutOfGas;
      return { kind: "oog" };
    }
    vm.status = Status.Panic;
    return { kind: "trap", trap: trapInfo(vm, action) };
  }
}

/** A guest address or length from a register: it must fit 32 bits, else the guest traps. */
export function guestU32(vm: Vm, register: number, what: string): number {
  const v = vm.getRegister(register);
  if (v > 0xffffffffn) {
    throw new GuestTrap("BAD_ARGUMENT", `${what} (r${register} = ${v}) does not fit 32 bits`);
  }
  return Number(v);
}

/**
 * Copies `length` bytes of guest memory at `address`. The guest traps (BAD_WINDOW) when any
 * byte is not readable or the window is longer than `max`.
 */
export function readWindow(vm: Vm, address: number, length: number, max: number): Uint8Array {
  if (length > max) {
    throw new GuestTrap("BAD_WINDOW", `window of ${length} bytes exceeds the limit of ${max}`);
  }
  if (address + length > 2 ** 32) {
    throw new GuestTrap("BAD_WINDOW", `window 0x${address.toString(16)}+${length} wraps past 2^32`);
  }
  try {
    return vm.memory.read(address, length);
  } catch (e) {
    if (e instanceof MemoryAccessError) {
      throw new GuestTrap(
        "BAD_WINDOW",
        `guest window 0x${address.toString(16)}+${length} is not readable at 0x${
          e.address.toString(16)
        }`,
      );
    }
    throw e;
  }
}

/** Writes `data` into guest memory at `address`, all or nothing; traps (BAD_WINDOW) if not writable. */
export function writeWindow(vm: Vm, address: number, data: Uint8Array): void {
  if (address + data.length > 2 ** 32) {
    throw new GuestTrap(
      "BAD_WINDOW",
      `window 0x${address.toString(16)}+${data.length} wraps past 2^32`,
    );
  }
  try {
    vm.memory.write(address, data);
  } catch (e) {
    if (e instanceof MemoryAccessError) {
      throw new GuestTrap(
        "BAD_WINDOW",
        `guest window 0x${address.toString(16)}+${data.length} is not writable at 0x${
          e.address.toString(16)
        }`,
      );
    }
    throw e;
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a UTF-8 string window; traps (BAD_WINDOW / BAD_UTF8) on a bad window or bad text. */
export function readString(vm: Vm, address: number, length: number, max: number): string {
  const bytes = readWindow(vm, address, length, max);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new GuestTrap("BAD_UTF8", `string at 0x${address.toString(16)} is not valid UTF-8`);
  }
}
