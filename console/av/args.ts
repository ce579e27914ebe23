/**
 * Argument readers shared by the `gfx.*`, `composer.*` and `audio.*` syscalls, and the one place
 * where a core's argument error becomes a guest Trap: {@link guardCore} runs a call into the
 * pure gfx or audio core and turns `GfxArgumentError` / `AudioArgumentError` (code
 * `BAD_ARGUMENT`) into a `GuestTrap` `BAD_ARGUMENT` naming the syscall. Anything else the core
 * throws is a broken invariant and stays an exception (the instance reports a Panic).
 *
 * @example
 * ```ts
 * import { coordArg, colourArg, guardCore } from "./args.ts";
 * // in a handler: const x = coordArg(call, 0, "x"); const c = colourArg(call, 4);
 * // guardCore(call, () => gfx.fillRect(x, y, w, h, c));
 * ```
 * @module
 */

import type { SyscallCall } from "../abi/call.ts";
import type { SlotDoc, TrapDoc } from "../abi/types.ts";
import { AudioArgumentError } from "../audio/errors.ts";
import { GfxArgumentError } from "../gfx/errors.ts";

/** Largest width, height or radius (the gfx core's `EXTENT_MAX`). */
export const EXTENT_ARG_MAX = 0x7fff_ffff;

/** Runs `fn` (a call into the gfx or audio core); a core argument error becomes a Trap. */
export function guardCore<T>(call: SyscallCall, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof GfxArgumentError || e instanceof AudioArgumentError) {
      call.trap("BAD_ARGUMENT", e.message);
    }
    throw e;
  }
}

/** A signed 32-bit coordinate in φ(7+i) (traps BAD_ARGUMENT outside −2³¹…2³¹−1). */
export function coordArg(call: SyscallCall, i: number, what: string): number {
  return call.i32(i, what);
}

/** A width, height or radius in φ(7+i): 0…2³¹−1. */
export function extentArg(call: SyscallCall, i: number, what: string): number {
  return call.int(i, what, 0, EXTENT_ARG_MAX);
}

/** An RGB565 colour in φ(7+i): 0…0xFFFF. */
export function colourArg(call: SyscallCall, i: number): number {
  return call.int(i, "colour", 0, 0xffff);
}

/** Docs of a coordinate argument. */
export function coordDoc(name: string, what: string): SlotDoc {
  return { name, doc: `${what}: a signed 32-bit integer (anything off screen is clipped)` };
}

/** Docs of the colour argument. */
export const COLOUR_DOC: SlotDoc = { name: "colour", doc: "RGB565 colour 0…0xFFFF" };

/** The trap every call with integer arguments documents. */
export function badArgument(when: string): TrapDoc {
  return { code: "BAD_ARGUMENT", when };
}
