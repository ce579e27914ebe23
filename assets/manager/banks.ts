/**
 * A bank: a fixed number of slots and a byte budget shared by what is resident and what is in
 * flight (reserved by a load until it is committed, canceled or fails). Installing into a slot
 * swaps the resident in one step and releases the previous one.
 *
 * @example
 * ```ts
 * import { Bank } from "./banks.ts";
 * const bank = new Bank("SOUNDS", { slots: 2, budgetBytes: 1024 });
 * bank.reserve(100); // true
 * bank.telemetry().inflight_bytes; // 100
 * ```
 * @module
 */

import type { BankSpec } from "../bank_config.ts";
import { AssetsUsageError } from "../errors.ts";
import type { ResidentData } from "../materialise.ts";
import type { AssetEntry, BankType } from "../types.ts";

/** A slot address: which bank, which slot. */
export interface SlotRef {
  /** The bank. */
  bank_type: BankType;
  /** Slot index in that bank. */
  index: number;
}

/** What a slot holds. */
export interface ResidentAsset {
  /** The asset's table entry. */
  entry: AssetEntry;
  /** Bytes it occupies in the bank. */
  bytes: number;
  /** The materialised data (a tile sheet or a sound sample). */
  data: ResidentData;
}

/** Telemetry of one slot. */
export interface SlotTelemetry {
  /** Slot index. */
  index: number;
  /** Resident asset id, or null when empty. */
  asset_id: number | null;
  /** Bytes the resident occupies (0 when empty). */
  bytes: number;
}

/** Telemetry of one bank. */
export interface BankTelemetry {
  /** Which bank. */
  bank_type: BankType;
  /** Byte budget. */
  total_bytes: number;
  /** Bytes of resident assets. */
  used_bytes: number;
  /** Bytes reserved by loads not yet committed, canceled or failed. */
  inflight_bytes: number;
  /** `total - used - inflight`. */
  free_bytes: number;
  /** Number of slots. */
  slot_count: number;
  /** Number of occupied slots. */
  slots_occupied: number;
  /** Every slot, in index order. */
  slots: SlotTelemetry[];
}

/** One bank's slots and accounting. */
export class Bank {
  readonly #slots: Array<ResidentAsset | null>;
  #used = 0;
  #inflight = 0;

  /** Which bank. */
  readonly bankType: BankType;
  /** Slot count and budget. */
  readonly spec: BankSpec;

  /** Creates it. @param bankType which bank @param spec slot count and budget */
  constructor(bankType: BankType, spec: BankSpec) {
    this.bankType = bankType;
    this.spec = spec;
    if (!Number.isInteger(spec.slots) || spec.slots < 1 || spec.slots > 65536) {
      throw new AssetsUsageError(
        "BAD_CONFIG",
        `${bankType}: slots ${spec.slots} is outside 1..65536`,
      );
    }
    if (!Number.isSafeInteger(spec.budgetBytes) || spec.budgetBytes < 0) {
      throw new AssetsUsageError(
        "BAD_CONFIG",
        `${bankType}: budgetBytes ${spec.budgetBytes} is invalid`,
      );
    }
    this.#slots = new Array(spec.slots).fill(null);
  }

  /** Whether `index` names a slot of this bank. */
  hasSlot(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.spec.slots;
  }

  /** Reserves `bytes` for a load when the budget allows; false otherwise. */
  reserve(bytes: number): boolean {
    if (this.#used + this.#inflight + bytes > this.spec.budgetBytes) return false;
    this.#inflight += bytes;
    return true;
  }

  /** Returns a reservation (the load was canceled or failed). */
  unreserve(bytes: number): void {
    if (bytes > this.#inflight) {
      throw new AssetsUsageError(
        "ACCOUNTING",
        `${this.bankType}: unreserve ${bytes} > in flight ${this.#inflight}`,
      );
    }
    this.#inflight -= bytes;
  }

  /**
   * Installs `asset` into slot `index`, turning its reservation into resident bytes and
   * releasing the previous resident, in one step. Returns the released resident, if any.
   */
  install(index: number, asset: ResidentAsset): ResidentAsset | null {
    if (!this.hasSlot(index)) {
      throw new AssetsUsageError("BAD_SLOT", `${this.bankType}: no slot ${index}`);
    }
    this.unreserve(asset.bytes);
    const previous = this.#slots[index];
    this.#used += asset.bytes - (previous?.bytes ?? 0);
    this.#slots[index] = asset;
    return previous;
  }

  /** What slot `index` holds, or null. */
  resident(index: number): ResidentAsset | null {
    return this.hasSlot(index) ? this.#slots[index] : null;
  }

  /** The bank's telemetry. */
  telemetry(): BankTelemetry {
    const slots = this.#slots.map((s, index) => ({
      index,
      asset_id: s?.entry.asset_id ?? null,
      bytes: s?.bytes ?? 0,
    }));
    return {
      bank_type: this.bankType,
      total_bytes: this.spec.budgetBytes,
      used_bytes: this.#used,
      inflight_bytes: this.#inflight,
      free_bytes: this.spec.budgetBytes - this.#used - this.#inflight,
      slot_count: this.spec.slots,
      slots_occupied: slots.filter((s) => s.asset_id !== null).length,
      slots,
    };
  }
}
