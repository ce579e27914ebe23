/**
 * Issue 8 acceptance: a corrupted database file is detected and the node resyncs from its peers
 * instead of serving wrong state. In-process (each node still has its own SQLite file).
 *
 * 1. Node 1's file gets a flipped byte inside a stored block; node 2's file a garbage header.
 *    Each is crashed; on restart it detects the damage, sets the file aside, starts from genesis
 *    with an amnesia horizon, and catches up from its peers to the same head and root.
 * 2. Node 0's file is damaged while it runs; a peer that lost its database asks node 0 for the
 *    blocks: node 0 finds the bad row while reading it, crashes instead of answering, detects the
 *    damage on restart and resyncs too.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { DB_FILE, Testnet, type TestnetEvent } from "../../kernel/node/mod.ts";

function storedRecord(net: Testnet, node: number, slot: number): Uint8Array {
  const db = new DatabaseSync(`${net.dataDir(node)}/${DB_FILE}`, { readOnly: true });
  try {
    return (db.prepare("SELECT record FROM decisions WHERE slot = ?").get(slot) as {
      record: Uint8Array;
    })
      .record;
  } finally {
    db.close();
  }
}

/**
 * Flips one byte inside every copy of `needle` in node i's database file, and bumps the file's
 * change counter (header bytes 24…27) so that an open connection drops its page cache and reads
 * the damaged page from disk — as it would once the page is no longer cached.
 */
function damage(net: Testnet, node: number, needle: Uint8Array, offset: number): void {
  const path = `${net.dataDir(node)}/${DB_FILE}`;
  const bytes = Deno.readFileSync(path);
  let hits = 0;
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((x, k) => bytes[i + k] === x)) {
      bytes[i + offset] ^= 0x33;
      hits++;
    }
  }
  assert.ok(hits > 0);
  const header = new DataView(bytes.buffer);
  header.setUint32(24, header.getUint32(24) + 1);
  Deno.writeFileSync(path, bytes);
}

function garbageHeader(net: Testnet, node: number): void {
  const path = `${net.dataDir(node)}/${DB_FILE}`;
  const bytes = Deno.readFileSync(path);
  bytes.fill(0x21, 0, 100);
  Deno.writeFileSync(path, bytes);
}

async function run(net: Testnet, slots: number): Promise<TestnetEvent[]> {
  const events: TestnetEvent[] = [];
  for (let i = 0; i < slots; i++) events.push(...(await net.runSlot()).events);
  return events;
}

Deno.test("testnet: a corrupt database is detected on restart; the node resyncs from its peers", async () => {
  const net = await Testnet.start({ nodes: 4, seed: 41n, mode: "inprocess", txsPerSlot: 4 });
  try {
    await run(net, 6);
    damage(net, 1, storedRecord(net, 1, 5).subarray(0, 48), 44);
    await net.crash(1);
    let events = net.takeEvents();
    const c1 = events.find((e) => e.kind === "corrupt");
    assert.ok(
      c1?.kind === "corrupt" && c1.node === 1 && c1.code === "CORRUPT_DB",
      JSON.stringify(events),
    );
    assert.match(c1.message, /decision row of slot 5: checksum mismatch/);
    const r1 = events.find((e) => e.kind === "restart");
    assert.ok(r1?.kind === "restart" && r1.origin === "reset" && r1.head === 0 && r1.horizon === 6);

    await run(net, 3);
    garbageHeader(net, 2);
    await net.crash(2);
    events = net.takeEvents();
    const c2 = events.find((e) => e.kind === "corrupt");
    assert.ok(c2?.kind === "corrupt" && c2.node === 2);
    assert.match(c2.message, /sqlite: file is not a database/);

    await run(net, 4);
    const live = await net.runLiveness(4);
    assert.equal(live.converged, true);
    assert.deepEqual(net.checker.violations, []);
    const heads = await net.heads();
    assert.ok(heads.every((h) => h?.slot === net.slot && h.root === heads[0]?.root));
    assert.ok(
      net.commitsVia[1].sync >= 5 && net.commitsVia[2].sync >= 5,
      JSON.stringify(net.commitsVia),
    );
    for (const node of [1, 2]) {
      const files = [...Deno.readDirSync(net.dataDir(node))].map((e) => e.name).sort();
      assert.deepEqual(files, [DB_FILE, `${DB_FILE}.corrupt-1`]);
    }
  } finally {
    await net.close();
  }
});

Deno.test("testnet: a node whose file went bad while running refuses to serve it and resyncs", async () => {
  const net = await Testnet.start({ nodes: 4, seed: 42n, mode: "inprocess", txsPerSlot: 4 });
  try {
    await run(net, 7);
    // Node 0's copy of slot 2 goes bad under it (it keeps running, unaware).
    damage(net, 0, storedRecord(net, 0, 2).subarray(0, 48), 40);
    // Node 3 loses its database: it will ask a peer — node 0 first — for every slot.
    garbageHeader(net, 3);
    await net.crash(3);
    const events = [...net.takeEvents(), ...await run(net, 3)];
    const crash0 = events.find((e) => e.kind === "crash" && e.node === 0);
    assert.ok(crash0?.kind === "crash", JSON.stringify(events));
    assert.match(
      crash0.detail,
      /CORRUPT_DB|checksum mismatch/,
      "it crashed rather than serve the row",
    );
    const corrupt0 = events.find((e) => e.kind === "corrupt" && e.node === 0);
    assert.ok(corrupt0?.kind === "corrupt");
    assert.match(corrupt0.message, /slot 2: checksum mismatch/);
    const live = await net.runLiveness(4);
    assert.equal(live.converged, true);
    assert.deepEqual(net.checker.violations, []);
    assert.ok(net.commitsVia[0].sync > 0 && net.commitsVia[3].sync > 0);
  } finally {
    await net.close();
  }
});
