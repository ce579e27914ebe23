/**
 * `.pmc`: one file holding a whole cartridge — the same three parts as a cartridge directory,
 * concatenated behind a fixed header. Deterministic: the same parts always give the same bytes.
 *
 * | offset | size | field |
 * |-------:|-----:|-------|
 * | 0 | 4 | magic `PMC1` |
 * | 4 | 4 | container version, u32 = 1 |
 * | 8 | 4 | manifest.json length, u32 ≤ 64 KiB |
 * | 12 | 4 | program.pvm length, u32 ≤ 64 MiB |
 * | 16 | 8 | assets.pa length, u64 ≤ 1 GiB (0 = the cartridge has no assets.pa) |
 * | 24 | 32 | blake2b-256 of everything after the header |
 * | 56 | … | manifest.json, program.pvm, assets.pa — in that order, no padding, nothing after |
 *
 * The digest makes a torn or altered file fail as a whole (`BAD_PMC`) before any part is read.
 *
 * @example
 * ```ts
 * import { decodePmc, encodePmc } from "./pmc.ts";
 * const file = encodePmc({ manifest: new Uint8Array([123, 125]), program: new Uint8Array(3), assets: null });
 * decodePmc(file, "demo.pmc").assets; // null
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ByteWriter } from "../bytes.ts";
import { CartridgeError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** Magic of a `.pmc`. */
export const PMC_MAGIC = "PMC1";
/** Container version. */
export const PMC_VERSION = 1;
/** Header size. */
export const PMC_HEADER_SIZE = 56;

/** The three files of a cartridge, as bytes. */
export interface CartridgeFiles {
  manifest: Uint8Array;
  program: Uint8Array;
  /** assets.pa, or null when the cartridge has none. */
  assets: Uint8Array | null;
}

/** Packs the three parts. */
export function encodePmc(parts: CartridgeFiles): Uint8Array {
  const a = parts.assets ?? new Uint8Array(0);
  if (parts.assets !== null && a.length === 0) {
    throw new CartridgeError("BAD_PMC", "assets.pa", "", "an empty assets.pa cannot be packed");
  }
  const body = new ByteWriter(2 ** 31).bytes(parts.manifest).bytes(parts.program).bytes(a).view();
  const w = new ByteWriter(2 ** 31)
    .bytes(new TextEncoder().encode(PMC_MAGIC))
    .u32(PMC_VERSION)
    .u32(parts.manifest.length)
    .u32(parts.program.length)
    .u64(a.length)
    .bytes(blake2b(body, { dkLen: 32 }))
    .bytes(body);
  return w.finish();
}

/** Unpacks and checks a `.pmc`; throws {@link CartridgeError} (BAD_PMC) naming the field. */
export function decodePmc(bytes: Uint8Array, file: string): CartridgeFiles {
  const bad = (field: string, detail: string): never => {
    throw new CartridgeError("BAD_PMC", file, field, detail);
  };
  if (bytes.length < PMC_HEADER_SIZE) {
    bad("header", `${bytes.length} bytes; the header alone is ${PMC_HEADER_SIZE}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== PMC_MAGIC) bad("magic", `expected "${PMC_MAGIC}", got ${JSON.stringify(magic)}`);
  const version = v.getUint32(4, true);
  if (version !== PMC_VERSION) {
    bad("version", `this console reads version ${PMC_VERSION}, got ${version}`);
  }
  const m = v.getUint32(8, true);
  const p = v.getUint32(12, true);
  const a64 = v.getBigUint64(16, true);
  if (m > CONSOLE_LIMITS.maxManifestBytes) {
    bad("manifest_length", `${m} bytes; the limit is ${CONSOLE_LIMITS.maxManifestBytes}`);
  }
  if (p > CONSOLE_LIMITS.maxProgramBytes) {
    bad("program_length", `${p} bytes; the limit is ${CONSOLE_LIMITS.maxProgramBytes}`);
  }
  if (a64 > BigInt(CONSOLE_LIMITS.maxPackedAssetsBytes)) {
    bad("assets_length", `${a64} bytes; the limit is ${CONSOLE_LIMITS.maxPackedAssetsBytes}`);
  }
  const a = Number(a64);
  const total = PMC_HEADER_SIZE + m + p + a;
  if (bytes.length !== total) {
    bad(
      "length",
      `the header describes ${total} bytes but the file has ${bytes.length} (torn or padded)`,
    );
  }
  const body = bytes.subarray(PMC_HEADER_SIZE);
  const want = blake2b(body, { dkLen: 32 });
  for (let i = 0; i < 32; i++) {
    if (bytes[24 + i] !== want[i]) {
      bad("digest", "blake2b-256 of the contents does not match (corrupted)");
    }
  }
  return {
    manifest: body.slice(0, m),
    program: body.slice(m, m + p),
    assets: a === 0 ? null : body.slice(m + p),
  };
}
