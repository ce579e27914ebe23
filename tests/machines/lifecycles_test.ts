import assert from "node:assert/strict";
import {
  blockApplierMachine,
  Lifecycle,
  machineEntry,
  machineGraph,
  MACHINES,
  supervisionMachine,
  toDot,
  toMermaid,
  vmInstanceMachine,
} from "../../machines/mod.ts";

Deno.test("vm instance: frame loop yields, catches out-of-gas, resumes, then halts", () => {
  const vm = new Lifecycle(vmInstanceMachine, { instanceId: "cart-0" });
  const trail = [vm.state];
  const send = (e: Parameters<typeof vm.send>[0]) => {
    assert.equal(vm.send(e).outcome, "OK", e.type);
    trail.push(vm.state);
  };
  send({ type: "BOOT" });
  send({ type: "BOOTED" });
  send({ type: "YIELD", reason: "frame_sync" });
  send({ type: "RESUME" });
  send({ type: "RUN" });
  send({ type: "OUT_OF_GAS" });
  send({ type: "RESUME" });
  send({ type: "RUN" });
  send({ type: "HALT" });
  assert.deepEqual(trail, [
    "created",
    "booting",
    "running",
    "yielded",
    "resumed",
    "running",
    "outOfGas",
    "resumed",
    "running",
    "halted",
  ]);
  const c = vm.snapshot.context;
  assert.deepEqual([c.yields, c.outOfGas, c.resumes], [1, 1, 2]);
  assert.deepEqual(c.exit, { kind: "halt" });
  assert.equal(vm.send({ type: "RESUME" }).outcome, "INVALID_STATE");
});

Deno.test("vm instance: a trap keeps its code and message", () => {
  const vm = new Lifecycle(vmInstanceMachine, { instanceId: "k" });
  vm.send({ type: "BOOT" });
  assert.equal(vm.send({ type: "RESUME" }).outcome, "INVALID_STATE");
  vm.send({ type: "TRAP", code: "CAP_MISSING", message: "no gfx capability" });
  assert.deepEqual(vm.snapshot.context.exit, {
    kind: "trap",
    code: "CAP_MISSING",
    message: "no gfx capability",
  });
});

Deno.test("block applier: events applied, one rolled back, sealed, reset", () => {
  const b = new Lifecycle(blockApplierMachine, undefined);
  const ok = (e: Parameters<typeof b.send>[0]) => assert.equal(b.send(e).outcome, "OK", e.type);
  ok({ type: "BEGIN", slot: 4, eventCount: 3 });
  assert.equal(b.snapshot.context.index, 0);
  ok({ type: "EVENT_APPLIED" });
  ok({ type: "EVENT_FAILED", reason: "insufficient funds" });
  assert.equal(b.state, "rollingBack");
  ok({ type: "ROLLED_BACK" });
  assert.deepEqual([b.state, b.snapshot.context.index], ["applying", 2]);
  ok({ type: "EVENT_APPLIED" });
  assert.equal(b.state, "sealing");
  assert.equal(b.send({ type: "EVENT_APPLIED" }).outcome, "INVALID_STATE");
  ok({ type: "SEALED", stateRoot: "ab" });
  const c = b.snapshot.context;
  assert.deepEqual([b.state, c.applied, c.rolledBack, c.stateRoot], ["committed", 2, 1, "ab"]);
  ok({ type: "RESET" });
  assert.deepEqual([b.state, b.snapshot.context.slot], ["idle", null]);
  assert.equal(b.send({ type: "BEGIN", slot: 1, eventCount: -1 }).outcome, "INVALID_STATE");
  ok({ type: "BEGIN", slot: 5, eventCount: 0 });
  assert.equal(b.state, "sealing");
});

Deno.test("supervision: restart budget counts crashes inside the virtual-time window", () => {
  const s = new Lifecycle(supervisionMachine, { maxRestarts: 1, windowTicks: 10 });
  const ok = (e: Parameters<typeof s.send>[0]) => assert.equal(s.send(e).outcome, "OK", e.type);
  ok({ type: "SPAWNED" });
  ok({ type: "CRASH", cause: "a", at: 0 });
  ok({ type: "SUPERVISE" });
  assert.equal(s.state, "restarting");
  ok({ type: "SPAWNED" });
  // 15 ticks later: the crash at 0 is outside the window, so one more restart is allowed.
  ok({ type: "CRASH", cause: "b", at: 15 });
  ok({ type: "SUPERVISE" });
  assert.equal(s.state, "restarting");
  ok({ type: "SPAWNED" });
  assert.equal(s.send({ type: "CRASH", cause: "back in time", at: 14 }).outcome, "INVALID_STATE");
  // Second crash within 10 ticks of the one at 15: budget exhausted.
  ok({ type: "CRASH", cause: "c", at: 20 });
  ok({ type: "SUPERVISE" });
  assert.equal(s.state, "stopped");
  assert.equal(s.snapshot.context.restarts, 2);
  assert.equal(s.snapshot.context.lastCause, "c");
  assert.match(s.snapshot.context.stopReason ?? "", /restart limit/);
  assert.throws(() => new Lifecycle(supervisionMachine, { maxRestarts: -1 }), RangeError);
});

Deno.test("graphs: Mermaid and DOT name every state and every transition", () => {
  for (const entry of MACHINES) {
    const g = machineGraph(entry.machine);
    const mmd = toMermaid(g);
    const dot = toDot(g);
    assert.ok(mmd.startsWith("stateDiagram-v2\n"));
    assert.ok(mmd.includes(`[*] --> ${g.initial}\n`));
    for (const e of g.edges) {
      assert.ok(
        mmd.includes(`  ${e.from} --> ${e.to} : ${e.event}`),
        `${entry.name} mmd ${e.event}`,
      );
      assert.ok(dot.includes(`"${e.from}" -> "${e.to}" [label="${e.event}`), `dot ${e.event}`);
    }
    for (const s of g.states) {
      assert.ok(dot.includes(`  "${s.key}" [label="${s.key}`));
      if (s.final) assert.ok(mmd.includes(`  ${s.key} --> [*]`));
    }
  }
  assert.throws(() => machineEntry("nope"), /unknown machine "nope"; known: assetLoad/);
});
