/**
 * Opening an `assets.pa` as a booted asset manager: validate the file, start the loader (the
 * asset loader actor in a Worker by default, or in-process), run the preload.
 *
 * @example
 * ```ts
 * import { openAssetManager } from "./open.ts";
 * const assets = await openAssetManager("cart/assets.pa"); // loader actor, preload committed
 * const tools = await openAssetManager("cart/assets.pa", { loader: "in-process" });
 * ```
 * @module
 */

import type { ActorSystemOptions } from "../../actors/mod.ts";
import { PackReader } from "../reader.ts";
import { ActorLoaderBackend } from "./actor_backend.ts";
import { InProcessBackend, type LoaderBackend } from "./backend.ts";
import { AssetManager, type AssetManagerOptions } from "./manager.ts";

/** Options of {@link openAssetManager}. */
export interface OpenOptions extends AssetManagerOptions {
  /** Where loads run: `actor` (default, a Worker reading only this file) or `in-process`. */
  loader?: "actor" | "in-process";
  /** Options of the loader actor's system (seed, workers, trace), for `actor`. */
  system?: ActorSystemOptions;
}

/**
 * Validates `path`, starts its loader and boots a manager (preload resident and committed).
 * Throws `PackFormatError` for a bad file and `PreloadError` for a bad preload; the loader is
 * stopped again when boot fails.
 */
export async function openAssetManager(
  path: string,
  options: OpenOptions = {},
): Promise<AssetManager> {
  let backend: LoaderBackend;
  let header;
  if ((options.loader ?? "actor") === "actor") {
    const actor = await ActorLoaderBackend.spawn(path, { system: options.system });
    backend = actor;
    header = actor.header;
  } else {
    const reader = await PackReader.openFile(path);
    backend = new InProcessBackend(reader);
    header = reader.header;
  }
  try {
    return await AssetManager.boot(header, backend, options);
  } catch (e) {
    await backend.close();
    throw e;
  }
}
