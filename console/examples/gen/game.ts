/**
 * The game's assets (console/examples/game/assets): a 16×16 sprite sheet (basket, fruit, rock,
 * sparkle, cloud, heart — transparent), a 16×16 scenery sheet (sky bands, hills, grass, dirt —
 * opaque), and five sounds (catch, golden catch, rock, game over, a looping bass line).
 *
 * @example
 * ```ts
 * import { gameAssets } from "./game.ts";
 * gameAssets().map((f) => f.name); // ["assets.json", "sprites16.png", …]
 * ```
 * @module
 */

import { d2, type Painter, type RGB, tileSheet } from "./art.ts";
import { assetList, type GeneratedFile } from "./files.ts";
import { fade, noise, noteHz, render, square, triangle, wav16 } from "./sound.ts";

const RATE = 22_050;

// --- sprites (transparent) --------------------------------------------------------------------

const BASKET_DARK: RGB = [90, 50, 20];
const BASKET: RGB = [150, 90, 40];
const BASKET_LIGHT: RGB = [205, 145, 75];

/** The 32×16 basket; x 0…31. */
function basket(x: number, y: number): RGB | null {
  const handle = y <= 5 && d2(x * 2, y * 2, 32, 14) >= 14 * 14 &&
    d2(x * 2, y * 2, 32, 14) <= 17 * 17;
  if (handle) return BASKET_DARK;
  if (y === 5 || y === 6) return x >= 1 && x <= 30 ? BASKET_LIGHT : null;
  if (y >= 7) {
    const inset = (y - 7) >> 1;
    if (x < 1 + inset || x > 30 - inset) return null;
    if (y === 15) return BASKET_DARK;
    return (x + y) % 4 < 2 ? BASKET : BASKET_DARK;
  }
  return null;
}

function fruit(body: RGB, dark: RGB, light: RGB): Painter {
  return (x, y) => {
    if (x === 8 && y >= 1 && y <= 3) return [100, 60, 20];
    if (y >= 2 && y <= 3 && x >= 9 && x <= 11) return [60, 170, 60];
    if (d2(x, y, 8, 9) > 36) return null;
    if (d2(x, y, 6, 7) <= 2) return light;
    return x + y > 19 ? dark : body;
  };
}

const rock: Painter = (x, y) => {
  if (3 * (x - 8) * (x - 8) + 4 * (y - 10) * (y - 10) > 150) return null;
  if ((x * 7 + y * 13) % 11 === 0) return [80, 80, 85];
  return x + y < 13 ? [175, 175, 180] : [120, 120, 128];
};

const sparkle: Painter = (x, y) => {
  const ax = Math.abs(x - 8), ay = Math.abs(y - 8);
  if (ax <= 1 && ay <= 1) return [255, 255, 255];
  if ((ax === 0 && ay <= 7) || (ay === 0 && ax <= 7)) return [255, 235, 110];
  if (ax === ay && ax <= 3) return [255, 200, 60];
  return null;
};

/** The 48×16 cloud; x 0…47. */
function cloud(x: number, y: number): RGB | null {
  const puff = d2(x, y, 10, 10) <= 49 || d2(x, y, 22, 8) <= 64 || d2(x, y, 34, 9) <= 49 ||
    d2(x, y, 42, 11) <= 25;
  if (!puff || y > 14) return null;
  return y >= 12 ? [205, 212, 230] : [250, 250, 255];
}

const heart: Painter = (x, y) => {
  const inside = d2(x, y, 5, 6) <= 12 || d2(x, y, 10, 6) <= 12 ||
    (y >= 6 && y <= 13 && Math.abs(2 * x - 15) <= 2 * (13 - y));
  if (!inside) return null;
  return d2(x, y, 4, 5) <= 2 ? [255, 170, 170] : [220, 30, 60];
};

/** sprites16.png: basket L/R 0–1, apple 2, golden apple 3, rock 4, sparkle 5, cloud 6–8, heart 9. */
export function spriteSheet(): Uint8Array {
  return tileSheet(
    [
      (x, y) => basket(x, y),
      (x, y) => basket(x + 16, y),
      fruit([205, 30, 35], [135, 15, 25], [255, 160, 150]),
      fruit([250, 200, 40], [190, 130, 10], [255, 250, 205]),
      rock,
      sparkle,
      (x, y) => cloud(x, y),
      (x, y) => cloud(x + 16, y),
      (x, y) => cloud(x + 32, y),
      heart,
    ],
    16,
    10,
  );
}

// --- scenery (opaque) --------------------------------------------------------------------------

const SKY_TOP: RGB = [60, 110, 200];
const SKY_BOTTOM: RGB = [175, 215, 245];
/** Sky band 0…15 (4 per sky tile). */
const skyBand = (band: number): RGB =>
  [0, 1, 2].map((i) =>
    SKY_TOP[i] + Math.floor(((SKY_BOTTOM[i] - SKY_TOP[i]) * band) / 15)
  ) as unknown as RGB;
const HILL: RGB = [70, 160, 75];
const HILL_DARK: RGB = [45, 120, 60];
const DIRT: RGB = [125, 82, 45];
const DIRT_DARK: RGB = [95, 60, 32];

/** Hill height at x of a 32-wide hill span. */
const hillTop = (x: number) => 4 + Math.floor(((x - 16) * (x - 16)) / 24);

function hill(x: number, y: number): RGB {
  const top = hillTop(x);
  if (y < top) return skyBand(15);
  return y < top + 2 || (x + 2 * y) % 9 === 0 ? HILL : HILL_DARK;
}

function dirt(x: number, y: number, stone: boolean): RGB {
  if (stone && d2(x, y, 9, 8) <= 9) return d2(x, y, 8, 7) <= 2 ? [190, 190, 195] : [140, 140, 150];
  return (x * 5 + y * 3) % 7 === 0 ? DIRT_DARK : DIRT;
}

/** scenery16.png: sky 0–3, hill 4–5, grass 6, dirt 7, dirt with a stone 8, hillside 9. */
export function scenerySheet(): Uint8Array {
  const sky = (k: number): Painter => (_x, y) => skyBand(k * 4 + (y >> 2));
  return tileSheet(
    [
      sky(0),
      sky(1),
      sky(2),
      sky(3),
      (x, y) => hill(x, y),
      (x, y) => hill(x + 16, y),
      (x, y) => (y < 4 ? (x % 3 === 0 && y < 2 ? [120, 200, 90] : HILL) : dirt(x, y, false)),
      (x, y) => dirt(x, y, false),
      (x, y) => dirt(x, y, true),
      (x, y) => ((x + 2 * y) % 9 === 0 ? HILL : HILL_DARK),
    ],
    16,
    10,
  );
}

// --- sounds ----------------------------------------------------------------------------------

/** A rising blip. */
function catchSound(): Uint8Array {
  const n = 2000;
  return wav16(
    RATE,
    render(n, (i) => fade(square(i, 660 + Math.floor((i * 660) / n), RATE, 9000), i, n)),
  );
}

/** C6 E6 G6 C7, 0.07 s each. */
function goldSound(): Uint8Array {
  const notes = [84, 88, 91, 96];
  const each = 1544;
  return wav16(
    RATE,
    render(each * 4, (i) => {
      const k = Math.floor(i / each);
      return fade(square(i, noteHz(notes[k]), RATE, 7000), i % each, each * 2);
    }),
  );
}

/** A crunch: noise over a low square. */
function rockSound(): Uint8Array {
  const n = 5500;
  const r = noise(7);
  return wav16(RATE, render(n, (i) => fade(r(9000) + square(i, 98, RATE, 5000), i, n)));
}

/** A falling triangle. */
function overSound(): Uint8Array {
  const n = 17_640;
  return wav16(
    RATE,
    render(n, (i) => fade(triangle(i, 440 - Math.floor((i * 330) / n), RATE, 12_000), i, n)),
  );
}

/** Eight bass notes of 0.3 s, looped: the music. */
function musicLoop(): Uint8Array {
  const notes = [48, 48, 43, 43, 45, 45, 41, 43];
  const each = 6615;
  return wav16(
    RATE,
    render(each * notes.length, (i) => {
      const k = Math.floor(i / each);
      const t = i % each;
      const bass = fade(triangle(i, noteHz(notes[k]), RATE, 7000), t, each * 2);
      const plink = t < 1200 && k % 2 === 1
        ? fade(square(i, noteHz(notes[k] + 24), RATE, 1500), t, 1200)
        : 0;
      return bass + plink;
    }),
  );
}

/** Every file of console/examples/game/assets. */
export function gameAssets(): GeneratedFile[] {
  const sfx = (id: number, name: string, source: string, options?: Record<string, number>) => ({
    id,
    name,
    bank_type: "SOUNDS",
    source,
    codec: "DEFLATE",
    ...(options ? { options } : {}),
  });
  const music = musicLoop();
  const musicFrames = (music.length - 44) / 2;
  return [
    assetList({
      assets: [
        {
          id: 1,
          name: "tiles.sprites",
          bank_type: "TILES",
          source: "sprites16.png",
          codec: "DEFLATE",
          options: { tile_size: 16, transparent: true },
        },
        {
          id: 2,
          name: "tiles.scenery",
          bank_type: "TILES",
          source: "scenery16.png",
          codec: "DEFLATE",
          options: { tile_size: 16, transparent: false },
        },
        sfx(100, "sfx.catch", "catch.wav"),
        sfx(101, "sfx.gold", "gold.wav"),
        sfx(102, "sfx.rock", "rock.wav"),
        sfx(103, "sfx.over", "over.wav"),
        sfx(104, "music.loop", "music.wav", { loop_start: 0, loop_end: musicFrames }),
      ],
      preload: [
        { asset_id: 1, slot: 0 },
        { asset_id: 2, slot: 1 },
        { asset_id: 100, slot: 0 },
        { asset_id: 101, slot: 1 },
        { asset_id: 102, slot: 2 },
        { asset_id: 103, slot: 3 },
        { asset_id: 104, slot: 4 },
      ],
    }),
    { name: "sprites16.png", bytes: spriteSheet() },
    { name: "scenery16.png", bytes: scenerySheet() },
    { name: "catch.wav", bytes: catchSound() },
    { name: "gold.wav", bytes: goldSound() },
    { name: "rock.wav", bytes: rockSound() },
    { name: "over.wav", bytes: overSound() },
    { name: "music.wav", bytes: music },
  ];
}
