/**
 * Reads an `assets.pa`: the prelude and header are parsed and validated at open; asset bytes are
 * read slice by slice on demand, so the payload never has to be in memory as a whole.
 *
 * @example
 * ```ts
 * import { PackReader } from "./reader.ts";
 * const pack = await PackReader.openFile("assets.pa");
 * const entry = pack.entryByName("tiles.hero");
 * const bytes = entry && await pack.readDecoded(entry); // hash checked, decoded
 * pack.close();
 * ```
 * @module
 */

import { decodeAsset } from "./codec.ts";
import { PackFormatError } from "./errors.ts";
import { contentHash } from "./hash.ts";
import { decodeHeader } from "./header.ts";
import { decodePrelude, PRELUDE_SIZE } from "./prelude.ts";
import { type ByteSource, FileSource, MemorySource } from "./source.ts";
import type { AssetEntry, PackHeader, Prelude } from "./types.ts";

/** An open, validated `assets.pa`. */
export class PackReader {
  readonly #byId = new Map<number, AssetEntry>();
  readonly #byName = new Map<string, AssetEntry>();

  private constructor(
    /** Where the bytes come from. */
    readonly source: ByteSource,
    /** The decoded prelude. */
    readonly prelude: Prelude,
    /** The decoded header. */
    readonly header: PackHeader,
  ) {
    for (const e of header.asset_table) {
      this.#byId.set(e.asset_id, e);
      this.#byName.set(e.asset_name, e);
    }
  }

  /**
   * Parses and validates prelude and header from `source`; checks every entry's slice lies
   * inside the payload. Throws {@link PackFormatError}. Does not close `source` on failure.
   */
  static async open(source: ByteSource): Promise<PackReader> {
    if (source.size < PRELUDE_SIZE) {
      throw new PackFormatError(
        "PRELUDE_TRUNCATED",
        `prelude: need ${PRELUDE_SIZE} bytes, file has ${source.size}`,
      );
    }
    const prelude = decodePrelude(await source.read(0, PRELUDE_SIZE), source.size);
    const header = decodeHeader(await source.read(PRELUDE_SIZE, prelude.header_len));
    const payloadSize = source.size - prelude.payload_offset;
    header.asset_table.forEach((e, i) => {
      if (e.offset + e.size > payloadSize) {
        throw new PackFormatError(
          "ENTRY_OUT_OF_RANGE",
          `asset_table[${i}] (${e.asset_name}): bytes ${e.offset}..${
            e.offset + e.size
          } lie outside the payload (${payloadSize} bytes)`,
        );
      }
    });
    return new PackReader(source, prelude, header);
  }

  /** Opens the file at `path` and validates it; closes it again on failure. */
  static async openFile(path: string | URL): Promise<PackReader> {
    const source = await FileSource.open(path);
    try {
      return await PackReader.open(source);
    } catch (e) {
      source.close();
      throw e;
    }
  }

  /** Validates bytes already in memory. */
  static openBytes(bytes: Uint8Array): Promise<PackReader> {
    return PackReader.open(new MemorySource(bytes));
  }

  /** Size of the payload region in bytes. */
  get payloadSize(): number {
    return this.source.size - this.prelude.payload_offset;
  }

  /** The entry with `id`, if any. */
  entryById(id: number): AssetEntry | undefined {
    return this.#byId.get(id);
  }

  /** The entry named `name`, if any. */
  entryByName(name: string): AssetEntry | undefined {
    return this.#byName.get(name);
  }

  /** Reads an entry's stored bytes (one slice read). */
  readStored(entry: AssetEntry): Promise<Uint8Array> {
    return this.source.read(this.prelude.payload_offset + entry.offset, entry.size);
  }

  /** Reads an entry, checks its blake2b-256 hash and decodes it to exactly `decoded_size` bytes. */
  async readDecoded(entry: AssetEntry): Promise<Uint8Array> {
    const stored = await this.readStored(entry);
    const what = `asset ${entry.asset_id} (${entry.asset_name})`;
    const hash = contentHash(stored);
    if (hash !== entry.metadata.blake2b_256) {
      throw new PackFormatError(
        "HASH_MISMATCH",
        `${what}: blake2b-256 of the stored bytes is ${hash}, the table says ${entry.metadata.blake2b_256}`,
      );
    }
    return await decodeAsset(entry.codec, stored, entry.decoded_size, what);
  }

  /** Closes the source. */
  close(): void {
    this.source.close();
  }
}
