/**
 * The console firmware with actors: the demo cartridge (built from its sources) gives the same
 * frame hashes across runs, instance counts (1, 2, 8) and in-process versus Worker actors; its
 * asset loads go through the loader actor; memcards persist between runs and stay per instance;
 * a preload that fails its integrity check rejects the cartridge before any guest runs; the
 * lifecycle of each instance is in the trace.
 * @module
 */

import assert from "node:assert/strict";
import { decodeEntries, decodeTraceFile } from "../../actors/mod.ts";
import {
  assembleCartridge,
  buildCartridge,
  CartridgeError,
  Console,
  type ConsoleOptions,
  encodeManifest,
  InputScript,
  loadCartridge,
  type LoadedCartridge,
} from "../../console/mod.ts";
import { manifest, packFile, scriptSource, writeCart } from "./cart_helpers.ts";
import { PRELUDE_SIZE } from "../../assets/mod.ts";

const DEMO = new URL("../../console/examples/demo/", import.meta.url).pathname;
const INPUT = await InputScript.load(`${DEMO}input.json`);
const FRAMES = 700; // past the first save (START at frame 600)

async function withDemo(fn: (cart: LoadedCartridge, tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir();
  try {
    await buildCartridge(DEMO, { outDir: `${tmp}/demo` });
    const cart = await loadCartridge(`${tmp}/demo`);
    try {
      await fn(cart, tmp);
    } finally {
      await cart.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function run(
  cart: LoadedCartridge,
  k: number,
  o: Partial<ConsoleOptions> = {},
  frames = FRAMES,
) {
  const con = await Console.start({
    cartridges: Array(k).fill(cart),
    mode: "inprocess",
    memcard: "memory",
    input: INPUT,
    ...o,
  });
  const logs: string[] = [];
  const perFrame: string[][] = [];
  try {
    while (con.running && con.frame < frames) {
      const f = await con.step();
      perFrame.push(f.reports.map((r) => r.hash));
      for (const r of f.reports) {
        if (r.index === 0) { for (const l of r.logs) logs.push(`${r.frame} ${l.text}`); }
      }
    }
    return {
      hashes: con.instances.map((s) => s.hash),
      perFrame,
      logs,
      status: con.instances,
      trace: con.traceHash,
      con,
    };
  } finally {
    await con.shutdown();
  }
}

Deno.test("firmware: same hashes across runs, instance counts 1/2/8, in-process and Workers", async () => {
  await withDemo(async (cart) => {
    const one = await run(cart, 1);
    const again = await run(cart, 1);
    const two = await run(cart, 2);
    const eight = await run(cart, 8);
    const workers = await run(cart, 2, { mode: "workers" });
    const h = one.hashes[0];
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.deepEqual(again.hashes, [h]);
    assert.deepEqual(two.hashes, [h, h]);
    assert.deepEqual(eight.hashes, Array(8).fill(h));
    assert.deepEqual(workers.hashes, [h, h]);
    assert.deepEqual(workers.perFrame, two.perFrame); // frame by frame, not only the last
    assert.equal(again.trace, one.trace); // the actor trace too
    assert.equal(workers.trace, two.trace);
    // The run did what the demo says: loads through the loader actor, a save, input seen.
    assert.ok(
      one.logs.includes("0 asset.load sfx.chord -> status 0"),
      one.logs.slice(0, 12).join("\n"),
    );
    assert.ok(one.logs.includes("0 asset.load sfx.missing -> status 3"));
    assert.ok(one.logs.includes("1 sfx.chord lifecycle state 1"));
    assert.ok(one.logs.includes("2 sfx.chord lifecycle state 2"));
    assert.ok(one.logs.includes("2 asset.commit sfx.chord -> status 0"));
    assert.ok(one.logs.includes("2 asset.cancel tiles.background -> status 0"));
    assert.ok(one.logs.includes("600 memcard: saved, slot_commit status 0"));
    assert.ok(
      one.logs.includes("179 second 3  score 7"),
      one.logs.filter((l) => l.includes("second 3")).join(),
    );
    assert.equal(one.status[0].telemetry["asset.sounds_slots_occupied"], 2); // beep (preload) + chord
    // Different input → different hash.
    const quiet = await run(cart, 1, { input: InputScript.empty() });
    assert.notEqual(quiet.hashes[0], h);
  });
});

Deno.test("firmware: memcards persist between runs and are per instance", async () => {
  await withDemo(async (cart, tmp) => {
    const dir = `${tmp}/cards`;
    const first = await run(cart, 2, { memcard: { dir } });
    assert.ok(first.logs.includes("0 memcard: no save yet"));
    assert.equal(first.status[0].memcardDir, `${dir}/4242`);
    assert.equal(first.status[1].memcardDir, `${dir}/4242.1`);
    const second = await run(cart, 1, { memcard: { dir } }, 5);
    assert.ok(
      second.logs.includes("0 memcard: save found, boots so far 1"),
      second.logs.join("\n"),
    );
    assert.ok(second.logs.includes("0 memcard: best score so far 9"));
    assert.notEqual(second.perFrame[0][0], first.perFrame[0][0]); // what it read is in the hash
    // instance 1's card was written too, in its own folder
    assert.ok((await Deno.stat(`${dir}/4242.1/slot-00.mcs`)).isFile);
  });
});

Deno.test("firmware: a preload asset that fails its check rejects the cartridge before any frame", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const pack = packFile();
    const headerLen = new DataView(pack.buffer).getUint32(8, true);
    pack[PRELUDE_SIZE + headerLen] ^= 0xff; // first payload byte: tiles.hud, the preloaded one
    await writeCart(`${tmp}/c`, {
      manifest: encodeManifest(manifest(["asset"])),
      program: assembleCartridge(scriptSource([], "", ["asset.load"])).bytes,
      assets: pack,
    });
    const cart = await loadCartridge(`${tmp}/c`); // the header is fine
    try {
      await assert.rejects(
        Console.start({ cartridges: [cart], mode: "inprocess" }),
        (e) =>
          e instanceof CartridgeError && e.code === "BAD_PRELOAD" && e.field === "preload[0]" &&
          /HASH_MISMATCH/.test(e.message),
      );
    } finally {
      await cart.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("firmware: the instance lifecycle is in the actor trace", async () => {
  await withDemo(async (cart, tmp) => {
    const con = await Console.start({ cartridges: [cart], mode: "inprocess", keepTrace: true });
    try {
      for (let i = 0; i < 3; i++) await con.step();
      await con.writeTrace(`${tmp}/run.trace`);
    } finally {
      await con.shutdown();
    }
    const file = decodeTraceFile(await Deno.readFile(`${tmp}/run.trace`));
    const states = decodeEntries(file.entries)
      .filter((e) => e.kind === "state" && e.actor === "cart/0")
      .map((e) => (e as { state: string }).state);
    assert.deepEqual(states.slice(0, 4), ["created", "booting", "running", "yielded"]);
    assert.deepEqual(states.slice(4, 7), ["resumed", "running", "yielded"]);
    const loaderMsgs = decodeEntries(file.entries).filter((e) =>
      e.kind === "deliver" && (e as { to: string }).to === "loader/0"
    );
    assert.ok(loaderMsgs.length >= 3); // two preloads, then the loads of frame 0
  });
});
