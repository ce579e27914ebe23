/**
 * The asset-streaming demo's assets (console/examples/streaming/assets): six 320×176 pictures
 * cut into 16×16 tiles (220 tiles, 16 colours each — one palette), loaded one by one while the
 * demo runs, and three chimes (one per picture change).
 *
 * @example
 * ```ts
 * import { streamingAssets } from "./streaming.ts";
 * streamingAssets().length; // assets.json + 6 pictures + 3 chimes
 * ```
 * @module
 */

import { d2, mix, picture, type RGB } from "./art.ts";
import { assetList, type GeneratedFile } from "./files.ts";
import { fade, noteHz, render, triangle, wav16 } from "./sound.ts";

const W = 320;
const H = 176;

/** A 16-step ramp from `a` to `b`. */
const ramp = (a: RGB, b: RGB): RGB[] => Array.from({ length: 16 }, (_, i) => mix(a, b, i, 15));

/** A deterministic hash of (x, seed) in 0…255 (the MurmurHash3 finaliser). */
function h8(x: number, seed: number): number {
  let h = Math.imul(x ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 255;
}

/** Smooth integer "noise": interpolated hashes every `step` pixels. */
function ridge(x: number, seed: number, step: number, amp: number): number {
  const i = Math.floor(x / step);
  const f = x - i * step;
  const a = h8(i, seed), b = h8(i + 1, seed);
  return Math.floor(((a * (step - f) + b * f) / step) * amp / 255);
}

const PICTURES: { name: string; paint: (x: number, y: number) => RGB }[] = [
  {
    name: "sunset", // warm sky bands, a sun, a striped sea
    paint: (() => {
      const p = ramp([70, 20, 90], [255, 190, 80]);
      return (x: number, y: number) => {
        if (y > 110) {
          const band = (y + (x >> 3) % 3) % 6 < 3 ? 4 : 2;
          return d2(x, 0, 160, 0) < 40 * 40 && (y % 4) < 2 ? p[13] : p[band];
        }
        if (d2(x, y, 160, 100) <= 34 * 34) return p[15];
        return p[Math.min(14, (y * 12) >> 7)];
      };
    })(),
  },
  {
    name: "mountains", // three ridges in front of a pale sky
    paint: (() => {
      const p = ramp([25, 40, 70], [200, 225, 240]);
      return (x: number, y: number) => {
        if (y > 150 - ridge(x, 3, 24, 40)) return p[1];
        if (y > 120 - ridge(x, 2, 40, 60)) return p[4];
        if (y > 95 - ridge(x, 1, 64, 70)) return p[7];
        return p[15 - Math.min(6, y >> 4)];
      };
    })(),
  },
  {
    name: "tunnel", // concentric squares around the centre
    paint: (() => {
      const p = ramp([10, 40, 60], [120, 255, 200]);
      return (x: number, y: number) => {
        const r = Math.max(Math.abs(x - 160), Math.abs(y - 88) * 2);
        return p[(r >> 3) % 16];
      };
    })(),
  },
  {
    name: "city", // buildings with lit windows under a starry sky
    paint: (() => {
      const p = ramp([8, 8, 30], [255, 230, 120]);
      return (x: number, y: number) => {
        const b = x >> 5;
        const top = 60 + (h8(b, 9) % 80);
        if (y >= top) {
          const lit = (x & 7) >= 2 && (x & 7) <= 5 && (y & 7) >= 2 && (y & 7) <= 5 &&
            h8((x >> 3) * 131 + (y >> 3), 5) > 120;
          return lit ? p[14] : p[2 + (b % 2)];
        }
        return h8(x * 977 + y * 131, 7) > 252 ? p[15] : p[0];
      };
    })(),
  },
  {
    name: "forest", // rows of pine trees on a green slope
    paint: (() => {
      const p = ramp([10, 50, 20], [190, 235, 170]);
      return (x: number, y: number) => {
        for (let row = 3; row >= 0; row--) {
          const base = 80 + row * 28;
          const cx = (((x + row * 23) >> 5) << 5) + 16 - row * 23;
          const half = (y - (base - 40)) >> 1;
          if (y <= base && y >= base - 40 && Math.abs(x - cx) <= half) {
            return p[2 + row * 2 + ((x + y) % 5 === 0 ? 1 : 0)];
          }
        }
        return y > 80 ? p[11] : p[15 - (y >> 4)];
      };
    })(),
  },
  {
    name: "waves", // interfering triangle waves
    paint: (() => {
      const p = ramp([30, 0, 80], [250, 120, 210]);
      const tri = (v: number, period: number) => {
        const m = ((v % period) + period) % period;
        return m < period / 2 ? m : period - m;
      };
      return (x: number, y: number) =>
        p[Math.min(15, Math.floor((tri(x + y, 128) + tri(2 * x - y, 160) + tri(3 * y, 120)) / 13))];
    })(),
  },
];

/** A bell: two detuned triangles, fading. */
function chime(note: number): Uint8Array {
  const n = 11_025;
  return wav16(
    22_050,
    render(n, (i) =>
      fade(
        triangle(i, noteHz(note), 22_050, 7000) + triangle(i, noteHz(note + 12) + 2, 22_050, 3000),
        i,
        n,
      )),
  );
}

/** Every file of console/examples/streaming/assets. */
export function streamingAssets(): GeneratedFile[] {
  const pics = PICTURES.map((p, i) => ({
    i,
    file: `${p.name}.png`,
    bytes: picture(W, H, p.paint),
  }));
  const chimes = [72, 76, 79].map((n, i) => ({ i, file: `chime${i}.wav`, bytes: chime(n) }));
  return [
    assetList({
      assets: [
        ...pics.map((p) => ({
          id: 10 + p.i,
          name: `pic.${p.i}`,
          bank_type: "TILES",
          source: p.file,
          codec: "DEFLATE",
          options: { tile_size: 16, transparent: false },
        })),
        ...chimes.map((c) => ({
          id: 100 + c.i,
          name: `sfx.chime${c.i}`,
          bank_type: "SOUNDS",
          source: c.file,
          codec: "DEFLATE",
        })),
      ],
      preload: [{ asset_id: 10, slot: 1 }],
    }),
    ...pics.map((p) => ({ name: p.file, bytes: p.bytes })),
    ...chimes.map((c) => ({ name: c.file, bytes: c.bytes })),
  ];
}
