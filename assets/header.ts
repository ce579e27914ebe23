/**
 * The JSON header of `assets.pa`: schema validation (with messages naming the field at fault),
 * the canonical-form check, and encoding.
 *
 * @example
 * ```ts
 * import { decodeHeader, encodeHeader } from "./header.ts";
 * const bytes = encodeHeader({ asset_table: [], preload: [] });
 * decodeHeader(bytes).asset_table.length; // 0
 * ```
 * @module
 */

import { canonicalJson, canonicalJsonBytes, isJsonObject } from "./canonical_json.ts";
import { PackFormatError, type PackFormatErrorCode } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import {
  type AssetEntry,
  BANK_TYPES,
  type BankType,
  type Codec,
  CODECS,
  type JsonObject,
  type PackHeader,
  type PreloadEntry,
  soundsDecodedSize,
  type SoundsMetadata,
  TILE_SIZES,
  tilesDecodedSize,
  type TileSize,
  type TilesMetadata,
} from "./types.ts";

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const KEY_RE = /^[a-z0-9_]{1,64}$/;
const NAME_RE = /^[\x20-\x7e]+$/;
const HASH_RE = /^[0-9a-f]{64}$/;

/** Encodes a header canonically (UTF-8 bytes). Validates it first, so a bad table never ships. */
export function encodeHeader(header: PackHeader): Uint8Array {
  validateHeader(JSON.parse(canonicalJson(header)));
  return canonicalJsonBytes(header);
}

/**
 * Decodes header bytes: strict UTF-8, JSON, the v1 schema, and the canonical form (re-encoding
 * what was parsed must give the same bytes, so duplicate keys, whitespace, floats, `1e3`,
 * unsorted keys and non-minimal escapes are all rejected).
 */
export function decodeHeader(bytes: Uint8Array): PackHeader {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PackFormatError("HEADER_NOT_UTF8", "header: not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PackFormatError("HEADER_NOT_JSON", `header: not JSON (${(e as Error).message})`);
  }
  const header = validateHeader(value);
  let again: Uint8Array;
  try {
    again = canonicalJsonBytes(value);
  } catch (e) {
    throw new PackFormatError("HEADER_NOT_CANONICAL", `header: ${(e as Error).message}`);
  }
  if (!sameBytes(again, bytes)) {
    throw new PackFormatError(
      "HEADER_NOT_CANONICAL",
      `header: not in canonical form (first difference at byte ${firstDifference(again, bytes)})`,
    );
  }
  return header;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function fail(code: PackFormatErrorCode, path: string, message: string): never {
  throw new PackFormatError(code, `${path}: ${message}`);
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return typeof v;
  }
}

function expectObject(v: unknown, path: string, code: PackFormatErrorCode = "HEADER_SCHEMA") {
  if (!isJsonObject(v)) fail(code, path, `expected an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

function expectKeys(
  obj: Record<string, unknown>,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
  code: PackFormatErrorCode = "HEADER_SCHEMA",
): void {
  for (const k of required) {
    if (!Object.hasOwn(obj, k)) fail(code, `${path}.${k}`, "missing");
  }
  for (const k of Object.keys(obj)) {
    if (!required.includes(k) && !optional.includes(k)) fail(code, `${path}.${k}`, "unknown field");
  }
}

function expectInt(
  v: unknown,
  path: string,
  min: number,
  max: number,
  code: PackFormatErrorCode = "HEADER_SCHEMA",
): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
    fail(code, path, `expected an integer in ${min}..${max}, got ${show(v)}`);
  }
  return v;
}

/** Validates a parsed header value against the v1 schema and returns it typed. */
export function validateHeader(value: unknown): PackHeader {
  const root = expectObject(value, "header");
  expectKeys(root, "header", ["asset_table", "preload"]);
  const table = root.asset_table;
  if (!Array.isArray(table)) fail("HEADER_SCHEMA", "header.asset_table", "expected an array");
  if (table.length > LIMITS.maxAssets) {
    fail("HEADER_SCHEMA", "header.asset_table", `more than ${LIMITS.maxAssets} entries`);
  }
  const entries: AssetEntry[] = [];
  const names = new Set<string>();
  table.forEach((raw, i) => {
    const e = validateEntry(raw, `asset_table[${i}]`);
    const prev = entries[i - 1];
    if (prev !== undefined && e.asset_id === prev.asset_id) {
      fail("DUPLICATE_ASSET_ID", `asset_table[${i}].asset_id`, `${e.asset_id} appears twice`);
    }
    if (prev !== undefined && e.asset_id < prev.asset_id) {
      fail(
        "UNSORTED_ASSET_TABLE",
        `asset_table[${i}].asset_id`,
        `${e.asset_id} follows ${prev.asset_id}; the table must be sorted by asset_id`,
      );
    }
    if (names.has(e.asset_name)) {
      fail(
        "DUPLICATE_ASSET_NAME",
        `asset_table[${i}].asset_name`,
        `${show(e.asset_name)} appears twice`,
      );
    }
    names.add(e.asset_name);
    entries.push(e);
  });
  const preloadRaw = root.preload;
  if (!Array.isArray(preloadRaw)) fail("HEADER_SCHEMA", "header.preload", "expected an array");
  if (preloadRaw.length > LIMITS.maxPreload) {
    fail("HEADER_SCHEMA", "header.preload", `more than ${LIMITS.maxPreload} entries`);
  }
  const preload: PreloadEntry[] = preloadRaw.map((raw, i) => {
    const path = `preload[${i}]`;
    const p = expectObject(raw, path);
    expectKeys(p, path, ["asset_id", "slot"]);
    return {
      asset_id: expectInt(p.asset_id, `${path}.asset_id`, INT32_MIN, INT32_MAX),
      slot: expectInt(p.slot, `${path}.slot`, 0, 0xffff),
    };
  });
  return { asset_table: entries, preload };
}

const ENTRY_KEYS = [
  "asset_id",
  "asset_name",
  "bank_type",
  "codec",
  "decoded_size",
  "metadata",
  "offset",
  "size",
] as const;

/** Validates one `asset_table` entry; `path` names it in messages. */
export function validateEntry(raw: unknown, path: string): AssetEntry {
  const e = expectObject(raw, path);
  expectKeys(e, path, ENTRY_KEYS);
  const asset_id = expectInt(e.asset_id, `${path}.asset_id`, INT32_MIN, INT32_MAX);
  const name = e.asset_name;
  if (
    typeof name !== "string" || name.length === 0 || name.length > LIMITS.maxNameLength ||
    !NAME_RE.test(name)
  ) {
    fail(
      "HEADER_SCHEMA",
      `${path}.asset_name`,
      `expected 1..${LIMITS.maxNameLength} printable ASCII characters, got ${show(name)}`,
    );
  }
  if (!(BANK_TYPES as readonly unknown[]).includes(e.bank_type)) {
    fail("UNKNOWN_BANK_TYPE", `${path}.bank_type`, `unknown bank type ${show(e.bank_type)}`);
  }
  const bank_type = e.bank_type as BankType;
  if (!(CODECS as readonly unknown[]).includes(e.codec)) {
    fail(
      "UNKNOWN_CODEC",
      `${path}.codec`,
      `unknown codec ${show(e.codec)} (known: ${CODECS.join(", ")})`,
    );
  }
  const codec = e.codec as Codec;
  const offset = expectInt(e.offset, `${path}.offset`, 0, Number.MAX_SAFE_INTEGER);
  const size = expectInt(e.size, `${path}.size`, 1, LIMITS.maxAssetBytes);
  const decoded_size = expectInt(e.decoded_size, `${path}.decoded_size`, 1, LIMITS.maxAssetBytes);
  if (codec === "NONE" && size !== decoded_size) {
    fail(
      "HEADER_SCHEMA",
      `${path}.size`,
      `codec NONE needs size == decoded_size (${size} != ${decoded_size})`,
    );
  }
  const mpath = `${path}.metadata`;
  if (bank_type === "TILES") {
    const metadata = validateTilesMetadata(e.metadata, mpath);
    const want = tilesDecodedSize(metadata);
    if (decoded_size !== want) {
      fail(
        "BAD_METADATA",
        `${path}.decoded_size`,
        `${decoded_size} does not match the metadata (${want})`,
      );
    }
    return { asset_id, asset_name: name, bank_type, offset, size, decoded_size, codec, metadata };
  }
  const metadata = validateSoundsMetadata(e.metadata, mpath);
  const want = soundsDecodedSize(metadata);
  if (decoded_size !== want) {
    fail(
      "BAD_METADATA",
      `${path}.decoded_size`,
      `${decoded_size} does not match the metadata (${want})`,
    );
  }
  return { asset_id, asset_name: name, bank_type, offset, size, decoded_size, codec, metadata };
}

function expectHash(v: unknown, path: string): string {
  if (typeof v !== "string" || !HASH_RE.test(v)) {
    fail("BAD_METADATA", path, `expected 64 lowercase hex digits, got ${show(v)}`);
  }
  return v;
}

function validateTilesMetadata(raw: unknown, path: string): TilesMetadata {
  const m = expectObject(raw, path, "BAD_METADATA");
  expectKeys(
    m,
    path,
    ["blake2b_256", "palette_count", "tile_count", "tile_size", "transparent"],
    ["pipeline"],
    "BAD_METADATA",
  );
  if (!(TILE_SIZES as readonly unknown[]).includes(m.tile_size)) {
    fail("BAD_METADATA", `${path}.tile_size`, `expected 8, 16 or 32, got ${show(m.tile_size)}`);
  }
  const tile_size = m.tile_size as TileSize;
  const maxTiles = LIMITS.maxSheetPixels / (tile_size * tile_size);
  const tile_count = expectInt(m.tile_count, `${path}.tile_count`, 1, maxTiles, "BAD_METADATA");
  const palette_count = expectInt(
    m.palette_count,
    `${path}.palette_count`,
    1,
    LIMITS.maxPalettes,
    "BAD_METADATA",
  );
  if (typeof m.transparent !== "boolean") {
    fail(
      "BAD_METADATA",
      `${path}.transparent`,
      `expected true or false, got ${show(m.transparent)}`,
    );
  }
  const out: TilesMetadata = {
    blake2b_256: expectHash(m.blake2b_256, `${path}.blake2b_256`),
    tile_size,
    tile_count,
    palette_count,
    transparent: m.transparent,
  };
  if (m.pipeline !== undefined) out.pipeline = validatePipeline(m.pipeline, `${path}.pipeline`);
  return out;
}

function validateSoundsMetadata(raw: unknown, path: string): SoundsMetadata {
  const m = expectObject(raw, path, "BAD_METADATA");
  expectKeys(
    m,
    path,
    ["blake2b_256", "frame_count", "sample_rate"],
    ["loop_end", "loop_start", "pipeline"],
    "BAD_METADATA",
  );
  const frame_count = expectInt(
    m.frame_count,
    `${path}.frame_count`,
    1,
    LIMITS.maxAssetBytes / 2,
    "BAD_METADATA",
  );
  const out: SoundsMetadata = {
    blake2b_256: expectHash(m.blake2b_256, `${path}.blake2b_256`),
    sample_rate: expectInt(
      m.sample_rate,
      `${path}.sample_rate`,
      1,
      LIMITS.maxSampleRate,
      "BAD_METADATA",
    ),
    frame_count,
  };
  if ((m.loop_start === undefined) !== (m.loop_end === undefined)) {
    fail("BAD_METADATA", `${path}.loop_start`, "loop_start and loop_end go together");
  }
  if (m.loop_start !== undefined) {
    const start = expectInt(m.loop_start, `${path}.loop_start`, 0, frame_count - 1, "BAD_METADATA");
    const end = expectInt(m.loop_end, `${path}.loop_end`, start + 1, frame_count, "BAD_METADATA");
    out.loop_start = start;
    out.loop_end = end;
  }
  if (m.pipeline !== undefined) out.pipeline = validatePipeline(m.pipeline, `${path}.pipeline`);
  return out;
}

/** Free-form tooling detail: objects, arrays, strings, integers, booleans, null; bounded. */
function validatePipeline(raw: unknown, path: string): JsonObject {
  const walk = (v: unknown, p: string, depth: number): void => {
    if (depth > LIMITS.maxMetadataDepth) fail("BAD_METADATA", p, "nested too deeply");
    if (v === null || typeof v === "boolean") return;
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) fail("BAD_METADATA", p, `integers only, got ${show(v)}`);
      return;
    }
    if (typeof v === "string") {
      if (v.length > 1024) fail("BAD_METADATA", p, "string longer than 1024");
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > LIMITS.maxMetadataKeys) {
        fail("BAD_METADATA", p, `more than ${LIMITS.maxMetadataKeys} items`);
      }
      v.forEach((x, i) => walk(x, `${p}[${i}]`, depth + 1));
      return;
    }
    const o = expectObject(v, p, "BAD_METADATA");
    const keys = Object.keys(o);
    if (keys.length > LIMITS.maxMetadataKeys) {
      fail("BAD_METADATA", p, `more than ${LIMITS.maxMetadataKeys} keys`);
    }
    for (const k of keys) {
      if (!KEY_RE.test(k)) {
        fail("BAD_METADATA", `${p}.${show(k)}`, "keys must match [a-z0-9_]{1,64}");
      }
      walk(o[k], `${p}.${k}`, depth + 1);
    }
  };
  const o = expectObject(raw, path, "BAD_METADATA");
  walk(o, path, 1);
  return o as JsonObject;
}
