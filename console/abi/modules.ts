/**
 * The host modules of the console, in order: this order is the registry's, the devices' (frame
 * start and end, frame-hash sections) and `console/ABI.md`'s. A new peripheral (gfx, audio…)
 * adds its module here.
 *
 * @example
 * ```ts
 * import { CONSOLE_MODULES } from "./modules.ts";
 * CONSOLE_MODULES.map((m) => m.name);
 * // ["system", "log", "input", "asset", "memcard", "gfx", "composer", "audio"]
 * ```
 * @module
 */

import { ASSET_MODULE } from "../asset/syscalls.ts";
import { AUDIO_MODULE } from "../av/audio_syscalls.ts";
import { COMPOSER_MODULE } from "../av/composer_syscalls.ts";
import { GFX_MODULE } from "../av/gfx_syscalls.ts";
import { INPUT_MODULE } from "../input/syscalls.ts";
import { LOG_MODULE } from "../log/syscalls.ts";
import { MEMCARD_MODULE } from "../memcard/syscalls.ts";
import { SYSTEM_MODULE } from "../system/syscalls.ts";
import { SyscallRegistry } from "./registry.ts";
import type { HostModule } from "./types.ts";

/** Every module of the console. */
export const CONSOLE_MODULES: readonly HostModule[] = [
  SYSTEM_MODULE,
  LOG_MODULE,
  INPUT_MODULE,
  ASSET_MODULE,
  MEMCARD_MODULE,
  GFX_MODULE,
  COMPOSER_MODULE,
  AUDIO_MODULE,
];

let shared: SyscallRegistry | null = null;

/** The registry of {@link CONSOLE_MODULES} (built once). */
export function consoleRegistry(): SyscallRegistry {
  shared ??= SyscallRegistry.from(CONSOLE_MODULES);
  return shared;
}
