/**
 * Bank configuration: how many slots each bank has and how many bytes it may hold (resident plus
 * in flight). The defaults are what a cartridge gets unless the console says otherwise.
 *
 * | bank   | slots | byte budget | why |
 * |--------|------:|------------:|-----|
 * | TILES  |    16 |       2 MiB | one slot per glyph bank (16); a full 8×8 sheet materialises to 68,608 bytes, so 16 full sheets plus a second copy of each while it is staged fit |
 * | SOUNDS |    64 |      16 MiB | about 3 minutes of 22,050 Hz mono in total |
 *
 * @example
 * ```ts
 * import { DEFAULT_BANKS, slotCount } from "./bank_config.ts";
 * slotCount(DEFAULT_BANKS, "TILES"); // 16
 * ```
 * @module
 */

import type { BankType } from "./types.ts";

/** One bank's size. */
export interface BankSpec {
  /** Number of slots, 1..65536. */
  slots: number;
  /** Most bytes resident plus in flight at once. */
  budgetBytes: number;
}

/** The size of every bank. */
export type BanksConfig = Record<BankType, BankSpec>;

/** Default bank sizes (see the module table). */
export const DEFAULT_BANKS: Readonly<BanksConfig> = Object.freeze({
  TILES: Object.freeze({ slots: 16, budgetBytes: 2 * 1024 * 1024 }),
  SOUNDS: Object.freeze({ slots: 64, budgetBytes: 16 * 1024 * 1024 }),
});

/** Slot count of `bank` in `config`. */
export function slotCount(config: BanksConfig, bank: BankType): number {
  return config[bank].slots;
}
