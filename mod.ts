/**
 * The public library surface of the runtime: the PVM engine, the lifecycle machines, the actor
 * runtime, assets, the console and the kernel.
 *
 * @example
 * ```ts
 * import { vm } from "./mod.ts";
 * const program = vm.decodeProgram(new Uint8Array([0, 0, 1, 0, 1]));
 * ```
 * @module
 */

export * as vm from "./vm/mod.ts";
export * as machines from "./machines/mod.ts";
export * as actors from "./actors/mod.ts";
export * as assets from "./assets/mod.ts";
export * as console from "./console/mod.ts";
export * as kernel from "./kernel/mod.ts";
