import assert from "node:assert/strict";
import {
  ActorLoaderBackend,
  AssetManager,
  InProcessBackend,
  LIFECYCLE_STATUS as S,
  LOAD_STATUS as L,
  loaderBehaviour,
  loadResident,
  OP_STATUS as O,
  openAssetManager,
  packBytes,
  packFolderToFile,
  PackReader,
  PreloadError,
} from "../../assets/mod.ts";
import { sampleInputs } from "./sample_pack.ts";
import { runScript, scriptPack } from "./script.ts";

const DEMO = new URL("../../assets/examples/demo", import.meta.url).pathname;

async function withFile<T>(
  bytes: Uint8Array | null,
  fn: (path: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "assets-actor-" });
  try {
    const path = `${dir}/assets.pa`;
    if (bytes) await Deno.writeFile(path, bytes);
    return await fn(path, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loader actor: a Worker with read access to the pack only", () => {
  const ref = loaderBehaviour("/data/cart/assets.pa");
  assert.equal(ref.id, "assets/loader");
  assert.deepEqual(ref.permissions, { read: ["/data/cart/assets.pa"] });
  assert.match(ref.url, /assets\/manager\/loader_actor\.ts$/);
});

Deno.test("loader actor: preload and loads of every demo asset match the in-process loader", async () => {
  await withFile(null, async (path) => {
    await packFolderToFile(DEMO, path);
    const backend = await ActorLoaderBackend.spawn(path, { system: { workers: 1 } });
    const m = await AssetManager.boot(backend.header, backend);
    assert.equal(m.tiles(0)?.tileCount, 16, "preloaded font");
    assert.equal(m.sound(0)?.frameCount, 1103, "preloaded beep");
    const reference = await PackReader.openFile(path);
    let slot = 1;
    for (const e of reference.header.asset_table) {
      const { status, handle } = m.load(e.asset_name, e.bank_type, slot);
      assert.equal(status, L.OK);
      while (m.status(handle) < S.READY) await m.endFrame();
      assert.equal(m.commit(handle), O.OK, e.asset_name);
      const expected = await loadResident(reference, e);
      const got = m.resident({ bank_type: e.bank_type, index: slot })!.data;
      assert.deepEqual(got, expected, `${e.asset_name} (${e.codec}) through the actor`);
      slot++;
    }
    reference.close();
    await m.close();
    assert.equal(backend.available, false);
  });
});

Deno.test("loader actor: the guest script observes exactly what it observes in-process", async () => {
  await withFile(scriptPack(), async (path) => {
    const reader = await PackReader.openFile(path);
    const inProcess = await runScript(5, reader.header, new InProcessBackend(reader));
    const a = await ActorLoaderBackend.spawn(path, { system: { workers: 1 } });
    const viaActor = await runScript(5, a.header, a);
    const b = await ActorLoaderBackend.spawn(path, {
      system: { workers: 1, jitter: { seed: 9, maxMs: 3 } },
    });
    const viaJitteryActor = await runScript(5, b.header, b);
    assert.equal(viaActor, inProcess);
    assert.equal(viaJitteryActor, inProcess);
    assert.match(inProcess, /f\d+ [0-6]*5/, "the script saw an integrity failure");
    assert.equal(
      a.system.traceHash,
      b.system.traceHash,
      "actor trace does not depend on real timing",
    );
    assert.ok(a.system.round > 10, "loads went through many scheduler rounds");
  });
});

Deno.test("loader actor: integrity failure is ERROR with the reader's code", async () => {
  const bytes = scriptPack();
  await withFile(bytes, async (path) => {
    const backend = await ActorLoaderBackend.spawn(path, { system: { mode: "inprocess" } });
    const m = new AssetManager(backend.header, backend);
    const h = m.load("sfx.saw", "SOUNDS", 0).handle;
    await m.endFrame();
    await m.endFrame();
    assert.equal(m.status(h), S.ERROR);
    assert.equal(m.loadError(h)?.code, "HASH_MISMATCH");
    await m.close();
  });
});

Deno.test("loader actor: once the actor is stopped, loads fail visibly, never hang", async () => {
  await withFile(scriptPack(), async (path) => {
    const backend = await ActorLoaderBackend.spawn(path, { system: { mode: "inprocess" } });
    const m = new AssetManager(backend.header, backend);
    const h = m.load("sfx.beep", "SOUNDS", 0).handle; // queued, not yet sent
    await backend.system.stop(backend.name);
    await m.endFrame(); // sends: refused (ACTOR_STOPPED); START
    await m.endFrame();
    assert.equal(m.status(h), S.ERROR);
    assert.equal(m.loadError(h)?.code, "BACKEND_FAILED");
    assert.equal(backend.available, false);
    assert.deepEqual(m.load("sfx.beep", "SOUNDS", 1), { status: L.BACKEND_ERROR, handle: 0n });
    await m.close();
  });
});

Deno.test("loader actor: a bad file is refused before any Worker starts", async () => {
  await withFile(new Uint8Array(64), async (path) => {
    await assert.rejects(ActorLoaderBackend.spawn(path), { code: "BAD_MAGIC" });
  });
});

Deno.test("openAssetManager: actor loader by default, in-process on request, same result", async () => {
  await withFile(null, async (path) => {
    await packFolderToFile(DEMO, path);
    for (const loader of ["actor", "in-process"] as const) {
      const m = await openAssetManager(path, { loader });
      assert.equal(
        m.backend.constructor.name,
        loader === "actor" ? "ActorLoaderBackend" : "InProcessBackend",
      );
      assert.equal(m.tiles(0)?.tileCount, 16);
      const { handle } = m.load("tiles.sprites", 0, 1);
      await m.endFrame();
      await m.endFrame();
      assert.equal(m.commit(handle), O.OK);
      assert.equal(m.tiles(1)?.tileSize, 32);
      await m.close();
    }
  });
});

Deno.test("openAssetManager: a bad preload aborts boot and stops the loader", async () => {
  await withFile(
    packBytes(sampleInputs(), [{ asset_id: 3, slot: 0 }, { asset_id: 99, slot: 1 }]),
    async (path) => {
      for (const loader of ["actor", "in-process"] as const) {
        await assert.rejects(openAssetManager(path, { loader }), (e: unknown) => {
          assert.ok(e instanceof PreloadError);
          assert.equal(e.code, "PRELOAD_UNKNOWN_ASSET");
          assert.equal(e.entryIndex, 1);
          return true;
        });
      }
    },
  );
});
