/**
 * The packer: reads an asset folder (`assets.json` + PNG and WAV sources), converts each source to
 * its bank layout, encodes it with its codec, validates the preload against the default banks, and
 * writes a deterministic `assets.pa` (same folder contents → same bytes, whatever the order of the
 * list). Long packs report progress through a callback.
 *
 * @example
 * ```ts
 * import { packFolderToFile } from "./pack_folder.ts";
 * const report = await packFolderToFile("assets/examples/demo", "/tmp/assets.pa");
 * console.log(report.rows.length, report.fileSize);
 * ```
 * @module
 */

import { type BanksConfig, DEFAULT_BANKS } from "../bank_config.ts";
import { PackSourceError } from "../errors.ts";
import { LIMITS } from "../limits.ts";
import { validatePreload } from "../preload.ts";
import { encodeSound } from "../sounds.ts";
import type { Codec, PackHeader } from "../types.ts";
import { encodeInput, layoutPack, type PackInput, writeFileAtomic } from "../writer.ts";
import { type ListedAsset, parseAssetList } from "./asset_list.ts";
import { decodePngRgba } from "./png.ts";
import { buildTileSheet } from "./tile_sheet.ts";
import { decodeWav } from "./wav.ts";

/** Name of the asset list inside an asset folder. */
export const ASSET_LIST_FILE = "assets.json";

/** Progress of a pack: `done` of `total` assets converted, `asset` the one just finished. */
export interface PackProgress {
  /** Assets converted so far. */
  done: number;
  /** Assets in the list. */
  total: number;
  /** Name of the asset just converted. */
  asset: string;
}

/** One line of the summary table. */
export interface PackSummaryRow {
  /** Asset id. */
  asset_id: number;
  /** Asset name. */
  asset_name: string;
  /** Bank type. */
  bank_type: string;
  /** Codec. */
  codec: Codec;
  /** Source file, relative to the folder. */
  source: string;
  /** Decoded bytes. */
  decoded_size: number;
  /** Stored bytes. */
  size: number;
  /** Shape of the asset (tiles and palettes, or rate and length). */
  detail: string;
}

/** Options of a pack. */
export interface PackOptions {
  /** Called after each asset is converted. */
  onProgress?: (p: PackProgress) => void;
  /** Banks the preload is checked against (default {@link DEFAULT_BANKS}). */
  banks?: BanksConfig;
}

/** What a pack produced. */
export interface PackReport {
  /** The header written. */
  header: PackHeader;
  /** Summary rows in `asset_id` order. */
  rows: PackSummaryRow[];
  /** Size of the output in bytes. */
  fileSize: number;
}

async function readSource(folder: string, asset: ListedAsset): Promise<Uint8Array> {
  const path = `${folder}/${asset.source}`;
  let size: number;
  try {
    const stat = await Deno.stat(path);
    if (!stat.isFile) throw new Error("not a file");
    size = stat.size;
  } catch (e) {
    throw new PackSourceError(
      "SOURCE_MISSING",
      `asset ${asset.id} (${asset.name}): cannot read ${asset.source}: ${(e as Error).message}`,
    );
  }
  if (size > LIMITS.maxSourceBytes) {
    throw new PackSourceError(
      "SOURCE_TOO_LARGE",
      `asset ${asset.id} (${asset.name}): ${asset.source} is ${size} bytes (limit ${LIMITS.maxSourceBytes})`,
    );
  }
  return await Deno.readFile(path);
}

/** Converts one listed asset from its source bytes. */
export function convertAsset(asset: ListedAsset, source: Uint8Array): PackInput {
  const what = `asset ${asset.id} (${asset.name}) from ${asset.source}`;
  const common = { asset_id: asset.id, asset_name: asset.name, codec: asset.codec };
  if (asset.bank_type === "TILES") {
    const image = decodePngRgba(source, what);
    const sheet = buildTileSheet(image, asset.options.tile_size, asset.options.transparent, what);
    return {
      ...common,
      bank_type: "TILES",
      decoded: sheet.decoded,
      metadata: {
        ...sheet.metadata,
        pipeline: { source: asset.source, width: image.width, height: image.height },
      },
    };
  }
  const wav = decodeWav(source, what);
  const frames = wav.samples.length;
  const { loop_start, loop_end } = asset.options;
  if (loop_end !== undefined && loop_end > frames) {
    throw new PackSourceError(
      "BAD_OPTIONS",
      `${what}: loop_end ${loop_end} is past the last frame (${frames})`,
    );
  }
  return {
    ...common,
    bank_type: "SOUNDS",
    decoded: encodeSound(wav.samples),
    metadata: {
      sample_rate: wav.sampleRate,
      frame_count: frames,
      ...(loop_start !== undefined ? { loop_start, loop_end } : {}),
      pipeline: { source: asset.source, channels: wav.channels, bits: wav.bitsPerSample },
    },
  };
}

function detail(input: PackInput): string {
  if (input.bank_type === "TILES") {
    const m = input.metadata;
    return `${m.tile_count} tiles ${m.tile_size}x${m.tile_size}, ${m.palette_count} palette(s)`;
  }
  const m = input.metadata;
  const ms = Math.floor((m.frame_count * 1000) / m.sample_rate);
  const loop = m.loop_start !== undefined ? `, loop ${m.loop_start}..${m.loop_end}` : "";
  return `${m.sample_rate} Hz, ${m.frame_count} frames (${ms} ms)${loop}`;
}

/**
 * Packs `folder` and writes the result to `out` (through a temporary file and a rename, so `out`
 * is either the old file or the complete new one). Throws `PackSourceError`, `PreloadError` or
 * `PackFormatError` on bad input, before anything is written.
 */
export async function packFolderToFile(
  folder: string,
  out: string,
  options: PackOptions = {},
): Promise<PackReport> {
  const listPath = `${folder}/${ASSET_LIST_FILE}`;
  let listText: string;
  try {
    listText = await Deno.readTextFile(listPath);
  } catch (e) {
    throw new PackSourceError("LIST_MISSING", `${listPath}: ${(e as Error).message}`);
  }
  const list = parseAssetList(listText, ASSET_LIST_FILE);
  const inputs: PackInput[] = [];
  const encoded: ReturnType<typeof encodeInput>[] = [];
  for (const asset of list.assets) {
    const input = convertAsset(asset, await readSource(folder, asset));
    inputs.push(input);
    encoded.push(encodeInput(input));
    options.onProgress?.({ done: inputs.length, total: list.assets.length, asset: asset.name });
  }
  const layout = layoutPack(encoded.map((e) => e.draft), list.preload);
  validatePreload(layout.header, options.banks ?? DEFAULT_BANKS);
  try {
    await writeFileAtomic(out, [layout.head, ...layout.order.map((i) => encoded[i].stored)]);
  } catch (e) {
    throw new PackSourceError("OUTPUT_FAILED", `${out}: ${(e as Error).message}`);
  }
  const rows = layout.order.map((i): PackSummaryRow => ({
    asset_id: inputs[i].asset_id,
    asset_name: inputs[i].asset_name,
    bank_type: inputs[i].bank_type,
    codec: inputs[i].codec,
    source: list.assets[i].source,
    decoded_size: encoded[i].draft.decoded_size,
    size: encoded[i].draft.size,
    detail: detail(inputs[i]),
  }));
  return { header: layout.header, rows, fileSize: layout.fileSize };
}
