/**
 * `--serve` in a real browser: headless Chromium (Debian's package; CI installs it) loads the
 * page of a test cartridge whose screen colour says which buttons are held, and the test drives
 * it through the DevTools protocol — keys, the mouse as the touch pointer, the sound, the
 * lifecycle shown after a trap, restart — checking the canvas pixels the cartridge must draw.
 * Then it records a session with the page's Record button and replays the downloaded script
 * with the console: same frame hash. Skips (with a message) where chromium is absent.
 * @module
 */

import assert from "node:assert/strict";
import { encodeSound, packBytes } from "../../assets/mod.ts";
import {
  assembleCartridge,
  Console,
  encodeManifest,
  InputScript,
  loadCartridge,
} from "../../console/mod.ts";
import { startServer } from "../../console/serve/mod.ts";
import { type CdpPage, hasChromium, openBrowser } from "./cdp.ts";
import { manifest, writeCart } from "./cart_helpers.ts";

const chromium = await hasChromium();
if (!chromium) {
  console.log(
    "serve_browser_test: skipping: chromium is not installed (CI installs it: .ci/setup.d/chromium.sh)",
  );
}

/** Blue when idle, red while RIGHT is held, green while A is; A starts a tone; B traps. */
const PROGRAM = `
.import system.frame_sync@1
.import input.pad_masks@1
.import input.touch@1
.import gfx.clear@1
.import gfx.fill_rect@1
.import gfx.present@1
.import audio.play@1
.code
.jump_table main
main:
    ecalli input.pad_masks
    move_reg s0, a0
    move_reg s1, a1
    load_imm a0, 0x001f
    and_imm t0, s0, 8
    branch_eq_imm t0, 0, not_right
    load_imm a0, 0xf800
    fallthrough
not_right:
    and_imm t0, s0, 16
    branch_eq_imm t0, 0, not_a
    load_imm a0, 0x07e0
    fallthrough
not_a:
    ecalli gfx.clear
    and_imm t0, s1, 16
    branch_eq_imm t0, 0, no_tone
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 200
    load_imm a3, 128
    load_imm a4, 256
    load_imm a5, 0
    ecalli audio.play
    fallthrough
no_tone:
    and_imm t0, s1, 32
    branch_eq_imm t0, 0, no_trap
    trap
no_trap:
    ecalli input.touch
    branch_eq_imm a0, 0, no_touch
    add_imm_64 a0, a4, -4
    add_imm_64 a1, a5, -4
    load_imm a2, 8
    load_imm a3, 8
    load_imm a4, 0xffff
    ecalli gfx.fill_rect
    fallthrough
no_touch:
    ecalli gfx.present
    ecalli system.frame_sync
    jump main
`;

async function writeTestCart(dir: string): Promise<string> {
  const tone = Int16Array.from({ length: 4800 }, (_, i) => ((i % 100) - 50) * 300);
  const assets = packBytes([{
    asset_id: 1,
    asset_name: "sfx.tone",
    bank_type: "SOUNDS",
    codec: "NONE",
    decoded: encodeSound(tone),
    metadata: { sample_rate: 48_000, frame_count: tone.length, loop_start: 0, loop_end: 4800 },
  }], [{ asset_id: 1, slot: 0 }]);
  return await writeCart(dir, {
    manifest: encodeManifest(manifest(["gfx", "audio", "asset"])),
    program: assembleCartridge(PROGRAM).bytes,
    assets,
  });
}

const BLUE = [0, 0, 255];
const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const WHITE = [255, 255, 255];

/** Waits until canvas pixel (x, y) is `rgb`. */
async function pixelBecomes(page: CdpPage, x: number, y: number, rgb: number[], what: string) {
  await page.waitFor(`JSON.stringify(pvm.pixel(${x}, ${y})) === '${JSON.stringify(rgb)}'`, what);
}

const keys = {
  right: ["ArrowRight", "ArrowRight", 39],
  a: ["KeyZ", "z", 90],
  b: ["KeyX", "x", 88],
} as const;

async function hold(page: CdpPage, k: keyof typeof keys, down: boolean) {
  const [code, key, kc] = keys[k];
  await page.key(down ? "keyDown" : "keyUp", code, key, kc);
}

Deno.test({
  name:
    "serve: Chromium shows the frames, sends keys and touch, plays sound, records a replayable session",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const tmp = await Deno.makeTempDir();
    const cart = await loadCartridge(await writeTestCart(`${tmp}/cart`));
    const server = await startServer({ cartridge: cart, port: 0, memcard: "memory" });
    const browser = await openBrowser(server.url);
    const page = browser.page;
    try {
      // The page connects and draws frames: idle is blue, the lifecycle and telemetry show.
      await page.waitFor("pvm.connected && pvm.frames > 10", "frames on the canvas");
      await pixelBecomes(page, 160, 90, BLUE, "idle: blue");
      const state = await page.waitFor<string>(
        "['yielded','running','resumed'].includes(document.getElementById('state').textContent) && document.getElementById('state').textContent",
        "the lifecycle state",
      );
      assert.ok(state.length > 0);
      assert.match(
        await page.evaluate<string>("document.getElementById('gas').textContent"),
        /^\d+$/,
      );
      // Keys: RIGHT held → red; released → blue; A held → green, and its tone is heard.
      await hold(page, "right", true);
      await pixelBecomes(page, 160, 90, RED, "RIGHT held: red");
      await hold(page, "right", false);
      await pixelBecomes(page, 160, 90, BLUE, "released: blue");
      const chunks = await page.evaluate<number>("pvm.audioChunks");
      await hold(page, "a", true);
      await pixelBecomes(page, 5, 5, GREEN, "A held: green");
      await hold(page, "a", false);
      await page.waitFor(
        "pvm.status && pvm.status.telemetry['audio.voices'] === 1",
        "the tone on a voice",
      );
      await page.waitFor(`pvm.audioChunks > ${chunks + 5}`, "audio scheduled through WebAudio");
      // The mouse is the touch pointer: a white square where it is pressed.
      const box = await page.evaluate<{ x: number; y: number; w: number; h: number }>(
        "(() => { const r = document.getElementById('screen').getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; })()",
      );
      const px = box.x + ((100 + 0.5) * box.w) / 320;
      const py = box.y + ((50 + 0.5) * box.h) / 180;
      await page.mouse("mousePressed", px, py);
      await pixelBecomes(page, 100, 50, WHITE, "touch: a white square at (100, 50)");
      await page.mouse("mouseReleased", px, py);
      await pixelBecomes(page, 100, 50, BLUE, "touch released");
      // B makes the cartridge trap: the page shows the lifecycle state and the TrapInfo.
      await hold(page, "b", true);
      await page.waitFor("document.getElementById('state').textContent === 'trapped'", "trapped");
      await hold(page, "b", false);
      assert.match(
        await page.waitFor<string>(
          "document.getElementById('exit').textContent.startsWith('TRAP') && document.getElementById('exit').textContent",
          "the TrapInfo",
        ),
        /^TRAP VM_PANIC at pc \d+ \(trap\)/,
      );
      // Record: the session restarts at frame 0; keys pressed now are recorded with their
      // frames; Stop gives the script, the frame count and the hash to expect.
      await page.evaluate("document.getElementById('record').click()");
      await page.waitFor(
        "document.getElementById('record').textContent.includes('Stop') && pvm.frames > 20",
        "a new recording session",
      );
      await hold(page, "right", true);
      await pixelBecomes(page, 160, 90, RED, "recorded RIGHT");
      await hold(page, "right", false);
      await hold(page, "a", true);
      await pixelBecomes(page, 160, 90, GREEN, "recorded A");
      await hold(page, "a", false);
      await pixelBecomes(page, 160, 90, BLUE, "recorded release");
      await page.evaluate("document.getElementById('record').click()");
      const rec = await page.waitFor<{ script: string; frames: number; hash: string }>(
        "pvm.recording",
        "the recording",
      );
      assert.ok(rec.frames > 20);
      const script = InputScript.parse(rec.script);
      assert.ok(script.entries.length >= 4, rec.script); // idle, right, a, released
      assert.ok(script.entries.some((e) => e.input.pad === 8));
      // Replaying the downloaded script reproduces the session exactly.
      const con = await Console.start({ cartridges: [cart], mode: "inprocess", input: script });
      try {
        while (con.frame < rec.frames) await con.step();
        assert.equal(con.instances[0].hash, rec.hash);
      } finally {
        await con.shutdown();
      }
      // Restart gives a running session again.
      await page.evaluate("document.getElementById('restart').click()");
      await page.waitFor(
        "pvm.status && pvm.status.exit === null && pvm.frames > 5",
        "a restarted session",
      );
    } finally {
      await browser.close();
      await server.stop();
      await cart.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
