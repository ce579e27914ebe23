/**
 * The decoded layout of a TILES asset and its materialised form.
 *
 * Decoded layout (`decoded_size` bytes, see README):
 * 1. pixels — `tile_count` tiles one after another, each `tile_size²` 4-bit colour indices in row
 *    order, two per byte (low nibble = even x, high nibble = odd x);
 * 2. palettes — `palette_count × 16` RGB565 colours, u16 little-endian;
 * 3. tile palettes — one byte per tile: the palette the packer matched it to (`< palette_count`).
 *
 * Materialised, pixels are widened to one byte per index so gfx can index them directly.
 *
 * @example
 * ```ts
 * import { encodeTiles, materialiseTiles } from "./tiles.ts";
 * const decoded = encodeTiles({
 *   tileSize: 8, pixels: new Uint8Array(64).fill(1),
 *   palettes: new Uint16Array(16).fill(0xffff), tilePalettes: new Uint8Array([0]),
 * });
 * materialiseTiles({ tile_size: 8, tile_count: 1, palette_count: 1, transparent: false }, decoded, "x")
 *   .pixels[0]; // 1
 * ```
 * @module
 */

import { PackFormatError } from "./errors.ts";
import { tilesDecodedSize, type TileSize, type TilesMetadata } from "./types.ts";

/** A tile sheet resident in a TILES slot. */
export interface TileSheet {
  /** Tile edge length in pixels. */
  tileSize: TileSize;
  /** Number of tiles. */
  tileCount: number;
  /** Number of palettes. */
  paletteCount: number;
  /** Colour index 0 is the transparent colour key. */
  transparent: boolean;
  /** `tileCount × tileSize²` colour indices (0..15), tile after tile, rows in order. */
  pixels: Uint8Array;
  /** `paletteCount × 16` RGB565 colours; colour c of palette p is at `p * 16 + c`. */
  palettes: Uint16Array;
  /** The palette each tile was packed against. */
  tilePalettes: Uint8Array;
}

/** Input of {@link encodeTiles}: pixels one index per byte. */
export interface TilesInput {
  /** Tile edge length. */
  tileSize: TileSize;
  /** `tileCount × tileSize²` indices, each 0..15. */
  pixels: Uint8Array;
  /** `paletteCount × 16` RGB565 colours. */
  palettes: Uint16Array;
  /** One palette index per tile. */
  tilePalettes: Uint8Array;
}

/** Bytes a materialised sheet occupies in its bank. */
export function tilesResidentBytes(
  m: Pick<TilesMetadata, "tile_size" | "tile_count" | "palette_count">,
): number {
  return m.tile_count * m.tile_size * m.tile_size + m.palette_count * 32 + m.tile_count;
}

/** Builds the decoded layout from one-index-per-byte pixels. */
export function encodeTiles(input: TilesInput): Uint8Array {
  const { tileSize, pixels, palettes, tilePalettes } = input;
  const area = tileSize * tileSize;
  const tileCount = tilePalettes.length;
  if (pixels.length !== tileCount * area || palettes.length % 16 !== 0 || palettes.length === 0) {
    throw new RangeError("encodeTiles: pixels, palettes and tilePalettes disagree in size");
  }
  const pixelBytes = (tileCount * area) / 2;
  const out = new Uint8Array(pixelBytes + palettes.length * 2 + tileCount);
  for (let i = 0; i < pixelBytes; i++) {
    out[i] = (pixels[2 * i] & 0xf) | ((pixels[2 * i + 1] & 0xf) << 4);
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < palettes.length; i++) view.setUint16(pixelBytes + 2 * i, palettes[i], true);
  out.set(tilePalettes, pixelBytes + palettes.length * 2);
  return out;
}

/** Validates the decoded bytes against the metadata and widens them into a {@link TileSheet}. */
export function materialiseTiles(
  m: Pick<TilesMetadata, "tile_size" | "tile_count" | "palette_count" | "transparent">,
  decoded: Uint8Array,
  what: string,
): TileSheet {
  if (decoded.length !== tilesDecodedSize(m)) {
    throw new PackFormatError(
      "DECODED_SIZE_MISMATCH",
      `${what}: ${decoded.length} decoded bytes, metadata needs ${tilesDecodedSize(m)}`,
    );
  }
  const area = m.tile_size * m.tile_size;
  const pixelBytes = (m.tile_count * area) / 2;
  const pixels = new Uint8Array(m.tile_count * area);
  for (let i = 0; i < pixelBytes; i++) {
    const b = decoded[i];
    pixels[2 * i] = b & 0xf;
    pixels[2 * i + 1] = b >> 4;
  }
  const palettes = new Uint16Array(m.palette_count * 16);
  const view = new DataView(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  for (let i = 0; i < palettes.length; i++) palettes[i] = view.getUint16(pixelBytes + 2 * i, true);
  const tilePalettes = decoded.slice(pixelBytes + palettes.length * 2);
  for (let t = 0; t < tilePalettes.length; t++) {
    if (tilePalettes[t] >= m.palette_count) {
      throw new PackFormatError(
        "BAD_ASSET_DATA",
        `${what}: tile ${t} names palette ${tilePalettes[t]}, only ${m.palette_count} exist`,
      );
    }
  }
  return {
    tileSize: m.tile_size,
    tileCount: m.tile_count,
    paletteCount: m.palette_count,
    transparent: m.transparent,
    pixels,
    palettes,
    tilePalettes,
  };
}
