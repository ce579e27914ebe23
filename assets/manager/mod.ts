/**
 * The asset manager: banks and slots, generation-checked load handles, the load lifecycle on a
 * virtual-time channel, preload, telemetry, and the loader backends.
 *
 * @example
 * ```ts
 * import { openAssetManager } from "./mod.ts";
 * const assets = await openAssetManager("assets.pa");
 * const { handle } = assets.load("tiles.font", "TILES", 1);
 * await assets.endFrame();
 * ```
 * @module
 */

export * from "./status.ts";
export * from "./handles.ts";
export * from "./banks.ts";
export * from "./backend.ts";
export * from "./manager.ts";
export * from "./loader_wire.ts";
export * from "./loader_actor.ts";
export * from "./actor_backend.ts";
export * from "./open.ts";
