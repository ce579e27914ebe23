/**
 * Layers: the nested transactions of one event. Every activation (frame) on the call stack owns a
 * layer on top of its caller's; file writes, quota charges and mint records go into the top
 * layer. When the activation halts its layer merges into its caller's; when it faults, or a
 * paused activation is dropped, its layer is discarded — so a failed subtree leaves nothing
 * behind. The bottom layer falls through to σ. (Gas is exempt: gas used stays used.)
 *
 * @example
 * ```ts
 * import { Layer } from "./layer.ts";
 * const base = new Layer(null, { file: () => undefined, quota: () => 100n });
 * const child = new Layer(base, base.fallback);
 * child.setQuota(0n, 40n);
 * base.quota(0n); // 100n (not merged yet)
 * child.mergeIntoParent();
 * base.quota(0n); // 40n
 * ```
 * @module
 */

import type { DataCap, ImageCap } from "./caps.ts";
import { invariant } from "./errors.ts";

/** A file as an event sees it: its Data cap and the quota that paid for it. */
export interface LiveFile {
  /** The file's contents. */
  readonly data: DataCap;
  /** Quota id charged `data.size` bytes. */
  readonly payer: bigint;
}

/** A tentative storage charge, settled when the event commits (ENCODING.md §Storage). */
export interface MintRecord {
  /** The object minted: a Data cap or an Image cap. */
  readonly object: DataCap | ImageCap;
  /** Quota id charged. */
  readonly payer: bigint;
  /** Bytes charged. */
  readonly charged: bigint;
}

/** Where the bottom layer reads what no layer changed (σ). */
export interface LayerFallback {
  /** The file with `id` in σ. */
  file(id: bigint): LiveFile | undefined;
  /** The quota `id` in σ (0 when absent). */
  quota(id: bigint): bigint;
}

/** One activation's changes to files, quotas and mint records. */
export class Layer {
  /** File changes: id → new file, or null when deleted. */
  readonly files: Map<bigint, LiveFile | null> = new Map();
  /** Quota changes: id → new remaining. */
  readonly quotas: Map<bigint, bigint> = new Map();
  /** Tentative charges in order. */
  readonly mints: MintRecord[] = [];

  /** A layer over `parent` (null for the event's bottom layer, which reads `fallback`). */
  constructor(readonly parent: Layer | null, readonly fallback: LayerFallback) {}

  /** The file `id` as this layer sees it. */
  file(id: bigint): LiveFile | undefined {
    if (this.files.has(id)) return this.files.get(id) ?? undefined;
    return this.parent === null ? this.fallback.file(id) : this.parent.file(id);
  }

  /** The quota `id` as this layer sees it. */
  quota(id: bigint): bigint {
    const v = this.quotas.get(id);
    if (v !== undefined) return v;
    return this.parent === null ? this.fallback.quota(id) : this.parent.quota(id);
  }

  /** Sets quota `id` to `value` in this layer. */
  setQuota(id: bigint, value: bigint): void {
    invariant(value >= 0n, "a quota never goes negative");
    this.quotas.set(id, value);
  }

  /** Records a file change. */
  setFile(id: bigint, file: LiveFile | null): void {
    this.files.set(id, file);
  }

  /** Moves every change into the parent layer (the activation halted). */
  mergeIntoParent(): void {
    const p = this.parent;
    invariant(p !== null, "the bottom layer has no parent to merge into");
    for (const [k, v] of this.files) p.files.set(k, v);
    for (const [k, v] of this.quotas) p.quotas.set(k, v);
    for (const m of this.mints) p.mints.push(m);
  }
}
