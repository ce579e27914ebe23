import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { HALT_ADDRESS, Status, Vm } from "../../vm/interpreter.ts";
import { Access, Memory } from "../../vm/memory.ts";
import { blob, imm } from "../_util/blob.ts";

const halt = [50, 0]; // jump_ind r0, 0 (r0 = 0xFFFF0000 halts)

function vmOf(code: number[][], options: { gas?: bigint; memory?: Memory } = {}): Vm {
  const vm = new Vm(decodeProgram(blob(code)), {
    gas: options.gas ?? 1000n,
    memory: options.memory,
  });
  vm.setRegister(0, HALT_ADDRESS);
  return vm;
}

Deno.test("gas is charged per basic block at block entry", () => {
  // block 1: load_imm, load_imm, fallthrough (3) · block 2: halt (1)
  const vm = vmOf([[51, 1, 1], [51, 2, 2], [1], halt], { gas: 10n });
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.gas, 6n);
});

Deno.test("out of gas at block entry changes nothing and resumes after adding gas", () => {
  const vm = vmOf([[51, 1, 1], [51, 2, 2], [1], [51, 3, 3], halt], { gas: 3n });
  assert.equal(vm.run(), Status.OutOfGas);
  assert.equal(vm.exitPc, 7, "stopped at the start of the unpaid block");
  assert.equal(vm.gas, 0n);
  assert.equal(vm.getRegister(2), 2n);
  assert.equal(vm.getRegister(3), 0n, "nothing of the unpaid block ran");
  assert.equal(vm.run(), Status.OutOfGas, "still out of gas");
  vm.gas = 2n;
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.getRegister(3), 3n);
  assert.equal(vm.gas, 0n);
});

Deno.test("host call exits at the ecalli and resumes after it", () => {
  const vm = vmOf([[10, 42], [51, 7, 5], halt]);
  assert.equal(vm.run(), Status.Host);
  assert.equal(vm.hostId, 42);
  assert.equal(vm.exitPc, 0);
  assert.equal(vm.pc, 2, "resume point is the next instruction");
  vm.setRegister(8, 99n);
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.getRegister(7), 5n);
  assert.equal(vm.getRegister(8), 99n);
  // ecalli is not a terminator: one block of ecalli, load_imm, jump_ind = 3 gas, charged once.
  assert.equal(vm.gas, 1000n - 3n, "the block was charged once, not again on resume");
});

Deno.test("ecalli id is the sign-extended immediate taken as u32", () => {
  const vm = vmOf([[10, ...imm(-1)], halt]);
  assert.equal(vm.run(), Status.Host);
  assert.equal(vm.hostId, 0xffffffff);
});

Deno.test("a page fault reports the page and the access is retried after mapping it", () => {
  const memory = new Memory();
  // store_imm_u32 [0x30004], 7 ; halt
  const vm = vmOf([[32, 3, ...imm(0x30004), 7], halt], { memory });
  assert.equal(vm.run(), Status.Fault);
  assert.equal(vm.faultAddress, 0x30000);
  assert.equal(vm.exitPc, 0);
  const gasAfterFault = vm.gas;
  memory.map(0x30000, 4096, Access.Write);
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.gas, gasAfterFault, "retrying the faulted instruction is not charged again");
  assert.deepEqual([...memory.read(0x30004, 4)], [7, 0, 0, 0]);
});

Deno.test("fault address is the lowest inaccessible byte's page, also across pages", () => {
  const memory = new Memory();
  memory.map(0x20000, 4096, Access.Write);
  // store_u64 [0x20ffc], r1: first 4 bytes fine, the rest on unmapped page 0x21000
  const vm = vmOf([[62, 1, ...imm(0x20ffc)], halt], { memory });
  vm.setRegister(1, 0x1122334455667788n);
  assert.equal(vm.run(), Status.Fault);
  assert.equal(vm.faultAddress, 0x21000);
  assert.deepEqual([...memory.read(0x20ffc, 4)], [0, 0, 0, 0], "nothing written on a fault");
  memory.map(0x21000, 4096, Access.Write);
  assert.equal(vm.run(), Status.Halt);
  assert.equal(
    new DataView(memory.read(0x20ffc, 8).buffer).getBigUint64(0, true),
    0x1122334455667788n,
    "a page-crossing store writes all 8 bytes",
  );
});

Deno.test("page-crossing loads of every width read the right bytes", () => {
  const memory = new Memory();
  memory.map(0x20000, 8192, Access.Write);
  memory.write(0x20ff9, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 0x88, 9, 10]));
  // load_u16/u32/u64/i32 at addresses straddling 0x21000
  const vm = vmOf([
    [54, 1, ...imm(0x20fff)],
    [56, 2, ...imm(0x20ffe)],
    [58, 3, ...imm(0x20ffa)],
    [57, 4, ...imm(0x20ffd)],
    halt,
  ], { memory });
  assert.equal(vm.run(), Status.Halt);
  // bytes from 0x20ff9: 01 02 03 04 05 06 07 | 88 09 0a (page boundary before 0x88)
  assert.equal(vm.getRegister(1), 0x8807n);
  assert.equal(vm.getRegister(2), 0x09880706n);
  assert.equal(vm.getRegister(3), 0x0988070605040302n);
  assert.equal(vm.getRegister(4), 0xffffffff88070605n, "load_i32 sign-extends");
});

Deno.test("a write to a read-only page is a page fault (Gray Paper), not a panic", () => {
  const memory = new Memory();
  memory.map(0x20000, 4096, Access.Read);
  const vm = vmOf([[30, 3, ...imm(0x20000), 1], halt], { memory });
  assert.equal(vm.run(), Status.Fault);
  assert.equal(vm.faultAddress, 0x20000);
});

Deno.test("any access below 0x10000 panics, even when wrapping around 2^32", () => {
  const low = vmOf([[52, 1, ...imm(0xfff0)], halt]);
  assert.equal(low.run(), Status.Panic);
  const memory = new Memory();
  memory.map(0xfffff000, 4096, Access.Write);
  // load_u64 [0xfffffffc]: bytes 0xfffffffc..0xffffffff then 0..3 → panic
  const wrap = vmOf([[58, 1, ...imm(-4)], halt], { memory });
  assert.equal(wrap.run(), Status.Panic);
});

Deno.test("sbrk hands out heap and maps it; fails with 0 at the limit", () => {
  const memory = new Memory();
  memory.heapTop = 0x30000;
  memory.heapLimit = 0x40000;
  // sbrk r2 ← r1 ; store_ind_u8 [r2 + 0x1fff], r1 ; sbrk r3 ← r4 (too large) ; halt
  const vm = vmOf([
    [101, (1 << 4) | 2],
    [120, (2 << 4) | 1, ...imm(0x1fff)],
    [101, (4 << 4) | 3],
    halt,
  ], {
    memory,
  });
  vm.setRegister(1, 0x2000n);
  vm.setRegister(4, 0x100000n);
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.getRegister(2), 0x30000n);
  assert.equal(memory.heapTop, 0x32000);
  assert.equal(memory.accessAt(0x31fff), Access.Write);
  assert.equal(vm.getRegister(3), 0n, "over the limit: 0 and no change");
  assert.equal(memory.heapTop, 0x32000);
});

Deno.test("load_imm_jump_ind writes rA even when its jump panics, and uses the old rB", () => {
  // load_imm_jump_ind r1, r1, 1234, 0 with r1 = 0 → jump to 0 panics, r1 = 1234 afterwards
  const vm = vmOf([[180, (1 << 4) | 1, 2, ...imm(1234)], halt]);
  assert.equal(vm.run(), Status.Panic);
  assert.equal(vm.getRegister(1), 1234n);
});

Deno.test("gas above 2^52 is exact: the BigInt reserve refills the fast counter", () => {
  // 0: fallthrough · 1: jump 1 (an endless loop of 1-gas blocks)
  const vm = vmOf([[1], [40, 0]]);
  vm.gas = (1n << 52n) + 10n; // fast counter 2^52, reserve 10
  assert.ok(vm.chargeGas(2 ** 52 - 5));
  assert.equal(vm.gas, 15n);
  assert.equal(vm.run(), Status.OutOfGas);
  assert.equal(vm.gas, 0n, "all 15 units were spent, including the 10 held in the reserve");
  assert.equal(vm.exitPc, 1);
});

Deno.test("registers hold full 64-bit values and wrap negatives", () => {
  const vm = vmOf([halt]);
  vm.setRegister(5, -1n);
  assert.equal(vm.getRegister(5), (1n << 64n) - 1n);
  vm.setRegister(5, 1n << 64n);
  assert.equal(vm.getRegister(5), 0n);
  assert.throws(() => vm.setRegister(13, 0n), /0…12/);
  assert.throws(() => (vm.gas = 1n << 63n), /signed 64-bit/);
});
