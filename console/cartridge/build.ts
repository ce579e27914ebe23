/**
 * Building a cartridge from a source folder (`deno task run build <folder>`):
 *
 * ```
 * <folder>/manifest.json   the manifest (validated, written canonically)
 * <folder>/program.pasm    cartridge assembly (vm/ASSEMBLY.md + .import / .export, see asm.ts)
 * <folder>/assets/         optional asset folder: assets.json + PNG/WAV sources (the packer)
 * ```
 *
 * The output is a cartridge directory (`manifest.json`, `program.pvm`, `assets.pa` when there is
 * an asset folder) and, on request, a `.pmc`. Everything is built in memory and validated with
 * the cartridge loader's own checks before anything is written; each file is then written
 * through a temporary file and a rename. Same sources → same bytes.
 *
 * @example
 * ```ts
 * import { buildCartridge } from "./build.ts";
 * const out = await buildCartridge("console/examples/demo", { outDir: "out/cartridges/demo" });
 * out.files.program.length; // bytes of program.pvm
 * ```
 * @module
 */

import { packFolderToFile } from "../../assets/packer/pack_folder.ts";
import { writeFileAtomic } from "../../assets/writer.ts";
import { AssemblyError } from "../../vm/mod.ts";
import { CartridgeError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { assembleCartridge } from "./asm.ts";
import { loadCartridge } from "./loader.ts";
import { encodeManifest, type Manifest, parseManifest } from "./manifest.ts";
import { type CartridgeFiles, encodePmc } from "./pmc.ts";

/** Options of {@link buildCartridge}. */
export interface BuildOptions {
  /** Cartridge directory to write (default: none — build and validate only). */
  outDir?: string;
  /** `.pmc` file to write (default: none). */
  pmc?: string;
}

/** What a build produced. */
export interface BuildResult {
  manifest: Manifest;
  files: CartridgeFiles;
  /** Instructions in the program. */
  instructions: number;
  /** Assembler warnings (`file:line:column: message`). */
  warnings: string[];
}

async function readText(path: string, file: string, limit: number): Promise<string> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    throw new CartridgeError(
      "FILE_MISSING",
      file,
      "",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  if (info.size > limit) {
    throw new CartridgeError(
      "FILE_TOO_LARGE",
      file,
      "",
      `${info.size} bytes; the limit is ${limit}`,
    );
  }
  return await Deno.readTextFile(path);
}

/**
 * Builds the cartridge in `folder`. Throws `CartridgeError` (BUILD_FAILED wraps assembler and
 * packer errors, naming the file; loader checks keep their own codes); nothing is written then.
 */
export async function buildCartridge(
  folder: string,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const dir = folder.replace(/\/+$/, "") || "/";
  const manifest = parseManifest(
    new TextEncoder().encode(
      await readText(`${dir}/manifest.json`, "manifest.json", CONSOLE_LIMITS.maxManifestBytes),
    ),
  );
  const source = await readText(`${dir}/program.pasm`, "program.pasm", 16 * 1024 * 1024);
  let asm;
  try {
    asm = assembleCartridge(source, { fileName: `${dir}/program.pasm` });
  } catch (e) {
    if (e instanceof AssemblyError) {
      throw new CartridgeError("BUILD_FAILED", "program.pasm", "", `\n${e.message}`);
    }
    throw e;
  }
  let assets: Uint8Array | null = null;
  const hasAssets = await Deno.stat(`${dir}/assets/assets.json`).then(() => true, () => false);
  const work = await Deno.makeTempDir({ prefix: "cart-build-" });
  try {
    if (hasAssets) {
      try {
        await packFolderToFile(`${dir}/assets`, `${work}/assets.pa`);
      } catch (e) {
        const code = (e as { code?: string }).code ?? "ERROR";
        throw new CartridgeError("BUILD_FAILED", "assets/", "", `${code}: ${(e as Error).message}`);
      }
      assets = await Deno.readFile(`${work}/assets.pa`);
    }
    const files: CartridgeFiles = {
      manifest: encodeManifest(manifest),
      program: asm.bytes,
      assets,
    };
    // Validate exactly as a run would, from the files as they will be written.
    await writeCartridgeDir(work, files);
    await (await loadCartridge(work)).close();
    if (options.outDir !== undefined) await writeCartridgeDir(options.outDir, files);
    if (options.pmc !== undefined) await writeFileAtomic(options.pmc, [encodePmc(files)]);
    return {
      manifest,
      files,
      instructions: asm.assembly.instructionCount,
      warnings: asm.assembly.warnings.map((w) =>
        `${dir}/program.pasm:${w.line}:${w.column}: ${w.message}`
      ),
    };
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

/** Writes a cartridge directory (each file atomically; a stale assets.pa is removed). */
export async function writeCartridgeDir(outDir: string, files: CartridgeFiles): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  await writeFileAtomic(`${outDir}/manifest.json`, [files.manifest]);
  await writeFileAtomic(`${outDir}/program.pvm`, [files.program]);
  if (files.assets !== null) await writeFileAtomic(`${outDir}/assets.pa`, [files.assets]);
  else await Deno.remove(`${outDir}/assets.pa`).catch(() => {});
}
