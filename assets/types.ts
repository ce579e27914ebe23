/**
 * The data model of `assets.pa` v1: bank types, codecs, asset entries, their metadata, preload
 * entries and the header.
 *
 * @example
 * ```ts
 * import type { AssetEntry } from "./types.ts";
 * const entry: AssetEntry = {
 *   asset_id: 1, asset_name: "beep", bank_type: "SOUNDS", offset: 0, size: 4, decoded_size: 4,
 *   codec: "NONE",
 *   metadata: { blake2b_256: "00".repeat(32), sample_rate: 8000, frame_count: 2 },
 * };
 * ```
 * @module
 */

/** The bank types, in their numeric order (the guest's `kind`: TILES = 0, SOUNDS = 1). */
export const BANK_TYPES = ["TILES", "SOUNDS"] as const;
/** A bank type: which bank an asset can be resident in. */
export type BankType = typeof BANK_TYPES[number];

/** The codecs of v1: stored as is, or raw DEFLATE (RFC 1951, no zlib/gzip wrapper). */
export const CODECS = ["NONE", "DEFLATE"] as const;
/** How an asset's bytes are stored in the payload. */
export type Codec = typeof CODECS[number];

/** Tile edge lengths a TILES asset may use. */
export const TILE_SIZES = [8, 16, 32] as const;
/** A tile edge length in pixels. */
export type TileSize = typeof TILE_SIZES[number];

/** Metadata of a TILES asset (a tile sheet). */
export interface TilesMetadata {
  /** blake2b-256 of the stored bytes, 64 lowercase hex digits. */
  blake2b_256: string;
  /** Tile edge length. */
  tile_size: TileSize;
  /** Number of tiles, at least 1. */
  tile_count: number;
  /** Number of 16-colour palettes, 1..64. */
  palette_count: number;
  /** When true, colour index 0 of every palette is the transparent colour key. */
  transparent: boolean;
  /** Tooling detail (source file, dimensions); never needed by the runtime. */
  pipeline?: JsonObject;
}

/** Metadata of a SOUNDS asset (PCM16 mono samples). */
export interface SoundsMetadata {
  /** blake2b-256 of the stored bytes, 64 lowercase hex digits. */
  blake2b_256: string;
  /** Samples per second, 1..192000. */
  sample_rate: number;
  /** Number of sample frames, at least 1. */
  frame_count: number;
  /** First frame of the loop (inclusive); present together with `loop_end`. */
  loop_start?: number;
  /** End frame of the loop (exclusive), `loop_start < loop_end <= frame_count`. */
  loop_end?: number;
  /** Tooling detail (source file, original format); never needed by the runtime. */
  pipeline?: JsonObject;
}

/** A JSON value without floating-point numbers (what the canonical header may hold). */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  /** Any key, any value. */
  [key: string]: JsonValue;
}

/** The fields every {@link AssetEntry} has, whatever its bank type. */
export interface AssetEntryCommon {
  /** Stable id from the packer's list; 32-bit signed integer. */
  asset_id: number;
  /** Unique name the guest loads the asset by. */
  asset_name: string;
  /** Byte offset of the stored bytes, relative to the payload region. */
  offset: number;
  /** Stored length in bytes. */
  size: number;
  /** Length after decoding, in bytes. */
  decoded_size: number;
  /** Storage codec. */
  codec: Codec;
}

/** One row of `asset_table`. */
export type AssetEntry =
  | (AssetEntryCommon & { bank_type: "TILES"; metadata: TilesMetadata })
  | (AssetEntryCommon & { bank_type: "SOUNDS"; metadata: SoundsMetadata });

/** A request to make an asset resident in a slot at boot (bank type comes from the asset). */
export interface PreloadEntry {
  /** Which asset. */
  asset_id: number;
  /** Slot index in the asset's bank. */
  slot: number;
}

/** The JSON header of an `assets.pa`. */
export interface PackHeader {
  /** Entries sorted by ascending `asset_id`. */
  asset_table: AssetEntry[];
  /** Boot residency requests, in declared order. */
  preload: PreloadEntry[];
}

/** The fixed binary prelude of an `assets.pa`. */
export interface Prelude {
  /** Format schema version; 1. */
  schema_version: number;
  /** Length of the JSON header in bytes. */
  header_len: number;
  /** Absolute file offset where the payload region starts. */
  payload_offset: number;
  /** Flags; 0 in v1. */
  flags: number;
  /** Reserved; 0 in v1. */
  reserved: number;
}

/** Bytes a TILES asset occupies once decoded (the stored layout, see README). */
export function tilesDecodedSize(
  m: Pick<TilesMetadata, "tile_size" | "tile_count" | "palette_count">,
): number {
  return (m.tile_count * m.tile_size * m.tile_size) / 2 + m.palette_count * 32 + m.tile_count;
}

/** Bytes a SOUNDS asset occupies once decoded. */
export function soundsDecodedSize(m: Pick<SoundsMetadata, "frame_count">): number {
  return m.frame_count * 2;
}
