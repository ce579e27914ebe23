/**
 * Generates the demo asset sources in `assets/examples/demo/` (tiny PNGs and WAVs plus
 * `assets.json`) from integer formulas only, so the output is identical on every machine.
 * `tests/assets/examples_test.ts` regenerates them and compares with the committed files.
 *
 * @example
 * ```sh
 * deno run -A assets/examples/generate.ts            # rewrite assets/examples/demo/
 * deno run -A assets/examples/generate.ts /tmp/demo  # or another folder
 * ```
 * @module
 */

import { encode } from "fast-png";
import { encodeWav } from "../packer/wav.ts";

/** One generated file: name and bytes. */
export interface GeneratedFile {
  /** File name inside the folder. */
  name: string;
  /** Contents. */
  bytes: Uint8Array;
}

// 3×5 glyphs for 0-9, A-F: each row is 3 bits, MSB = left.
const GLYPHS = [
  [7, 5, 5, 5, 7],
  [2, 6, 2, 2, 7],
  [7, 1, 7, 4, 7],
  [7, 1, 3, 1, 7],
  [5, 5, 7, 1, 1],
  [7, 4, 7, 1, 7],
  [7, 4, 7, 5, 7],
  [7, 1, 2, 2, 2],
  [7, 5, 7, 5, 7],
  [7, 5, 7, 1, 7],
  [2, 5, 7, 5, 5],
  [6, 5, 6, 5, 6],
  [7, 4, 4, 4, 7],
  [6, 5, 5, 5, 6],
  [7, 4, 6, 4, 7],
  [7, 4, 6, 4, 4],
];

/** font.png: 16 glyph tiles of 8×8 (128×8), white with a dark shadow on transparent, RGBA. */
function font(): Uint8Array {
  const w = 128, h = 8;
  const data = new Uint8Array(w * h * 4);
  const set = (x: number, y: number, v: number) => {
    const o = (y * w + x) * 4;
    data.set([v, v, v, 255], o);
  };
  GLYPHS.forEach((rows, g) => {
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 3; c++) {
        if ((rows[r] >> (2 - c)) & 1) {
          const x = g * 8 + 2 + c * 1, y = 1 + r;
          set(x + 1, y + 1, 40); // shadow first, glyph on top
        }
      }
    }
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 3; c++) if ((rows[r] >> (2 - c)) & 1) set(g * 8 + 2 + c, 1 + r, 255);
    }
  });
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

/** bg16.png: 8 tiles of 16×16 (64×32), RGB, each tile a 12-step ramp of its own hue. */
function background(): Uint8Array {
  const w = 64, h = 32;
  const data = new Uint8Array(w * h * 3);
  const hues = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1], [
    1,
    0,
    0,
  ]];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = (y >> 4) * 4 + (x >> 4);
      const step = ((x & 15) + (y & 15)) * 12 >> 5; // 0..11
      const level = 40 + step * 19;
      const [r, g, b] = hues[t];
      const o = (y * w + x) * 3;
      data[o] = r * level;
      data[o + 1] = g * level;
      data[o + 2] = t === 7 ? 255 - level : b * level; // last tile: red/blue mix
    }
  }
  return encode({ width: w, height: h, data, channels: 3, depth: 8 });
}

/** sprites32.png: 2 tiles of 32×32, indexed colour (4-bit) with a transparent index 0. */
function sprites(): Uint8Array {
  const w = 64, h = 32;
  // fast-png's encoder writes tRNS only for non-opaque entries: keep them first in the palette
  const palette = [
    [0, 0, 0, 0],
    [255, 255, 255, 255],
    [255, 200, 0, 255],
    [220, 40, 40, 255],
    [40, 120, 220, 255],
    [30, 30, 30, 255],
    [90, 200, 90, 255],
    [160, 80, 200, 255],
  ];
  const idx = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const lx = x & 31, dx = lx - 16, dy = y - 16, d2 = dx * dx + dy * dy;
      let c = 0;
      if (x < 32) c = d2 < 100 ? 2 : d2 < 169 ? 3 : d2 < 196 ? 5 : 0; // a ringed ball
      else c = Math.abs(dx) + Math.abs(dy) < 14 ? 4 + ((lx + y) >> 2) % 4 : 0; // a diamond
      idx[y * w + x] = c;
    }
  }
  const packed = new Uint8Array((w / 2) * h);
  for (let i = 0; i < packed.length; i++) packed[i] = (idx[2 * i] << 4) | idx[2 * i + 1];
  return encode({ width: w, height: h, data: packed, channels: 1, depth: 4, palette });
}

/** A triangle wave in -amp..amp with the given period, integer arithmetic. */
function triangle(i: number, period: number, amp: number): number {
  const p = i % period, half = period >> 1;
  const up = p < half ? p : period - p;
  return Math.floor((up * 4 * amp) / period) - amp;
}

/** beep.wav: 8-bit unsigned mono, 11025 Hz, 0.1 s square wave. */
function beep(): Uint8Array {
  const n = 1103;
  const s = Array.from({ length: n }, (_, i) => (Math.floor(i / 12) % 2 === 0 ? 192 : 64));
  return encodeWav(11025, 1, 8, s);
}

/** chord.wav: 16-bit stereo, 22050 Hz, 0.25 s: triangle on the left, saw on the right. */
function chord(): Uint8Array {
  const n = 5513;
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    s.push(triangle(i, 50, 12000), ((i * 1310) % 26200) - 13100);
  }
  return encodeWav(22050, 2, 16, s);
}

/** loop.wav: 16-bit mono, 22050 Hz, 0.5 s triangle; looped by assets.json. */
function loop(): Uint8Array {
  const n = 11025;
  return encodeWav(22050, 1, 16, Array.from({ length: n }, (_, i) => triangle(i, 100, 9000)));
}

/** The asset list. */
export const ASSET_LIST = {
  assets: [
    {
      id: 1,
      name: "tiles.font",
      bank_type: "TILES",
      source: "font.png",
      codec: "DEFLATE",
      options: { tile_size: 8, transparent: true },
    },
    {
      id: 2,
      name: "tiles.background",
      bank_type: "TILES",
      source: "bg16.png",
      codec: "NONE",
      options: { tile_size: 16, transparent: false },
    },
    {
      id: 3,
      name: "tiles.sprites",
      bank_type: "TILES",
      source: "sprites32.png",
      codec: "DEFLATE",
      options: { tile_size: 32 },
    },
    { id: 100, name: "sfx.beep", bank_type: "SOUNDS", source: "beep.wav", codec: "NONE" },
    { id: 101, name: "sfx.chord", bank_type: "SOUNDS", source: "chord.wav", codec: "DEFLATE" },
    {
      id: 102,
      name: "music.loop",
      bank_type: "SOUNDS",
      source: "loop.wav",
      codec: "DEFLATE",
      options: { loop_start: 1000, loop_end: 11000 },
    },
  ],
  preload: [{ asset_id: 1, slot: 0 }, { asset_id: 100, slot: 0 }],
};

/** Every demo file, generated. */
export function generateDemo(): GeneratedFile[] {
  return [
    {
      name: "assets.json",
      bytes: new TextEncoder().encode(JSON.stringify(ASSET_LIST, null, 2) + "\n"),
    },
    { name: "font.png", bytes: font() },
    { name: "bg16.png", bytes: background() },
    { name: "sprites32.png", bytes: sprites() },
    { name: "beep.wav", bytes: beep() },
    { name: "chord.wav", bytes: chord() },
    { name: "loop.wav", bytes: loop() },
  ];
}

if (import.meta.main) {
  const dir = Deno.args[0] ?? new URL("./demo", import.meta.url).pathname;
  await Deno.mkdir(dir, { recursive: true });
  for (const f of generateDemo()) await Deno.writeFile(`${dir}/${f.name}`, f.bytes);
  console.log(`wrote ${generateDemo().length} files to ${dir}`);
}
