/**
 * Seeing and hearing from the command line: `--png` (every Nth frame, the last frame, a scale)
 * writes pictures whose pixels are the colours the cartridge cleared with, `--wav` streams
 * exactly the samples the mixer must produce, and every bad option value exits 2 with a message
 * naming it. Runs `cli/cartridge.ts` in this process.
 * @module
 */

import assert from "node:assert/strict";
import { decode as decodePng } from "fast-png";
import { encodeSound, packBytes } from "../../assets/mod.ts";
import { assembleCartridge, encodeManifest } from "../../console/mod.ts";
import { main } from "../../cli/cartridge.ts";
import { manifest, writeCart } from "./cart_helpers.ts";

/** Clears with colour frame × 1000 and presents; halts after frame `haltAt`. */
const clearing = (haltAt: number) => `
.import system.frame_sync@1
.import system.frame@1
.import gfx.clear@1
.import gfx.present@1
.code
.jump_table main
main:
    ecalli system.frame
    move_reg s0, a0
    mul_imm_64 a0, a0, 1000
    ecalli gfx.clear
    ecalli gfx.present
    branch_eq_imm s0, ${haltAt}, done
    ecalli system.frame_sync
    jump main
done:
    jump_ind ra, 0
`;

/** Plays SOUNDS slot 0 at full volume, hard left, own rate, then idles. */
const PLAYING = `
.import system.frame_sync@1
.import audio.play@1
.code
.jump_table main
main:
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 255
    load_imm a3, 0
    load_imm a4, 256
    load_imm a5, 0
    ecalli audio.play
    fallthrough
idle:
    ecalli system.frame_sync
    jump idle
`;

const RAMP = Int16Array.from({ length: 2000 }, (_, i) => i * 10 - 10000);

/** Runs the CLI in this process; resolves to its exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** RGB565 → 8-bit channels by bit replication (written out here, not taken from render/). */
function rgb565ToRgb888(c: number): [number, number, number] {
  const r = c >> 11, g = (c >> 5) & 63, b = c & 31;
  return [(r << 3) | (r >> 2), (g << 2) | (g >> 4), (b << 3) | (b >> 2)];
}

function colourAt(png: Uint8Array, x: number, y: number): [number, number, number] {
  const img = decodePng(png);
  const o = (y * img.width + x) * img.channels;
  return [Number(img.data[o]), Number(img.data[o + 1]), Number(img.data[o + 2])];
}

Deno.test("cli: --png every Nth frame and the last, scaled; --wav streams the mix", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cart = await writeCart(`${tmp}/clear`, {
      manifest: encodeManifest(manifest(["gfx"])),
      program: assembleCartridge(clearing(4)).bytes,
    });
    const every = await cli(
      cart,
      "--inprocess",
      "--memcard",
      "none",
      "--png",
      `${tmp}/a`,
      "--png-every",
      "2",
      "--scale",
      "2",
    );
    assert.equal(every.code, 0, every.err);
    assert.match(every.out, /wrote 3 PNG file\(s\)/);
    const names = [...Deno.readDirSync(`${tmp}/a`)].map((e) => e.name).sort();
    assert.deepEqual(names, [
      "cart0-frame-000000.png",
      "cart0-frame-000002.png",
      "cart0-frame-000004.png",
    ]);
    for (const f of [0, 2, 4]) {
      const png = await Deno.readFile(`${tmp}/a/cart0-frame-00000${f}.png`);
      const img = decodePng(png);
      assert.deepEqual([img.width, img.height], [640, 360]);
      assert.deepEqual(colourAt(png, 639, 359), rgb565ToRgb888(f * 1000), `frame ${f}`);
    }
    // --png-last: only the frame the cartridge halted on (frame 4), with no --frames given.
    const last = await cli(
      cart,
      "--inprocess",
      "--memcard",
      "none",
      "--png",
      `${tmp}/b`,
      "--png-last",
    );
    assert.equal(last.code, 0, last.err);
    assert.deepEqual([...Deno.readDirSync(`${tmp}/b`)].map((e) => e.name), [
      "cart0-frame-000004.png",
    ]);
    assert.deepEqual(
      colourAt(await Deno.readFile(`${tmp}/b/cart0-frame-000004.png`), 0, 0),
      rgb565ToRgb888(4000),
    );
    // … and with --frames: the last frame run.
    const capped = await cli(
      cart,
      "--inprocess",
      "--memcard",
      "none",
      "--png",
      `${tmp}/c`,
      "--png-last",
      "--frames",
      "2",
    );
    assert.equal(capped.code, 0, capped.err);
    assert.deepEqual([...Deno.readDirSync(`${tmp}/c`)].map((e) => e.name), [
      "cart0-frame-000001.png",
    ]);

    const sound = await writeCart(`${tmp}/sound`, {
      manifest: encodeManifest(manifest(["audio", "asset"])),
      program: assembleCartridge(PLAYING).bytes,
      assets: packBytes([{
        asset_id: 1,
        asset_name: "sfx.ramp",
        bank_type: "SOUNDS",
        codec: "NONE",
        decoded: encodeSound(RAMP),
        metadata: { sample_rate: 48_000, frame_count: RAMP.length },
      }], [{ asset_id: 1, slot: 0 }]),
    });
    const wav = await cli(sound, "--memcard", "none", "--wav", `${tmp}/out.wav`, "--frames", "10");
    assert.equal(wav.code, 0, wav.err);
    const bytes = await Deno.readFile(`${tmp}/out.wav`);
    assert.equal(bytes.length, 44 + 10 * 3200);
    const v = new DataView(bytes.buffer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "RIFF");
    assert.equal(v.getUint32(4, true), 36 + 32_000);
    assert.equal(v.getUint32(24, true), 48_000);
    assert.equal(v.getUint16(22, true), 2);
    assert.equal(v.getUint32(40, true), 32_000);
    for (let k = 0; k < 8000; k++) {
      assert.equal(v.getInt16(44 + 4 * k, true), k < RAMP.length ? RAMP[k] : 0, `L[${k}]`);
      assert.equal(v.getInt16(46 + 4 * k, true), 0, `R[${k}]`);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("cli: bad viewing options exit 2 and say what is wrong", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cart = await writeCart(`${tmp}/clear`, {
      manifest: encodeManifest(manifest(["gfx"])),
      program: assembleCartridge(clearing(1)).bytes,
    });
    await Deno.writeTextFile(`${tmp}/file`, "not a folder");
    const cases: [string[], RegExp][] = [
      [["--png", `${tmp}/file/sub`], /PNG_DIR: --png .*file\/sub: cannot write there/],
      [["--wav", `${tmp}/missing/dir/out.wav`], /WAV_FILE: --wav .*out\.wav: cannot create it/],
      [["--png", `${tmp}/p`, "--png-every", "0"], /--png-every must be 1…/],
      [["--png", `${tmp}/p`, "--scale", "17"], /--scale must be 1…16/],
      [["--png-last"], /--png-every, --png-last and --scale go with --png DIR/],
      [["--serve", "70000"], /--serve must be 0…65535/],
      [["--serve", "8x"], /--serve port must be an integer 0…65535, got 8x/],
      [["--serve", "--instances", "2"], /--serve shows one instance/],
      [["--serve", "--input", "x.json"], /--serve cannot be combined with .*--input/],
      [["--png"], /--png needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(cart, "--inprocess", "--memcard", "none", ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.out}`);
      assert.match(r.err, message, args.join(" "));
    }
    assert.equal((await Deno.stat(`${tmp}/file`)).isFile, true); // nothing was written over
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
