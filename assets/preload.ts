/**
 * Boot-time validation of `preload` against the asset table and the banks: every entry must name
 * a known asset, a slot that exists in that asset's bank, a slot no earlier entry took, and the
 * whole set must fit each bank's byte budget. The first offending entry aborts boot with a
 * {@link PreloadError} naming it.
 *
 * @example
 * ```ts
 * import { validatePreload } from "./preload.ts";
 * import { DEFAULT_BANKS } from "./bank_config.ts";
 * validatePreload({ asset_table: [], preload: [] }, DEFAULT_BANKS); // []
 * ```
 * @module
 */

import type { BanksConfig } from "./bank_config.ts";
import { PreloadError } from "./errors.ts";
import { residentBytes } from "./materialise.ts";
import type { AssetEntry, PackHeader } from "./types.ts";

/** A validated preload entry: the asset and the slot it goes to. */
export interface ResolvedPreload {
  /** Index in `preload`. */
  index: number;
  /** The asset. */
  entry: AssetEntry;
  /** Slot index in `entry.bank_type`'s bank. */
  slot: number;
}

/** Validates `header.preload`; returns the entries in declared order. Throws {@link PreloadError}. */
export function validatePreload(header: PackHeader, banks: BanksConfig): ResolvedPreload[] {
  const byId = new Map(header.asset_table.map((e) => [e.asset_id, e]));
  const taken = new Map<string, number>();
  const bytes = { TILES: 0, SOUNDS: 0 };
  return header.preload.map((p, index) => {
    const what = `preload[${index}] {asset_id: ${p.asset_id}, slot: ${p.slot}}`;
    const entry = byId.get(p.asset_id);
    if (entry === undefined) {
      throw new PreloadError(
        "PRELOAD_UNKNOWN_ASSET",
        index,
        `${what}: no asset with id ${p.asset_id} in asset_table`,
      );
    }
    const bank = entry.bank_type;
    if (p.slot >= banks[bank].slots) {
      throw new PreloadError(
        "PRELOAD_SLOT_INVALID",
        index,
        `${what}: ${bank} has slots 0..${banks[bank].slots - 1}`,
      );
    }
    const key = `${bank}:${p.slot}`;
    const first = taken.get(key);
    if (first !== undefined) {
      throw new PreloadError(
        "PRELOAD_SLOT_CLASH",
        index,
        `${what}: ${bank} slot ${p.slot} is already taken by preload[${first}]`,
      );
    }
    taken.set(key, index);
    bytes[bank] += residentBytes(entry);
    if (bytes[bank] > banks[bank].budgetBytes) {
      throw new PreloadError(
        "PRELOAD_OVER_BUDGET",
        index,
        `${what}: ${bank} preload needs ${bytes[bank]} bytes, budget is ${banks[bank].budgetBytes}`,
      );
    }
    return { index, entry, slot: p.slot };
  });
}
