/**
 * The cartridge loader: reads a cartridge directory (`manifest.json`, `program.pvm`, optional
 * `assets.pa`) or a `.pmc`, and validates everything before anything runs — the manifest's
 * fields, the program container and its function 0, every import against the host registry,
 * every import's capability against the manifest, `assets.pa` (required when `asset` is
 * declared) and its preload against the console's banks. The first problem rejects the
 * cartridge with one {@link CartridgeError} naming the file and the field.
 *
 * A `.pmc`'s `assets.pa` is written to a private temporary folder so the asset loader actor can
 * read it as a file; `close()` removes it.
 *
 * @example
 * ```ts
 * import { loadCartridge } from "./loader.ts";
 * const cart = await loadCartridge("out/cartridges/demo");
 * cart.manifest.title; // "Console demo"
 * await cart.close();
 * ```
 * @module
 */

import { type BanksConfig, DEFAULT_BANKS } from "../../assets/bank_config.ts";
import { PackFormatError, PreloadError } from "../../assets/errors.ts";
import { validatePreload } from "../../assets/preload.ts";
import { PackReader } from "../../assets/reader.ts";
import type { PackHeader } from "../../assets/types.ts";
import { consoleRegistry } from "../abi/modules.ts";
import type { SyscallRegistry } from "../abi/registry.ts";
import { identityKey } from "../abi/types.ts";
import { CartridgeError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { type Manifest, parseManifest } from "./manifest.ts";
import { decodePmc, PMC_HEADER_SIZE } from "./pmc.ts";
import { type CartridgeProgram, decodeProgramContainer } from "./program.ts";

/** A cartridge that passed every check. */
export interface LoadedCartridge {
  /** Where it came from (the path given). */
  readonly source: string;
  /** The manifest. */
  readonly manifest: Manifest;
  /** The decoded program. */
  readonly program: CartridgeProgram;
  /** program.pvm as read. */
  readonly programBytes: Uint8Array;
  /** Absolute path of its assets.pa (a temporary copy for a `.pmc`), or null. */
  readonly assetsPath: string | null;
  /** The validated assets.pa header, or null. */
  readonly assetsHeader: PackHeader | null;
  /** Removes temporary files (a `.pmc`'s assets.pa). */
  close(): Promise<void>;
}

/** Options of {@link loadCartridge}. */
export interface LoadOptions {
  /** The host registry imports are checked against (default: the console's). */
  registry?: SyscallRegistry;
  /** The banks the preload must fit (default `DEFAULT_BANKS`). */
  banks?: BanksConfig;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

async function readLimited(
  path: string,
  file: string,
  limit: number,
  required: boolean,
): Promise<Uint8Array | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (!required && e instanceof Deno.errors.NotFound) return null;
    throw new CartridgeError(
      "FILE_MISSING",
      file,
      "",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  if (!info.isFile) throw new CartridgeError("FILE_MISSING", file, "", `${path} is not a file`);
  if (info.size > limit) {
    throw new CartridgeError(
      "FILE_TOO_LARGE",
      file,
      "",
      `${info.size} bytes; the limit is ${limit}`,
    );
  }
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new CartridgeError(
      "FILE_MISSING",
      file,
      "",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
}

/**
 * Checks the program's imports against the registry and the manifest's capabilities. Throws
 * UNKNOWN_IMPORT or UNDECLARED_CAPABILITY naming `imports[i]`.
 */
export function checkImports(
  manifest: Manifest,
  program: CartridgeProgram,
  registry: SyscallRegistry,
): void {
  program.imports.forEach((im, i) => {
    const spec = registry.get(im);
    if (spec === undefined) {
      throw new CartridgeError(
        "UNKNOWN_IMPORT",
        "program.pvm",
        `imports[${i}]`,
        `${identityKey(im)} is not a syscall of this console (see console/ABI.md)`,
      );
    }
    if (spec.capability !== null && !manifest.capabilities.includes(spec.capability)) {
      throw new CartridgeError(
        "UNDECLARED_CAPABILITY",
        "program.pvm",
        `imports[${i}]`,
        `${
          identityKey(im)
        } needs capability "${spec.capability}", which manifest.json does not declare`,
      );
    }
  });
}

/** Opens and validates an assets.pa file and its preload; BAD_ASSETS / BAD_PRELOAD. */
async function checkAssets(path: string, banks: BanksConfig): Promise<PackHeader> {
  let reader: PackReader;
  try {
    reader = await PackReader.openFile(path);
  } catch (e) {
    if (e instanceof PackFormatError) {
      throw new CartridgeError("BAD_ASSETS", "assets.pa", "", `${e.code}: ${e.message}`);
    }
    throw new CartridgeError(
      "FILE_MISSING",
      "assets.pa",
      "",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  const header = reader.header;
  reader.close();
  try {
    validatePreload(header, banks);
  } catch (e) {
    if (e instanceof PreloadError) {
      throw new CartridgeError(
        "BAD_PRELOAD",
        "assets.pa",
        `preload[${e.entryIndex}]`,
        `${e.code}: ${e.message}`,
      );
    }
    throw e;
  }
  return header;
}

async function finish(
  source: string,
  manifestBytes: Uint8Array,
  programBytes: Uint8Array,
  assetsPath: string | null,
  options: LoadOptions,
  close: () => Promise<void>,
): Promise<LoadedCartridge> {
  const manifest = parseManifest(manifestBytes);
  const program = decodeProgramContainer(programBytes);
  checkImports(manifest, program, options.registry ?? consoleRegistry());
  let header: PackHeader | null = null;
  if (assetsPath !== null) header = await checkAssets(assetsPath, options.banks ?? DEFAULT_BANKS);
  else if (manifest.capabilities.includes("asset")) {
    throw new CartridgeError(
      "ASSETS_MISSING",
      "assets.pa",
      "",
      'manifest.json declares capability "asset" but the cartridge has no assets.pa',
    );
  }
  return { source, manifest, program, programBytes, assetsPath, assetsHeader: header, close };
}

/**
 * Loads and validates the cartridge at `path`: a directory, or a file ending in `.pmc`. Throws
 * {@link CartridgeError} (or its subclass `VmInitError`); nothing has run then.
 */
export async function loadCartridge(
  path: string,
  options: LoadOptions = {},
): Promise<LoadedCartridge> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    throw new CartridgeError(
      "FILE_MISSING",
      path,
      "",
      `no cartridge here: ${(e as Error).message}`,
    );
  }
  if (info.isDirectory) {
    const dir = absolute(path).replace(/\/+$/, "");
    const manifest = await readLimited(
      `${dir}/manifest.json`,
      "manifest.json",
      CONSOLE_LIMITS.maxManifestBytes,
      true,
    );
    const program = await readLimited(
      `${dir}/program.pvm`,
      "program.pvm",
      CONSOLE_LIMITS.maxProgramBytes,
      true,
    );
    let assetsPath: string | null = `${dir}/assets.pa`;
    try {
      await Deno.stat(assetsPath);
    } catch {
      assetsPath = null;
    }
    return await finish(path, manifest!, program!, assetsPath, options, () => Promise.resolve());
  }
  const name = path.split("/").pop() ?? path;
  const limit = PMC_HEADER_SIZE + CONSOLE_LIMITS.maxManifestBytes + CONSOLE_LIMITS.maxProgramBytes +
    CONSOLE_LIMITS.maxPackedAssetsBytes;
  const bytes = await readLimited(path, name, limit, true);
  const files = decodePmc(bytes!, name);
  let tmp: string | null = null;
  const close = async () => {
    if (tmp !== null) await Deno.remove(tmp, { recursive: true }).catch(() => {});
    tmp = null;
  };
  try {
    let assetsPath: string | null = null;
    if (files.assets !== null) {
      tmp = await Deno.makeTempDir({ prefix: "pmc-" });
      assetsPath = `${tmp}/assets.pa`;
      await Deno.writeFile(assetsPath, files.assets);
    }
    return await finish(path, files.manifest, files.program, assetsPath, options, close);
  } catch (e) {
    await close();
    throw e;
  }
}
