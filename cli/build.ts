/**
 * `deno task run build <source-folder> [-o <dir>] [--pmc <file>]` — builds a cartridge from
 * sources: `manifest.json`, `program.pasm` (cartridge assembly: the PVM assembler plus
 * `.import module.name@version` and `.export name, label`) and an optional `assets/` folder
 * (packed into assets.pa). Validates the result with the cartridge loader before writing.
 * @module
 */

import { buildCartridge } from "../console/cartridge/build.ts";
import { CartridgeError } from "../console/errors.ts";

/** Usage text. */
export const HELP = `usage: deno task run build <source-folder> [-o <dir>] [--pmc <file>]

Builds a cartridge from a source folder:

  <folder>/manifest.json   magic "PMTU", cartridge_version 1, app_id, title, app_version (semver),
                           app_mode (game | system), capabilities (gfx, audio, asset, memcard)
  <folder>/program.pasm    cartridge assembly: vm/ASSEMBLY.md plus
                             .import module.name@version   (import i: call it as ecalli module.name)
                             .export name, label           (debug names; boot is jump-table entry 0)
  <folder>/assets/         optional: assets.json and PNG/WAV sources (see deno task run pack --help)

Writes a cartridge directory (manifest.json, program.pvm, assets.pa) and, with --pmc, the
single-file form. The cartridge is validated exactly as 'deno task run cartridge' would before
anything is written; each file is written through a temporary file and a rename.

  -o, --output <dir>   cartridge directory to write (default out/cartridges/<folder name>)
  --pmc <file>         also write the packed .pmc file
  --check              build and validate only; write nothing

Exit codes: 0 built, 1 the sources were rejected (the message names file, line and field), 2 usage.`;

/** Builds; exit code 0, 1 on bad sources, 2 on bad usage. */
export async function main(args: string[]): Promise<number> {
  let folder: string | undefined;
  let out: string | undefined;
  let pmc: string | undefined;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--output" || a === "--pmc") {
      const v = args[++i];
      if (v === undefined) {
        console.error(`build: ${a} needs a value\n\n${HELP}`);
        return 2;
      }
      if (a === "--pmc") pmc = v;
      else out = v;
    } else if (a === "--check") {
      check = true;
    } else if (a.startsWith("-") || folder !== undefined) {
      console.error(`build: unexpected argument ${a}\n\n${HELP}`);
      return 2;
    } else {
      folder = a.replace(/\/+$/, "") || "/";
    }
  }
  if (folder === undefined) {
    console.error(`build: missing <source-folder>\n\n${HELP}`);
    return 2;
  }
  const outDir = check ? undefined : out ?? `out/cartridges/${folder.split("/").pop()}`;
  try {
    const r = await buildCartridge(folder, { outDir, pmc: check ? undefined : pmc });
    for (const w of r.warnings) console.error(`warning: ${w}`);
    const m = r.manifest;
    console.log(
      `"${m.title}" ${m.app_version} (app_id ${m.app_id}, ${m.app_mode}, capabilities: ${
        m.capabilities.join(", ") || "none"
      })`,
    );
    console.log(`  program.pvm  ${r.files.program.length} B, ${r.instructions} instructions`);
    console.log(
      `  assets.pa    ${r.files.assets === null ? "none" : `${r.files.assets.length} B`}`,
    );
    if (outDir !== undefined) console.log(`wrote ${outDir}/`);
    if (pmc !== undefined && !check) console.log(`wrote ${pmc}`);
    if (check) console.log("valid (nothing written)");
    return 0;
  } catch (e) {
    if (e instanceof CartridgeError) {
      console.error(`build: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
