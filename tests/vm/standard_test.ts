import assert from "node:assert/strict";
import {
  ARGUMENTS_START,
  decodeStandardProgram,
  encodeStandardProgram,
  instantiateStandardProgram,
  STACK_TOP,
} from "../../vm/standard.ts";
import { ProgramDecodeError } from "../../vm/errors.ts";
import { Access } from "../../vm/memory.ts";
import { HALT_ADDRESS, Status } from "../../vm/interpreter.ts";
import { blob } from "../_util/blob.ts";

// load_u8 r9, [0x10001] ; load_u8 r10, [0x30000] ; store_u8 [0x30001], r9 ; jump_ind r0, 0
const code = blob([
  [52, 9, 0x01, 0x00, 0x01],
  [52, 10, 0x00, 0x00, 0x03],
  [59, 9, 0x01, 0x00, 0x03],
  [
    50,
    0,
  ],
]);

Deno.test("standard programs lay out memory and registers as the Gray Paper says", () => {
  const spi = encodeStandardProgram({
    roData: Uint8Array.from([7, 8]),
    rwData: Uint8Array.from([5]),
    heapPages: 2,
    stackSize: 5000,
    code,
  });
  const vm = instantiateStandardProgram(spi, Uint8Array.from([1, 2, 3]), { gas: 100n });
  assert.equal(vm.getRegister(0), BigInt(HALT_ADDRESS));
  assert.equal(vm.getRegister(1), BigInt(STACK_TOP));
  assert.equal(vm.getRegister(7), BigInt(ARGUMENTS_START));
  assert.equal(vm.getRegister(8), 3n);
  const m = vm.memory;
  assert.equal(m.accessAt(0x10000), Access.Read);
  assert.equal(m.accessAt(0x11000), Access.None, "read-only data is one page");
  assert.equal(m.accessAt(0x30000), Access.Write, "rw data at 2·Z_Z + Z(|o|)");
  assert.equal(m.accessAt(0x32000), Access.Write, "then the heap pages");
  assert.equal(m.accessAt(0x33000), Access.None);
  assert.equal(m.heapTop, 0x33000);
  assert.equal(m.accessAt(STACK_TOP - 8192), Access.Write, "5000-byte stack rounds to 2 pages");
  assert.equal(m.accessAt(STACK_TOP - 8193), Access.None);
  assert.deepEqual([...m.read(ARGUMENTS_START, 3)], [1, 2, 3]);
  assert.equal(m.accessAt(ARGUMENTS_START), Access.Read);
  assert.equal(vm.run(), Status.Halt);
  assert.equal(vm.getRegister(9), 8n);
  assert.equal(vm.getRegister(10), 5n);
  assert.deepEqual([...m.read(0x30000, 2)], [5, 8]);
});

Deno.test("standard program blobs round-trip and reject bad layouts", () => {
  const parts = {
    roData: Uint8Array.from([1]),
    rwData: new Uint8Array(0),
    heapPages: 0,
    stackSize: 0,
    code,
  };
  const spi = encodeStandardProgram(parts);
  const back = decodeStandardProgram(spi);
  assert.deepEqual([...back.roData], [1]);
  assert.deepEqual([...back.code], [...code]);
  const bad = (b: Uint8Array, re: RegExp) =>
    assert.throws(
      () => decodeStandardProgram(b),
      (e) => e instanceof ProgramDecodeError && re.test(e.message),
    );
  bad(spi.subarray(0, 5), /ends inside the read-write data length/);
  bad(spi.subarray(0, 9), /ends inside the stack size/);
  bad(Uint8Array.from([...spi, 0]), /code blob length says/);
  bad(spi.subarray(0, 11), /read-only data needs 1 bytes/);
  // The field widths keep every blob's regions far below 2^32; only the arguments can overflow.
  assert.throws(
    () => instantiateStandardProgram(spi, new Uint8Array((1 << 24) + 1)),
    (e) => e instanceof ProgramDecodeError && e.code === "BAD_ARGUMENTS",
  );
  // Errors inside the code blob carry the absolute offset.
  const broken = Uint8Array.from(spi);
  broken[broken.length - 1] = 0xff; // bitmask padding
  bad(broken, /in the code blob: .*padding.*at byte/);
});
