// Supervision: a crashing child is restarted per its policy (from checkpoint or fresh), within a
// restart budget in virtual time; a dying Worker is detected with its cause; every step shows
// in the trace, and the parent hears of it.
import assert from "node:assert/strict";
import { ActorSystem, decodeEntries, type TraceEvent } from "../../actors/mod.ts";
import { refs } from "./helpers.ts";

function lane(sys: ActorSystem, actor: string): string[] {
  return decodeEntries(sys.trace.bytes())
    .filter((e: TraceEvent) => "actor" in e && e.actor === actor)
    .map((e) => {
      switch (e.kind) {
        case "supervision":
          return `${e.from}-${e.event}->${e.to}`;
        case "crash":
          return `crash(${e.cause})`;
        case "state":
          return `state(${e.state})`;
        case "spawn":
          return `spawn#${e.incarnation}`;
        case "stop":
          return `stop(${e.reason})`;
        default:
          return e.kind;
      }
    });
}

for (const mode of ["inprocess", "workers"] as const) {
  Deno.test(`${mode}: a crash restarts from the checkpoint and the trace shows it`, async () => {
    const sys = new ActorSystem({ seed: 1n, mode, keepTraceBytes: 1 << 20 });
    try {
      await sys.spawn({
        name: "c",
        behaviour: refs.crashy,
        supervision: { restartFrom: "checkpoint" },
      });
      for (const t of ["inc", "inc", "boom", "inc", "count"]) sys.send("c", t);
      await sys.runUntilIdle();
      const out = sys.takeOutbox();
      // the two incs survived through the checkpoint; the one after the restart counted on top
      assert.deepEqual(out.map((o) => [o.from, o.type, o.body]), [
        ["$system", "$child", { child: "c", event: "crashed", detail: "Error: boom #2" }],
        ["$system", "$child", { child: "c", event: "restarted", detail: "from checkpoint" }],
        ["c", "count", { n: 3, incarnation: 1 }],
      ]);
      assert.deepEqual(lane(sys, "c"), [
        "spawn#0",
        "spawning-SPAWNED->running",
        "state(fresh)",
        "checkpoint", // two incs in one round: the round's last checkpoint is kept
        "crash(Error: boom #2)",
        "running-CRASH->crashed",
        "crashed-SUPERVISE->restarting",
        "spawn#1",
        "restarting-SPAWNED->running",
        "state(restored)",
        "checkpoint",
      ]);
      assert.deepEqual(sys.info("c"), {
        name: "c",
        ordinal: 2,
        supervision: "running",
        state: "restored",
        incarnation: 1,
        lastCrash: "Error: boom #2",
      });
    } finally {
      await sys.shutdown();
    }
  });
}

Deno.test("restart fresh forgets the state; the budget stops a crash loop", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess", keepTraceBytes: 1 << 20 });
  try {
    await sys.spawn({
      name: "c",
      behaviour: refs.crashy,
      input: { start: 10 },
      supervision: { restartFrom: "fresh", maxRestarts: 2, windowTicks: 5 },
    });
    sys.send("c", "inc");
    sys.send("c", "boom");
    sys.send("c", "count");
    await sys.runUntilIdle();
    assert.deepEqual(sys.takeOutbox().at(-1)?.body, { n: 10, incarnation: 1 });
    // Two more crashes at time 0: three within 5 ticks exceeds maxRestarts=2.
    sys.send("c", "boom");
    await sys.runUntilIdle();
    assert.equal(sys.info("c").supervision, "running");
    sys.send("c", "boom");
    sys.send("c", "count");
    await sys.runUntilIdle();
    assert.equal(sys.info("c").supervision, "stopped");
    const tail = lane(sys, "c").slice(-3);
    assert.deepEqual(tail, [
      "running-CRASH->crashed",
      "crashed-SUPERVISE->stopped",
      "stop(restart limit: more than 2 crashes within 5 ticks)",
    ]);
    const outs = sys.takeOutbox().map((o) => o.body as { event?: string });
    assert.equal(outs.at(-1)?.event, "stopped");
    assert.equal(sys.send("c", "count"), "ACTOR_STOPPED");
  } finally {
    await sys.shutdown();
  }
});

Deno.test("a crash spaced out in virtual time is within budget again", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess" });
  try {
    await sys.spawn({
      name: "c",
      behaviour: refs.crashy,
      supervision: { maxRestarts: 1, windowTicks: 10 },
    });
    for (let i = 0; i < 4; i++) {
      sys.send("c", "boom");
      await sys.advance(11); // each crash is alone in its window
    }
    assert.deepEqual(sys.info("c").supervision, "running");
    assert.equal(sys.info("c").incarnation, 4);
  } finally {
    await sys.shutdown();
  }
});

Deno.test("a Worker that dies is detected with its cause and its actor restarts", async () => {
  const sys = new ActorSystem({ seed: 3n, mode: "workers", keepTraceBytes: 1 << 20 });
  try {
    await sys.spawn({ name: "d", behaviour: refs.dier });
    for (const t of ["hello", "die", "hello"]) {
      sys.send("d", t);
      await sys.runUntilIdle();
    }
    const out = sys.takeOutbox();
    const crashed = out.find((o) =>
      o.type === "$child" && (o.body as { event: string }).event === "crashed"
    );
    assert.ok(crashed, "parent was told");
    assert.match((crashed.body as { detail: string }).detail, /worker died: .*worker boom/);
    // the first hello was handled before; the second after the restart, by incarnation 1
    const alive = out.filter((o) => o.type === "alive").map((o) => o.body);
    assert.deepEqual(alive, [{ n: 0, incarnation: 0 }, { n: 0, incarnation: 1 }]);
    assert.ok(lane(sys, "d").some((l) => /^crash\(worker died: .*worker boom/.test(l)));
    const lost = decodeEntries(sys.trace.bytes()).filter((e) => e.kind === "bounce");
    assert.deepEqual(lost.map((e) => e.kind === "bounce" && e.code), ["LOST_IN_CRASH"]);
    assert.equal(sys.info("d").supervision, "running");
  } finally {
    await sys.shutdown();
  }
});

Deno.test("children spawned by an actor are supervised by it", async () => {
  const sys = new ActorSystem({ seed: 4n, mode: "inprocess", keepTraceBytes: 1 << 20 });
  try {
    await sys.spawn({
      name: "p",
      behaviour: refs.parent,
      input: { children: ["k1", "k2"], ref: refs.crashy },
    });
    assert.deepEqual(sys.actors(), ["p", "k1", "k2"]);
    sys.send("p", "poke", "k2");
    await sys.runUntilIdle();
    sys.send("p", "poke", "k2");
    await sys.runUntilIdle();
    const notices = sys.takeOutbox().map((o) => o.body as { child: string; event: string });
    assert.deepEqual(notices.map((n) => `${n.child}:${n.event}`), [
      "k2:crashed",
      "k2:restarted",
      "k2:crashed",
      "k2:stopped",
    ]);
    assert.equal(sys.info("k1").supervision, "running");
    await sys.stop("p");
    assert.equal(sys.info("k1").supervision, "stopped", "children stop with their parent");
  } finally {
    await sys.shutdown();
  }
});
