/**
 * The frame loop of one instance: out-of-gas is caught as an overrun and the VM resumes at the
 * same instruction next frame (the computation completes exactly), the lifecycle follows the
 * VM-instance machine, halt and trap end the run, and the frame hash chain depends only on what
 * the guest produced.
 * @module
 */

import assert from "node:assert/strict";
import {
  assembleCartridge,
  ConsoleInstance,
  type FrameReport,
  type InputFrame,
  padMask,
} from "../../console/mod.ts";
import { manifest } from "./cart_helpers.ts";

const LOOP = `
.import system.frame_sync@1
.import log.write@1
.rw_data
sum: .u64 0
.code
.jump_table main
main:
    load_imm a0, 0
    load_imm a1, 300000
    fallthrough
loop:
    add_64 a0, a0, a1
    add_imm_64 a1, a1, -1
    branch_ne_imm a1, 0, loop
    store_u64 [sum], a0
    ecalli system.frame_sync
    ecalli system.frame_sync
    jump_ind ra, 0
`;

async function boot(src: string, gasPerFrame = 100_000) {
  const { program } = assembleCartridge(src);
  const states: string[] = [];
  const inst = await ConsoleInstance.boot({
    manifest: manifest([]),
    program,
    assets: null,
    gasPerFrame,
    onState: (s) => states.push(s),
  });
  return { inst, states };
}

async function runAll(
  inst: ConsoleInstance,
  input: (f: number) => InputFrame = () => ({ pad: 0, touch: null }),
) {
  const reports: FrameReport[] = [];
  while (!inst.finished) reports.push(await inst.runFrame(input(reports.length)));
  return reports;
}

Deno.test("frame loop: an out-of-gas frame is an overrun; the VM resumes where it stopped", async () => {
  const { inst, states } = await boot(LOOP);
  const reports = await runAll(inst);
  const ends = reports.map((r) => r.end);
  const overruns = ends.filter((e) => e === "overrun").length;
  assert.ok(overruns >= 8, `expected many overruns, got ${ends.join(",")}`);
  assert.deepEqual(ends.slice(overruns), ["sync", "sync", "halt"]);
  assert.deepEqual(ends.slice(0, overruns), Array(overruns).fill("overrun"));
  for (const r of reports.slice(0, overruns)) assert.ok(r.gasUsed > 99_000 && r.gasUsed <= 100_000);
  assert.equal(reports.at(-1)!.overruns, overruns);
  assert.equal(inst.overruns, overruns);
  // The computation finished exactly: every block ran once, none twice.
  const sum = new DataView(inst.vm.memory.read(0x20000, 8).buffer).getBigUint64(0, true);
  assert.equal(sum, 300000n * 300001n / 2n);
  // Gas: entry block 3, loop block 3 × 300,000, last block 4 (store, ecalli, ecalli, jump_ind),
  // two frame_syncs at 1 each — nothing paid twice across the overruns.
  assert.equal(reports.reduce((s, r) => s + r.gasUsed, 0), 3 + 3 * 300000 + 4 + 2);
  // The lifecycle: created → booting → running, then per overrun outOfGas → resumed → running.
  assert.deepEqual(states.slice(0, 6), [
    "created",
    "booting",
    "running",
    "outOfGas",
    "resumed",
    "running",
  ]);
  assert.deepEqual(states.slice(-5), ["running", "yielded", "resumed", "running", "halted"]);
  assert.equal(states.filter((s) => s === "outOfGas").length, overruns);
  assert.equal(inst.state, "halted");
  assert.deepEqual(inst.exit, { kind: "halt" });
  await assert.rejects(inst.runFrame({ pad: 0, touch: null }), /after the instance ended/);
});

Deno.test("frame loop: a bigger budget needs fewer frames and gives the same final state", async () => {
  const a = await boot(LOOP, 100_000);
  const b = await boot(LOOP, 1_000_000);
  const ra = await runAll(a.inst);
  const rb = await runAll(b.inst);
  assert.ok(rb.length < ra.length);
  assert.deepEqual(rb.map((r) => r.end), ["sync", "sync", "halt"]);
  assert.deepEqual(a.inst.vm.memory.read(0x20000, 8), b.inst.vm.memory.read(0x20000, 8));
});

const ECHO = `
.import system.frame_sync@1
.import input.pad_masks@1
.import log.write@1
.rw_data
msg: .ascii "pressed"
.code
.jump_table main
main:
    load_imm s0, 6
    fallthrough
next:
    ecalli input.pad_masks
    branch_eq_imm a1, 0, quiet
    load_imm a0, 1
    load_imm a1, msg
    load_imm a2, 7
    ecalli log.write
    fallthrough
quiet:
    ecalli system.frame_sync
    add_imm_64 s0, s0, -1
    branch_ne_imm s0, 0, next
    jump_ind ra, 0
`;

Deno.test("frame hash: same input → same chain; different input → different chain", async () => {
  const press = (f: number): InputFrame => ({ pad: f === 2 ? padMask(["a"]) : 0, touch: null });
  const run = async (input: (f: number) => InputFrame) => {
    const { inst } = await boot(ECHO);
    return (await runAll(inst, input)).map((r) => r.hash);
  };
  const a = await run(press);
  const b = await run(press);
  const c = await run(() => ({ pad: 0, touch: null }));
  assert.deepEqual(a, b);
  assert.equal(a.length, 7);
  assert.deepEqual(a.slice(0, 2), c.slice(0, 2)); // same until the press
  assert.notEqual(a[2], c[2]); // the log line of frame 2 is in its record
  assert.ok(a.every((h) => /^[0-9a-f]{64}$/.test(h)));
  assert.equal(new Set(a).size, a.length);
});

Deno.test("frame loop: a trap ends the run with TrapInfo; later frames are refused", async () => {
  const { inst, states } = await boot(`
.import system.frame_sync@1
.jump_table main
main:
    ecalli system.frame_sync
    ecalli 5
    jump_ind ra, 0
`);
  const reports = await runAll(inst);
  assert.deepEqual(reports.map((r) => r.end), ["sync", "trap"]);
  assert.equal(reports[1].exit?.kind, "trap");
  assert.equal(states.at(-1), "trapped");
  assert.equal(reports[1].state, "trapped");
});
