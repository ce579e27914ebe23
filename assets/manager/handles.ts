/**
 * A fixed-size table of load records addressed by generation-checked handles
 * (`generation << 32 | index`, u64). Reusing an index bumps its generation, so an old handle to
 * that index is recognised as stale instead of reaching the new record. Generations start at 1,
 * so no valid handle is 0.
 *
 * Which index a new record gets is deterministic: the lowest never-used index, else the finished
 * record that finished first (its handle then becomes stale), else none (the table is full).
 *
 * @example
 * ```ts
 * import { HandleTable } from "./handles.ts";
 * const t = new HandleTable<string>(4);
 * const h = t.allocate("a")!;
 * t.get(h); // "a"
 * ```
 * @module
 */

import { AssetsUsageError } from "../errors.ts";
import type { Handle } from "./status.ts";

/** Most records a table may have. */
export const MAX_HANDLE_TABLE = 1 << 16;

/** What a handle refers to. */
export type HandleKind = "live" | "stale" | "unknown";

/** Splits a handle into generation and index (no validation). */
export function splitHandle(h: Handle): { generation: number; index: number } {
  return { generation: Number((h >> 32n) & 0xffff_ffffn), index: Number(h & 0xffff_ffffn) };
}

/** Builds a handle from generation and index. */
export function makeHandle(generation: number, index: number): Handle {
  return (BigInt(generation >>> 0) << 32n) | BigInt(index >>> 0);
}

/** The table. `T` is the record type. */
export class HandleTable<T> {
  readonly #records: Array<T | undefined>;
  readonly #generations: Uint32Array;
  readonly #finishedAt: Array<number | null>;
  #finishSeq = 0;

  /** Number of records. */
  readonly capacity: number;

  /** Creates it. @param capacity number of records, 1..65536 */
  constructor(capacity: number) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_HANDLE_TABLE) {
      throw new AssetsUsageError(
        "BAD_CONFIG",
        `handle table capacity ${capacity} is outside 1..${MAX_HANDLE_TABLE}`,
      );
    }
    this.#records = new Array(capacity).fill(undefined);
    this.#generations = new Uint32Array(capacity);
    this.#finishedAt = new Array(capacity).fill(null);
  }

  /** Stores `record` and returns its handle, or null when every record is still in use. */
  allocate(record: T): Handle | null {
    let index = this.#records.indexOf(undefined);
    if (index < 0) {
      let oldest = Infinity;
      for (let i = 0; i < this.capacity; i++) {
        const f = this.#finishedAt[i];
        if (f !== null && f < oldest) {
          oldest = f;
          index = i;
        }
      }
    }
    if (index < 0) return null;
    let gen = (this.#generations[index] + 1) >>> 0;
    if (gen === 0) gen = 1;
    this.#generations[index] = gen;
    this.#records[index] = record;
    this.#finishedAt[index] = null;
    return makeHandle(gen, index);
  }

  /** Marks a record finished: its index may be reused from now on (oldest first). */
  finish(h: Handle): void {
    const { index } = splitHandle(h);
    if (this.kind(h) === "live") this.#finishedAt[index] = this.#finishSeq++;
  }

  /** The record of a live handle, else undefined. */
  get(h: Handle): T | undefined {
    return this.kind(h) === "live" ? this.#records[splitHandle(h).index] : undefined;
  }

  /** Whether `h` is live, stale (issued once, since replaced) or unknown (never issued). */
  kind(h: Handle): HandleKind {
    if (typeof h !== "bigint" || h <= 0n || h > 0xffff_ffff_ffff_ffffn) return "unknown";
    const { generation, index } = splitHandle(h);
    if (index >= this.capacity || generation === 0) return "unknown";
    const current = this.#generations[index];
    if (current === 0) return "unknown";
    if (generation === current) return "live";
    return generation < current ? "stale" : "unknown";
  }

  /** Live records, in index order. */
  *live(): IterableIterator<[Handle, T]> {
    for (let i = 0; i < this.capacity; i++) {
      const r = this.#records[i];
      if (r !== undefined) yield [makeHandle(this.#generations[i], i), r];
    }
  }
}
