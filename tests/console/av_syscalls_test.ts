/**
 * The gfx, composer and audio syscalls observed from real guest code (call scripts): every
 * documented status of every call, the pixels and samples they produce checked against values
 * computed here from the documented definitions (not from the cores), every trap cause with its
 * TrapInfo, the framebuffer and audio in the frame hash and the output streams. The last step
 * checks that every status the registry documents for these modules was seen.
 * @module
 */

import assert from "node:assert/strict";
import { encodeSound, encodeTiles, packBytes, type PackInput } from "../../assets/mod.ts";
import {
  AUDIO_STATUS,
  type AudioDevice,
  consoleRegistry,
  frameBytes,
  GENERAL_TRAPS,
  GFX_STATUS,
  type GfxDevice,
  identityKey,
  spriteAttrs,
} from "../../console/mod.ts";
import {
  type Arg,
  AV_IMPORTS,
  AV_MODULES,
  runScript,
  type ScriptOptions,
  type ScriptRun,
  type Step,
} from "./cart_helpers.ts";
import { assertFrame, expectedFrame, H, W } from "./gfx_helpers.ts";
import { Prng } from "../_util/prng.ts";

// --- the test pack: an 8×8 sheet with 2 palettes, a 48 kHz ramp ----------------------------

const TILES = 4;
/** Colour index of pixel (c, r) of tile t (0 = the colour key). */
const indexOf = (t: number, c: number, r: number) => (t * 3 + c + 2 * r) % 16;
/** Colour i of palette p. */
const colourOf = (p: number, i: number) => (p * 0x4000 + i * 0x0111 + 1) & 0xffff;
/** Palette each tile was packed against. */
const TILE_PALETTES = [0, 1, 0, 1];
const RAMP = Int16Array.from({ length: 2000 }, (_, i) => i * 10 - 10000);

function sheetBytes(): Uint8Array {
  const pixels = new Uint8Array(TILES * 64);
  for (let t = 0; t < TILES; t++) {
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) pixels[t * 64 + r * 8 + c] = indexOf(t, c, r);
    }
  }
  const palettes = Uint16Array.from({ length: 32 }, (_, k) => colourOf(k >> 4, k & 15));
  return encodeTiles({
    tileSize: 8,
    pixels,
    palettes,
    tilePalettes: Uint8Array.from(TILE_PALETTES),
  });
}

function avPack(): Uint8Array {
  const inputs: PackInput[] = [
    {
      asset_id: 1,
      asset_name: "tiles.t8",
      bank_type: "TILES",
      codec: "NONE",
      decoded: sheetBytes(),
      metadata: { tile_size: 8, tile_count: TILES, palette_count: 2, transparent: true },
    },
    {
      asset_id: 10,
      asset_name: "sfx.ramp",
      bank_type: "SOUNDS",
      codec: "NONE",
      decoded: encodeSound(RAMP),
      metadata: { sample_rate: 48_000, frame_count: RAMP.length },
    },
  ];
  return packBytes(inputs, [{ asset_id: 1, slot: 0 }, { asset_id: 10, slot: 2 }]);
}

const PACK = avPack();
const OPTIONS: ScriptOptions = {
  capabilities: ["gfx", "audio", "asset"],
  imports: AV_IMPORTS,
  assets: PACK,
};

/** Where a tile drawn at (x, y) with palette p and flips puts colour; null = not drawn. */
function tilePixel(
  t: number,
  p: number,
  x: number,
  y: number,
  fx: boolean,
  fy: boolean,
  px: number,
  py: number,
): number | null {
  const c = px - x;
  const r = py - y;
  if (c < 0 || c >= 8 || r < 0 || r >= 8) return null;
  const idx = indexOf(t, fx ? 7 - c : c, fy ? 7 - r : r);
  return idx === 0 ? null : colourOf(p, idx);
}

// --- status bookkeeping ------------------------------------------------------------------------

const seen = new Set<string>();

async function run(steps: Step[], o: ScriptOptions = {}) {
  const r = await runScript(steps, { ...OPTIONS, ...o });
  assert.equal(r.inst.exit?.kind, "halt", `script ended ${JSON.stringify(r.inst.exit)}`);
  steps.forEach((s, i) => {
    const [module, name] = String(s.call).split(".");
    const spec = consoleRegistry().get({ module, name, version: 1 });
    if (spec?.statuses) seen.add(`${s.call}@1:${r.results[i][0]}`);
  });
  return r;
}

const gfxOf = (r: ScriptRun) => r.inst.device<GfxDevice>("gfx")!;

const U64 = (v: number) => BigInt.asUintN(64, BigInt(v));

Deno.test("gfx / composer / audio syscalls", async (t) => {
  await t.step("gfx primitives and blit_tile: statuses and pixels", async () => {
    const steps: Step[] = [
      { call: "gfx.clear", args: [0x0841] }, // 0
      { call: "gfx.fill_rect", args: [10, 20, 5, 3, 0xf800] }, // 1
      { call: "gfx.fill_rect", args: [U64(-3), 175, 6, 100, 0x07e0] }, // 2 clipped left/bottom
      { call: "gfx.blit_tile", args: [0, 1, 0, 100, 50, 0] }, // 3 OK
      { call: "gfx.blit_tile", args: [0, 2, 1, U64(-4), 176, 3] }, // 4 OK, flipped, clipped
      { call: "gfx.blit_tile", args: [3, 0, 0, 0, 0, 0] }, // 5 SLOT_EMPTY
      { call: "gfx.blit_tile", args: [0, TILES, 0, 0, 0, 0] }, // 6 TILE_OUT_OF_RANGE
      { call: "gfx.blit_tile", args: [0, 0, 2, 0, 0, 0] }, // 7 PALETTE_OUT_OF_RANGE
      { call: "gfx.blit_tile", args: [0, 3, 0xffff, 200, 10, 1] }, // 8 OK, own palette, flip x
      { call: "gfx.draw_line", args: [0, 100, 9, 100, 0xffff] }, // 9
      { call: "gfx.present", sync: true }, // 10
      { call: "gfx.clear", args: [0x1234] }, // 11: drawn, never presented
    ];
    const r = await run(steps);
    const st = r.results.map((x) => Number(x[0]));
    assert.deepEqual([st[3], st[4], st[5], st[6], st[7], st[8]], [
      GFX_STATUS.OK,
      GFX_STATUS.OK,
      GFX_STATUS.SLOT_EMPTY,
      GFX_STATUS.TILE_OUT_OF_RANGE,
      GFX_STATUS.PALETTE_OUT_OF_RANGE,
      GFX_STATUS.OK,
    ]);
    const want = expectedFrame(0x0841, (x, y) => {
      if (y === 100 && x <= 9) return 0xffff;
      const a = tilePixel(3, 1, 200, 10, true, false, x, y);
      if (a !== null) return a;
      const b = tilePixel(2, 1, -4, 176, true, true, x, y);
      if (b !== null) return b;
      const c = tilePixel(1, 0, 100, 50, false, false, x, y);
      if (c !== null) return c;
      if (x < 3 && y >= 175) return 0x07e0;
      if (x >= 10 && x < 15 && y >= 20 && y < 23) return 0xf800;
      return null;
    });
    // The front buffer is the presented frame; frame 1's clear stayed in the back buffer.
    assertFrame(gfxOf(r).front, want, "front after present");
    assert.equal(gfxOf(r).gfx.back[0], 0x1234);
    assert.equal(r.reports[1].telemetry["gfx.presents"], 1);
  });

  await t.step("gfx circle, disc and text land where the definitions say", async () => {
    const r = await run([
      { call: "gfx.clear", args: [0] },
      { call: "gfx.draw_disc", args: [40, 40, 5, 0x001f] },
      { call: "gfx.draw_circle", args: [100, 40, 6, 0xf800] },
      { call: "gfx.draw_text", args: [200, 100, { data: "txt" }, 3, 0xffe0] },
      { call: "gfx.present" },
    ], { data: 'txt: .ascii "A\\nB"' });
    const fb = gfxOf(r).front;
    const inDisc = (x: number, y: number, cx: number, cy: number, rad: number) =>
      (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad + rad;
    for (let y = 30; y < 52; y++) {
      for (let x = 30; x < 112; x++) {
        const disc = inDisc(x, y, 40, 40, 5);
        const ring = inDisc(x, y, 100, 40, 6) &&
          [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([dx, dy]) =>
            !inDisc(x + dx, y + dy, 100, 40, 6)
          );
        assert.equal(fb[y * W + x], disc ? 0x001f : ring ? 0xf800 : 0, `(${x}, ${y})`);
      }
    }
    // Text: "A" in the cell at (200, 100), "B" on the next line at the same x; nothing else.
    let first = 0, second = 0, elsewhere = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (fb[y * W + x] !== 0xffe0) continue;
        if (x >= 200 && x < 205 && y >= 100 && y < 107) first++;
        else if (x >= 200 && x < 205 && y >= 108 && y < 115) second++;
        else elsewhere++;
      }
    }
    assert.ok(first > 8 && second > 8, `${first} ${second}`);
    assert.equal(elsewhere, 0);
  });

  await t.step(
    "composer.emit_sprite: statuses, layer/priority order, the 512 limit, compose",
    async () => {
      const attrs = (layer: number, priority: number, flipX = false) =>
        spriteAttrs({ layer, flipX, flipY: false, priority });
      const steps: Step[] = [
        { call: "gfx.clear", args: [0x0000] }, // 0
        { call: "composer.emit_sprite", args: [1, 0, 50, 50, 0, attrs(1, 5)] }, // 1 on top (layer 1)
        { call: "composer.emit_sprite", args: [2, 1, 54, 50, 0, attrs(0, 200)] }, // 2 under it
        { call: "composer.emit_sprite", args: [0, 0, 0, 0, 7, attrs(0, 0)] }, // 3 SLOT_EMPTY
        { call: "composer.emit_sprite", args: [9, 0, 0, 0, 0, attrs(0, 0)] }, // 4 TILE_OUT_OF_RANGE
        { call: "composer.emit_sprite", args: [0, 5, 0, 0, 0, attrs(0, 0)] }, // 5 PALETTE_…
        { call: "composer.emit_sprite", args: [3, 0xffff, 120, 60, 0, attrs(2, 0, true)] }, // 6
        { call: "composer.compose" }, // 7: sprites so far drawn now
        { call: "gfx.fill_rect", args: [120, 60, 4, 8, 0x07ff] }, // 8: over sprite 6's left half
        { call: "composer.emit_sprite", args: [0, 0, 122, 60, 0, attrs(0, 0)] }, // 9 above the rect
      ];
      // 508 more OK sprites (off screen) make 512 queued; the next one is refused.
      for (let i = 0; i < 508; i++) {
        steps.push({ call: "composer.emit_sprite", args: [0, 0, U64(-50), 0, 0, attrs(3, 0)] });
      }
      steps.push({ call: "composer.emit_sprite", args: [0, 0, 0, 0, 0, attrs(0, 0)] }); // 518 LIMIT
      steps.push({ call: "gfx.present", sync: true }); // 519
      steps.push({ call: "composer.emit_sprite", args: [0, 0, 0, 0, 0, attrs(0, 0)] }); // 520 OK again
      const r = await run(steps);
      const st = r.results.map((x) => Number(x[0]));
      assert.deepEqual(st.slice(1, 7), [0, 0, 1, 2, 3, 0]);
      assert.equal(st[9], 0);
      assert.deepEqual(st.slice(10, 518), Array(508).fill(0));
      assert.equal(st[518], GFX_STATUS.SPRITE_LIMIT);
      assert.equal(st[520], GFX_STATUS.OK);
      assert.equal(r.reports[0].telemetry["gfx.sprites"], 512);
      assert.equal(r.reports[0].telemetry["gfx.sprites_refused"], 1);
      const want = expectedFrame(0, (x, y) =>
        tilePixel(0, 0, 122, 60, false, false, x, y) ?? // after compose, over the rect
          (x >= 120 && x < 124 && y >= 60 && y < 68 ? 0x07ff : null) ??
          tilePixel(3, 1, 120, 60, true, false, x, y) ?? // composed before the rect
          tilePixel(1, 0, 50, 50, false, false, x, y) ?? // layer 1 above layer 0
          tilePixel(2, 1, 54, 50, false, false, x, y));
      assertFrame(gfxOf(r).front, want, "sprites");
    },
  );

  await t.step("gfx tile layers: set (every status), scroll with wrap, clear", async () => {
    // A 2 × 2 map: tile 1 own palette | tile 2 palette 0 flip x / empty | tile 3 palette 1 flip y
    const cells = [0x00ff_0001, 0x0100_0002, 0x0000_ffff, 0x0201_0003];
    const steps: Step[] = [
      { call: "gfx.clear", args: [0x0010] }, // 0
      { call: "gfx.set_tile_layer", args: [0, 0, 2, 2, { data: "cells" }, 4] }, // 1 OK
      { call: "gfx.scroll_tile_layer", args: [0, 3, U64(-5)] }, // 2
      { call: "gfx.set_tile_layer", args: [0, 4, 2, 2, { data: "cells" }, 4] }, // 3 SLOT_EMPTY
      { call: "gfx.set_tile_layer", args: [0, 0, 1, 1, { data: "badTile" }, 1] }, // 4 TILE_…
      { call: "gfx.set_tile_layer", args: [0, 0, 1, 1, { data: "badPal" }, 1] }, // 5 PALETTE_…
      { call: "gfx.present", sync: true }, // 6
      { call: "gfx.clear_tile_layer", args: [0] }, // 7
      { call: "gfx.clear", args: [0x0010] }, // 8
      { call: "gfx.present" }, // 9
    ];
    const r = await run(steps, {
      wants: ["framebuffer"],
      data: `cells: .u32 ${cells.join(", ")}\nbadTile: .u32 ${TILES}\nbadPal: .u32 0x00020000`,
    });
    const st = r.results.map((x) => Number(x[0]));
    assert.deepEqual([st[1], st[3], st[4], st[5]], [0, 1, 2, 3]);
    const mod = (a: number, m: number) => ((a % m) + m) % m;
    const want = expectedFrame(0x0010, (px, py) => {
      const mx = mod(px + 3, 16), my = mod(py - 5, 16);
      const cell = cells[(my >> 3) * 2 + (mx >> 3)];
      const tile = cell & 0xffff;
      if (tile === 0xffff) return null;
      const pal = (cell >>> 16) & 0xff;
      const p = pal === 0xff ? TILE_PALETTES[tile] : pal;
      const fx = (cell >>> 24 & 1) === 1, fy = (cell >>> 25 & 1) === 1;
      return tilePixel(tile, p, px - (mx & 7), py - (my & 7), fx, fy, px, py);
    });
    const frame0 = new Uint16Array(r.reports[0].outputs.framebuffer.slice().buffer);
    assertFrame(frame0, want, "tile layer with scroll");
    const frame1 = new Uint16Array(r.reports[1].outputs.framebuffer.slice().buffer);
    assertFrame(frame1, new Uint16Array(W * H).fill(0x0010), "layer cleared");
  });

  await t.step("audio: every status, voice stealing, and the mixed samples", async () => {
    const steps: Step[] = [
      { call: "audio.play", args: [2, 0, 255, 0, 256, 10] }, // 0 OK voice 0, hard left
      { call: "audio.is_playing", args: [0] }, // 1 → 1
      { call: "audio.is_playing", args: [1] }, // 2 → 0
      { call: "audio.play", args: [5, 255, 255, 128, 256, 0] }, // 3 SLOT_EMPTY
      { call: "audio.stop", args: [1] }, // 4 VOICE_IDLE
      { call: "audio.set_volume", args: [1, 10] }, // 5 VOICE_IDLE
      { call: "audio.set_pan", args: [1, 10] }, // 6 VOICE_IDLE
      { call: "audio.set_pitch", args: [1, 300], sync: true }, // 7 VOICE_IDLE
      { call: "audio.set_volume", args: [0, 128] }, // 8 OK (frame 1)
      { call: "audio.set_pan", args: [0, 255] }, // 9 OK: hard right
      { call: "audio.set_pitch", args: [0, 512], sync: true }, // 10 OK: twice the rate
      { call: "audio.is_playing", args: [0] }, // 11 → 0: the one-shot ended in frame 1
      { call: "audio.stop", args: [0] }, // 12 VOICE_IDLE
    ];
    for (let i = 0; i < 16; i++) {
      steps.push({ call: "audio.play", args: [2, 255, 100, 128, 256, 10] });
    }
    steps.push({ call: "audio.play", args: [2, 255, 100, 128, 256, 5] }); // 29 NO_VOICE
    steps.push({ call: "audio.play", args: [2, 255, 100, 128, 256, 10] }); // 30 steals voice 0
    steps.push({ call: "audio.stop", args: [5] }); // 31 OK
    const r = await run(steps, { wants: ["audio"] });
    const res = r.results;
    assert.deepEqual(res[0].slice(0, 2), [0n, 0n]);
    assert.equal(res[1][0], 1n);
    assert.equal(res[2][0], 0n);
    assert.deepEqual(res[3].slice(0, 2), [BigInt(AUDIO_STATUS.SLOT_EMPTY), 255n]);
    for (const i of [4, 5, 6, 7, 12]) {
      assert.equal(res[i][0], BigInt(AUDIO_STATUS.VOICE_IDLE), `${i}`);
    }
    for (const i of [8, 9, 10, 31]) assert.equal(res[i][0], 0n, `${i}`);
    assert.equal(res[11][0], 0n);
    assert.deepEqual(
      res.slice(13, 29).map((x) => x[1]),
      Array.from({ length: 16 }, (_, i) => BigInt(i)),
    );
    assert.deepEqual(res[29].slice(0, 2), [BigInt(AUDIO_STATUS.NO_VOICE), 255n]);
    assert.deepEqual(res[30].slice(0, 2), [0n, 0n]); // the oldest of the lowest priority
    // Frame 0: the 48 kHz ramp at full volume, hard left: L = sample, R = 0.
    const pcm = (f: number) => new Int16Array(r.reports[f].outputs.audio.slice().buffer);
    const f0 = pcm(0);
    assert.equal(f0.length, 1600);
    for (let k = 0; k < 800; k++) {
      assert.equal(f0[2 * k], RAMP[k], `L[${k}]`);
      assert.equal(f0[2 * k + 1], 0, `R[${k}]`);
    }
    // Frame 1: volume 128, hard right, pitch 2×: R = ⌊s[800 + 2k]·128·255 / 65025⌋ until the
    // sample ends at frame 2000 (k = 600), then silence.
    const f1 = pcm(1);
    for (let k = 0; k < 800; k++) {
      const i = 800 + 2 * k;
      const want = i < RAMP.length ? Math.floor((RAMP[i] * 128 * 255) / 65025) : 0;
      assert.equal(f1[2 * k + 1], want, `R[${k}]`);
      assert.equal(f1[2 * k], 0, `L[${k}]`);
    }
    assert.equal(r.reports[1].telemetry["audio.voices"], 0);
    assert.equal(r.reports[2].telemetry["audio.voices"], 15); // 16 started, voice 5 stopped
    assert.deepEqual(r.inst.device<AudioDevice>("audio")!.lastMix, pcm(2));
  });

  await t.step("every documented status was observed", () => {
    const missing: string[] = [];
    for (const spec of consoleRegistry().all()) {
      if (!AV_MODULES.includes(spec.module)) continue;
      for (const st of spec.statuses ?? []) {
        if (!seen.has(`${identityKey(spec)}:${st.code}`)) {
          missing.push(`${identityKey(spec)} ${st.name}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });
});

Deno.test("gfx / audio: the front buffer and the mix are in the frame hash; streams carry them", async () => {
  const script = (colour: number, volume: number): Step[] => [
    { call: "audio.play", args: [2, 0, volume, 128, 256, 0] },
    { call: "gfx.clear", args: [colour] },
    { call: "gfx.present", sync: true },
    { call: "gfx.clear", args: [0xffff] }, // drawn, not presented: not in the hash
    { call: "gfx.fill_rect", args: [0, 0, 1, 1, 0], sync: true },
  ];
  const a = await runScript(script(0x1111, 200), { ...OPTIONS, wants: ["framebuffer", "audio"] });
  const b = await runScript(script(0x1111, 200), OPTIONS);
  const c = await runScript(script(0x1112, 200), OPTIONS);
  const d = await runScript(script(0x1111, 201), OPTIONS);
  assert.equal(a.inst.hash, b.inst.hash);
  assert.notEqual(c.inst.hash, a.inst.hash); // one colour step
  assert.notEqual(d.inst.hash, a.inst.hash); // one volume step
  assert.deepEqual(b.reports.map((x) => x.outputs), b.reports.map(() => ({})));
  const fb = a.reports[1].outputs.framebuffer;
  assert.equal(fb.length, W * H * 2);
  assert.deepEqual(fb, frameBytes(new Uint16Array(W * H).fill(0x1111)));
  assert.equal(a.reports[0].outputs.audio.length, 3200);
  // Frame 1 presented nothing: its hash differs from frame 0's only through the chain, and a run
  // that drew something else into the back buffer in frame 1 hashes the same.
  const e = await runScript(
    [...script(0x1111, 200).slice(0, 3), { call: "gfx.clear", args: [7] }, {
      call: "gfx.fill_rect",
      args: [0, 0, 1, 1, 0],
      sync: true,
    }],
    OPTIONS,
  );
  assert.equal(e.inst.hash, a.inst.hash);
});

async function trapOf(steps: Step[], o: ScriptOptions = {}) {
  const r = await runScript(steps, { ...OPTIONS, ...o });
  const exit = r.inst.exit;
  assert.equal(
    exit?.kind,
    "trap",
    `expected a trap for ${describe(steps)}, got ${JSON.stringify(exit)}`,
  );
  const trap =
    (exit as { trap: { code: string; pc: number; opcode: string; message: string } }).trap;
  assert.equal(trap.opcode, "ecalli");
  assert.equal(r.inst.state, "trapped");
  return trap;
}

const describe = (steps: Step[]) =>
  JSON.stringify(steps.at(-1), (_, v) => typeof v === "bigint" ? `${v}` : v);

Deno.test("gfx / composer / audio traps: BAD_ARGUMENT, BAD_WINDOW, MISSING_CAPABILITY", async () => {
  const big = 2n ** 31n; // does not fit a signed 32-bit coordinate
  const ok = spriteAttrs({ layer: 0, flipX: false, flipY: false, priority: 0 });
  const bad: Step[] = [
    { call: "gfx.clear", args: [0x10000] },
    { call: "gfx.fill_rect", args: [big, 0, 1, 1, 0] },
    { call: "gfx.fill_rect", args: [0, 0, U64(-1), 1, 0] },
    { call: "gfx.fill_rect", args: [0, 0, 1, big, 0] },
    { call: "gfx.draw_line", args: [0, 0, 0, U64(-(2 ** 31) - 1), 0] },
    { call: "gfx.draw_line", args: [0, 0, 0, 0, 0x10000] },
    { call: "gfx.draw_circle", args: [0, 0, big, 0] },
    { call: "gfx.draw_disc", args: [2n ** 40n, 0, 1, 0] },
    { call: "gfx.draw_text", args: [0, 0, { data: "buf" }, 1025, 0] },
    { call: "gfx.draw_text", args: [0, 0, { data: "buf" }, 1, 0x10000] },
    { call: "gfx.blit_tile", args: [16, 0, 0, 0, 0, 0] },
    { call: "gfx.blit_tile", args: [0, 2n ** 32n, 0, 0, 0, 0] },
    { call: "gfx.blit_tile", args: [0, 0, 0, 0, 0, 4] },
    { call: "gfx.set_tile_layer", args: [4, 0, 1, 1, { data: "buf" }, 1] },
    { call: "gfx.set_tile_layer", args: [0, 16, 1, 1, { data: "buf" }, 1] },
    { call: "gfx.set_tile_layer", args: [0, 0, 0, 1, { data: "buf" }, 0] },
    { call: "gfx.set_tile_layer", args: [0, 0, 257, 1, { data: "buf" }, 257] },
    { call: "gfx.set_tile_layer", args: [0, 0, 2, 2, { data: "buf" }, 3] },
    { call: "gfx.set_tile_layer", args: [0, 0, 1, 1, { data: "reserved" }, 1] },
    { call: "gfx.scroll_tile_layer", args: [4, 0, 0] },
    { call: "gfx.scroll_tile_layer", args: [0, big, 0] },
    { call: "gfx.clear_tile_layer", args: [4] },
    { call: "composer.emit_sprite", args: [2n ** 32n, 0, 0, 0, 0, ok] },
    { call: "composer.emit_sprite", args: [0, 0, big, 0, 0, ok] },
    { call: "composer.emit_sprite", args: [0, 0, 0, 0, 16, ok] },
    { call: "composer.emit_sprite", args: [0, 0, 0, 0, 0, 0x10] },
    { call: "composer.emit_sprite", args: [0, 0, 0, 0, 0, 0x10000] },
    { call: "audio.play", args: [64, 0, 0, 0, 256, 0] },
    { call: "audio.play", args: [2, 16, 0, 0, 256, 0] },
    { call: "audio.play", args: [2, 0, 256, 0, 256, 0] },
    { call: "audio.play", args: [2, 0, 0, 256, 256, 0] },
    { call: "audio.play", args: [2, 0, 0, 0, 0, 0] },
    { call: "audio.play", args: [2, 0, 0, 0, 65536, 0] },
    { call: "audio.play", args: [2, 0, 0, 0, 256, 256] },
    { call: "audio.stop", args: [16] },
    { call: "audio.set_volume", args: [16, 0] },
    { call: "audio.set_volume", args: [0, 256] },
    { call: "audio.set_pan", args: [0, 256] },
    { call: "audio.set_pitch", args: [0, 0] },
    { call: "audio.is_playing", args: [2n ** 32n] },
  ];
  const data = "buf: .zero 2048\nreserved: .u32 0x04000000";
  for (const step of bad) {
    const trap = await trapOf([{ call: "gfx.clear", args: [0] }, step], { data });
    assert.equal(trap.code, "BAD_ARGUMENT", describe([step]));
    assert.match(trap.message, new RegExp(`^${String(step.call).replace(".", "\\.")}@1: `));
  }
  for (
    const step of [
      { call: "gfx.draw_text", args: [0, 0, 0x5000000, 4, 0] },
      { call: "gfx.set_tile_layer", args: [0, 0, 1, 1, 0x5000000, 1] },
    ] as Step[]
  ) {
    assert.equal((await trapOf([step])).code, "BAD_WINDOW", describe([step]));
  }
  const noGfx = await trapOf([{ call: "composer.compose" }], { capabilities: ["audio", "asset"] });
  assert.equal(noGfx.code, "MISSING_CAPABILITY");
  const noAudio = await trapOf([{ call: "audio.is_playing", args: [0] }], {
    capabilities: ["gfx"],
    assets: null,
  });
  assert.equal(noAudio.code, "MISSING_CAPABILITY");
});

Deno.test("gfx / audio without assets.pa: every slot is empty, a status", async () => {
  const r = await runScript([
    { call: "gfx.blit_tile", args: [0, 0, 0, 0, 0, 0] },
    { call: "composer.emit_sprite", args: [0, 0, 0, 0, 15, 0] },
    { call: "audio.play", args: [63, 255, 1, 1, 1, 1] },
  ], { ...OPTIONS, capabilities: ["gfx", "audio"], assets: null });
  assert.equal(r.inst.exit?.kind, "halt");
  assert.deepEqual(r.results.map((x) => Number(x[0])), [1, 1, 1]);
});

// --- fuzz ----------------------------------------------------------------------------------

const AV_SPECS = AV_IMPORTS.map((k) => {
  const [module, name] = k.split(".");
  return consoleRegistry().get({ module, name, version: 1 })!;
});
const AV_TRAPS = new Set([
  ...GENERAL_TRAPS.map((x) => x.code),
  ...AV_SPECS.flatMap((s) => s.traps.map((x) => x.code)),
]);

/** A wild value (1 in 40), else one plausible for the argument's name. */
function fuzzArg(rng: Prng, name: string): Arg {
  if (rng.int(40) === 0) return rng.u64();
  if (name.endsWith("_ptr")) return { data: rng.pick(["buf", "cells", "text"]) };
  if (name === "text_len") return rng.int(20);
  if (name === "cell_count" || name === "columns" || name === "rows") return 1 + rng.int(2);
  if (name === "colour") return rng.int(0x10000);
  if (name === "slot" || name === "bank_slot") return rng.int(4);
  if (name === "layer") return rng.int(4);
  if (name === "flags") return rng.int(4);
  if (name === "attrs") return rng.int(4) | (rng.int(2) << 2) | (rng.int(256) << 8);
  if (name === "voice") return rng.int(5) === 0 ? 255 : rng.int(16); // 255: only play's
  if (name === "pitch") return 1 + rng.int(1024);
  if (["volume", "pan", "priority"].includes(name)) return rng.int(256);
  if (["tile", "glyph_id", "palette", "palette_id"].includes(name)) return rng.int(6);
  if (["w", "h", "r"].includes(name)) return rng.int(200);
  return U64(rng.int(400) - 50); // coordinates
}

Deno.test("fuzz: 150 random gfx/composer/audio programs end in a halt or a documented trap", async () => {
  const ends = new Map<string, number>();
  for (let seed = 1; seed <= 150; seed++) {
    const rng = new Prng(seed * 7919);
    const steps: Step[] = Array.from({ length: 5 + rng.int(30) }, () => {
      const i = 1 + rng.int(AV_IMPORTS.length - 1);
      const args = AV_SPECS[i].args.map((a) => fuzzArg(rng, a.name));
      // mostly a consistent map size: cell_count = columns × rows
      if (AV_IMPORTS[i] === "gfx.set_tile_layer" && rng.int(8) !== 0) {
        args[5] = Number(args[2]) * Number(args[3]);
      }
      return { call: AV_IMPORTS[i], args, sync: rng.int(6) === 0 };
    });
    const data =
      'buf: .zero 64\ncells: .u32 0x00ff0001, 0x00000002, 0xffff, 3\ntext: .ascii "fuzz"';
    const r = await runScript(steps, { ...OPTIONS, data, maxFrames: 100 });
    const exit = r.inst.exit;
    assert.ok(exit !== null && exit.kind !== "panic", `seed ${seed}: ${JSON.stringify(exit)}`);
    const end = exit.kind === "trap" ? exit.trap.code : "halt";
    if (exit.kind === "trap") assert.ok(AV_TRAPS.has(end), `seed ${seed}: undocumented ${end}`);
    ends.set(end, (ends.get(end) ?? 0) + 1);
    steps.forEach((s, i) => {
      const spec = AV_SPECS[AV_IMPORTS.indexOf(String(s.call))];
      if (spec.statuses === null || i >= r.results.length) return;
      if (r.results[i].every((v) => v === 0n) && exit.kind === "trap") return; // never ran
      const st = Number(r.results[i][0]);
      assert.ok(spec.statuses.some((d) => d.code === st), `seed ${seed}: ${s.call} → ${st}`);
    });
    if (seed <= 10) {
      const again = await runScript(steps, { ...OPTIONS, data, maxFrames: 100 });
      assert.equal(again.inst.hash, r.inst.hash, `seed ${seed}: replay diverged`);
    }
  }
  assert.ok((ends.get("halt") ?? 0) > 20, JSON.stringify([...ends]));
  assert.ok((ends.get("BAD_ARGUMENT") ?? 0) > 5, JSON.stringify([...ends]));
});
