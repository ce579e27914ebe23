/**
 * The demo cartridges (console/examples/{game,streaming,stress}): their generated asset sources
 * are what the generator writes; each, built from sources and played with its recorded input,
 * gives the same hash after every frame twice (once on the main thread, once in a Worker) and
 * does what its sources say; the README's picture of each is exactly its last frame.
 * @module
 */

import assert from "node:assert/strict";
import { decode as decodePng } from "fast-png";
import { consoleRegistry, identityKey, rgb565ToRgb888 } from "../../console/mod.ts";
import { generateDemoAssets } from "../../console/examples/generate.ts";
import { demoFolder, type DemoName, type DemoRun, runDemo } from "../../console/examples/demos.ts";
import { PICTURE_SCALE, picturePath } from "../../console/examples/pictures.ts";
import { assembleCartridge } from "../../console/mod.ts";

Deno.test("demo assets: the committed sources are what generate.ts writes", async () => {
  for (const [demo, files] of Object.entries(generateDemoAssets())) {
    const dir = `${demoFolder(demo as DemoName)}assets`;
    const committed = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(committed, files.map((f) => f.name).sort(), demo);
    for (const f of files) {
      assert.deepEqual(await Deno.readFile(`${dir}/${f.name}`), f.bytes, `${demo}/${f.name}`);
    }
  }
});

/** Plays the demo twice (main thread, then a Worker): the same hash after every frame. */
async function twice(name: DemoName): Promise<DemoRun> {
  const a = await runDemo(name, { mode: "inprocess" });
  const b = await runDemo(name, { mode: "workers" });
  assert.equal(a.status.exit?.kind, "halt", JSON.stringify(a.status.exit));
  assert.equal(b.perFrame.length, a.perFrame.length);
  for (let i = 0; i < a.perFrame.length; i++) {
    assert.equal(b.perFrame[i], a.perFrame[i], `${name}: frame ${i} differs`);
  }
  assert.deepEqual(b.logs, a.logs);
  assert.deepEqual(b.last, a.last);
  return a;
}

/** The committed README picture is this run's last frame, pixel for pixel. */
async function pictureIsLastFrame(name: DemoName, run: DemoRun): Promise<void> {
  assert.ok(run.last !== null, `${name}: no last frame`);
  const img = decodePng(await Deno.readFile(picturePath(name)));
  assert.deepEqual([img.width, img.height], [320 * PICTURE_SCALE, 180 * PICTURE_SCALE]);
  for (let y = 0; y < 180; y++) {
    for (let x = 0; x < 320; x++) {
      const o = (y * PICTURE_SCALE * img.width + x * PICTURE_SCALE) * img.channels;
      const got = [img.data[o], img.data[o + 1], img.data[o + 2]].map(Number);
      const want = rgb565ToRgb888(run.last[y * 320 + x]);
      if (got[0] !== want[0] || got[1] !== want[1] || got[2] !== want[2]) {
        assert.fail(
          `${
            picturePath(name)
          } (${x}, ${y}) is ${got}, the last frame has ${want}: run console/examples/pictures.ts`,
        );
      }
    }
  }
}

Deno.test("demo game: replays identically; a game, a game over, the save; the picture", async () => {
  const run = await twice("game");
  const logs = run.logs.join("\n");
  assert.match(logs, /^\d+ orchard: game starts/m);
  const over = logs.match(/^\d+ orchard: game over, score (\d+)$/m);
  assert.ok(over !== null && Number(over[1]) >= 20, logs);
  assert.match(logs, /orchard: saved and quit, commit status 0$/m);
  assert.ok(run.status.telemetry["memcard.committed"] >= 1);
  await pictureIsLastFrame("game", run);
});

Deno.test("demo streaming: replays identically; loads committed, canceled, refused; the picture", async () => {
  const run = await twice("streaming");
  const logs = run.logs.join("\n");
  for (const st of ["PENDING", "LOADING", "READY", "COMMITTED", "CANCELED"]) {
    assert.match(logs, new RegExp(`pic\\.\\d: ${st} at frame`), st);
  }
  assert.match(logs, /pic\.missing: NOT FOUND at frame/);
  assert.match(logs, /sfx\.chime\d: COMMITTED at frame/);
  assert.match(logs, /streaming: done, pictures shown [5-9]/);
  await pictureIsLastFrame("streaming", run);
});

Deno.test("demo stress: every syscall imported, 512 sprites and 8 refused, overruns; the picture", async () => {
  const source = await Deno.readTextFile(`${demoFolder("stress")}program.pasm`);
  const imported = assembleCartridge(source).program.imports.map(identityKey).sort();
  assert.deepEqual(imported, consoleRegistry().all().map(identityKey).sort());
  const run = await twice("stress");
  assert.equal(run.status.overruns, 7); // one every 180 frames, from frame 90
  assert.equal(run.status.telemetry["gfx.sprites"], 512);
  assert.ok(run.status.telemetry["gfx.sprites_refused"] >= 8 * 1000);
  assert.match(run.logs.join("\n"), /SPRITES 0512 {2}REFUSED 0008/);
  await pictureIsLastFrame("stress", run);
});
