/**
 * Fuzz: seeded random syscall sequences with random arguments, issued by real guest programs,
 * never crash the host. Each run ends in a halt or a documented trap, never a Panic or an
 * exception; every status a call returned is one its spec documents; and a replayed program
 * gives the same frame hash.
 * @module
 */

import assert from "node:assert/strict";
import { consoleRegistry, GENERAL_TRAPS, MemoryStore } from "../../console/mod.ts";
import { Prng } from "../_util/prng.ts";
import { ALL_IMPORTS, type Arg, encodeSlotCorrupt, runScript, type Step } from "./cart_helpers.ts";

const registry = consoleRegistry();
const specs = ALL_IMPORTS.map((k) => {
  const [module, name] = k.split(".");
  return registry.get({ module, name, version: 1 })!;
});
const KNOWN_TRAPS = new Set([
  ...GENERAL_TRAPS.map((t) => t.code),
  ...registry.all().flatMap((s) => s.traps.map((t) => t.code)),
]);

/** A wild value (1 in 60), else one plausible for the argument's name. */
function randomArg(rng: Prng, loads: number[], name: string): Arg {
  if (rng.int(60) === 0) {
    switch (rng.int(4)) {
      case 0:
        return rng.u64();
      case 1:
        return 2n ** 32n + BigInt(rng.int(100));
      case 2:
        return 0x20000 + rng.int(70_000); // around the rw data: some mapped, some not
      default:
        return rng.int(40_000);
    }
  }
  if (name === "name_ptr" && rng.int(4) !== 0) return { data: "name" };
  if (name === "name_len" && rng.int(4) !== 0) return 7; // "sfx.saw"
  if (name.endsWith("_ptr")) return { data: rng.pick(["buf", "name", "text", "bad"]) };
  if (name === "handle") {
    return loads.length > 0 && rng.int(6) !== 0 ? { result: rng.pick(loads), reg: 1 } : rng.int(3);
  }
  if (name === "slot") return rng.int(34);
  if (name === "button") return rng.int(13);
  if (name === "level") return rng.int(5);
  if (name === "kind") return rng.int(4) !== 0 ? 1 : rng.int(3);
  if (name.endsWith("_len") || name === "len" || name === "max") return rng.int(12);
  if (name === "offset") return rng.int(14);
  return rng.int(40);
}

function randomProgram(seed: number): Step[] {
  const rng = new Prng(seed);
  const steps: Step[] = [];
  const loads: number[] = [];
  const n = 10 + rng.int(40);
  for (let i = 0; i < n; i++) {
    let imp = rng.int(200) === 0 ? 16 + rng.int(5) : rng.int(ALL_IMPORTS.length);
    // calls on handles mostly come after a load (else they would nearly always trap)
    if (specs[imp]?.args[0]?.name === "handle" && loads.length === 0 && rng.int(8) !== 0) imp = 1;
    const call = imp < ALL_IMPORTS.length ? ALL_IMPORTS[imp] : imp;
    const names = imp < ALL_IMPORTS.length ? specs[imp].args.map((a) => a.name) : ["x", "y", "z"];
    steps.push({
      call: call === "system.frame_sync" ? "system.frame" : call,
      args: names.map((name) => randomArg(rng, loads, name)),
      sync: rng.int(5) === 0,
    });
    if (call === "asset.load") loads.push(i);
  }
  return steps;
}

const DATA =
  'buf: .zero 4096\nname: .ascii "sfx.saw"\ntext: .ascii "hello fuzz"\nbad: .byte 0xff, 0xfe, 0x80';

Deno.test("fuzz: 300 random syscall programs end in a halt or a documented trap", async () => {
  const ends = new Map<string, number>();
  for (let seed = 1; seed <= 300; seed++) {
    const steps = randomProgram(seed);
    const store = new MemoryStore();
    if (seed % 3 === 0) store.files.set(1, encodeSlotCorrupt());
    const r = await runScript(steps, { memcardStore: store, data: DATA, maxFrames: 200 });
    const exit = r.inst.exit;
    assert.ok(exit !== null, `seed ${seed}: still running after ${r.reports.length} frames`);
    assert.notEqual(exit.kind, "panic", `seed ${seed}: ${JSON.stringify(exit)}`);
    if (exit.kind === "trap") {
      assert.ok(
        KNOWN_TRAPS.has(exit.trap.code),
        `seed ${seed}: undocumented trap ${exit.trap.code}`,
      );
      assert.equal(exit.trap.opcode, "ecalli", `seed ${seed}: ${JSON.stringify(exit)}`);
    }
    ends.set(
      exit.kind === "trap" ? exit.trap.code : "halt",
      (ends.get(exit.kind === "trap" ? exit.trap.code : "halt") ?? 0) + 1,
    );
    steps.forEach((s, i) => {
      if (typeof s.call !== "string") return;
      const spec = specs[ALL_IMPORTS.indexOf(s.call)];
      if (spec.statuses === null) return;
      const st = Number(r.results[i][0]);
      assert.ok(
        spec.statuses.some((d) => d.code === st),
        `seed ${seed}: ${s.call} returned status ${st}`,
      );
    });
    if (seed <= 20) {
      const again = await runScript(steps, {
        memcardStore: (() => {
          const s = new MemoryStore();
          if (seed % 3 === 0) s.files.set(1, encodeSlotCorrupt());
          return s;
        })(),
        data: DATA,
        maxFrames: 200,
      });
      assert.equal(again.inst.hash, r.inst.hash, `seed ${seed}: replay diverged`);
    }
  }
  // The generator reaches both ends and several trap causes.
  assert.ok((ends.get("halt") ?? 0) > 10, JSON.stringify([...ends]));
  assert.ok([...ends.keys()].filter((k) => k !== "halt").length >= 5, JSON.stringify([...ends]));
});
