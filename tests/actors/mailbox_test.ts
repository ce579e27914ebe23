// Bounded mailboxes: a full mailbox is a visible status (to the outside program as a return
// value, to an actor as a $bounce message, in the trace as a BOUNCE entry), never a drop.
import assert from "node:assert/strict";
import { ActorSystem, decodeEntries } from "../../actors/mod.ts";
import { refs } from "./helpers.ts";

Deno.test("outside sends to a full mailbox return MAILBOX_FULL", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess", keepTraceBytes: 1 << 20 });
  try {
    await sys.spawn({ name: "s", behaviour: refs.sink, mailboxCapacity: 3 });
    const statuses = [1, 2, 3, 4, 5].map((i) => sys.send("s", "item", i));
    assert.deepEqual(statuses, ["OK", "OK", "OK", "MAILBOX_FULL", "MAILBOX_FULL"]);
    assert.deepEqual(sys.mailbox("s"), { size: 3, capacity: 3, full: true });
    const bounces = decodeEntries(sys.trace.bytes()).filter((e) => e.kind === "bounce");
    assert.equal(bounces.length, 2);
    await sys.runUntilIdle();
    assert.deepEqual(sys.mailbox("s"), { size: 0, capacity: 3, full: false });
    assert.equal(sys.send("s", "count"), "OK");
    await sys.runUntilIdle();
    assert.deepEqual(sys.takeOutbox().map((o) => o.body), [3]);
  } finally {
    await sys.shutdown();
  }
});

for (const mode of ["inprocess", "workers"] as const) {
  Deno.test(`${mode}: an actor flooding a slow receiver gets $bounce MAILBOX_FULL`, async () => {
    const sys = new ActorSystem({ seed: 2n, mode, keepTraceBytes: 1 << 20 });
    try {
      // The sink handles at most 2 per round and holds at most 4: of 10 sent in one round,
      // 4 are queued and 6 bounce back to the flooder.
      await sys.spawn({ name: "sink", behaviour: refs.sink, mailboxCapacity: 4, maxBatch: 2 });
      await sys.spawn({ name: "f", behaviour: refs.flooder });
      sys.send("f", "go", { to: "sink", n: 10 });
      await sys.runRound(); // f sends 10
      assert.deepEqual(sys.mailbox("sink"), { size: 4, capacity: 4, full: true });
      await sys.runUntilIdle();
      const out = sys.takeOutbox();
      const bounced = out.filter((o) => o.type === "bounced").map((o) => o.body);
      assert.equal(bounced.length, 6);
      assert.deepEqual(bounced[0], { code: "MAILBOX_FULL", to: "sink", type: "item", seq: 4 });
      sys.send("sink", "count");
      await sys.runUntilIdle();
      assert.deepEqual(sys.takeOutbox().map((o) => o.body), [4]);
      // round 1: f sends 10; 2: sink takes 2, f gets its 6 bounces; 3: sink takes 2; 4: count
      assert.equal(sys.round, 4);
    } finally {
      await sys.shutdown();
    }
  });
}

Deno.test("messages to unknown or stopped actors bounce with their reason", async () => {
  const sys = new ActorSystem({ seed: 3n, mode: "inprocess" });
  try {
    await sys.spawn({ name: "f", behaviour: refs.flooder });
    await sys.spawn({ name: "s", behaviour: refs.sink });
    await sys.stop("s");
    sys.send("f", "go", { to: "nobody", n: 1 });
    sys.send("f", "go", { to: "s", n: 1 });
    await sys.runUntilIdle();
    const out = sys.takeOutbox();
    assert.deepEqual(out[0].body, {
      child: "s",
      event: "stopped",
      detail: "stopped by the program",
    });
    const codes = out.filter((o) => o.type === "bounced").map((o) =>
      (o.body as { code: string }).code
    );
    assert.deepEqual(codes, ["UNKNOWN_ACTOR", "ACTOR_STOPPED"]);
    assert.equal(sys.send("s", "item"), "ACTOR_STOPPED");
  } finally {
    await sys.shutdown();
  }
});

Deno.test("a full outbox refuses outputs with $bounce MAILBOX_FULL until taken", async () => {
  const sys = new ActorSystem({ seed: 4n, mode: "inprocess", outboxCapacity: 2 });
  try {
    await sys.spawn({ name: "e", behaviour: refs.echoOut }); // echoes every message outward
    for (const i of [1, 2, 3]) sys.send("e", "x", i);
    assert.equal(await sys.runRound(), true);
    assert.deepEqual(sys.takeOutbox().map((o) => o.body), [1, 2]); // the third did not fit
    assert.equal(await sys.runRound(), true); // e handles its $bounce and echoes it
    assert.deepEqual(sys.takeOutbox().map((o) => o.body), [
      { code: "MAILBOX_FULL", to: "$ext", type: "echo", seq: 2 },
    ]);
    assert.equal(await sys.runRound(), false);
  } finally {
    await sys.shutdown();
  }
});

Deno.test("after a throw, queued plain messages wait for the restart; attachments are lost", async () => {
  const sys = new ActorSystem({ seed: 5n, mode: "inprocess", keepTraceBytes: 1 << 24 });
  try {
    await sys.spawn({ name: "c", behaviour: refs.crashy });
    sys.send("c", "boom");
    sys.send("c", "big", new Uint8Array(1 << 17)); // an attachment: handed over, not re-sendable
    sys.send("c", "inc");
    sys.send("c", "count");
    await sys.runUntilIdle();
    const events = decodeEntries(sys.trace.bytes());
    const lost = events.filter((e) => e.kind === "bounce");
    assert.deepEqual(lost.map((e) => e.kind === "bounce" && [e.to, e.seq, e.code]), [[
      "c",
      1,
      "LOST_IN_CRASH",
    ]]);
    const counts = sys.takeOutbox().filter((o) => o.type === "count").map((o) => o.body);
    assert.deepEqual(counts, [{ n: 1, incarnation: 1 }], "inc and count ran after the restart");
  } finally {
    await sys.shutdown();
  }
});
