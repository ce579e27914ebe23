// Switching fault injection at run time: a lossy phase, then `setFaults(null)` lets the system
// heal. The switch is a FAULTS trace entry, so runs and replays agree bit for bit; no fault is
// injected after it; a bad plan is refused and changes nothing.
import assert from "node:assert/strict";
import {
  ActorError,
  ActorSystem,
  type ActorSystemOptions,
  decodeEntries,
  type FaultPlan,
  replayTrace,
} from "../../actors/mod.ts";
import { timelineSvg } from "../../actors/timeline.ts";
import { refs } from "./helpers.ts";

const LOSSY: FaultPlan = { drop: 0.2, delay: 0.2, maxDelay: 3, reorder: 0.5, crash: 0.04 };
const NAMES = Array.from({ length: 6 }, (_, i) => `node-${i}`);

/** Gossip with faults until `switchAt`, then `plans` applied in turn, 10 ticks apart. */
async function run(
  options: ActorSystemOptions,
  plans: (FaultPlan | null)[] = [null],
  switchAt = 12,
): Promise<{ hash: string; sys: ActorSystem }> {
  const sys = new ActorSystem({ seed: 5n, keepTraceBytes: 1 << 24, faults: LOSSY, ...options });
  for (const n of NAMES) {
    await sys.spawn({ name: n, behaviour: refs.gossip, input: { peers: NAMES } });
  }
  const rumors = async (base: number) => {
    for (let t = 0; t < 5; t++) {
      sys.send(NAMES[(t * 5) % NAMES.length], "rumor", { hops: 7, value: base + t });
      await sys.advance(1);
    }
  };
  await rumors(0);
  let at = switchAt;
  for (const plan of plans) {
    await sys.advanceTo(at);
    sys.setFaults(plan);
    await rumors(at * 10);
    at += 10;
  }
  await sys.advanceTo(at + 10);
  for (const n of NAMES) sys.send(n, "report");
  await sys.runUntilIdle();
  return { hash: sys.traceHash, sys };
}

const FAULT_KINDS = new Set(["drop", "delay"]);

Deno.test("setFaults(null): faults before the switch, none after, and the run replays", async () => {
  const a = await run({ mode: "inprocess" });
  const events = decodeEntries(a.sys.trace.bytes());
  const at = events.findIndex((e) => e.kind === "faults");
  assert.ok(at > 0, "the switch is in the trace");
  assert.deepEqual(events[at], { ...events[at], kind: "faults", plan: null });
  const before = events.slice(0, at).filter((e) => FAULT_KINDS.has(e.kind)).length;
  const after = events.slice(at).filter((e) => FAULT_KINDS.has(e.kind) || e.kind === "crash");
  assert.ok(before > 5, `faults were injected before the switch (${before})`);
  assert.deepEqual(after, [], "nothing injected after the switch");
  assert.equal(a.sys.faultPlanInForce, null);

  const b = await run({ mode: "workers", workers: 2 });
  assert.equal(b.hash, a.hash, "workers and in-process agree");
  const report = await replayTrace(a.sys.traceFile(), { mode: "workers", workers: 3 });
  assert.equal(report.divergence, null);
  assert.ok(report.ok);
  const svg = timelineSvg(events);
  assert.ok(svg.includes("faults off"), "the timeline marks the switch");
  for (const r of [a, b]) await r.sys.shutdown();
});

Deno.test("the switch changes the run; switching back on continues the fault stream", async () => {
  const never = await run({ mode: "inprocess" }, []);
  const healed = await run({ mode: "inprocess" }, [null]);
  assert.notEqual(healed.hash, never.hash);
  // Off, then on again: faults resume after the second switch and the whole run replays.
  const again = await run({ mode: "inprocess" }, [null, { drop: 0.3 }]);
  const events = decodeEntries(again.sys.trace.bytes());
  const switches = events.filter((e) => e.kind === "faults");
  assert.deepEqual(switches.map((e) => e.kind === "faults" && e.plan), [null, { drop: 0.3 }]);
  const lastSwitch = switches[1].index;
  assert.ok(events.slice(lastSwitch).some((e) => e.kind === "drop"), "drops resume");
  assert.ok(!events.slice(lastSwitch).some((e) => e.kind === "delay"), "only the new plan applies");
  const twice = await run({ mode: "workers", workers: 2 }, [null, { drop: 0.3 }]);
  assert.equal(twice.hash, again.hash);
  assert.ok((await replayTrace(again.sys.traceFile(), { mode: "inprocess" })).ok);
  for (const r of [never, healed, again, twice]) await r.sys.shutdown();
});

Deno.test("a fault plan set on a calm run starts from the run seed's stream", async () => {
  const calm = new ActorSystem({ seed: 9n, mode: "inprocess", keepTraceBytes: 1 << 20 });
  const sure = new ActorSystem({
    seed: 9n,
    mode: "inprocess",
    keepTraceBytes: 1 << 20,
    faults: { drop: 0.5 },
  });
  for (const sys of [calm, sure]) {
    await sys.spawn({ name: "a", behaviour: refs.gossip, input: { peers: ["a", "b"] } });
    await sys.spawn({ name: "b", behaviour: refs.gossip, input: { peers: ["a", "b"] } });
  }
  calm.setFaults({ drop: 0.5 });
  assert.deepEqual(calm.faultPlanInForce, { drop: 0.5 });
  // Same seed, same plan, same sends: the same drops (the trace differs only by the FAULTS entry).
  const drops = async (sys: ActorSystem) => {
    sys.send("a", "rumor", { hops: 9, value: 1 });
    await sys.advanceTo(20);
    return decodeEntries(sys.trace.bytes()).filter((e) => e.kind === "drop").map((e) =>
      e.kind === "drop" && `${e.from}>${e.to}#${e.seq}`
    );
  };
  const x = await drops(calm);
  const y = await drops(sure);
  assert.ok(x.length > 0);
  assert.deepEqual(x, y);
  await calm.shutdown();
  await sure.shutdown();
});

Deno.test("bad plans and bad timing are refused; nothing changes, the run goes on", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess", faults: { drop: 0.1 } });
  await sys.spawn({ name: "e", behaviour: refs.echo });
  const count = sys.trace.count;
  const hash = sys.traceHash;
  const refused = (plan: unknown, pattern: RegExp) =>
    assert.throws(
      () => sys.setFaults(plan as FaultPlan),
      (e) => e instanceof ActorError && e.code === "BAD_ARGUMENT" && pattern.test(e.message),
    );
  refused({ drop: 2 }, /faults\.drop must be a probability/);
  refused({ delay: -0.1 }, /faults\.delay/);
  refused({ dorp: 0.1 }, /unknown fault plan field "dorp"/);
  refused({ maxDelay: 0 }, /maxDelay/);
  refused({ actors: "node-1" }, /faults\.actors must be an array/);
  refused("lossy", /a fault plan is an object/);
  refused([0.1], /a fault plan is an object/);
  assert.equal(sys.trace.count, count, "no entry written");
  assert.equal(sys.traceHash, hash);
  assert.deepEqual(sys.faultPlanInForce, { drop: 0.1 });

  // While a spawn is under way (its init takes 40 real ms), the plan cannot change.
  const spawning = sys.spawn({ name: "slow", behaviour: refs.slowStart, input: 40 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  refused({ drop: 0 }, /while a round or spawn is running/);
  await spawning;
  sys.setFaults({ drop: 0, actors: ["e"] });
  assert.deepEqual(sys.faultPlanInForce, { actors: ["e"], drop: 0 });
  assert.equal(sys.send("e", "ping", 1), "OK");
  await sys.runUntilIdle();
  await sys.shutdown();
  assert.throws(
    () => sys.setFaults(null),
    (e) => e instanceof ActorError && e.code === "SYSTEM_CLOSED",
  );
});
