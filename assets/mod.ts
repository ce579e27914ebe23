/**
 * assets/ — the `assets.pa` artifact (binary prelude + canonical JSON header + payload), its
 * reader and writer, and the bank formats (TILES tile sheets, SOUNDS PCM16 samples).
 *
 * @example
 * ```ts
 * import { PackReader } from "./mod.ts";
 * const pack = await PackReader.openFile("assets.pa");
 * console.log(pack.header.asset_table.map((e) => e.asset_name));
 * pack.close();
 * ```
 * @module
 */

export * from "./limits.ts";
export * from "./errors.ts";
export * from "./types.ts";
export * from "./canonical_json.ts";
export * from "./prelude.ts";
export * from "./header.ts";
export * from "./hash.ts";
export * from "./codec.ts";
export * from "./source.ts";
export * from "./reader.ts";
export * from "./writer.ts";
export * from "./tiles.ts";
export * from "./sounds.ts";
export * from "./materialise.ts";
export * from "./bank_config.ts";
export * from "./preload.ts";
export * from "./packer/mod.ts";
export * from "./manager/mod.ts";
