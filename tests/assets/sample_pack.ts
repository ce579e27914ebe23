/**
 * A small valid `assets.pa` built in memory for tests: two tile sheets and two sounds, one of
 * each with each codec, ids deliberately given out of order (the writer sorts them).
 * @module
 */

import {
  encodeSound,
  encodeTiles,
  packBytes,
  type PackInput,
  type PreloadEntry,
} from "../../assets/mod.ts";

/** Tile sheet: `count` 8×8 tiles whose pixels follow a pattern, two palettes. */
export function sampleTiles(count: number, seed = 1): Uint8Array {
  const pixels = new Uint8Array(count * 64);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed + (i >> 6)) & 0xf;
  const palettes = new Uint16Array(32);
  for (let i = 0; i < palettes.length; i++) palettes[i] = (i * 2113 + seed) & 0xffff;
  const tilePalettes = new Uint8Array(count);
  for (let t = 0; t < count; t++) tilePalettes[t] = t & 1;
  return encodeTiles({ tileSize: 8, pixels, palettes, tilePalettes });
}

/** `frames` PCM16 samples of a saw wave. */
export function sampleSound(frames: number, step = 1024): Int16Array {
  const s = new Int16Array(frames);
  for (let i = 0; i < frames; i++) s[i] = ((i * step) % 65536) - 32768;
  return s;
}

/** The inputs of the sample pack. */
export function sampleInputs(): PackInput[] {
  return [
    {
      asset_id: 20,
      asset_name: "sfx.saw",
      bank_type: "SOUNDS",
      codec: "DEFLATE",
      decoded: encodeSound(sampleSound(400)),
      metadata: { sample_rate: 22050, frame_count: 400, loop_start: 100, loop_end: 300 },
    },
    {
      asset_id: 3,
      asset_name: "tiles.a",
      bank_type: "TILES",
      codec: "NONE",
      decoded: sampleTiles(4),
      metadata: { tile_size: 8, tile_count: 4, palette_count: 2, transparent: true },
    },
    {
      asset_id: -5,
      asset_name: "tiles.b",
      bank_type: "TILES",
      codec: "DEFLATE",
      decoded: sampleTiles(6, 9),
      metadata: { tile_size: 8, tile_count: 6, palette_count: 2, transparent: false },
    },
    {
      asset_id: 7,
      asset_name: "sfx.beep",
      bank_type: "SOUNDS",
      codec: "NONE",
      decoded: encodeSound(sampleSound(64, 1000)),
      metadata: { sample_rate: 8000, frame_count: 64 },
    },
  ];
}

/** The preload of the sample pack. */
export const SAMPLE_PRELOAD: PreloadEntry[] = [{ asset_id: 3, slot: 0 }, { asset_id: 7, slot: 2 }];

/** The sample pack's bytes. */
export function samplePack(): Uint8Array {
  return packBytes(sampleInputs(), SAMPLE_PRELOAD);
}
