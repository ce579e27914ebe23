import assert from "node:assert/strict";
import {
  AssetManager,
  InProcessBackend,
  LIFECYCLE_STATUS as S,
  PackReader,
  type PreloadEntry,
  PreloadError,
} from "../../assets/mod.ts";
import { sampleManager } from "./manager_helpers.ts";
import { samplePack } from "./sample_pack.ts";

async function bootFails(
  preload: PreloadEntry[],
  code: string,
  entryIndex: number,
  message: RegExp,
  bytes?: Uint8Array,
  banks?: {
    TILES: { slots: number; budgetBytes: number };
    SOUNDS: { slots: number; budgetBytes: number };
  },
) {
  await assert.rejects(sampleManager({ banks }, preload, bytes), (e: unknown) => {
    assert.ok(e instanceof PreloadError, `expected PreloadError, got ${e}`);
    assert.equal(e.code, code);
    assert.equal(e.entryIndex, entryIndex);
    assert.match(e.message, message);
    return true;
  });
}

Deno.test("preload: valid entries are resident and committed before the first frame", async () => {
  const m = await sampleManager({}, [{ asset_id: 3, slot: 0 }, { asset_id: -5, slot: 15 }, {
    asset_id: 20,
    slot: 0,
  }]);
  assert.equal(m.frame, 0);
  assert.equal(m.tiles(0)?.tileCount, 4);
  assert.equal(m.tiles(15)?.tileCount, 6);
  assert.equal(m.sound(0)?.frameCount, 400);
  const t = m.telemetry();
  assert.deepEqual(t.loads, { pending: 0, loading: 0, ready: 0 });
  assert.equal(t.banks.TILES.used_bytes, 324 + 454);
  assert.equal(t.banks.TILES.inflight_bytes, 0);
  assert.equal(t.banks.SOUNDS.slots[0].asset_id, 20);
  await m.close();
});

Deno.test("preload: unknown id, slot clash, bad slot and budget abort boot naming the entry", async () => {
  await bootFails(
    [{ asset_id: 3, slot: 0 }, { asset_id: 99, slot: 1 }],
    "PRELOAD_UNKNOWN_ASSET",
    1,
    /preload\[1\] \{asset_id: 99, slot: 1\}: no asset with id 99/,
  );
  await bootFails(
    [{ asset_id: 3, slot: 4 }, { asset_id: 7, slot: 4 }, { asset_id: -5, slot: 4 }],
    "PRELOAD_SLOT_CLASH",
    2,
    /preload\[2\].*TILES slot 4 is already taken by preload\[0\]/,
  );
  await bootFails(
    [{ asset_id: 7, slot: 64 }],
    "PRELOAD_SLOT_INVALID",
    0,
    /SOUNDS has slots 0\.\.63/,
  );
  await bootFails(
    [{ asset_id: 3, slot: 0 }, { asset_id: -5, slot: 1 }],
    "PRELOAD_OVER_BUDGET",
    1,
    /TILES preload needs 778 bytes, budget is 500/,
    undefined,
    { TILES: { slots: 2, budgetBytes: 500 }, SOUNDS: { slots: 2, budgetBytes: 500 } },
  );
});

Deno.test("preload: a corrupt asset aborts boot with PRELOAD_LOAD_FAILED and installs nothing", async () => {
  const bytes = samplePack();
  bytes[bytes.length - 1] ^= 1; // sfx.saw
  const reader = await PackReader.openBytes(bytes);
  const header = {
    ...reader.header,
    preload: [{ asset_id: 3, slot: 0 }, { asset_id: 20, slot: 1 }],
  };
  const m = new AssetManager(header, new InProcessBackend(reader));
  await assert.rejects(m.preload(), (e: unknown) => {
    assert.ok(e instanceof PreloadError);
    assert.equal(e.code, "PRELOAD_LOAD_FAILED");
    assert.equal(e.entryIndex, 1);
    assert.match(e.message, /preload\[1\] \{asset_id: 20, slot: 1\}: HASH_MISMATCH/);
    return true;
  });
  assert.equal(m.tiles(0), null, "the valid entry was not installed either");
  assert.equal(m.telemetry().banks.TILES.used_bytes, 0);
  await m.close();
});

Deno.test("preload runs once, before any load", async () => {
  const m = await sampleManager();
  await assert.rejects(m.preload(), { code: "PRELOAD_LATE" });
  const fresh = new AssetManager((await PackReader.openBytes(samplePack())).header, m.backend);
  fresh.load("sfx.beep", "SOUNDS", 0);
  await assert.rejects(fresh.preload(), { code: "PRELOAD_LATE" });
  assert.equal(fresh.status(fresh.load("sfx.beep", "SOUNDS", 1).handle), S.PENDING);
  await m.close();
});
