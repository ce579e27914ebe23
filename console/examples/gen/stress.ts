/**
 * The stress cartridge's assets (console/examples/stress/assets): eight 8×8 balls (transparent),
 * four 16×16 background tiles (opaque), four 16×16 "extra" tiles the cartridge streams in and out
 * while it runs, a looping drone and a blip.
 *
 * @example
 * ```ts
 * import { stressAssets } from "./stress.ts";
 * stressAssets()[0].name; // "assets.json"
 * ```
 * @module
 */

import { d2, mix, type Painter, type RGB, tileSheet } from "./art.ts";
import { assetList, type GeneratedFile } from "./files.ts";
import { fade, render, square, triangle, wav16 } from "./sound.ts";

const BALL_COLOURS: RGB[] = [
  [230, 60, 60],
  [240, 160, 40],
  [240, 230, 60],
  [80, 210, 90],
  [60, 200, 220],
  [70, 110, 240],
  [170, 90, 230],
  [240, 240, 240],
];

const ball = (c: RGB): Painter => (x, y) => {
  const r = d2(2 * x + 1, 2 * y + 1, 8, 8);
  if (r > 56) return null;
  if (d2(2 * x + 1, 2 * y + 1, 6, 5) <= 6) return [255, 255, 255];
  return r > 36 ? mix(c, [0, 0, 0], 2, 5) : c;
};

const back = (k: number): Painter => (x, y) => {
  const dark: RGB = [20 + 6 * k, 24 + 4 * k, 48 + 10 * k];
  const light: RGB = [34 + 6 * k, 40 + 4 * k, 80 + 10 * k];
  const edge = x === 0 || y === 0;
  if (edge) return [60, 70, 120];
  return ((x >> 2) + (y >> 2) + k) % 2 === 0 ? dark : light;
};

const star = (k: number): Painter => (x, y) => {
  const ax = Math.abs(2 * x - 15), ay = Math.abs(2 * y - 15);
  if (ax + ay > 14 + 2 * k && Math.min(ax, ay) > 2) return null;
  return mix([255, 220, 60], [255, 80, 40], k, 3);
};

/** A low looping drone (1 s): square and triangle an octave apart. */
function drone(): Uint8Array {
  return wav16(
    22_050,
    render(22_050, (i) => square(i, 110, 22_050, 2500) + triangle(i, 220, 22_050, 3000)),
  );
}

/** A short blip. */
function blip(): Uint8Array {
  const n = 1500;
  return wav16(22_050, render(n, (i) => fade(square(i, 1320, 22_050, 6000), i, n)));
}

/** Every file of console/examples/stress/assets. */
export function stressAssets(): GeneratedFile[] {
  return [
    assetList({
      assets: [
        {
          id: 1,
          name: "tiles.balls",
          bank_type: "TILES",
          source: "balls8.png",
          codec: "DEFLATE",
          options: { tile_size: 8, transparent: true },
        },
        {
          id: 2,
          name: "tiles.back",
          bank_type: "TILES",
          source: "back16.png",
          codec: "DEFLATE",
          options: { tile_size: 16, transparent: false },
        },
        {
          id: 3,
          name: "tiles.extra",
          bank_type: "TILES",
          source: "extra16.png",
          codec: "DEFLATE",
          options: { tile_size: 16, transparent: true },
        },
        {
          id: 100,
          name: "sfx.drone",
          bank_type: "SOUNDS",
          source: "drone.wav",
          codec: "DEFLATE",
          options: { loop_start: 0, loop_end: 22_050 },
        },
        { id: 101, name: "sfx.blip", bank_type: "SOUNDS", source: "blip.wav", codec: "DEFLATE" },
      ],
      preload: [
        { asset_id: 1, slot: 0 },
        { asset_id: 2, slot: 1 },
        { asset_id: 100, slot: 0 },
        { asset_id: 101, slot: 1 },
      ],
    }),
    { name: "balls8.png", bytes: tileSheet(BALL_COLOURS.map(ball), 8, 8) },
    { name: "back16.png", bytes: tileSheet([0, 1, 2, 3].map(back), 16, 4) },
    { name: "extra16.png", bytes: tileSheet([0, 1, 2, 3].map(star), 16, 4) },
    { name: "drone.wav", bytes: drone() },
    { name: "blip.wav", bytes: blip() },
  ];
}
