import assert from "node:assert/strict";
import {
  AssetManager,
  AssetsUsageError,
  InProcessBackend,
  LIFECYCLE_STATUS as S,
  LOAD_STATUS as L,
  OP_STATUS as O,
  PackReader,
} from "../../assets/mod.ts";
import { BrokenBackend, sampleManager, SlowBackend } from "./manager_helpers.ts";
import { samplePack, sampleSound } from "./sample_pack.ts";

// sample pack: tiles.b (-5, DEFLATE, decoded 262, resident 454), tiles.a (3, NONE, 196 / 324),
// sfx.beep (7, NONE, 128 / 128), sfx.saw (20, DEFLATE, 800 / 800)

Deno.test("load: every request status (0, 3, 4, 5) and handle 0 on failure", async () => {
  const m = await sampleManager();
  assert.deepEqual(m.load("nope", "TILES", 0), { status: L.ASSET_NOT_FOUND, handle: 0n });
  assert.deepEqual(m.load("tiles.a", "SOUNDS", 0), { status: L.SLOT_KIND_MISMATCH, handle: 0n });
  assert.deepEqual(m.load("tiles.a", 1, 0), { status: L.SLOT_KIND_MISMATCH, handle: 0n });
  assert.deepEqual(m.load("tiles.a", 7, 0), { status: L.SLOT_KIND_MISMATCH, handle: 0n });
  assert.deepEqual(m.load("tiles.a", "SCENE" as "TILES", 0), {
    status: L.SLOT_KIND_MISMATCH,
    handle: 0n,
  });
  for (const slot of [-1, 16, 1.5, NaN]) {
    assert.deepEqual(m.load("tiles.a", "TILES", slot), {
      status: L.SLOT_INDEX_INVALID,
      handle: 0n,
    });
  }
  assert.equal(m.load("sfx.beep", "SOUNDS", 63).status, L.OK);
  assert.equal(m.load("sfx.beep", "SOUNDS", 64).status, L.SLOT_INDEX_INVALID);
  const ok = m.load("tiles.a", 0, 15);
  assert.equal(ok.status, L.OK);
  assert.notEqual(ok.handle, 0n);
  assert.equal(m.status(ok.handle), S.PENDING);
  await m.close();
});

Deno.test("load: BACKEND_ERROR when the budget, the handle table or the backend cannot take it", async () => {
  const tight = await sampleManager({
    banks: { TILES: { slots: 4, budgetBytes: 700 }, SOUNDS: { slots: 2, budgetBytes: 900 } },
  });
  assert.equal(tight.load("tiles.a", "TILES", 0).status, L.OK); // 324 reserved
  assert.deepEqual(tight.load("tiles.b", "TILES", 1), { status: L.BACKEND_ERROR, handle: 0n }); // +454 > 700
  assert.equal(tight.load("tiles.a", "TILES", 1).status, L.OK); // 648 ≤ 700
  assert.equal(tight.telemetry().banks.TILES.inflight_bytes, 648);
  await tight.close();

  const few = await sampleManager({ maxLoads: 2 });
  assert.equal(few.load("sfx.beep", "SOUNDS", 0).status, L.OK);
  assert.equal(few.load("sfx.beep", "SOUNDS", 1).status, L.OK);
  assert.deepEqual(few.load("sfx.beep", "SOUNDS", 2), { status: L.BACKEND_ERROR, handle: 0n });
  assert.equal(few.telemetry().banks.SOUNDS.inflight_bytes, 256, "a refused load reserves nothing");
  await few.close();

  const reader = await PackReader.openBytes(samplePack());
  const broken = new BrokenBackend();
  const m = new AssetManager(reader.header, broken);
  await broken.close();
  assert.deepEqual(m.load("sfx.beep", "SOUNDS", 0), { status: L.BACKEND_ERROR, handle: 0n });
});

Deno.test("lifecycle: PENDING → LOADING → READY → COMMITTED on the frames the model says", async () => {
  // saw: decoded 800 bytes at 300 bytes/frame → 3 frames of LOADING progress
  const m = await sampleManager({ bytesPerFrame: 300 });
  const { handle } = m.load("sfx.saw", "SOUNDS", 5);
  const seen: number[] = [m.status(handle)];
  for (let f = 0; f < 5; f++) {
    await m.endFrame();
    seen.push(m.status(handle));
  }
  // frame 0 PENDING; boundary 1 START; boundaries 2,3 progress 300,600; boundary 4 reaches 800
  assert.deepEqual(seen, [S.PENDING, S.LOADING, S.LOADING, S.LOADING, S.READY, S.READY]);
  assert.equal(m.sound(5), null, "READY is not resident");
  assert.equal(m.commit(handle), O.OK);
  assert.equal(m.status(handle), S.COMMITTED);
  assert.deepEqual(m.sound(5)?.samples, sampleSound(400));
  assert.deepEqual(m.sound(5)?.loop, { start: 100, end: 300 });
  await m.close();
});

Deno.test("lifecycle: loads share one channel in request order", async () => {
  const m = await sampleManager({ bytesPerFrame: 1000 });
  const a = m.load("tiles.a", "TILES", 0).handle;
  const b = m.load("tiles.b", "TILES", 1).handle;
  const c = m.load("sfx.beep", "SOUNDS", 0).handle;
  const trace: string[] = [];
  for (let f = 0; f < 7; f++) {
    trace.push([a, b, c].map((h) => m.status(h)).join(""));
    await m.endFrame();
  }
  assert.deepEqual(trace, ["000", "100", "210", "221", "222", "222", "222"]);
  assert.equal(m.frame, 7);
  await m.close();
});

Deno.test("commit and cancel: every invalid state is INVALID_STATE, never a no-op", async () => {
  const m = await sampleManager({ bytesPerFrame: 100 });
  const h = m.load("sfx.saw", "SOUNDS", 0).handle; // 8 frames of progress
  assert.equal(m.commit(h), O.INVALID_STATE); // PENDING
  assert.equal(m.status(h), S.PENDING);
  await m.endFrame();
  assert.equal(m.status(h), S.LOADING);
  assert.equal(m.commit(h), O.INVALID_STATE); // LOADING
  assert.equal(m.status(h), S.LOADING);
  while (m.status(h) !== S.READY) await m.endFrame();
  assert.equal(m.commit(h), O.OK);
  assert.equal(m.commit(h), O.INVALID_STATE); // COMMITTED
  assert.equal(m.cancel(h), O.INVALID_STATE); // COMMITTED
  assert.equal(m.status(h), S.COMMITTED);
  await m.close();
});

Deno.test("cancel from PENDING, LOADING and READY; then CANCELED refuses both", async () => {
  const m = await sampleManager({ bytesPerFrame: 100 });
  const pending = m.load("sfx.beep", "SOUNDS", 1).handle;
  assert.equal(m.cancel(pending), O.OK);
  assert.equal(m.status(pending), S.CANCELED);
  const loading = m.load("sfx.saw", "SOUNDS", 2).handle;
  await m.endFrame();
  await m.endFrame();
  assert.equal(m.status(loading), S.LOADING);
  assert.equal(m.cancel(loading), O.OK);
  assert.equal(m.status(loading), S.CANCELED);
  const ready = m.load("sfx.beep", "SOUNDS", 3).handle;
  await m.endFrame(); // the cancel freed the channel: START
  await m.endFrame(); // progress 100 of 128
  await m.endFrame(); // progress 128: READY
  assert.equal(m.status(ready), S.READY);
  assert.equal(m.cancel(ready), O.OK);
  for (const h of [pending, loading, ready]) {
    assert.equal(m.status(h), S.CANCELED);
    assert.equal(m.cancel(h), O.INVALID_STATE);
    assert.equal(m.commit(h), O.INVALID_STATE);
  }
  const t = m.telemetry().banks.SOUNDS;
  assert.equal(t.inflight_bytes, 0, "cancel returned every reservation");
  assert.equal(t.slots_occupied, 0, "nothing was installed");
  await m.close();
});

Deno.test("integrity failure: ERROR, nothing installed, reservation returned, ERROR is final", async () => {
  const bytes = samplePack();
  bytes[bytes.length - 1] ^= 0x40; // inside sfx.saw
  const m = await sampleManager({}, [], bytes);
  const h = m.load("sfx.saw", "SOUNDS", 4).handle;
  assert.equal(m.telemetry().banks.SOUNDS.inflight_bytes, 800);
  await m.endFrame();
  await m.endFrame();
  assert.equal(m.status(h), S.ERROR);
  assert.equal(m.loadError(h)?.code, "HASH_MISMATCH");
  assert.equal(m.sound(4), null);
  assert.equal(m.telemetry().banks.SOUNDS.inflight_bytes, 0);
  assert.equal(m.commit(h), O.INVALID_STATE);
  assert.equal(m.cancel(h), O.INVALID_STATE);
  // the other assets still load
  const ok = m.load("sfx.beep", "SOUNDS", 4).handle;
  await m.endFrame();
  await m.endFrame();
  assert.equal(m.commit(ok), O.OK);
  await m.close();
});

Deno.test("read error (file truncated under the reader): ERROR with READ_FAILED", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = samplePack();
    await Deno.writeFile(`${dir}/a.pa`, bytes);
    const reader = await PackReader.openFile(`${dir}/a.pa`);
    await Deno.truncate(`${dir}/a.pa`, bytes.length - 100);
    const m = await AssetManager.boot(reader.header, new InProcessBackend(reader));
    const h = m.load("sfx.saw", "SOUNDS", 0).handle;
    await m.endFrame();
    await m.endFrame();
    assert.equal(m.status(h), S.ERROR);
    assert.equal(m.loadError(h)?.code, "READ_FAILED");
    await m.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("commit is atomic: the old resident stays until commit, then is released", async () => {
  const m = await sampleManager({}, [{ asset_id: 3, slot: 2 }]); // tiles.a resident in TILES 2
  assert.equal(m.resident({ bank_type: "TILES", index: 2 })?.entry.asset_name, "tiles.a");
  const h = m.load("tiles.b", "TILES", 2).handle;
  let t = m.telemetry().banks.TILES;
  assert.deepEqual([t.used_bytes, t.inflight_bytes, t.free_bytes], [324, 454, t.total_bytes - 778]);
  for (let f = 0; f < 2; f++) {
    assert.equal(m.tiles(2)?.tileCount, 4, "old sheet still resident while loading");
    await m.endFrame();
  }
  assert.equal(m.status(h), S.READY);
  assert.equal(m.tiles(2)?.tileCount, 4, "old sheet still resident while READY");
  assert.equal(m.commit(h), O.OK);
  assert.equal(m.tiles(2)?.tileCount, 6);
  t = m.telemetry().banks.TILES;
  assert.deepEqual([t.used_bytes, t.inflight_bytes, t.slots_occupied], [454, 0, 1]);
  assert.equal(t.slots[2].asset_id, -5);
  // cancel leaves the slot alone
  const back = m.load("tiles.a", "TILES", 2).handle;
  await m.endFrame();
  await m.endFrame();
  assert.equal(m.cancel(back), O.OK);
  assert.equal(m.tiles(2)?.tileCount, 6);
  assert.equal(m.telemetry().banks.TILES.used_bytes, 454);
  await m.close();
});

Deno.test("handles: unknown, stale after reuse, and never 0", async () => {
  const m = await sampleManager({ maxLoads: 2 });
  for (const bad of [0n, 1n, -1n, 1n << 64n, (5n << 32n) | 0n, (1n << 32n) | 7n]) {
    assert.equal(m.status(bad), S.UNKNOWN_HANDLE);
    assert.equal(m.commit(bad), O.UNKNOWN_HANDLE);
    assert.equal(m.cancel(bad), O.UNKNOWN_HANDLE);
    assert.equal(m.handleKind(bad), "unknown");
  }
  const a = m.load("sfx.beep", "SOUNDS", 0).handle;
  const b = m.load("sfx.beep", "SOUNDS", 1).handle;
  assert.equal(m.cancel(b), O.OK); // b finishes first…
  assert.equal(m.cancel(a), O.OK); // …then a
  const c = m.load("sfx.beep", "SOUNDS", 2).handle; // reuses b's index (finished first)
  assert.equal(c & 0xffff_ffffn, b & 0xffff_ffffn);
  assert.equal(c >> 32n, (b >> 32n) + 1n);
  assert.equal(m.handleKind(b), "stale");
  assert.equal(m.status(b), S.UNKNOWN_HANDLE);
  assert.equal(m.commit(b), O.UNKNOWN_HANDLE);
  assert.equal(m.cancel(b), O.UNKNOWN_HANDLE);
  assert.equal(m.handleKind(a), "live");
  assert.equal(m.status(a), S.CANCELED, "a finished later, so it is still queryable");
  assert.equal(m.handleKind(c), "live");
  await m.close();
});

Deno.test("endFrame refuses re-entry and syscalls while it waits for the backend", async () => {
  const reader = await PackReader.openBytes(samplePack());
  const m = new AssetManager(reader.header, new SlowBackend(new InProcessBackend(reader), 3));
  m.load("sfx.beep", "SOUNDS", 0);
  await m.endFrame();
  const boundary = m.endFrame(); // waits for the slow backend
  assert.throws(() => m.load("sfx.beep", "SOUNDS", 1), AssetsUsageError);
  await assert.rejects(m.endFrame(), AssetsUsageError);
  await boundary;
  assert.equal(m.load("sfx.beep", "SOUNDS", 1).status, L.OK);
  await m.close();
});

Deno.test("telemetry: total, used, free and in-flight bytes, occupancy, resident ids", async () => {
  const m = await sampleManager({}, [{ asset_id: 7, slot: 0 }, { asset_id: 20, slot: 9 }]);
  m.load("sfx.beep", "SOUNDS", 1);
  const t = m.telemetry();
  assert.equal(t.frame, 0);
  assert.deepEqual(t.loads, { pending: 1, loading: 0, ready: 0 });
  const s = t.banks.SOUNDS;
  assert.equal(s.total_bytes, 16 * 1024 * 1024);
  assert.equal(s.used_bytes, 128 + 800);
  assert.equal(s.inflight_bytes, 128);
  assert.equal(s.free_bytes, s.total_bytes - 928 - 128);
  assert.equal(s.slot_count, 64);
  assert.equal(s.slots_occupied, 2);
  assert.deepEqual(s.slots.filter((x) => x.asset_id !== null), [
    { index: 0, asset_id: 7, bytes: 128 },
    { index: 9, asset_id: 20, bytes: 800 },
  ]);
  assert.equal(t.banks.TILES.slots_occupied, 0);
  await m.close();
});
