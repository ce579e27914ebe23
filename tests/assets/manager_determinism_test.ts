/**
 * What a guest observes (statuses per frame, results of every call, telemetry) must not depend
 * on how fast the backend really is: a seeded random script runs against a fast backend and two
 * slow ones with different real delays, and the observation logs must be identical.
 */
import assert from "node:assert/strict";
import {
  AssetManager,
  BANK_TYPES,
  contentHash,
  type Handle,
  InProcessBackend,
  type LoaderBackend,
  PackReader,
} from "../../assets/mod.ts";
import { SlowBackend } from "./manager_helpers.ts";
import { Prng } from "./prng.ts";
import { samplePack } from "./sample_pack.ts";

const NAMES = ["tiles.a", "tiles.b", "sfx.beep", "sfx.saw", "missing"];

async function runScript(seed: number, wrap: (b: LoaderBackend) => LoaderBackend): Promise<string> {
  const bytes = samplePack();
  bytes[bytes.length - 3] ^= 2; // sfx.saw is corrupt: its loads end in ERROR
  const reader = await PackReader.openBytes(bytes);
  const m = new AssetManager(reader.header, wrap(new InProcessBackend(reader)), {
    bytesPerFrame: 300,
    maxLoads: 12,
    banks: { TILES: { slots: 3, budgetBytes: 2000 }, SOUNDS: { slots: 3, budgetBytes: 2000 } },
  });
  const r = new Prng(seed);
  const handles: Handle[] = [0n];
  const log: string[] = [];
  for (let frame = 0; frame < 120; frame++) {
    for (let n = r.int(4); n > 0; n--) {
      const op = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][r.int(10)];
      if (op === 0) {
        const name = r.pick(NAMES);
        const kind = r.int(4) === 0
          ? r.pick([0, 1, 2, ...BANK_TYPES])
          : name.startsWith("tiles")
          ? "TILES"
          : "SOUNDS";
        const res = m.load(name, kind, r.int(4));
        handles.push(res.handle);
        log.push(`load ${res.status} ${res.handle}`);
      } else if (op === 1) {
        const ready = handles.filter((h) => m.status(h) === 2);
        log.push(
          `commit ${m.commit(ready.length > 0 && r.int(4) > 0 ? r.pick(ready) : r.pick(handles))}`,
        );
      } else if (op === 2) {
        const live = handles.filter((h) => m.status(h) <= 2);
        log.push(
          `cancel ${m.cancel(live.length > 0 && r.int(3) === 0 ? r.pick(live) : r.pick(handles))}`,
        );
      }
    }
    await m.endFrame();
    log.push(
      `f${m.frame} ${handles.map((h) => m.status(h)).join("")} ${JSON.stringify(m.telemetry())}`,
    );
    const sheet = m.tiles(0);
    if (sheet) log.push(`tiles0 ${contentHash(sheet.pixels)}`);
  }
  await m.close();
  return log.join("\n");
}

Deno.test("guest-visible behaviour follows virtual time, not the backend's real speed", async () => {
  for (const seed of [1, 2, 3]) {
    const fast = await runScript(seed, (b) => b);
    const slow = await runScript(seed, (b) => new SlowBackend(b, 11));
    const slower = await runScript(seed, (b) => new SlowBackend(b, 29));
    assert.equal(slow, fast, `seed ${seed}: slow backend changed what the guest sees`);
    assert.equal(slower, fast, `seed ${seed}`);
    // the script exercised the interesting paths
    for (const needle of ["load 0 ", "load 3 ", "commit 0", "cancel 0", "commit 2"]) {
      assert.ok(fast.includes(needle), `seed ${seed}: script never produced "${needle}"`);
    }
    assert.match(fast, /f\d+ [0-6]*5/, "some load ended in ERROR");
  }
});
