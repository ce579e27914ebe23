/**
 * Turns an RGBA image into a TILES asset: colours are reduced to RGB565, the image is cut into
 * tiles (left to right, top to bottom), and tiles are grouped into 16-colour palettes. A tile that
 * needs more than 16 colours (15 when index 0 is the transparent key), or an image that needs
 * more than 64 palettes, is refused with a message naming the tile and the count.
 *
 * Grouping is deterministic: tiles are taken in order; each joins the existing palette whose
 * colour set grows least by taking it (lowest index on a tie), or opens a new palette when none
 * has room. Palette colours are then sorted by RGB565 value (after the key at index 0).
 *
 * @example
 * ```ts
 * import { buildTileSheet } from "./tile_sheet.ts";
 * const rgba = new Uint8Array(8 * 8 * 4).fill(255);
 * const sheet = buildTileSheet({ width: 8, height: 8, rgba }, 8, false, "white.png");
 * sheet.metadata.palette_count; // 1
 * ```
 * @module
 */

import { PackSourceError } from "../errors.ts";
import { LIMITS } from "../limits.ts";
import { encodeTiles } from "../tiles.ts";
import type { TileSize, TilesMetadata } from "../types.ts";
import type { RgbaImage } from "./png.ts";

/** RGB888 → RGB565 with round-to-nearest per channel (integer arithmetic). */
export function rgb565(r: number, g: number, b: number): number {
  const r5 = Math.floor((r * 31 + 127) / 255);
  const g6 = Math.floor((g * 63 + 127) / 255);
  const b5 = Math.floor((b * 31 + 127) / 255);
  return (r5 << 11) | (g6 << 5) | b5;
}

/** A packed sheet: its decoded bytes and its metadata (without the hash). */
export interface BuiltTileSheet {
  /** The TILES decoded layout. */
  decoded: Uint8Array;
  /** Metadata for the asset table. */
  metadata: Omit<TilesMetadata, "blake2b_256">;
}

/** Cuts `image` into `tileSize` tiles and builds palettes (see the module notes). */
export function buildTileSheet(
  image: RgbaImage,
  tileSize: TileSize,
  transparent: boolean,
  what: string,
): BuiltTileSheet {
  const { width, height, rgba } = image;
  if (width % tileSize !== 0 || height % tileSize !== 0) {
    throw new PackSourceError(
      "PNG_BAD_DIMENSIONS",
      `${what}: ${width}×${height} is not a whole number of ${tileSize}×${tileSize} tiles`,
    );
  }
  const cols = width / tileSize;
  const tileCount = cols * (height / tileSize);
  const area = tileSize * tileSize;
  if (tileCount * area > LIMITS.maxSheetPixels) {
    throw new PackSourceError(
      "PNG_TOO_LARGE",
      `${what}: more than ${LIMITS.maxSheetPixels} pixels`,
    );
  }
  const capacity = transparent ? 15 : 16;
  // colour of every pixel, tile-major; -1 = transparent
  const colours = new Int32Array(tileCount * area);
  const tileSets: Set<number>[] = [];
  for (let t = 0; t < tileCount; t++) {
    const tx = (t % cols) * tileSize, ty = Math.floor(t / cols) * tileSize;
    const set = new Set<number>();
    for (let y = 0; y < tileSize; y++) {
      for (let x = 0; x < tileSize; x++) {
        const o = ((ty + y) * width + tx + x) * 4;
        let c: number;
        if (rgba[o + 3] < 128) {
          if (!transparent) {
            throw new PackSourceError(
              "BAD_OPTIONS",
              `${what}: pixel (${tx + x}, ${
                ty + y
              }) is transparent; set options.transparent to true`,
            );
          }
          c = -1;
        } else {
          c = rgb565(rgba[o], rgba[o + 1], rgba[o + 2]);
          set.add(c);
        }
        colours[t * area + y * tileSize + x] = c;
      }
    }
    if (set.size > capacity) {
      throw new PackSourceError(
        "PNG_TOO_MANY_COLOURS",
        `${what}: tile ${t} (column ${t % cols}, row ${
          Math.floor(t / cols)
        }, pixels from (${tx}, ${ty})) ` +
          `has ${set.size} colours after RGB565 reduction; at most ${capacity} fit a palette` +
          (transparent ? " (index 0 is the transparent key)" : ""),
      );
    }
    tileSets.push(set);
  }
  // group tiles into palettes
  const paletteSets: Set<number>[] = [];
  const tilePalettes = new Uint8Array(tileCount);
  for (let t = 0; t < tileCount; t++) {
    let best = -1, bestGrowth = Infinity;
    for (let p = 0; p < paletteSets.length; p++) {
      let growth = 0;
      for (const c of tileSets[t]) if (!paletteSets[p].has(c)) growth++;
      if (paletteSets[p].size + growth <= capacity && growth < bestGrowth) {
        best = p;
        bestGrowth = growth;
      }
    }
    if (best < 0) {
      if (paletteSets.length === LIMITS.maxPalettes) {
        throw new PackSourceError(
          "PNG_TOO_MANY_PALETTES",
          `${what}: tile ${t} needs palette ${
            LIMITS.maxPalettes + 1
          }; a sheet has at most ${LIMITS.maxPalettes}`,
        );
      }
      paletteSets.push(new Set());
      best = paletteSets.length - 1;
    }
    for (const c of tileSets[t]) paletteSets[best].add(c);
    tilePalettes[t] = best;
  }
  const paletteCount = Math.max(1, paletteSets.length);
  const palettes = new Uint16Array(paletteCount * 16);
  const indexOf: Map<number, number>[] = [];
  paletteSets.forEach((set, p) => {
    const sorted = [...set].sort((a, b) => a - b);
    const map = new Map<number, number>();
    sorted.forEach((c, i) => {
      const idx = i + (transparent ? 1 : 0);
      palettes[p * 16 + idx] = c;
      map.set(c, idx);
    });
    indexOf.push(map);
  });
  const pixels = new Uint8Array(tileCount * area);
  for (let i = 0; i < pixels.length; i++) {
    const c = colours[i];
    pixels[i] = c < 0 ? 0 : indexOf[tilePalettes[Math.floor(i / area)]]?.get(c) ?? 0;
  }
  return {
    decoded: encodeTiles({ tileSize, pixels, palettes, tilePalettes }),
    metadata: {
      tile_size: tileSize,
      tile_count: tileCount,
      palette_count: paletteCount,
      transparent,
    },
  };
}
