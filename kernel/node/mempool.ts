/**
 * The mempool: signed transactions a node admitted (already checked: envelope, signer,
 * signature, expiry window, not yet included), in admission order, bounded by
 * `NODE_LIMITS.MEMPOOL_TXS`. What clients submitted to this node is persisted by its store (a
 * restart keeps it: "accepted" is a durable answer); copies gossiped from peers live in memory
 * only — their origin node holds the durable one.
 *
 * @example
 * ```ts
 * import { Mempool } from "./mempool.ts";
 * const pool = new Mempool(2);
 * pool.add(tx, true); // admitted; `client` marks transactions a client submitted here
 * pool.select(10, (t) => t.expiry >= 5).length; // ≤ 10, in admission order
 * ```
 * @module
 */

import { toHex } from "../bytes.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import type { SignedTx } from "./tx.ts";

/** One admitted transaction. */
export interface PoolEntry {
  /** The transaction. */
  readonly tx: SignedTx;
  /** True when a client submitted it to this node (it reports the inclusion). */
  readonly client: boolean;
}

/** Admitted transactions in admission order. */
export class Mempool {
  readonly #entries = new Map<string, PoolEntry>();

  /** A pool holding at most `capacity` transactions. */
  constructor(readonly capacity: number = NODE_LIMITS.MEMPOOL_TXS) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new NodeError("BAD_CONFIG", `mempool capacity must be a positive integer`);
    }
  }

  /** Transactions held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether the transaction with this id (hex) is held. */
  has(idHex: string): boolean {
    return this.#entries.has(idHex);
  }

  /** The entry with this id (hex), if held. */
  get(idHex: string): PoolEntry | undefined {
    return this.#entries.get(idHex);
  }

  /** Admits a checked transaction; throws `NodeError("MEMPOOL_FULL")` at capacity. */
  add(tx: SignedTx, client: boolean): void {
    const key = toHex(tx.id);
    if (this.#entries.has(key)) return;
    if (this.#entries.size >= this.capacity) {
      throw new NodeError(
        "MEMPOOL_FULL",
        `the mempool holds ${this.capacity} transactions; submit again after the next block`,
      );
    }
    this.#entries.set(key, { tx, client });
  }

  /** Removes a transaction (no-op when absent); returns the entry. */
  remove(idHex: string): PoolEntry | undefined {
    const e = this.#entries.get(idHex);
    this.#entries.delete(idHex);
    return e;
  }

  /** Up to `max` transactions that pass `keep`, in admission order. */
  select(max: number, keep: (tx: SignedTx) => boolean): SignedTx[] {
    const out: SignedTx[] = [];
    for (const e of this.#entries.values()) {
      if (out.length >= max) break;
      if (keep(e.tx)) out.push(e.tx);
    }
    return out;
  }

  /** Every entry, in admission order. */
  entries(): PoolEntry[] {
    return [...this.#entries.values()];
  }
}
