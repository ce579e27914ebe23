/**
 * The view a syscall handler gets of one call: its arguments (φ7…φ12) with checked conversions,
 * checked guest-memory windows, the instance's devices and frame, and `trap` for guest errors.
 * Every conversion that fails throws `GuestTrap` (`BAD_ARGUMENT`, `BAD_WINDOW`, `BAD_UTF8`), so a
 * handler validates all of its arguments before it changes anything.
 *
 * @example
 * ```ts
 * import type { SyscallCall } from "./call.ts";
 * function handler(call: SyscallCall) {
 *   const level = call.int(0, "level", 0, 3);         // traps outside 0..3
 *   const text = call.string(1, 2, 256, "text");       // pointer φ8, length φ9
 *   return [0];
 * }
 * ```
 * @module
 */

import { GuestTrap, readString, readWindow, type Vm, writeWindow } from "../../vm/mod.ts";
import { ConsolePanic } from "../errors.ts";
import type { Device } from "./types.ts";

/** What an instance exposes to handlers. */
export interface CallServices {
  /** The current frame number (0 for the first frame). */
  readonly frame: number;
  /** The instance's device called `name`; a missing device is a runtime invariant (Panic). */
  device<T extends Device>(name: string): T;
}

/** One syscall invocation (reused between calls of one instance). */
export class SyscallCall {
  /** The guest. */
  vm!: Vm;
  /** The instance. */
  readonly console: CallServices;
  /** `module.name@version` of the call, for messages. */
  what = "";

  /** @param services the instance's services */
  constructor(services: CallServices) {
    this.console = services;
  }

  /** The instance's device `name` (see {@link CallServices.device}). */
  device<T extends Device>(name: string): T {
    return this.console.device<T>(name);
  }

  /** Argument `i` (φ(7+i)) as an unsigned 64-bit value. */
  u64(i: number): bigint {
    return this.vm.getRegister(7 + i);
  }

  /** Argument `i` as a u32; traps BAD_ARGUMENT when it does not fit 32 bits. */
  u32(i: number, what: string): number {
    const r = 7 + i;
    if (this.vm.hi[r] !== 0) this.#bad(`${what} = ${this.vm.getRegister(r)} does not fit 32 bits`);
    return this.vm.lo[r] >>> 0;
  }

  /** Argument `i` as an integer in `lo..hi` (both ≥ 0); traps BAD_ARGUMENT outside. */
  int(i: number, what: string, lo: number, hi: number): number {
    const r = 7 + i;
    const v = this.vm.hi[r] === 0 ? this.vm.lo[r] >>> 0 : -1;
    if (v < lo || v > hi) {
      this.#bad(`${what} = ${this.vm.getRegister(r)} is outside ${lo}..${hi}`);
    }
    return v;
  }

  /**
   * Argument `i` as a signed 32-bit integer: the 64-bit register read as signed must lie in
   * −2³¹…2³¹−1 (what `load_imm` gives for any i32); traps BAD_ARGUMENT otherwise.
   */
  i32(i: number, what: string): number {
    const r = 7 + i;
    const lo = this.vm.lo[r];
    const hi = this.vm.hi[r];
    if (hi !== (lo < 0 ? -1 : 0)) {
      this.#bad(`${what} = ${BigInt.asIntN(64, this.vm.getRegister(r))} is not a 32-bit integer`);
    }
    return lo;
  }

  /** Argument `i` as 0 or 1; traps BAD_ARGUMENT otherwise. */
  bool(i: number, what: string): boolean {
    return this.int(i, what, 0, 1) === 1;
  }

  /**
   * The guest bytes at pointer φ(7+ptrArg), length φ(7+lenArg). Traps BAD_ARGUMENT when the
   * length exceeds `max` and BAD_WINDOW when any byte is not readable.
   */
  read(ptrArg: number, lenArg: number, max: number, what: string): Uint8Array {
    const ptr = this.u32(ptrArg, `${what} pointer`);
    const len = this.u32(lenArg, `${what} length`);
    if (len > max) this.#bad(`${what} length ${len} exceeds the limit of ${max} bytes`);
    return readWindow(this.vm, ptr, len, max);
  }

  /** Like {@link read}, decoded as UTF-8 (BAD_UTF8 when it is not). */
  string(ptrArg: number, lenArg: number, max: number, what: string): string {
    const ptr = this.u32(ptrArg, `${what} pointer`);
    const len = this.u32(lenArg, `${what} length`);
    if (len > max) this.#bad(`${what} length ${len} exceeds the limit of ${max} bytes`);
    return readString(this.vm, ptr, len, max);
  }

  /** Traps BAD_WINDOW unless `length` bytes at `address` are writable; writes nothing. */
  checkWritable(address: number, length: number, what: string): void {
    if (length === 0) return;
    if (address + length > 2 ** 32 || !this.vm.memory.isWritable(address, length)) {
      throw new GuestTrap(
        "BAD_WINDOW",
        `${what}: guest window 0x${address.toString(16)}+${length} is not writable`,
      );
    }
  }

  /** Writes `bytes` at `address`, all or nothing; traps BAD_WINDOW when not writable. */
  write(address: number, bytes: Uint8Array): void {
    writeWindow(this.vm, address, bytes);
  }

  /** Ends the guest with a trap. */
  trap(code: string, message: string): never {
    throw new GuestTrap(code, `${this.what}: ${message}`);
  }

  /** Throws {@link ConsolePanic}: a runtime invariant broke (not the guest's fault). */
  panic(message: string): never {
    throw new ConsolePanic(`${this.what}: ${message}`);
  }

  #bad(message: string): never {
    throw new GuestTrap("BAD_ARGUMENT", `${this.what}: ${message}`);
  }
}
