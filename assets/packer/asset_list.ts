/**
 * The packer's input: `assets.json` in the asset folder, listing each asset (id, name, bank type,
 * source file, codec, options) and the preload requests.
 *
 * ```json
 * {
 *   "assets": [
 *     { "id": 1, "name": "tiles.font", "bank_type": "TILES", "source": "font.png",
 *       "codec": "DEFLATE", "options": { "tile_size": 8, "transparent": true } },
 *     { "id": 10, "name": "sfx.beep", "bank_type": "SOUNDS", "source": "beep.wav",
 *       "options": { "loop_start": 0, "loop_end": 100 } }
 *   ],
 *   "preload": [{ "asset_id": 1, "slot": 0 }]
 * }
 * ```
 *
 * @example
 * ```ts
 * import { parseAssetList } from "./asset_list.ts";
 * const list = parseAssetList('{"assets":[],"preload":[]}', "assets.json");
 * ```
 * @module
 */

import { isJsonObject } from "../canonical_json.ts";
import { PackSourceError } from "../errors.ts";
import { LIMITS } from "../limits.ts";
import {
  BANK_TYPES,
  type BankType,
  type Codec,
  CODECS,
  type PreloadEntry,
  TILE_SIZES,
  type TileSize,
} from "../types.ts";

/** Options of a TILES asset. */
export interface TilesOptions {
  /** Tile edge length. */
  tile_size: TileSize;
  /** Pixels with alpha < 128 become colour index 0, the transparent key (default true). */
  transparent: boolean;
}

/** Options of a SOUNDS asset. */
export interface SoundsOptions {
  /** Loop start frame (inclusive), with `loop_end`. */
  loop_start?: number;
  /** Loop end frame (exclusive), with `loop_start`. */
  loop_end?: number;
}

/** One asset of the list. */
export type ListedAsset =
  & { id: number; name: string; source: string; codec: Codec }
  & ({ bank_type: "TILES"; options: TilesOptions } | {
    bank_type: "SOUNDS";
    options: SoundsOptions;
  });

/** The parsed asset list. */
export interface AssetList {
  /** Assets in declared order. */
  assets: ListedAsset[];
  /** Preload requests in declared order. */
  preload: PreloadEntry[];
}

function bad(where: string, message: string): never {
  throw new PackSourceError("LIST_INVALID", `${where}: ${message}`);
}

function keys(o: Record<string, unknown>, where: string, allowed: string[], required: string[]) {
  for (const k of required) if (!Object.hasOwn(o, k)) bad(`${where}.${k}`, "missing");
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(`${where}.${k}`, "unknown field");
}

function int(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
    bad(where, `expected an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Parses and validates the list's JSON text; `file` names it in messages. */
export function parseAssetList(text: string, file: string): AssetList {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(file, `not JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(raw)) bad(file, "expected an object with `assets` and `preload`");
  keys(raw, file, ["assets", "preload"], ["assets"]);
  if (!Array.isArray(raw.assets)) bad(`${file}.assets`, "expected an array");
  if (raw.assets.length > LIMITS.maxListEntries) {
    bad(`${file}.assets`, `more than ${LIMITS.maxListEntries} entries`);
  }
  const ids = new Map<number, number>();
  const names = new Map<string, number>();
  const assets = raw.assets.map((a, i): ListedAsset => {
    const where = `${file}.assets[${i}]`;
    if (!isJsonObject(a)) bad(where, "expected an object");
    keys(a, where, ["id", "name", "bank_type", "source", "codec", "options"], [
      "id",
      "name",
      "bank_type",
      "source",
    ]);
    const id = int(a.id, `${where}.id`, -0x8000_0000, 0x7fff_ffff);
    if (ids.has(id)) bad(`${where}.id`, `${id} is already used by assets[${ids.get(id)}]`);
    ids.set(id, i);
    const name = a.name;
    if (typeof name !== "string" || !/^[\x20-\x7e]{1,128}$/.test(name)) {
      bad(`${where}.name`, "expected 1..128 printable ASCII characters");
    }
    if (names.has(name)) {
      bad(`${where}.name`, `"${name}" is already used by assets[${names.get(name)}]`);
    }
    names.set(name, i);
    if (!(BANK_TYPES as readonly unknown[]).includes(a.bank_type)) {
      bad(
        `${where}.bank_type`,
        `expected one of ${BANK_TYPES.join(", ")}, got ${JSON.stringify(a.bank_type)}`,
      );
    }
    const source = a.source;
    if (
      typeof source !== "string" || source.length === 0 || source.startsWith("/") ||
      source.includes("\\") || source.split("/").some((p) => p === ".." || p === "")
    ) {
      bad(
        `${where}.source`,
        "expected a relative path inside the asset folder (no .., no leading /)",
      );
    }
    const codec = a.codec ?? "NONE";
    if (!(CODECS as readonly unknown[]).includes(codec)) {
      bad(`${where}.codec`, `expected one of ${CODECS.join(", ")}, got ${JSON.stringify(codec)}`);
    }
    const options = a.options ?? {};
    if (!isJsonObject(options)) bad(`${where}.options`, "expected an object");
    const base = { id, name, source, codec: codec as Codec };
    if ((a.bank_type as BankType) === "TILES") {
      keys(options, `${where}.options`, ["tile_size", "transparent"], ["tile_size"]);
      if (!(TILE_SIZES as readonly unknown[]).includes(options.tile_size)) {
        bad(`${where}.options.tile_size`, "expected 8, 16 or 32");
      }
      const transparent = options.transparent ?? true;
      if (typeof transparent !== "boolean") {
        bad(`${where}.options.transparent`, "expected true or false");
      }
      return {
        ...base,
        bank_type: "TILES",
        options: { tile_size: options.tile_size as TileSize, transparent },
      };
    }
    keys(options, `${where}.options`, ["loop_start", "loop_end"], []);
    if ((options.loop_start === undefined) !== (options.loop_end === undefined)) {
      bad(`${where}.options`, "loop_start and loop_end go together");
    }
    const opts: SoundsOptions = {};
    if (options.loop_start !== undefined) {
      opts.loop_start = int(
        options.loop_start,
        `${where}.options.loop_start`,
        0,
        LIMITS.maxAssetBytes,
      );
      opts.loop_end = int(
        options.loop_end,
        `${where}.options.loop_end`,
        opts.loop_start + 1,
        LIMITS.maxAssetBytes,
      );
    }
    return { ...base, bank_type: "SOUNDS", options: opts };
  });
  const preloadRaw = raw.preload ?? [];
  if (!Array.isArray(preloadRaw)) bad(`${file}.preload`, "expected an array");
  if (preloadRaw.length > LIMITS.maxPreload) {
    bad(`${file}.preload`, `more than ${LIMITS.maxPreload} entries`);
  }
  const preload = preloadRaw.map((p, i): PreloadEntry => {
    const where = `${file}.preload[${i}]`;
    if (!isJsonObject(p)) bad(where, "expected an object");
    keys(p, where, ["asset_id", "slot"], ["asset_id", "slot"]);
    return {
      asset_id: int(p.asset_id, `${where}.asset_id`, -0x8000_0000, 0x7fff_ffff),
      slot: int(p.slot, `${where}.slot`, 0, 0xffff),
    };
  });
  return { assets, preload };
}
