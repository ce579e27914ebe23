/**
 * The PVM interpreter. A `Vm` is one guest: registers, pc, gas and memory over a shared,
 * pre-decoded `Program`. `run()` executes until one of five exits and can be called again to
 * resume where the spec allows.
 *
 * Gas model: the cost of a whole basic block (1 per instruction, Gray Paper v0.7.2) is charged
 * when execution enters the block; see `vm/README.md` for why.
 *
 * @example
 * ```ts
 * import { decodeProgram } from "./program.ts";
 * import { Status, Vm } from "./interpreter.ts";
 * // load_imm r7, 42; jump_ind r0, 0   (r0 = 0xFFFF0000 → halt)
 * const blob = new Uint8Array([0, 0, 6, 51, 7, 42, 50, 0, 0, 0b001001]);
 * const vm = new Vm(decodeProgram(blob), { gas: 100n });
 * vm.setRegister(0, 0xffff0000n);
 * vm.run() === Status.Halt; // true
 * vm.getRegister(7); // 42n
 * ```
 * @module
 */

import {
  bswap32,
  ctz32,
  divrem64,
  lts64,
  ltu64,
  mul64,
  mulUpper64,
  popcnt32,
  rotr32,
  rotr64,
  sar64,
  shl64,
  shr64,
} from "./arith.ts";
import { VmUsageError } from "./errors.ts";
import { LOW_GUARD, Memory, PAGE_SHIFT } from "./memory.ts";
import { F_COST, type Program, STRIDE } from "./program.ts";

/** Exit reasons of `run()`, numbered as the Gray Paper's inner-PVM result codes. */
export const Status = {
  /** Dynamic jump to 0xFFFF0000. Final. */
  Halt: 0,
  /** trap, invalid instruction, bad jump target, or memory access below 0x10000. Final. */
  Panic: 1,
  /** Access to an inaccessible page; `faultAddress` holds its page address. Resumable. */
  Fault: 2,
  /** `ecalli`; `hostId` holds the call id. Resumable (continues after the ecalli). */
  Host: 3,
  /** Not enough gas to enter the next basic block. Resumable after adding gas. */
  OutOfGas: 4,
} as const;
/** One of the `Status` values. */
export type Status = typeof Status[keyof typeof Status];

/** Status names as the conformance vectors spell them. */
export const STATUS_NAMES: Readonly<Record<Status, string>> = {
  0: "halt",
  1: "panic",
  2: "page-fault",
  3: "host",
  4: "oog",
};

/** The halt address: a dynamic jump here halts. */
export const HALT_ADDRESS = 0xffff0000;

/** Registers in the machine. */
export const REGISTER_COUNT = 13;

/** Largest gas amount held in the fast counter; the rest waits in a BigInt reserve. */
const GAS_CHUNK = 2 ** 52;

/** Options for a new VM. */
export interface VmOptions {
  /** Starting gas (default 0). */
  gas?: bigint | number;
  /** Starting pc (default 0). */
  pc?: number;
  /** Starting registers r0…r12 (default all zero). */
  registers?: ArrayLike<bigint | number>;
  /** Memory to use (default: a new, empty address space). */
  memory?: Memory;
}

/** One PVM instance. */
export class Vm {
  /** The program this VM runs. */
  readonly program: Program;
  /** The guest address space. */
  readonly memory: Memory;
  /** Low 32 bits of each register (as int32). */
  readonly lo: Int32Array = new Int32Array(REGISTER_COUNT);
  /** High 32 bits of each register (as int32). */
  readonly hi: Int32Array = new Int32Array(REGISTER_COUNT);
  /** Last exit status, or `null` before the first `run()`. */
  status: Status | null = null;
  /** pc of the instruction that caused the last exit. */
  exitPc = 0;
  /** Host-call id of the last `Host` exit. */
  hostId = 0;
  /** Page address of the last `Fault` exit. */
  faultAddress = 0;

  #gas = 0; // fast counter, |#gas| <= 2^52
  #gasReserve = 0n; // gas beyond the fast counter
  #ip = 0; // record offset to execute next, or -1 when the pc is not an instruction
  #badPc = 0; // the pc when #ip = -1
  #charged = false; // whether the block containing #ip has been paid for

  /** Creates a VM at `options.pc` (default 0). */
  constructor(program: Program, options: VmOptions = {}) {
    this.program = program;
    this.memory = options.memory ?? new Memory();
    this.gas = options.gas ?? 0n;
    this.pc = options.pc ?? 0;
    if (options.registers !== undefined) {
      if (options.registers.length !== REGISTER_COUNT) {
        throw new VmUsageError(
          "BAD_REGISTERS",
          `expected ${REGISTER_COUNT} registers, got ${options.registers.length}`,
        );
      }
      for (let i = 0; i < REGISTER_COUNT; i++) this.setRegister(i, options.registers[i]);
    }
  }

  /** The pc execution continues at (after a host call: the instruction after the ecalli). */
  get pc(): number {
    return this.#ip < 0 ? this.#badPc : this.program.pcs[this.#ip / STRIDE];
  }

  /** Moves execution to `pc`; the block entered there is charged on the next `run()`. */
  set pc(pc: number) {
    if (!Number.isInteger(pc) || pc < 0 || pc > 0xffffffff) {
      throw new VmUsageError("BAD_PC", `pc must be a 32-bit natural number, got ${pc}`);
    }
    const r = pc < this.program.recordAt.length ? this.program.recordAt[pc] : -1;
    this.#ip = r;
    this.#badPc = pc;
    this.#charged = false;
    if (this.status !== null) this.status = null;
  }

  /** Gas left. May be negative after a host handler charged more than was left. */
  get gas(): bigint {
    return this.#gasReserve + BigInt(this.#gas);
  }

  /** Sets the gas left (signed 64-bit). */
  set gas(value: bigint | number) {
    const v = BigInt(value);
    if (v > (1n << 63n) - 1n || v < -(1n << 63n)) {
      throw new VmUsageError("BAD_GAS", `gas must fit a signed 64-bit integer, got ${v}`);
    }
    if (v > BigInt(GAS_CHUNK)) {
      this.#gas = GAS_CHUNK;
      this.#gasReserve = v - BigInt(GAS_CHUNK);
    } else {
      this.#gas = Number(v);
      this.#gasReserve = 0n;
    }
  }

  /** Takes `amount` gas if that much is left and returns true; else takes nothing and returns false. */
  chargeGas(amount: number): boolean {
    if (this.#gas >= amount) {
      this.#gas -= amount;
      return true;
    }
    const total = this.gas;
    if (total < BigInt(amount)) return false;
    this.gas = total - BigInt(amount);
    return true;
  }

  /** Register `i` as an unsigned 64-bit value. */
  getRegister(i: number): bigint {
    return (BigInt(this.hi[i] >>> 0) << 32n) | BigInt(this.lo[i] >>> 0);
  }

  /** Sets register `i` (the value is taken modulo 2^64; negative numbers wrap). */
  setRegister(i: number, value: bigint | number): void {
    if (!Number.isInteger(i) || i < 0 || i >= REGISTER_COUNT) {
      throw new VmUsageError("BAD_REGISTER", `register index must be 0…12, got ${i}`);
    }
    const v = BigInt.asUintN(64, BigInt(value));
    this.lo[i] = Number(v & 0xffffffffn) | 0;
    this.hi[i] = Number(v >> 32n) | 0;
  }

  /** Register `i` as a number, when it fits 53 bits (else throws). Convenient for host handlers. */
  getRegisterNumber(i: number): number {
    const h = this.hi[i] >>> 0;
    if (h >= 0x200000) {
      throw new VmUsageError("REGISTER_TOO_LARGE", `r${i} = ${this.getRegister(i)} exceeds 2^53`);
    }
    return h * 0x100000000 + (this.lo[i] >>> 0);
  }

  /** Low 32 bits of register `i`, unsigned. */
  getRegisterU32(i: number): number {
    return this.lo[i] >>> 0;
  }

  /** Internal state needed for snapshots. */
  get resumeState(): { charged: boolean } {
    return { charged: this.#charged };
  }

  /** Restores internal state from a snapshot (used by `restoreVm`). */
  setResumeState(pc: number, charged: boolean): void {
    this.pc = pc;
    this.#charged = charged;
  }

  /**
   * After a `Host` exit: makes the next `run()` execute the same `ecalli` again (used when a
   * host call could not be paid and is retried once more gas is added).
   */
  repeatHostCall(): void {
    if (this.status !== Status.Host) {
      throw new VmUsageError(
        "NOT_IN_HOST_CALL",
        "repeatHostCall() needs a VM stopped at a host call",
      );
    }
    this.#ip = this.program.recordAt[this.exitPc];
    this.#charged = true;
  }

  /** Whether the VM has reached a final exit (halt or panic). */
  get finished(): boolean {
    return this.status === Status.Halt || this.status === Status.Panic;
  }

  /**
   * Runs until the next exit and returns its status. After `Host`, `Fault` or `OutOfGas`,
   * calling `run()` again resumes (after the ecalli; at the faulting instruction; at the block
   * that could not be paid). After `Halt` or `Panic` it returns the same status again.
   */
  run(): Status {
    if (this.finished) return this.status as Status;
    if (this.#gas < 0 && this.#gasReserve <= 0n) return this.#exit(Status.OutOfGas, this.#ip);
    if (this.#ip < 0) {
      // The pc is not an instruction: it executes as trap.
      if (!this.#charged) {
        if (!this.chargeGas(1)) {
          this.exitPc = this.#badPc;
          return (this.status = Status.OutOfGas);
        }
        this.#charged = true;
      }
      this.exitPc = this.#badPc;
      return (this.status = Status.Panic);
    }
    if (!this.#charged) {
      const cost = this.program.records[this.#ip + F_COST];
      if (!this.chargeGas(cost)) return this.#exit(Status.OutOfGas, this.#ip);
      this.#charged = true;
    }
    return this.#execute();
  }

  #exit(status: Status, ip: number): Status {
    this.status = status;
    this.exitPc = ip < 0 ? this.#badPc : this.program.pcs[ip / STRIDE];
    return status;
  }

  #outOfGas(ip: number, gas: number): Status {
    this.#gas = gas;
    this.#ip = ip;
    this.#charged = false;
    if (this.#gasReserve > 0n) {
      const take = this.#gasReserve > BigInt(GAS_CHUNK) ? BigInt(GAS_CHUNK) : this.#gasReserve;
      this.#gasReserve -= take;
      const total = BigInt(this.#gas) + take;
      if (total > BigInt(GAS_CHUNK)) {
        this.#gas = GAS_CHUNK;
        this.#gasReserve += total - BigInt(GAS_CHUNK);
      } else {
        this.#gas = Number(total);
      }
      return this.run();
    }
    return this.#exit(Status.OutOfGas, ip);
  }

  #panicAt(ip: number, gas: number): Status {
    this.#gas = gas;
    this.#ip = ip;
    return this.#exit(Status.Panic, ip);
  }

  /** Ends the run with a memory violation at `addr` by the instruction at `ip`. */
  #memoryExit(ip: number, gas: number, addr: number): Status {
    this.#gas = gas;
    this.#ip = ip;
    this.#charged = true;
    if (addr < LOW_GUARD) return this.#exit(Status.Panic, ip);
    this.faultAddress = (addr >>> PAGE_SHIFT) << PAGE_SHIFT >>> 0;
    return this.#exit(Status.Fault, ip);
  }

  #scratchLo = 0;
  #scratchHi = 0;

  /** Slow load of `size` bytes (page-crossing or inaccessible): -1 and the value, or the bad address. */
  #loadSlow(addr: number, size: number): number {
    const m = this.memory;
    const bad = m.firstInaccessible(addr, size, false);
    if (bad !== -1) return bad;
    let l = 0, h = 0;
    for (let i = size - 1; i >= 0; i--) {
      const a = (addr + i) >>> 0;
      const byte = m.bytes[m.readOffset(a >>> PAGE_SHIFT) + (a & 4095)];
      if (i >= 4) h = (h << 8) | byte;
      else l = (l << 8) | byte;
    }
    this.#scratchLo = l | 0;
    this.#scratchHi = h | 0;
    return -1;
  }

  /** Slow store of `size` bytes: -1 when written, or the bad address (nothing written). */
  #storeSlow(addr: number, size: number, l: number, h: number): number {
    const m = this.memory;
    const bad = m.firstInaccessible(addr, size, true);
    if (bad !== -1) return bad;
    for (let i = 0; i < size; i++) {
      const a = (addr + i) >>> 0;
      m.bytes[m.writeOffset(a >>> PAGE_SHIFT) + (a & 4095)] = i < 4
        ? l >>> (8 * i)
        : h >>> (8 * (i - 4));
    }
    return -1;
  }

  #execute(): Status {
    const rec = this.program.records;
    const jt = this.program.jumpTargets;
    const jtLen = jt.length;
    const lo = this.lo;
    const hi = this.hi;
    const memory = this.memory;
    const rd = memory.readDir;
    const wd = memory.writeDir;
    let mem = memory.bytes;
    let dv = memory.view;
    let gas = this.#gas;
    let ip = this.#ip;

    for (;;) {
      switch (rec[ip]) {
        // ---- A, B: trap, fallthrough, ecalli -------------------------------------------------
        case 0: {
          this.#gas = gas;
          this.#ip = ip;
          return this.#exit(Status.Panic, ip);
        }
        case 1:
          ip += STRIDE;
          break;
        case 10: {
          this.#gas = gas;
          this.hostId = rec[ip + 4] >>> 0;
          this.#exit(Status.Host, ip);
          this.#ip = ip + STRIDE;
          this.#charged = true;
          return Status.Host;
        }
        // ---- C: load_imm_64 -------------------------------------------------------------------
        case 20: {
          const a = rec[ip + 1];
          lo[a] = rec[ip + 4];
          hi[a] = rec[ip + 5];
          ip += STRIDE;
          continue;
        }
        // ---- D: store_imm_uN [y] = x --------------------------------------------------------
        case 30:
        case 70: {
          const addr = rec[ip] === 30 ? rec[ip + 6] : (lo[rec[ip + 1]] + rec[ip + 6]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          if (o === 0) {
            const bad = this.#storeSlow(addr, 1, rec[ip + 4], 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else mem[o + (addr & 4095)] = rec[ip + 4];
          ip += STRIDE;
          continue;
        }
        case 31:
        case 71: {
          const addr = rec[ip] === 31 ? rec[ip + 6] : (lo[rec[ip + 1]] + rec[ip + 6]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          if (o === 0 || off > 4094) {
            const bad = this.#storeSlow(addr, 2, rec[ip + 4], 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else dv.setUint16(o + off, rec[ip + 4], true);
          ip += STRIDE;
          continue;
        }
        case 32:
        case 72: {
          const addr = rec[ip] === 32 ? rec[ip + 6] : (lo[rec[ip + 1]] + rec[ip + 6]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          if (o === 0 || off > 4092) {
            const bad = this.#storeSlow(addr, 4, rec[ip + 4], 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else dv.setInt32(o + off, rec[ip + 4], true);
          ip += STRIDE;
          continue;
        }
        case 33:
        case 73: {
          const addr = rec[ip] === 33 ? rec[ip + 6] : (lo[rec[ip + 1]] + rec[ip + 6]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          if (o === 0 || off > 4088) {
            const bad = this.#storeSlow(addr, 8, rec[ip + 4], rec[ip + 5]);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else {
            dv.setInt32(o + off, rec[ip + 4], true);
            dv.setInt32(o + off + 4, rec[ip + 5], true);
          }
          ip += STRIDE;
          continue;
        }
        // ---- E: jump ---------------------------------------------------------------------------
        case 40: {
          const t = rec[ip + 6];
          if (t < 0) return this.#panicAt(ip, gas);
          ip = t;
          break;
        }
        // ---- F: jump_ind, load_imm, direct loads and stores ------------------------------------
        case 50: {
          const addr = ((lo[rec[ip + 1]] + rec[ip + 4]) | 0) >>> 0;
          if (addr === HALT_ADDRESS) {
            this.#gas = gas;
            this.#ip = ip;
            return this.#exit(Status.Halt, ip);
          }
          const t = addr === 0 || addr > jtLen * 2 || (addr & 1) !== 0 ? -1 : jt[(addr >>> 1) - 1];
          if (t < 0) return this.#panicAt(ip, gas);
          ip = t;
          break;
        }
        case 51: {
          const a = rec[ip + 1];
          lo[a] = rec[ip + 4];
          hi[a] = rec[ip + 5];
          ip += STRIDE;
          continue;
        }
        case 52:
        case 53:
        case 124:
        case 125: {
          const op = rec[ip];
          const addr = op < 100 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = rd[addr >>> 22][(addr >>> 12) & 1023];
          let v: number;
          if (o === 0) {
            const bad = this.#loadSlow(addr, 1);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
            v = this.#scratchLo;
          } else v = mem[o + (addr & 4095)];
          const a = rec[ip + 1];
          if (op === 53 || op === 125) {
            v = (v << 24) >> 24;
            hi[a] = v >> 31;
          } else hi[a] = 0;
          lo[a] = v;
          ip += STRIDE;
          continue;
        }
        case 54:
        case 55:
        case 126:
        case 127: {
          const op = rec[ip];
          const addr = op < 100 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = rd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          let v: number;
          if (o === 0 || off > 4094) {
            const bad = this.#loadSlow(addr, 2);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
            v = this.#scratchLo;
          } else v = dv.getUint16(o + off, true);
          const a = rec[ip + 1];
          if (op === 55 || op === 127) {
            v = (v << 16) >> 16;
            hi[a] = v >> 31;
          } else hi[a] = 0;
          lo[a] = v;
          ip += STRIDE;
          continue;
        }
        case 56:
        case 57:
        case 128:
        case 129: {
          const op = rec[ip];
          const addr = op < 100 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = rd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          let v: number;
          if (o === 0 || off > 4092) {
            const bad = this.#loadSlow(addr, 4);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
            v = this.#scratchLo;
          } else v = dv.getInt32(o + off, true);
          const a = rec[ip + 1];
          lo[a] = v;
          hi[a] = op === 57 || op === 129 ? v >> 31 : 0;
          ip += STRIDE;
          continue;
        }
        case 58:
        case 130: {
          const addr = rec[ip] === 58 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = rd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          const a = rec[ip + 1];
          if (o === 0 || off > 4088) {
            const bad = this.#loadSlow(addr, 8);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
            lo[a] = this.#scratchLo;
            hi[a] = this.#scratchHi;
          } else {
            lo[a] = dv.getInt32(o + off, true);
            hi[a] = dv.getInt32(o + off + 4, true);
          }
          ip += STRIDE;
          continue;
        }
        case 59:
        case 120: {
          const addr = rec[ip] === 59 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const v = lo[rec[ip + 1]];
          if (o === 0) {
            const bad = this.#storeSlow(addr, 1, v, 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else mem[o + (addr & 4095)] = v;
          ip += STRIDE;
          continue;
        }
        case 60:
        case 121: {
          const addr = rec[ip] === 60 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          const v = lo[rec[ip + 1]];
          if (o === 0 || off > 4094) {
            const bad = this.#storeSlow(addr, 2, v, 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else dv.setUint16(o + off, v, true);
          ip += STRIDE;
          continue;
        }
        case 61:
        case 122: {
          const addr = rec[ip] === 61 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          const v = lo[rec[ip + 1]];
          if (o === 0 || off > 4092) {
            const bad = this.#storeSlow(addr, 4, v, 0);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else dv.setInt32(o + off, v, true);
          ip += STRIDE;
          continue;
        }
        case 62:
        case 123: {
          const addr = rec[ip] === 62 ? rec[ip + 4] : (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const o = wd[addr >>> 22][(addr >>> 12) & 1023];
          const off = addr & 4095;
          const a = rec[ip + 1];
          if (o === 0 || off > 4088) {
            const bad = this.#storeSlow(addr, 8, lo[a], hi[a]);
            if (bad >= 0) return this.#memoryExit(ip, gas, bad);
          } else {
            dv.setInt32(o + off, lo[a], true);
            dv.setInt32(o + off + 4, hi[a], true);
          }
          ip += STRIDE;
          continue;
        }
        // ---- H: load_imm_jump and branches against an immediate -------------------------------
        case 80: {
          const a = rec[ip + 1];
          lo[a] = rec[ip + 4];
          hi[a] = rec[ip + 5];
          const t = rec[ip + 6];
          if (t < 0) return this.#panicAt(ip, gas);
          ip = t;
          break;
        }
        case 81: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (al === xl && ah === xh) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 82: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (al !== xl || ah !== xh) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 83: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (ltu64(al, ah, xl, xh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 84: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (!ltu64(xl, xh, al, ah)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 85: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (!ltu64(al, ah, xl, xh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 86: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (ltu64(xl, xh, al, ah)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 87: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (lts64(al, ah, xl, xh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 88: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (!lts64(xl, xh, al, ah)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 89: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (!lts64(al, ah, xl, xh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 90: {
          const a = rec[ip + 1];
          const al = lo[a], ah = hi[a], xl = rec[ip + 4], xh = rec[ip + 5];
          if (lts64(xl, xh, al, ah)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        // ---- I: two registers (d ← f(a)) ------------------------------------------------------
        case 100: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = lo[a];
          hi[d] = hi[a];
          ip += STRIDE;
          continue;
        }
        case 101: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const size = hi[a] === 0 ? lo[a] >>> 0 : -1;
          const r = size < 0 ? 0 : memory.sbrk(size);
          lo[d] = r | 0;
          hi[d] = 0;
          mem = memory.bytes;
          dv = memory.view;
          ip += STRIDE;
          continue;
        }
        case 102: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = popcnt32(lo[a]) + popcnt32(hi[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 103: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = popcnt32(lo[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 104: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const h = hi[a];
          lo[d] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(lo[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 105: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = Math.clz32(lo[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 106: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const l = lo[a];
          lo[d] = l !== 0 ? ctz32(l) : 32 + ctz32(hi[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 107: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = ctz32(lo[a]);
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 108: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const v = (lo[a] << 24) >> 24;
          lo[d] = v;
          hi[d] = v >> 31;
          ip += STRIDE;
          continue;
        }
        case 109: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const v = (lo[a] << 16) >> 16;
          lo[d] = v;
          hi[d] = v >> 31;
          ip += STRIDE;
          continue;
        }
        case 110: {
          const d = rec[ip + 3], a = rec[ip + 1];
          lo[d] = lo[a] & 0xffff;
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 111: {
          const d = rec[ip + 3], a = rec[ip + 1];
          const l = lo[a], h = hi[a];
          lo[d] = bswap32(h);
          hi[d] = bswap32(l);
          ip += STRIDE;
          continue;
        }
        // ---- J: two registers + immediate (a ← f(b, x)) ---------------------------------------
        case 131: {
          const r = (lo[rec[ip + 2]] + rec[ip + 4]) | 0;
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 132: {
          const a = rec[ip + 1], b = rec[ip + 2];
          lo[a] = lo[b] & rec[ip + 4];
          hi[a] = hi[b] & rec[ip + 5];
          ip += STRIDE;
          continue;
        }
        case 133: {
          const a = rec[ip + 1], b = rec[ip + 2];
          lo[a] = lo[b] ^ rec[ip + 4];
          hi[a] = hi[b] ^ rec[ip + 5];
          ip += STRIDE;
          continue;
        }
        case 134: {
          const a = rec[ip + 1], b = rec[ip + 2];
          lo[a] = lo[b] | rec[ip + 4];
          hi[a] = hi[b] | rec[ip + 5];
          ip += STRIDE;
          continue;
        }
        case 135: {
          const r = Math.imul(lo[rec[ip + 2]], rec[ip + 4]);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 136:
        case 137:
        case 142:
        case 143: {
          const op = rec[ip];
          const b = rec[ip + 2];
          const bl = lo[b], bh = hi[b], xl = rec[ip + 4], xh = rec[ip + 5];
          const r = op === 136
            ? ltu64(bl, bh, xl, xh)
            : op === 137
            ? lts64(bl, bh, xl, xh)
            : op === 142
            ? ltu64(xl, xh, bl, bh)
            : lts64(xl, xh, bl, bh);
          const a = rec[ip + 1];
          lo[a] = r ? 1 : 0;
          hi[a] = 0;
          ip += STRIDE;
          continue;
        }
        case 138: {
          const r = lo[rec[ip + 2]] << (rec[ip + 4] & 31);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 139: {
          const r = (lo[rec[ip + 2]] >>> (rec[ip + 4] & 31)) | 0;
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 140: {
          const r = lo[rec[ip + 2]] >> (rec[ip + 4] & 31);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 141: {
          const r = (rec[ip + 4] - lo[rec[ip + 2]]) | 0;
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 144: {
          const r = rec[ip + 4] << (lo[rec[ip + 2]] & 31);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 145: {
          const r = (rec[ip + 4] >>> (lo[rec[ip + 2]] & 31)) | 0;
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 146: {
          const r = rec[ip + 4] >> (lo[rec[ip + 2]] & 31);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 147:
        case 148: {
          const b = rec[ip + 2];
          const zero = lo[b] === 0 && hi[b] === 0;
          if (zero === (rec[ip] === 147)) {
            const a = rec[ip + 1];
            lo[a] = rec[ip + 4];
            hi[a] = rec[ip + 5];
          }
          ip += STRIDE;
          continue;
        }
        case 149: {
          const b = rec[ip + 2];
          const bl = lo[b], xl = rec[ip + 4];
          const rl = (bl + xl) | 0;
          const carry = (rl >>> 0) < (bl >>> 0) ? 1 : 0;
          const a = rec[ip + 1];
          hi[a] = (hi[b] + rec[ip + 5] + carry) | 0;
          lo[a] = rl;
          ip += STRIDE;
          continue;
        }
        case 150: {
          const b = rec[ip + 2];
          mul64(lo, hi, rec[ip + 1], lo[b], hi[b], rec[ip + 4], rec[ip + 5]);
          ip += STRIDE;
          continue;
        }
        case 151: {
          const b = rec[ip + 2];
          shl64(lo, hi, rec[ip + 1], lo[b], hi[b], rec[ip + 4]);
          ip += STRIDE;
          continue;
        }
        case 152: {
          const b = rec[ip + 2];
          shr64(lo, hi, rec[ip + 1], lo[b], hi[b], rec[ip + 4]);
          ip += STRIDE;
          continue;
        }
        case 153: {
          const b = rec[ip + 2];
          sar64(lo, hi, rec[ip + 1], lo[b], hi[b], rec[ip + 4]);
          ip += STRIDE;
          continue;
        }
        case 154: {
          const b = rec[ip + 2];
          const bl = lo[b], xl = rec[ip + 4];
          const rl = (xl - bl) | 0;
          const borrow = (xl >>> 0) < (bl >>> 0) ? 1 : 0;
          const a = rec[ip + 1];
          hi[a] = (rec[ip + 5] - hi[b] - borrow) | 0;
          lo[a] = rl;
          ip += STRIDE;
          continue;
        }
        case 155: {
          shl64(lo, hi, rec[ip + 1], rec[ip + 4], rec[ip + 5], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 156: {
          shr64(lo, hi, rec[ip + 1], rec[ip + 4], rec[ip + 5], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 157: {
          sar64(lo, hi, rec[ip + 1], rec[ip + 4], rec[ip + 5], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 158: {
          const b = rec[ip + 2];
          rotr64(lo, hi, rec[ip + 1], lo[b], hi[b], rec[ip + 4]);
          ip += STRIDE;
          continue;
        }
        case 159: {
          rotr64(lo, hi, rec[ip + 1], rec[ip + 4], rec[ip + 5], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 160: {
          const r = rotr32(lo[rec[ip + 2]], rec[ip + 4]);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 161: {
          const r = rotr32(rec[ip + 4], lo[rec[ip + 2]]);
          const a = rec[ip + 1];
          lo[a] = r;
          hi[a] = r >> 31;
          ip += STRIDE;
          continue;
        }
        // ---- K: branches comparing two registers ----------------------------------------------
        case 170: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (al === bl && ah === bh) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 171: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (al !== bl || ah !== bh) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 172: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (ltu64(al, ah, bl, bh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 173: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (lts64(al, ah, bl, bh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 174: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (!ltu64(al, ah, bl, bh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        case 175: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          if (!lts64(al, ah, bl, bh)) {
            const t = rec[ip + 6];
            if (t < 0) return this.#panicAt(ip, gas);
            ip = t;
          } else ip += STRIDE;
          break;
        }
        // ---- L: load_imm_jump_ind -------------------------------------------------------------
        case 180: {
          const addr = ((lo[rec[ip + 2]] + rec[ip + 6]) | 0) >>> 0; // from the old rB
          const a = rec[ip + 1];
          lo[a] = rec[ip + 4];
          hi[a] = rec[ip + 5];
          if (addr === HALT_ADDRESS) {
            this.#gas = gas;
            this.#ip = ip;
            return this.#exit(Status.Halt, ip);
          }
          const t = addr === 0 || addr > jtLen * 2 || (addr & 1) !== 0 ? -1 : jt[(addr >>> 1) - 1];
          if (t < 0) return this.#panicAt(ip, gas);
          ip = t;
          break;
        }
        // ---- M: three registers (d ← a op b) --------------------------------------------------
        case 190: {
          const r = (lo[rec[ip + 1]] + lo[rec[ip + 2]]) | 0;
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 191: {
          const r = (lo[rec[ip + 1]] - lo[rec[ip + 2]]) | 0;
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 192: {
          const r = Math.imul(lo[rec[ip + 1]], lo[rec[ip + 2]]);
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 193:
        case 195: {
          const x = lo[rec[ip + 1]], y = lo[rec[ip + 2]];
          const d = rec[ip + 3];
          if (y === 0) {
            if (rec[ip] === 193) {
              lo[d] = -1;
              hi[d] = -1;
            } else {
              lo[d] = x;
              hi[d] = x >> 31;
            }
          } else {
            const r = rec[ip] === 193
              ? Math.floor((x >>> 0) / (y >>> 0)) | 0
              : ((x >>> 0) % (y >>> 0)) | 0;
            lo[d] = r;
            hi[d] = r >> 31;
          }
          ip += STRIDE;
          continue;
        }
        case 194:
        case 196: {
          const x = lo[rec[ip + 1]], y = lo[rec[ip + 2]];
          const d = rec[ip + 3];
          let r: number;
          if (y === 0) r = rec[ip] === 194 ? -1 : x;
          else if (x === -2147483648 && y === -1) r = rec[ip] === 194 ? x : 0;
          else r = rec[ip] === 194 ? (x / y) | 0 : (x % y) | 0;
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 197: {
          const r = lo[rec[ip + 1]] << (lo[rec[ip + 2]] & 31);
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 198: {
          const r = (lo[rec[ip + 1]] >>> (lo[rec[ip + 2]] & 31)) | 0;
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 199: {
          const r = lo[rec[ip + 1]] >> (lo[rec[ip + 2]] & 31);
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 200: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], bl = lo[b];
          const rl = (al + bl) | 0;
          const rh = (hi[a] + hi[b] + ((rl >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
          const d = rec[ip + 3];
          lo[d] = rl;
          hi[d] = rh;
          ip += STRIDE;
          continue;
        }
        case 201: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const al = lo[a], bl = lo[b];
          const rl = (al - bl) | 0;
          const rh = (hi[a] - hi[b] - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
          const d = rec[ip + 3];
          lo[d] = rl;
          hi[d] = rh;
          ip += STRIDE;
          continue;
        }
        case 202: {
          const a = rec[ip + 1], b = rec[ip + 2];
          mul64(lo, hi, rec[ip + 3], lo[a], hi[a], lo[b], hi[b]);
          ip += STRIDE;
          continue;
        }
        case 203:
        case 204:
        case 205:
        case 206: {
          const a = rec[ip + 1], b = rec[ip + 2];
          divrem64(lo, hi, rec[ip + 3], rec[ip] - 203, lo[a], hi[a], lo[b], hi[b]);
          ip += STRIDE;
          continue;
        }
        case 207: {
          const a = rec[ip + 1];
          shl64(lo, hi, rec[ip + 3], lo[a], hi[a], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 208: {
          const a = rec[ip + 1];
          shr64(lo, hi, rec[ip + 3], lo[a], hi[a], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 209: {
          const a = rec[ip + 1];
          sar64(lo, hi, rec[ip + 3], lo[a], hi[a], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 210: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = lo[a] & lo[b];
          hi[d] = hi[a] & hi[b];
          ip += STRIDE;
          continue;
        }
        case 211: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = lo[a] ^ lo[b];
          hi[d] = hi[a] ^ hi[b];
          ip += STRIDE;
          continue;
        }
        case 212: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = lo[a] | lo[b];
          hi[d] = hi[a] | hi[b];
          ip += STRIDE;
          continue;
        }
        case 213:
        case 214:
        case 215: {
          const a = rec[ip + 1], b = rec[ip + 2];
          mulUpper64(lo, hi, rec[ip + 3], rec[ip] - 213, lo[a], hi[a], lo[b], hi[b]);
          ip += STRIDE;
          continue;
        }
        case 216:
        case 217: {
          const a = rec[ip + 1], b = rec[ip + 2];
          const r = rec[ip] === 216
            ? ltu64(lo[a], hi[a], lo[b], hi[b])
            : lts64(lo[a], hi[a], lo[b], hi[b]);
          const d = rec[ip + 3];
          lo[d] = r ? 1 : 0;
          hi[d] = 0;
          ip += STRIDE;
          continue;
        }
        case 218:
        case 219: {
          const b = rec[ip + 2];
          const zero = lo[b] === 0 && hi[b] === 0;
          if (zero === (rec[ip] === 218)) {
            const a = rec[ip + 1], d = rec[ip + 3];
            lo[d] = lo[a];
            hi[d] = hi[a];
          }
          ip += STRIDE;
          continue;
        }
        case 220: {
          const a = rec[ip + 1];
          rotr64(lo, hi, rec[ip + 3], lo[a], hi[a], 64 - (lo[rec[ip + 2]] & 63));
          ip += STRIDE;
          continue;
        }
        case 221: {
          const r = rotr32(lo[rec[ip + 1]], 32 - (lo[rec[ip + 2]] & 31));
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 222: {
          const a = rec[ip + 1];
          rotr64(lo, hi, rec[ip + 3], lo[a], hi[a], lo[rec[ip + 2]]);
          ip += STRIDE;
          continue;
        }
        case 223: {
          const r = rotr32(lo[rec[ip + 1]], lo[rec[ip + 2]]);
          const d = rec[ip + 3];
          lo[d] = r;
          hi[d] = r >> 31;
          ip += STRIDE;
          continue;
        }
        case 224: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = lo[a] & ~lo[b];
          hi[d] = hi[a] & ~hi[b];
          ip += STRIDE;
          continue;
        }
        case 225: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = lo[a] | ~lo[b];
          hi[d] = hi[a] | ~hi[b];
          ip += STRIDE;
          continue;
        }
        case 226: {
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          lo[d] = ~(lo[a] ^ lo[b]);
          hi[d] = ~(hi[a] ^ hi[b]);
          ip += STRIDE;
          continue;
        }
        case 227:
        case 228:
        case 229:
        case 230: {
          const op = rec[ip];
          const a = rec[ip + 1], b = rec[ip + 2], d = rec[ip + 3];
          const al = lo[a], ah = hi[a], bl = lo[b], bh = hi[b];
          const aLess = op === 227 || op === 229 ? lts64(al, ah, bl, bh) : ltu64(al, ah, bl, bh);
          const pickA = op === 227 || op === 228 ? !aLess : aLess;
          lo[d] = pickA ? al : bl;
          hi[d] = pickA ? ah : bh;
          ip += STRIDE;
          continue;
        }
        default:
          throw new Error(`PVM invariant broken: record holds unknown opcode ${rec[ip]}`);
      }
      // Entering a new basic block at `ip`: charge the whole block.
      const cost = rec[ip + F_COST];
      if (gas < cost) return this.#outOfGas(ip, gas);
      gas -= cost;
    }
  }
}
