/**
 * The packer: asset folder (`assets.json` + PNG/WAV sources) → deterministic `assets.pa`.
 *
 * @example
 * ```ts
 * import { packFolderToFile } from "./mod.ts";
 * await packFolderToFile("assets/examples/demo", "/tmp/assets.pa");
 * ```
 * @module
 */

export * from "./asset_list.ts";
export * from "./png.ts";
export * from "./tile_sheet.ts";
export * from "./wav.ts";
export * from "./pack_folder.ts";
export * from "./table.ts";
