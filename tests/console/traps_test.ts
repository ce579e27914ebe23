/**
 * Every trap cause, observed from a guest: the instance ends `trapped` with TrapInfo
 * `{code, pc, opcode, message}` pointing at the offending instruction, and nothing after it runs.
 * @module
 */

import assert from "node:assert/strict";
import { assembleCartridge, ConsoleInstance, MemoryStore } from "../../console/mod.ts";
import { manifest, runScript, type Step } from "./cart_helpers.ts";

async function trapOf(steps: Step[], o: Parameters<typeof runScript>[1] = {}) {
  const r = await runScript(steps, o);
  assert.equal(r.inst.exit?.kind, "trap", `expected a trap, got ${JSON.stringify(r.inst.exit)}`);
  assert.equal(r.inst.state, "trapped");
  assert.equal(r.states.at(-1), "trapped");
  const last = r.reports.at(-1)!;
  assert.equal(last.end, "trap");
  assert.deepEqual(last.exit, r.inst.exit);
  const trap =
    (r.inst.exit as { trap: { code: string; pc: number; opcode: string; message: string } }).trap;
  return { ...r, trap };
}

/** The pc of the n-th `ecalli` in the program (0-based). */
function ecalliPc(inst: ConsoleInstance, n: number): number {
  const p = inst.vm.program;
  let seen = 0;
  for (let i = 0; i < p.instructionCount; i++) {
    const pc = p.pcs[i];
    if (p.code[pc] === 10 && seen++ === n) return pc;
  }
  throw new Error("no such ecalli");
}

Deno.test("trap: UNKNOWN_IMPORT for ecalli past the import table", async () => {
  const { trap, inst, results } = await trapOf([{ call: "system.frame" }, { call: 99 }, {
    call: "system.frame",
  }]);
  assert.equal(trap.code, "UNKNOWN_IMPORT");
  assert.equal(trap.opcode, "ecalli");
  assert.equal(trap.pc, ecalliPc(inst, 1));
  assert.match(trap.message, /ecalli 99/);
  assert.deepEqual(results[2], [0n, 0n, 0n, 0n, 0n, 0n]); // never ran
});

Deno.test("trap: UNKNOWN_SYSCALL for an import the registry does not have (loader bypassed)", async () => {
  const { trap } = await trapOf([{ call: "nope.call" }], { imports: ["nope.call"] });
  assert.equal(trap.code, "UNKNOWN_SYSCALL");
  assert.match(trap.message, /nope\.call@1/);
});

Deno.test("trap: MISSING_CAPABILITY for a call whose capability is not declared", async () => {
  const { trap } = await trapOf([{ call: "log.write", args: [1, 0, 0] }, {
    call: "mem.slot_count",
  }], {
    capabilities: ["asset"],
  });
  assert.equal(trap.code, "MISSING_CAPABILITY");
  assert.match(trap.message, /memcard/);
});

Deno.test("trap: BAD_ARGUMENT for out-of-domain arguments", async () => {
  const cases: Step[] = [
    { call: "log.write", args: [4, { data: "t" }, 1] },
    { call: "log.write", args: [1, { data: "t" }, 257] },
    { call: "log.write", args: [1, 2n ** 32n + 0x20000n, 1] },
    { call: "input.pad", args: [12] },
    { call: "mem.slot_stat", args: [32] },
    { call: "mem.slot_read", args: [0, { data: "t" }, 2n ** 40n, 4] },
    { call: "asset.load", args: [{ data: "t" }, 129, 0, 0] },
    { call: "asset.load", args: [{ data: "t" }, 1, 2n ** 33n, 0] },
  ];
  for (const step of cases) {
    const { trap } = await trapOf([step], { data: "t: .zero 300" });
    assert.equal(
      trap.code,
      "BAD_ARGUMENT",
      JSON.stringify(step, (_, v) => typeof v === "bigint" ? `${v}` : v),
    );
  }
});

Deno.test("trap: BAD_WINDOW for memory the guest may not touch, and nothing was written", async () => {
  const store = new MemoryStore();
  const cases: Step[] = [
    { call: "log.write", args: [1, 0x5000000, 4] },
    { call: "asset.load", args: [0x10000, 3, 0, 0] }, // no read-only data: unmapped
    { call: "mem.slot_write", args: [0, 0x5000000, 0, 8] },
    { call: "mem.slot_read", args: [0, 0x5000000, 0, 8] },
  ];
  for (const step of cases) {
    const { trap } = await trapOf([step], { memcardStore: store });
    assert.equal(trap.code, "BAD_WINDOW");
  }
  assert.equal(store.files.size, 0);
});

Deno.test("trap: BAD_WINDOW for slot_read into a too-small writable window, before reading", async () => {
  // rw data is exactly two pages (96 bytes of results + 8096): the window at its last 4 bytes
  // with max 8 runs past the mapped memory, although the slot holds only 4 bytes.
  const { trap, results } = await trapOf([
    { call: "mem.slot_write", args: [0, { data: "buf" }, 0, 4] },
    { call: "mem.slot_read", args: [0, 0x20000 + 8192 - 4, 0, 8] },
  ], { data: "buf: .zero 8096" });
  assert.equal(trap.code, "BAD_WINDOW");
  assert.equal(results[0][0], 0n);
});

Deno.test("trap: BAD_UTF8 for a log line that is not UTF-8", async () => {
  const { trap } = await trapOf([{ call: "log.write", args: [1, { data: "t" }, 2] }], {
    data: "t: .byte 0xff, 0xfe",
  });
  assert.equal(trap.code, "BAD_UTF8");
});

Deno.test("trap: UNKNOWN_HANDLE for handle 0 and a handle never issued", async () => {
  for (const handle of [0n, 0x1_0000_0005n, 0x7_0000_0000n]) {
    const { trap } = await trapOf([{ call: "asset.status", args: [handle] }]);
    assert.equal(trap.code, "UNKNOWN_HANDLE");
  }
  const { trap } = await trapOf([{ call: "asset.commit", args: [99n] }]);
  assert.equal(trap.code, "UNKNOWN_HANDLE");
});

Deno.test("trap: STALE_HANDLE once the handle's record is reused", async () => {
  const load = (): Step => ({ call: "asset.load", args: [{ data: "hud" }, 9, 0, 1] });
  const steps: Step[] = [load(), { call: "asset.cancel", args: [{ result: 0, reg: 1 }] }];
  for (let i = 0; i < 64; i++) steps.push(load()); // 63 fresh records, then index 0 again
  steps.push({ call: "asset.status", args: [{ result: 0, reg: 1 }] });
  const { trap, results } = await trapOf(steps, { data: 'hud: .ascii "tiles.hud"' });
  assert.equal(trap.code, "STALE_HANDLE");
  assert.equal(results[65][1] & 0xffff_ffffn, results[0][1] & 0xffff_ffffn); // same index
  assert.notEqual(results[65][1], results[0][1]); // new generation
  for (const op of ["asset.commit", "asset.cancel"]) {
    const again = await trapOf(
      [...steps.slice(0, -1), { call: op, args: [{ result: 0, reg: 1 }] }],
      {
        data: 'hud: .ascii "tiles.hud"',
      },
    );
    assert.equal(again.trap.code, "STALE_HANDLE");
  }
});

async function bootSource(source: string, gasPerFrame?: number) {
  const { program } = assembleCartridge(source, { registry: null });
  const states: string[] = [];
  const inst = await ConsoleInstance.boot({
    manifest: manifest([]),
    program,
    assets: null,
    gasPerFrame,
    onState: (s) => states.push(s),
  });
  const reports = [];
  while (!inst.finished && reports.length < 10) {
    reports.push(await inst.runFrame({ pad: 0, touch: null }));
  }
  return { inst, reports, states };
}

Deno.test("trap: VM_PANIC for the trap instruction and for a bad jump", async () => {
  const a = await bootSource(".jump_table main\nmain:\n    load_imm a0, 1\n    trap\n");
  const t = (a.inst.exit as { trap: { code: string; pc: number; opcode: string } }).trap;
  assert.equal(t.code, "VM_PANIC");
  assert.equal(t.opcode, "trap");
  assert.equal(t.pc, 3);
  const b = await bootSource(".jump_table main\nmain:\n    load_imm a0, 7\n    jump_ind a0, 0\n");
  assert.equal((b.inst.exit as { trap: { code: string } }).trap.code, "VM_PANIC");
});

Deno.test("trap: PAGE_FAULT for unmapped memory and for writing read-only data", async () => {
  const a = await bootSource(
    ".jump_table main\nmain:\n    load_u32 a0, [0x5000000]\n    jump_ind ra, 0\n",
  );
  const t = (a.inst.exit as { trap: { code: string; pc: number; opcode: string } }).trap;
  assert.equal(t.code, "PAGE_FAULT");
  assert.equal(t.opcode, "load_u32");
  assert.equal(t.pc, 0);
  const b = await bootSource(
    ".ro_data\nk: .u32 5\n.code\n.jump_table main\nmain:\n    store_imm_u32 [k], 1\n    jump_ind ra, 0\n",
  );
  assert.equal((b.inst.exit as { trap: { code: string } }).trap.code, "PAGE_FAULT");
});

Deno.test("trap: BLOCK_OVER_BUDGET for a basic block longer than a frame's gas", async () => {
  const body = Array(100_001).fill("    add_imm_64 a0, a0, 1").join("\n");
  const r = await bootSource(`.jump_table main\nmain:\n${body}\n    jump_ind ra, 0\n`, 100_000);
  const t = (r.inst.exit as { trap: { code: string; pc: number } }).trap;
  assert.equal(t.code, "BLOCK_OVER_BUDGET");
  assert.equal(t.pc, 0);
  assert.equal(r.reports.length, 1);
  assert.equal(r.reports[0].gasUsed, 0);
});
