/**
 * Turns an entry's decoded bytes into what a bank holds (a tile sheet or a sound sample), and
 * the whole read → verify → decode → materialise step the asset loader runs.
 *
 * @example
 * ```ts
 * import { PackReader } from "./reader.ts";
 * import { loadResident } from "./materialise.ts";
 * const pack = await PackReader.openFile("assets.pa");
 * const data = await loadResident(pack, pack.header.asset_table[0]);
 * ```
 * @module
 */

import { materialiseSound, type SoundSample, soundsResidentBytes } from "./sounds.ts";
import { materialiseTiles, type TileSheet, tilesResidentBytes } from "./tiles.ts";
import type { AssetEntry } from "./types.ts";
import type { PackReader } from "./reader.ts";

/** What a slot holds once an asset is materialised. */
export type ResidentData =
  | { bank_type: "TILES"; sheet: TileSheet }
  | { bank_type: "SOUNDS"; sound: SoundSample };

/** Bytes an entry occupies in its bank once materialised (a function of its metadata only). */
export function residentBytes(entry: AssetEntry): number {
  return entry.bank_type === "TILES"
    ? tilesResidentBytes(entry.metadata)
    : soundsResidentBytes(entry.metadata);
}

/** Materialises decoded bytes. Throws `PackFormatError` when they contradict the metadata. */
export function materialise(entry: AssetEntry, decoded: Uint8Array): ResidentData {
  const what = `asset ${entry.asset_id} (${entry.asset_name})`;
  if (entry.bank_type === "TILES") {
    return { bank_type: "TILES", sheet: materialiseTiles(entry.metadata, decoded, what) };
  }
  return { bank_type: "SOUNDS", sound: materialiseSound(entry.metadata, decoded, what) };
}

/** Read, verify, decode and materialise one entry. */
export async function loadResident(reader: PackReader, entry: AssetEntry): Promise<ResidentData> {
  return materialise(entry, await reader.readDecoded(entry));
}

/** The buffers of `data`, for transferring it between Workers without copying. */
export function transferList(data: ResidentData): ArrayBuffer[] {
  if (data.bank_type === "TILES") {
    const s = data.sheet;
    return [s.pixels.buffer, s.palettes.buffer, s.tilePalettes.buffer] as ArrayBuffer[];
  }
  return [data.sound.samples.buffer as ArrayBuffer];
}
