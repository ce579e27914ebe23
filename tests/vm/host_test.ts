import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { HALT_ADDRESS, Status, Vm } from "../../vm/interpreter.ts";
import { Access } from "../../vm/memory.ts";
import {
  GuestTrap,
  type HostTable,
  readString,
  readWindow,
  runWithHost,
  writeWindow,
} from "../../vm/host.ts";
import { blob } from "../_util/blob.ts";

const halt = [50, 0];

function guest(code: number[][], gas = 1000n): Vm {
  const vm = new Vm(decodeProgram(blob(code)), { gas });
  vm.setRegister(0, HALT_ADDRESS);
  vm.memory.map(0x20000, 4096, Access.Write);
  vm.memory.map(0x30000, 4096, Access.Read, new TextEncoder().encode("héllo"));
  return vm;
}

Deno.test("handlers read arguments, write results and continue", () => {
  const table: HostTable<string[]> = new Map([
    [1, (vm, log) => {
      log.push(readString(vm, vm.getRegisterU32(7), vm.getRegisterU32(8), 64));
      writeWindow(vm, 0x20000, Uint8Array.from([1, 2, 3]));
      vm.setRegister(7, 0n);
      return "continue";
    }],
  ]);
  const vm = guest([[10, 1], halt]);
  vm.setRegister(7, 0x30000n);
  vm.setRegister(8, 6n);
  const log: string[] = [];
  assert.deepEqual(runWithHost(vm, table, log), { kind: "halt" });
  assert.deepEqual(log, ["héllo"]);
  assert.deepEqual([...vm.memory.read(0x20000, 3)], [1, 2, 3]);
});

Deno.test("a bad window traps the guest with a structured TrapInfo", () => {
  const table: HostTable<null> = new Map([
    [1, (vm) => {
      writeWindow(vm, 0x30000, Uint8Array.from([1])); // read-only page
      return "continue";
    }],
    [2, (vm) => {
      readWindow(vm, 0x40000, 4, 64); // unmapped
      return "continue";
    }],
    [3, (vm) => {
      readWindow(vm, 0x20000, 100, 64); // too long
      return "continue";
    }],
    [4, (vm) => {
      readString(vm, 0x30000, 2, 64); // cuts "é" in half: invalid UTF-8
      return "continue";
    }],
  ]);
  const expect = [
    [1, "BAD_WINDOW", /not writable at 0x30000/],
    [2, "BAD_WINDOW", /not readable at 0x40000/],
    [3, "BAD_WINDOW", /exceeds the limit of 64/],
    [4, "BAD_UTF8", /not valid UTF-8/],
  ] as const;
  for (const [id, code, message] of expect) {
    const vm = guest([[51, 1, 1], [10, id], halt]);
    const r = runWithHost(vm, table, null);
    assert.equal(r.kind, "trap");
    if (r.kind !== "trap") continue;
    assert.equal(r.trap.code, code);
    assert.match(r.trap.message, message);
    assert.equal(r.trap.pc, 3);
    assert.equal(r.trap.opcode, "ecalli");
    assert.equal(vm.run(), Status.Panic, "a trapped guest stays stopped");
  }
});

Deno.test("unknown host calls trap; a thrown GuestTrap traps; other errors propagate", () => {
  const unknown = runWithHost(guest([[10, 9], halt]), new Map(), null);
  assert.equal(unknown.kind === "trap" && unknown.trap.code, "UNKNOWN_HOST_CALL");
  const thrown = runWithHost(
    guest([[10, 1], halt]),
    new Map([[1, () => {
      throw new GuestTrap("BAD_ARGUMENT", "slot 99 does not exist");
    }]]),
    null,
  );
  assert.equal(thrown.kind === "trap" && thrown.trap.message, "slot 99 does not exist");
  assert.throws(
    () =>
      runWithHost(
        guest([[10, 1], halt]),
        new Map([[1, () => {
          throw new RangeError("runtime bug");
        }]]),
        null,
      ),
    RangeError,
  );
});

Deno.test("yield stops after the call; resuming continues after the ecalli", () => {
  let calls = 0;
  const table: HostTable<null> = new Map([[5, () => (calls++, "yield")]]);
  const vm = guest([[10, 5], [51, 7, 1], [10, 5], [51, 8, 2], halt]);
  assert.deepEqual(runWithHost(vm, table, null), { kind: "yield", hostId: 5 });
  assert.equal(vm.getRegister(7), 0n);
  assert.deepEqual(runWithHost(vm, table, null), { kind: "yield", hostId: 5 });
  assert.equal(vm.getRegister(7), 1n);
  assert.deepEqual(runWithHost(vm, table, null), { kind: "halt" });
  assert.equal(vm.getRegister(8), 2n);
  assert.equal(calls, 2);
});

Deno.test("a call that cannot be paid stops out of gas and is retried with more gas", () => {
  let attempts = 0;
  const table: HostTable<null> = new Map([[1, (vm) => {
    attempts++;
    if (!vm.chargeGas(100)) return "oog";
    vm.setRegister(7, 42n);
    return "continue";
  }]]);
  const vm = guest([[10, 1], halt], 50n);
  assert.deepEqual(runWithHost(vm, table, null), { kind: "oog" });
  assert.equal(vm.getRegister(7), 0n);
  vm.gas = vm.gas + 100n;
  assert.deepEqual(runWithHost(vm, table, null), { kind: "halt" });
  assert.equal(vm.getRegister(7), 42n);
  assert.equal(attempts, 2);
  assert.equal(vm.gas, 48n, "50 − 2 (block) − 100 (call) + 100");
});
