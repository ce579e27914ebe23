/**
 * The shape of a generated asset folder: file names and bytes, plus the `assets.json` writer.
 *
 * @example
 * ```ts
 * import { assetList } from "./files.ts";
 * assetList({ assets: [], preload: [] }).name; // "assets.json"
 * ```
 * @module
 */

/** One generated file: name and bytes. */
export interface GeneratedFile {
  /** File name inside the folder. */
  name: string;
  /** Contents. */
  bytes: Uint8Array;
}

/** `assets.json` for the packer (pretty, stable key order as written). */
export function assetList(list: { assets: unknown[]; preload: unknown[] }): GeneratedFile {
  return {
    name: "assets.json",
    bytes: new TextEncoder().encode(JSON.stringify(list, null, 2) + "\n"),
  };
}
