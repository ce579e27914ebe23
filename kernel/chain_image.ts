/**
 * The rules a chain Image (the root Instance's) must follow beyond any Image's: the kernel hands
 * the chain its gas meter in slot 7, its quota in slot 8 and its YieldCatcher in slot 9, and
 * refills kernel slots 7…18 every event, so the Image must use exactly those and keep its own
 * pinned, initial and mapped slots out of 7…18. Checked at genesis and by SET_IMAGE on the chain.
 *
 * @example
 * ```ts
 * import { chainImageProblem } from "./chain_image.ts";
 * // chainImageProblem(image) === null for a valid chain Image, else what is wrong
 * ```
 * @module
 */

import { CHAIN_SLOT } from "./abi.ts";
import type { Image } from "./image.ts";

const FIRST = CHAIN_SLOT.GAS;
const LAST = CHAIN_SLOT.STORAGE_EXHAUSTED_MARKER;

/**
 * Why `image` cannot be a chain Image, or null when it can.
 *
 * @example
 * ```ts
 * chainImageProblem({ ...image, gasSlots: [3] }); // "gas slots must start with 7"
 * ```
 */
export function chainImageProblem(image: Image): string | null {
  if (image.gasSlots[0] !== CHAIN_SLOT.GAS) return `gas slots must start with ${CHAIN_SLOT.GAS}`;
  if (image.quotaSlots[0] !== CHAIN_SLOT.QUOTA) {
    return `quota slots must start with ${CHAIN_SLOT.QUOTA}`;
  }
  if (image.yieldMarkerSlot !== CHAIN_SLOT.YIELD_CATCHER) {
    return `the yield marker slot must be ${CHAIN_SLOT.YIELD_CATCHER}`;
  }
  const inKernelRange = (s: number) => s >= FIRST && s <= LAST;
  for (const p of image.pinnedSlots) {
    if (inKernelRange(p.slot)) return `pinned slot ${p.slot} is a kernel slot (7…18)`;
  }
  for (const p of image.initialSlots) {
    if (inKernelRange(p.slot)) return `initial slot ${p.slot} is a kernel slot (7…18)`;
  }
  for (const m of image.mappings) {
    if (m.slot !== null && inKernelRange(m.slot)) {
      return `mapped slot ${m.slot} is a kernel slot (7…18)`;
    }
  }
  if (image.endpoints.length === 0) return "a chain Image needs at least one endpoint";
  return null;
}
