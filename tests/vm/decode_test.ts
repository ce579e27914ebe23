import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { ProgramDecodeError } from "../../vm/errors.ts";
import { Status, Vm } from "../../vm/interpreter.ts";
import { decodeVarint, encodeVarint } from "../../vm/varint.ts";
import { blob } from "../_util/blob.ts";

function rejects(bytes: number[], code: string, mentions: RegExp): void {
  assert.throws(
    () => decodeProgram(Uint8Array.from(bytes)),
    (e: unknown) => {
      assert.ok(e instanceof ProgramDecodeError, `expected ProgramDecodeError, got ${e}`);
      assert.equal(e.code, code);
      assert.match(e.message, mentions);
      return true;
    },
  );
}

Deno.test("varint: every length round-trips and matches the Gray Paper prefix form", () => {
  const cases: [number, number[]][] = [
    [0, [0]],
    [127, [127]],
    [128, [0x80, 0x80]],
    [300, [0x81, 0x2c]],
    [16383, [0xbf, 0xff]],
    [16384, [0xc0, 0x00, 0x40]],
  ];
  for (const [value, bytes] of cases) {
    assert.deepEqual([...encodeVarint(value)], bytes, `encode ${value}`);
    assert.deepEqual(decodeVarint(Uint8Array.from(bytes), 0), { value, next: bytes.length });
  }
  for (const v of [2 ** 21 - 1, 2 ** 21, 2 ** 35 + 7, 2 ** 49 + 1, 2 ** 53 - 1]) {
    const e = encodeVarint(v);
    assert.deepEqual(decodeVarint(e, 0), { value: v, next: e.length });
  }
  assert.equal(decodeVarint(Uint8Array.from([0x80]), 0), undefined, "truncated varint");
});

Deno.test("malformed blobs are rejected with a code naming what is wrong and where", () => {
  rejects([], "TRUNCATED", /jump-table length.*at byte 0/);
  rejects([0], "TRUNCATED", /entry size/);
  rejects([0, 0], "TRUNCATED", /code length/);
  rejects([0, 5, 1, 0, 1], "BAD_ENTRY_SIZE", /entry size is 5 bytes/);
  rejects([0, 0, 3, 190, 135], "TRUNCATED", /ends inside the code/);
  rejects([0, 0, 3, 190, 135, 9], "TRUNCATED", /ends inside the opcode bitmask/);
  rejects([2, 1, 1, 0], "TRUNCATED", /ends inside the jump table/);
  rejects([0, 0, 1, 0, 1, 7], "TRAILING_BYTES", /1 unexpected bytes/);
  rejects([0, 0, 1, 0, 0b11], "BITMASK_PADDING", /padding bits/);
  rejects([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], "TOO_LARGE", /jump table/);
  rejects([0, 0, 0xf0, 0xff, 0xff, 0xff, 0x0f], "TOO_LARGE", /code length/);
});

Deno.test("a lying length never allocates: a 2^26-byte code claim in a 10-byte blob", () => {
  // 0xe4 0x00 0x00 0x00 = 4-byte varint prefix; value 4 << 24 = 2^26 bytes of code claimed.
  rejects([0, 0, 0xe4, 0, 0, 0, 0, 0, 0, 0], "TRUNCATED", /needs 75497478/);
});

Deno.test("basic-block starts follow the Gray Paper definition", () => {
  // 0: load_imm r1, 1 (not a terminator) · 3: fallthrough · 4: trap · 5: add_64
  const p = decodeProgram(blob([[51, 1, 1], [1], [0], [200, 0, 0]]));
  assert.deepEqual([...p.blockStarts], [1, 0, 0, 0, 1, 1, 0, 0]);
  // Position 0 without an opcode bit: the first opcode is not a block start.
  const q = decodeProgram(Uint8Array.from([0, 0, 2, 7, 1, 0b10]));
  assert.deepEqual([...q.blockStarts], [0, 0]);
  // An undefined opcode never starts a block.
  const r = decodeProgram(blob([[1], [2]]));
  assert.deepEqual([...r.blockStarts], [1, 0]);
});

Deno.test("a branch to an instruction that does not start a block panics at the branch", () => {
  // 0: jump → 5 · 2: load_imm · 5: load_imm (follows a non-terminator: not a block start) · 8: trap
  const code = [[40, 5], [51, 1, 1], [51, 2, 2], [0]];
  const vm = new Vm(decodeProgram(blob(code)), { gas: 10n });
  assert.equal(vm.run(), Status.Panic);
  assert.equal(vm.exitPc, 0);
});

Deno.test("skip is capped at 24: the byte after the cap executes as trap", () => {
  // fallthrough followed by 30 non-opcode bytes: next instruction is at 25 (bit clear) → trap.
  const code = new Uint8Array(31);
  code[0] = 1;
  const mask = new Uint8Array(4);
  mask[0] = 1;
  const b = Uint8Array.from([0, 0, 31, ...code, ...mask]);
  const vm = new Vm(decodeProgram(b), { gas: 10n });
  assert.equal(vm.run(), Status.Panic);
  assert.equal(vm.exitPc, 25);
  assert.equal(vm.gas, 8n);
});

Deno.test("starting at a pc that is not an instruction panics there and costs 1 gas", () => {
  const p = decodeProgram(blob([[51, 1, 1], [0]]));
  const vm = new Vm(p, { gas: 10n, pc: 1 });
  assert.equal(vm.run(), Status.Panic);
  assert.equal(vm.exitPc, 1);
  assert.equal(vm.gas, 9n);
  const far = new Vm(p, { gas: 10n, pc: 1000 });
  assert.equal(far.run(), Status.Panic);
  assert.equal(far.exitPc, 1000);
});
