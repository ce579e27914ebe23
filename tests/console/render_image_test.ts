import assert from "node:assert/strict";
import { decode } from "fast-png";
import {
  encodeFramePng,
  framebufferToRgba,
  MAX_SCALE,
  rgb565ToRgb888,
} from "../../console/render/mod.ts";
import { Prng } from "../_util/prng.ts";

/** Bit replication written as arithmetic: the 8-bit value whose top bits are c and whose low bits repeat c's top bits. */
function widen(c: number, bits: number): number {
  let v = 0;
  let filled = 0;
  while (filled < 8) {
    v = v * 2 ** bits + c;
    filled += bits;
  }
  return Math.floor(v / 2 ** (filled - 8));
}

function randomFrame(seed: number): Uint16Array {
  const rng = new Prng(seed);
  const fb = new Uint16Array(320 * 180);
  for (let i = 0; i < fb.length; i++) fb[i] = rng.u32() & 0xffff;
  fb.set([0x0000, 0xffff, 0xf800, 0x07e0, 0x001f], 0);
  return fb;
}

Deno.test("RGB565 → RGB888: hand facts and bit replication for every colour", () => {
  assert.deepEqual(rgb565ToRgb888(0x0000), [0, 0, 0]);
  assert.deepEqual(rgb565ToRgb888(0xffff), [255, 255, 255]);
  assert.deepEqual(rgb565ToRgb888(0xf800), [255, 0, 0]);
  assert.deepEqual(rgb565ToRgb888(0x07e0), [0, 255, 0]);
  assert.deepEqual(rgb565ToRgb888(0x001f), [0, 0, 255]);
  assert.deepEqual(rgb565ToRgb888(0x8410), [132, 130, 132]); // r5 16, g6 32, b5 16
  for (let c = 0; c < 65536; c++) {
    const r5 = Math.floor(c / 2048);
    const g6 = Math.floor(c / 32) % 64;
    const b5 = c % 32;
    const [r, g, b] = rgb565ToRgb888(c);
    if (r !== widen(r5, 5) || g !== widen(g6, 6) || b !== widen(b5, 5)) {
      assert.fail(`0x${c.toString(16)} → ${r},${g},${b}`);
    }
  }
});

Deno.test("framebufferToRgba: each pixel becomes a scale × scale block, alpha 255", () => {
  const fb = randomFrame(3);
  for (const scale of [1, 2, 3]) {
    const rgba = framebufferToRgba(fb, scale);
    const ow = 320 * scale;
    assert.equal(rgba.length, ow * 180 * scale * 4);
    for (let oy = 0; oy < 180 * scale; oy += 7) {
      for (let ox = 0; ox < ow; ox++) {
        const [r, g, b] = rgb565ToRgb888(fb[Math.floor(oy / scale) * 320 + Math.floor(ox / scale)]);
        const o = (oy * ow + ox) * 4;
        assert.deepEqual(
          [rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]],
          [r, g, b, 255],
          `(${ox}, ${oy}) ×${scale}`,
        );
      }
    }
  }
  for (const bad of [0, -1, 1.5, MAX_SCALE + 1]) {
    assert.throws(() => framebufferToRgba(fb, bad), RangeError);
  }
  assert.throws(() => framebufferToRgba(new Uint16Array(10)), RangeError);
});

Deno.test("PNG: decodes back (fast-png) to the expected RGBA, at scale 1 and 2, deterministically", () => {
  const fb = randomFrame(11);
  for (const scale of [1, 2]) {
    const png = encodeFramePng(fb, scale);
    assert.deepEqual(Array.from(png.subarray(0, 8)), [137, 80, 78, 71, 13, 10, 26, 10]);
    const img = decode(png);
    assert.equal(img.width, 320 * scale);
    assert.equal(img.height, 180 * scale);
    assert.equal(img.channels, 4);
    assert.equal(img.depth, 8);
    const expected = new Uint8Array(img.width * img.height * 4);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const c = fb[Math.floor(y / scale) * 320 + Math.floor(x / scale)];
        const o = (y * img.width + x) * 4;
        expected[o] = widen(c >> 11, 5);
        expected[o + 1] = widen((c >> 5) & 63, 6);
        expected[o + 2] = widen(c & 31, 5);
        expected[o + 3] = 255;
      }
    }
    assert.deepEqual(
      new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength),
      expected,
    );
    assert.deepEqual(encodeFramePng(fb, scale), png, "same pixels, same bytes");
  }
});
