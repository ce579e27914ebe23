/**
 * The generated Worker entry: a tiny module that statically imports `worker_entry.ts` and one
 * behaviour module, then registers the module with {@link serveModule}. Static imports are part
 * of the Worker's module graph, so they load even in a Worker without read permission (a dynamic
 * `import()` of a local file is refused there). The same source is started directly (as a blob)
 * or bundled into one file first (see `bundle.ts`); host options are not baked in — the Worker
 * receives them as its first message — so one bundle serves every Worker of a module.
 *
 * @example
 * ```ts
 * import { workerEntrySource } from "./entry_source.ts";
 * const src = workerEntrySource("file:///repo/console/cart_actor.ts");
 * // import { serveModule } from "file:///repo/actors/worker_entry.ts";
 * // import * as m from "file:///repo/console/cart_actor.ts";
 * // serveModule("file:///repo/console/cart_actor.ts", m);
 * ```
 * @module
 */

/** URL of `worker_entry.ts` (the Worker side of the protocol). */
export const WORKER_ENTRY_URL: string = new URL("./worker_entry.ts", import.meta.url).href;

/**
 * Source of the generated Worker entry for the behaviour module at `moduleUrl`.
 *
 * @example
 * ```ts
 * workerEntrySource("file:///repo/x/echo.ts").includes('import * as m from "file:///repo/x/echo.ts"'); // true
 * ```
 */
export function workerEntrySource(moduleUrl: string): string {
  const entry = JSON.stringify(WORKER_ENTRY_URL);
  const mod = JSON.stringify(moduleUrl);
  return `import { serveModule } from ${entry};\nimport * as m from ${mod};\nserveModule(${mod}, m);\n`;
}
