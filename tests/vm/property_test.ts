// Property tests on seeded random programs: every run ends in one of the five exits (never an
// exception, never a hang), and snapshot/restore at any resumable exit — through msgpack, as
// when a paused VM moves to another Worker — gives the same final state as an uninterrupted run.
import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { ProgramDecodeError } from "../../vm/errors.ts";
import { Status, Vm } from "../../vm/interpreter.ts";
import { decodeVmSnapshot, encodeVmSnapshot, restoreVm, snapshotVm } from "../../vm/snapshot.ts";
import { blake2b } from "@noble/hashes/blake2.js";
import { Prng } from "../_util/prng.ts";
import { drive, randomizeMachine, randomProgram } from "../_util/random_program.ts";

const PROGRAMS = 2000;

/** Status, pcs, gas, registers and a hash of every mapped page (short enough to diff). */
function fingerprint(vm: Vm, extraGas = 0n): string {
  const regs = Array.from({ length: 13 }, (_, i) => vm.getRegister(i).toString(16)).join(",");
  const h = blake2b.create({ dkLen: 16 });
  for (const r of vm.memory.runs()) {
    h.update(Uint8Array.from([r.access, r.address >>> 24, r.address >>> 16, r.address >>> 8]));
    h.update(r.data);
  }
  const mem = [...h.digest()].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${vm.status}|${vm.exitPc}|${vm.gas + extraGas}|${vm.pc}|${regs}|${mem}`;
}

Deno.test(`${PROGRAMS} random programs each end in halt, panic or out of gas`, () => {
  const rng = new Prng(2024);
  const seen = new Map<string, number>();
  for (let i = 0; i < PROGRAMS; i++) {
    const { blob } = randomProgram(rng);
    const vm = new Vm(decodeProgram(blob), { gas: 5000n });
    randomizeMachine(vm, rng);
    const { end } = drive(vm);
    const key = String(end);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    assert.ok(
      end === Status.Halt || end === Status.Panic || end === Status.OutOfGas || end === "limit",
    );
  }
  // The generator must actually exercise the exits, or this test proves nothing.
  assert.ok((seen.get(String(Status.Panic)) ?? 0) > 0, "some programs panic");
  assert.ok((seen.get(String(Status.Halt)) ?? 0) + (seen.get(String(Status.OutOfGas)) ?? 0) > 0);
});

Deno.test("snapshot → msgpack → restore at every exit gives the same final state", () => {
  const rng = new Prng(77);
  let interrupted = 0, compared = 0;
  for (let i = 0; i < 500; i++) {
    const { blob } = randomProgram(rng);
    const program = decodeProgram(blob);
    const machineSeed = rng.u32();
    const totalGas = 200n + BigInt(rng.int(3000));

    const a = new Vm(program, { gas: totalGas });
    randomizeMachine(a, new Prng(machineSeed));
    const whole = drive(a);

    // Same machine, but starved of gas first, then moved through a snapshot at every exit.
    const firstGas = BigInt(rng.int(Number(totalGas)));
    const b = new Vm(program, { gas: firstGas });
    randomizeMachine(b, new Prng(machineSeed));
    let refilled = false;
    const split = drive(b, 64 + 64, (vm, status) => {
      interrupted++;
      const moved = restoreVm(decodeVmSnapshot(encodeVmSnapshot(snapshotVm(vm))));
      if (status === Status.OutOfGas && !refilled) {
        refilled = true;
        moved.gas = moved.gas + (totalGas - firstGas);
      } else if (status === Status.OutOfGas) {
        return vm; // a real out-of-gas: stop
      }
      return moved;
    });
    if (whole.end === "limit" || split.end === "limit") continue;
    // A run that ended within the first budget never got the top-up; count it as if it had.
    const notGiven = refilled ? 0n : totalGas - firstGas;
    assert.equal(fingerprint(split.vm, notGiven), fingerprint(whole.vm), `program ${i}`);
    compared++;
  }
  assert.ok(compared > 450, `most programs compared (${compared})`);
  assert.ok(interrupted > 300, `many snapshots were taken mid-run (${interrupted})`);
});

Deno.test("malformed snapshots are rejected with SNAPSHOT_INVALID", () => {
  const vm = new Vm(decodeProgram(Uint8Array.from([0, 0, 1, 0, 1])), { gas: 1n });
  const good = snapshotVm(vm);
  const bad = [
    { ...good, version: 2 },
    { ...good, registers: [1n] },
    { ...good, pc: -1 },
    { ...good, pages: [{ address: 0x1000, access: 2, data: new Uint8Array(4096) }] },
    { ...good, pages: [{ address: 0x20000, access: 7, data: new Uint8Array(4096) }] },
    { ...good, pages: [{ address: 0x20000, access: 2, data: new Uint8Array(5) }] },
  ];
  for (const s of bad) {
    assert.throws(() => restoreVm(s), /SNAPSHOT_INVALID|invalid VM snapshot/);
  }
  assert.throws(() => restoreVm({ ...good, program: Uint8Array.from([9]) }), ProgramDecodeError);
  assert.throws(() => decodeVmSnapshot(Uint8Array.from([0xc1])), /not msgpack/);
});
