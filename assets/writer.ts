/**
 * Writes `assets.pa` files: encodes each asset with its codec, hashes the stored bytes, lays the
 * payload out in `asset_id` order, and writes prelude + canonical header + payload. Output is a
 * pure function of the inputs (order of the inputs does not matter). Files are written to a
 * temporary name and renamed, so an existing file is never left half-written.
 *
 * @example
 * ```ts
 * import { packBytes } from "./writer.ts";
 * import { encodeSound } from "./sounds.ts";
 * const bytes = packBytes([{
 *   asset_id: 1, asset_name: "beep", bank_type: "SOUNDS", codec: "NONE",
 *   decoded: encodeSound(new Int16Array([0, 100])), metadata: { sample_rate: 8000, frame_count: 2 },
 * }], []);
 * ```
 * @module
 */

import { encodeAsset } from "./codec.ts";
import { contentHash } from "./hash.ts";
import { encodeHeader } from "./header.ts";
import { encodePrelude } from "./prelude.ts";
import type {
  AssetEntry,
  Codec,
  PackHeader,
  PreloadEntry,
  SoundsMetadata,
  TilesMetadata,
} from "./types.ts";

/** One asset to pack, in decoded form; the hash is added by the writer. */
export type PackInput =
  & { asset_id: number; asset_name: string; codec: Codec; decoded: Uint8Array }
  & (
    | { bank_type: "TILES"; metadata: Omit<TilesMetadata, "blake2b_256"> }
    | { bank_type: "SOUNDS"; metadata: Omit<SoundsMetadata, "blake2b_256"> }
  );

/** An entry before layout: everything but `offset`. */
export type EntryDraft = AssetEntry extends infer E
  ? E extends AssetEntry ? Omit<E, "offset"> : never
  : never;

/** Encodes one input: its stored bytes and its entry (without offset). */
export function encodeInput(input: PackInput): { draft: EntryDraft; stored: Uint8Array } {
  const stored = encodeAsset(input.codec, input.decoded);
  const common = {
    asset_id: input.asset_id,
    asset_name: input.asset_name,
    size: stored.length,
    decoded_size: input.decoded.length,
    codec: input.codec,
  };
  const blake2b_256 = contentHash(stored);
  const draft: EntryDraft = input.bank_type === "TILES"
    ? { ...common, bank_type: "TILES", metadata: { ...input.metadata, blake2b_256 } }
    : { ...common, bank_type: "SOUNDS", metadata: { ...input.metadata, blake2b_256 } };
  return { draft, stored };
}

/** The result of {@link layoutPack}. */
export interface PackLayout {
  /** The header as written. */
  header: PackHeader;
  /** Prelude followed by the canonical header: the file's first bytes. */
  head: Uint8Array;
  /** Indices into the drafts, in payload order (ascending `asset_id`). */
  order: number[];
  /** Total file size. */
  fileSize: number;
}

/**
 * Assigns offsets (payload in ascending `asset_id` order, no gaps) and encodes prelude and
 * header. Validates the header (duplicate ids or names, bad metadata) and throws
 * `PackFormatError` if it is not valid.
 */
export function layoutPack(
  drafts: readonly EntryDraft[],
  preload: readonly PreloadEntry[],
): PackLayout {
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a].asset_id - drafts[b].asset_id);
  let offset = 0;
  const asset_table = order.map((i) => {
    const entry = { ...drafts[i], offset } as AssetEntry;
    offset += drafts[i].size;
    return entry;
  });
  const header: PackHeader = { asset_table, preload: preload.map((p) => ({ ...p })) };
  const headerBytes = encodeHeader(header);
  const prelude = encodePrelude(headerBytes.length);
  const head = new Uint8Array(prelude.length + headerBytes.length);
  head.set(prelude, 0);
  head.set(headerBytes, prelude.length);
  return { header, head, order, fileSize: head.length + offset };
}

/** Packs `inputs` into one `assets.pa` in memory. */
export function packBytes(
  inputs: readonly PackInput[],
  preload: readonly PreloadEntry[],
): Uint8Array {
  const encoded = inputs.map(encodeInput);
  const layout = layoutPack(encoded.map((e) => e.draft), preload);
  const out = new Uint8Array(layout.fileSize);
  out.set(layout.head, 0);
  let at = layout.head.length;
  for (const i of layout.order) {
    out.set(encoded[i].stored, at);
    at += encoded[i].stored.length;
  }
  return out;
}

/**
 * Writes `chunks` to `path` through a temporary file in the same folder, then renames it over
 * `path`. On any failure the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomic(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  const tmp = await Deno.makeTempFile({ dir, prefix: `.${base}.`, suffix: ".tmp" });
  try {
    const file = await Deno.open(tmp, { write: true, truncate: true });
    try {
      for await (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) written += await file.write(chunk.subarray(written));
      }
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}
