// Recording and replay: a trace written to a file replays to the same hash in another mode, and
// a changed behaviour is reported at its first diverging entry.
import assert from "node:assert/strict";
import { decode, encode } from "@msgpack/msgpack";
import {
  ActorError,
  ActorSystem,
  decodeBody,
  decodeTraceFile,
  encodeBody,
  replayTrace,
} from "../../actors/mod.ts";
import { gossipRun, refs } from "./helpers.ts";

async function record(path: string): Promise<string> {
  const r = await gossipRun({
    seed: 11n,
    mode: "workers",
    workers: 2,
    faults: { drop: 0.05, delay: 0.1, reorder: 0.3, crash: 0.03 },
  });
  const sys = r.sys;
  try {
    // outside crash and stop are part of the recording too
    await sys.crash("node-1", "test crash");
    await sys.stop("node-5", "test stop");
    sys.send("node-0", "rumor", { hops: 3, value: 99 });
    await sys.advance(10);
    await sys.writeTrace(path);
    return sys.traceHash;
  } finally {
    await sys.shutdown();
  }
}

Deno.test("a written trace replays to the same hash in-process and with 3 Workers", async () => {
  const path = await Deno.makeTempFile({ suffix: ".trace" });
  try {
    const hash = await record(path);
    const file = decodeTraceFile(await Deno.readFile(path));
    assert.equal(file.hash, hash);
    for (
      const options of [{ mode: "inprocess" as const }, { mode: "workers" as const, workers: 3 }]
    ) {
      const report = await replayTrace(path, options);
      assert.equal(report.divergence, null, JSON.stringify(report.divergence));
      assert.equal(report.actualHash, hash);
      assert.ok(report.ok);
      assert.equal(report.entries, file.offsets.length - 1);
    }
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a changed behaviour is reported at the first diverging entry", async () => {
  const sys = new ActorSystem({ seed: 12n, mode: "inprocess" });
  const names = ["a", "b", "c"];
  for (const n of names) {
    await sys.spawn({ name: n, behaviour: refs.gossip, input: { peers: names } });
  }
  sys.send("a", "rumor", { hops: 12, value: 1 });
  await sys.advanceTo(40);
  const bytes = sys.traceFile();
  await sys.shutdown();

  // Point every spawn at the variant export, keep everything else (and drop the side-data
  // digest, which would catch the edit: as in a file written before the digest existed).
  const raw = decode(bytes) as { extras: [number, Uint8Array][]; sideDigest?: string };
  delete raw.sideDigest;
  raw.extras = raw.extras.map(([i, x]) => {
    const spec = decodeBody(x) as { behaviour: { export: string } };
    spec.behaviour.export = "variant";
    return [i, encodeBody(spec)];
  });
  const report = await replayTrace(encode(raw), { mode: "inprocess" });
  assert.equal(report.ok, false);
  const d = report.divergence!;
  // The first difference is the variant's extra state report; the recording had something
  // else at that index (here the next ROUND entry).
  assert.ok(d.actual?.kind === "state", JSON.stringify(d));
  assert.match(d.actual.state, /^(EVEN|ODD)$/);
  assert.notDeepEqual(d.expected, d.actual);
  assert.notEqual(report.actualHash, report.expectedHash);
  assert.ok(d.index > 10);
});

Deno.test("damaged trace files are TRACE_MALFORMED", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "inprocess" });
  await sys.spawn({ name: "e", behaviour: refs.echoOut });
  sys.send("e", "x", 1);
  await sys.runUntilIdle();
  const bytes = sys.traceFile();
  await sys.shutdown();
  const bad = (b: Uint8Array) =>
    assert.throws(
      () => decodeTraceFile(b),
      (e) => e instanceof ActorError && e.code === "TRACE_MALFORMED",
    );
  bad(new Uint8Array([1, 2, 3]));
  bad(encode({ format: "something-else" }));
  const raw = decode(bytes) as { entries: Uint8Array };
  raw.entries = raw.entries.slice();
  raw.entries[raw.entries.length - 1] ^= 1; // flip one body bit: the hash chain catches it
  bad(encode(raw));
});

Deno.test("every single flipped byte of a trace file is caught: entries, header and side data", async () => {
  const sys = new ActorSystem({ seed: 2n, mode: "inprocess", faults: { delay: 0.2 } });
  await sys.spawnMany([{ name: "a", behaviour: refs.echoOut }, {
    name: "b",
    behaviour: refs.echo,
  }]);
  sys.send("a", "x", { n: 1, big: new Uint8Array(70_000).fill(3) }); // an input attachment
  sys.setFaults(null);
  await sys.runUntilIdle();
  const bytes = sys.traceFile();
  await sys.shutdown();
  assert.ok(decodeTraceFile(bytes).extras.size >= 3, "spawn specs and an input's attachment");
  const raw = decode(bytes) as Record<string, unknown>;
  assert.match(String(raw.sideDigest), /^[0-9a-f]{32}$/);
  // Every byte outside the attachment's 70,000 payload bytes, and a sample inside it.
  let checked = 0;
  const positions = new Set<number>();
  for (let i = 0; i < 400; i++) positions.add(i).add(bytes.length - 1 - i);
  for (let i = 400; i < bytes.length - 400; i += 997) positions.add(i);
  for (const i of positions) {
    const damaged = bytes.slice();
    damaged[i] ^= 0x5a;
    assert.throws(
      () => decodeTraceFile(damaged),
      (e) => e instanceof ActorError && e.code === "TRACE_MALFORMED",
      `byte ${i} of ${bytes.length}`,
    );
    checked++;
  }
  assert.ok(checked > 800, `${checked} positions in ${bytes.length} bytes`);
});

Deno.test("spawnMany starts dedicated Workers together and replays as one group", async () => {
  const sys = new ActorSystem({ seed: 13n, mode: "workers" });
  const path = await Deno.makeTempFile({ suffix: ".trace" });
  try {
    await sys.spawnMany(
      ["x", "y", "z"].map((name) => ({ name, behaviour: refs.echoOut, dedicatedWorker: true })),
    );
    assert.equal(sys.hostCount, 3);
    for (const n of ["z", "x", "y"]) sys.send(n, "hi", n);
    await sys.runUntilIdle();
    assert.deepEqual(sys.takeOutbox().map((o) => o.from), ["x", "y", "z"], "ordinal order");
    await sys.writeTrace(path);
    const report = await replayTrace(path, { mode: "inprocess" });
    assert.ok(report.ok, JSON.stringify(report.divergence));
  } finally {
    await sys.shutdown();
    await Deno.remove(path);
  }
});
