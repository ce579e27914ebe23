// Bad input gets a typed error with a stable code, and the system stays up; Workers have no
// permissions unless the behaviour declares some, and no wall-clock or random globals.
import assert from "node:assert/strict";
import { ActorError, ActorSystem, behaviourRef } from "../../actors/mod.ts";
import { refs } from "./helpers.ts";

async function rejects(p: Promise<unknown>, code: string): Promise<ActorError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ActorError, `expected ActorError, got ${e}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  throw new Error(`expected ${code}`);
}

function throws(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ActorError && e.code === code);
}

Deno.test("bad calls are refused with codes and the system keeps working", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess" });
  try {
    await sys.spawn({ name: "e", behaviour: refs.echoOut });
    throws(() => sys.send("nobody", "x"), "UNKNOWN_ACTOR");
    throws(() => sys.send("e", "$sneaky"), "BAD_ARGUMENT");
    throws(() => sys.send("e", "x", new Map()), "UNSUPPORTED_VALUE");
    throws(() => sys.send("e", "x", 1n << 5000n), "BIGINT_TOO_LARGE");
    throws(() => sys.info("nobody"), "UNKNOWN_ACTOR");
    await rejects(sys.spawn({ name: "e", behaviour: refs.echoOut }), "DUPLICATE_ACTOR");
    await rejects(sys.spawn({ name: "$x", behaviour: refs.echoOut }), "BAD_ARGUMENT");
    await rejects(
      sys.spawn({ name: "b", behaviour: refs.notABehaviour, supervision: { maxRestarts: 0 } }),
      "SPAWN_FAILED",
    );
    await rejects(sys.crash("nobody"), "UNKNOWN_ACTOR");
    await rejects(
      sys.spawn({ name: "p", behaviour: refs.echoOut, supervision: { maxRestarts: -1 } }),
      "BAD_ARGUMENT",
    );
    await rejects(
      sys.spawnMany([
        { name: "ok1", behaviour: refs.echoOut },
        { name: "bad", behaviour: refs.echoOut, mailboxCapacity: 0 },
      ]),
      "BAD_ARGUMENT",
    );
    assert.deepEqual(sys.actors(), ["e", "b"], "spawnMany is all or nothing");
    await rejects(sys.advanceTo(-1), "BAD_ARGUMENT");
    throws(() => behaviourRef("bad id!", "file:///x.ts"), "BAD_ARGUMENT");
    throws(() => new ActorSystem({ workers: 0 }), "BAD_ARGUMENT");
    throws(() => new ActorSystem({ seed: -1n }), "BAD_ARGUMENT");
    throws(() => new ActorSystem({ faults: { drop: 2 } }), "BAD_ARGUMENT");
    // still alive
    assert.equal(sys.send("e", "x", 5), "OK");
    await sys.runUntilIdle();
    assert.deepEqual(sys.takeOutbox().filter((o) => o.type === "echo").map((o) => o.body), [5]);
  } finally {
    await sys.shutdown();
  }
  await rejects(sys.runRound(), "SYSTEM_CLOSED");
});

Deno.test("a behaviour module that is not a behaviour fails to spawn with BAD_BEHAVIOUR", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "workers" });
  try {
    const e = await rejects(
      sys.spawn({ name: "b", behaviour: refs.notABehaviour, supervision: { maxRestarts: 1 } }),
      "SPAWN_FAILED",
    );
    assert.match(e.message, /BAD_BEHAVIOUR/);
    assert.equal(sys.info("b").supervision, "stopped");
    assert.equal(sys.info("b").incarnation, 1, "one restart was tried");
  } finally {
    await sys.shutdown();
  }
});

Deno.test("inside Workers, Math.random crashes the actor with NONDETERMINISTIC_API", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "workers", supervision: { maxRestarts: 0 } });
  try {
    await sys.spawn({ name: "n", behaviour: refs.nondeterministic });
    sys.send("n", "roll");
    await sys.runUntilIdle();
    assert.match(sys.info("n").lastCrash ?? "", /NONDETERMINISTIC_API.*Math\.random.*ctx\.rng/);
    assert.equal(sys.info("n").supervision, "stopped");
  } finally {
    await sys.shutdown();
  }
});

Deno.test("Workers read files only with a declared permission", async () => {
  const file = await Deno.makeTempFile();
  await Deno.writeFile(file, new Uint8Array(1234));
  const sys = new ActorSystem({ seed: 1n, mode: "workers" });
  try {
    await sys.spawn({ name: "denied", behaviour: refs.reader });
    await sys.spawn({
      name: "allowed",
      behaviour: behaviourRef(refs.reader.id, refs.reader.url, { permissions: { read: [file] } }),
    });
    sys.send("denied", "read", file);
    sys.send("allowed", "read", file);
    sys.send("allowed", "read", "/etc/hostname");
    await sys.runUntilIdle();
    const out = sys.takeOutbox().map((o) => [o.from, o.type, o.body]);
    assert.deepEqual(out, [
      ["denied", "denied", { path: file, error: "NotCapable" }],
      ["allowed", "read", { path: file, size: 1234 }],
      ["allowed", "denied", { path: "/etc/hostname", error: "NotCapable" }],
    ]);
    assert.equal(sys.hostCount, 2, "the actor with permissions has its own Worker");
  } finally {
    await sys.shutdown();
    await Deno.remove(file);
  }
});
