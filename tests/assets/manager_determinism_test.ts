/**
 * What a guest observes (statuses per frame, results of every call, telemetry) must not depend
 * on how fast the backend really is: a seeded random script runs against a fast backend and two
 * slow ones with different real delays, and the observation logs must be identical.
 */
import assert from "node:assert/strict";
import { InProcessBackend, type LoaderBackend, PackReader } from "../../assets/mod.ts";
import { SlowBackend } from "./manager_helpers.ts";
import { runScript, scriptPack } from "./script.ts";

async function run(seed: number, wrap: (b: LoaderBackend) => LoaderBackend): Promise<string> {
  const reader = await PackReader.openBytes(scriptPack());
  return await runScript(seed, reader.header, wrap(new InProcessBackend(reader)));
}

Deno.test("guest-visible behaviour follows virtual time, not the backend's real speed", async () => {
  for (const seed of [1, 2, 3]) {
    const fast = await run(seed, (b) => b);
    const slow = await run(seed, (b) => new SlowBackend(b, 11));
    const slower = await run(seed, (b) => new SlowBackend(b, 29));
    assert.equal(slow, fast, `seed ${seed}: slow backend changed what the guest sees`);
    assert.equal(slower, fast, `seed ${seed}`);
    // the script exercised the interesting paths
    for (const needle of ["load 0 ", "load 3 ", "commit 0", "cancel 0", "commit 2"]) {
      assert.ok(fast.includes(needle), `seed ${seed}: script never produced "${needle}"`);
    }
    assert.match(fast, /f\d+ [0-6]*5/, "some load ended in ERROR");
  }
});
