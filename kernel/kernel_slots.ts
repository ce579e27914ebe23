/**
 * The kernel-issued caps the chain Instance holds in slots 7…18 (ABI.md §Chain slots): the root
 * gas meter and quota handles, its YieldCatcher (pre-loaded with the OOG and StorageExhausted
 * markers), the authority caps and the two markers. The kernel refills these slots at genesis
 * and at the start of every event; the YieldCatcher in slot 9 is kept if the chain changed it.
 *
 * @example
 * ```ts
 * import { defaultYieldCatcher, refillKernelSlots } from "./kernel_slots.ts";
 * const slots = new Array(256).fill(null);
 * refillKernelSlots(slots);
 * slots[17].kernel; // "oog_marker"
 * defaultYieldCatcher().markers.length; // 2
 * ```
 * @module
 */

import { CHAIN_SLOT, ROOT_ID } from "./abi.ts";
import { KernelCap, type Slot } from "./caps.ts";
import { compareBytes } from "./bytes.ts";

/** The OOG marker cap. */
export const OOG_MARKER: KernelCap = new KernelCap("oog_marker");
/** The StorageExhausted marker cap. */
export const STORAGE_EXHAUSTED_MARKER: KernelCap = new KernelCap("storage_exhausted_marker");

/**
 * A YieldCatcher listing `markers` (cap ids), sorted and deduplicated.
 *
 * @example
 * ```ts
 * yieldCatcher([OOG_MARKER.id]).catches(OOG_MARKER.id); // true
 * ```
 */
export function yieldCatcher(markers: readonly Uint8Array[]): KernelCap {
  const sorted = [...markers].sort(compareBytes).filter((m, i, a) =>
    i === 0 || compareBytes(a[i - 1], m) !== 0
  );
  return new KernelCap("yield_catcher", 0n, sorted);
}

/** The chain's default YieldCatcher: OOG and StorageExhausted. */
export function defaultYieldCatcher(): KernelCap {
  return yieldCatcher([OOG_MARKER.id, STORAGE_EXHAUSTED_MARKER.id]);
}

const CONSTANT: readonly [number, KernelCap][] = [
  [CHAIN_SLOT.GAS, new KernelCap("gas_meter", ROOT_ID)],
  [CHAIN_SLOT.QUOTA, new KernelCap("storage_quota", ROOT_ID)],
  [CHAIN_SLOT.SET_GAS_METER, new KernelCap("set_gas_meter")],
  [CHAIN_SLOT.SET_STORAGE_QUOTA, new KernelCap("set_storage_quota")],
  [CHAIN_SLOT.MINT_GAS, new KernelCap("mint_gas")],
  [CHAIN_SLOT.MINT_QUOTA, new KernelCap("mint_quota")],
  [CHAIN_SLOT.CREATE_YIELD_CATCHER, new KernelCap("create_yield_catcher")],
  [CHAIN_SLOT.HOST_OPEN, new KernelCap("host_open")],
  [CHAIN_SLOT.HOST_SAVE, new KernelCap("host_save")],
  [CHAIN_SLOT.OOG_MARKER, OOG_MARKER],
  [CHAIN_SLOT.STORAGE_EXHAUSTED_MARKER, STORAGE_EXHAUSTED_MARKER],
];

/** Writes the kernel caps into slots 7…18 of a chain cnode (keeping a YieldCatcher in 9). */
export function refillKernelSlots(slots: Slot[]): void {
  for (const [s, c] of CONSTANT) slots[s] = c;
  const y = slots[CHAIN_SLOT.YIELD_CATCHER];
  if (!(y instanceof KernelCap && y.kernel === "yield_catcher")) {
    slots[CHAIN_SLOT.YIELD_CATCHER] = defaultYieldCatcher();
  }
}
