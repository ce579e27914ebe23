/**
 * Reference-counted writes to σ's object store. `retain(cap)` adds one reference to the object a
 * cap names, storing it (and retaining what it names, recursively) when it is new; `release(hash)`
 * drops one reference and, at zero, removes the object, refunds the quota that paid for it, and
 * releases its children. Both walk iteratively (no recursion limit on nesting depth).
 *
 * @example
 * ```ts
 * import { StoreWriter } from "./store_writer.ts";
 * import { emptyMaps } from "./state.ts";
 * import { DataCap } from "./caps.ts";
 * const { objects, quotas } = emptyMaps();
 * const w = new StoreWriter(objects, quotas, () => undefined);
 * w.retain(DataCap.fromBytes(new Uint8Array([1])));
 * w.objects.size; // 1
 * ```
 * @module
 */

import { toHex } from "./bytes.ts";
import {
  type Cap,
  CNodeCap,
  DataCap,
  type ImageCap,
  KernelCap,
  objectChildren,
  UserInstanceCap,
} from "./caps.ts";
import { invariant } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import type { PMap } from "./pmap.ts";
import { keyOfId, type ObjectEntry } from "./state.ts";

/** What a cap stores: its object hash, encoding and the caps it names — or null (nothing stored). */
function objectOf(
  cap: Cap,
  imageByHash: (h: Uint8Array) => ImageCap | undefined,
): { hash: Uint8Array; encoding: () => Uint8Array; children: () => Cap[] } | null {
  if (cap instanceof DataCap) {
    return {
      hash: cap.dataHash,
      encoding: () => cap.objectEncoding(),
      children: () => [],
    };
  }
  if (cap instanceof CNodeCap) {
    return {
      hash: cap.cnodeHash,
      encoding: () => cap.objectEncoding(),
      children: () => cap.slots.filter((s): s is Cap => s !== null),
    };
  }
  if (cap instanceof UserInstanceCap) {
    return {
      hash: cap.content,
      encoding: () => cap.objectEncoding(),
      children: () => [cap.image, cap.cnode],
    };
  }
  if (cap instanceof KernelCap) {
    if (cap.kernel !== "yield_catcher") return null;
    return { hash: cap.content, encoding: () => cap.catcherObject(), children: () => [] };
  }
  if (cap.kind === "image") {
    return {
      hash: cap.imageHash,
      encoding: () => cap.encoding,
      children: () =>
        cap.image.pinnedSlots.flatMap((p) => {
          if (p.content.kind !== "image") return [];
          const c = imageByHash(p.content.imageHash);
          invariant(c !== undefined, "a pinned Image is known when its Image is stored");
          return [c];
        }),
    };
  }
  return null; // Type caps name no object
}

/** Reference-counted object-store writer over immutable maps. */
export class StoreWriter {
  /** Object hashes (hex) stored by this writer. */
  readonly inserted: Set<string> = new Set();

  /**
   * @param objects the object store to start from
   * @param quotas the quotas refunds go to
   * @param imageByHash finds Images pinned by new Images
   */
  constructor(
    public objects: PMap<ObjectEntry>,
    public quotas: PMap<bigint>,
    readonly imageByHash: (h: Uint8Array) => ImageCap | undefined,
  ) {}

  /** Adds one reference to the object `cap` names (storing it and its children if new). */
  retain(cap: Cap): void {
    const work: Cap[] = [cap];
    while (work.length > 0) {
      const c = work.pop() as Cap;
      const o = objectOf(c, this.imageByHash);
      if (o === null) continue;
      const e = this.objects.get(o.hash);
      if (e !== undefined) {
        this.objects = this.objects.set(o.hash, { ...e, refs: e.refs + 1 });
        continue;
      }
      this.objects = this.objects.set(o.hash, {
        encoding: o.encoding(),
        refs: 1,
        payer: 0n,
        charged: 0n,
      });
      this.inserted.add(toHex(o.hash));
      for (const child of o.children()) work.push(child);
    }
  }

  /** Drops one reference to object `hash`; at zero removes it, refunds, and releases children. */
  release(hash: Uint8Array): void {
    const work: Uint8Array[] = [hash];
    while (work.length > 0) {
      const h = work.pop() as Uint8Array;
      const e = this.objects.get(h);
      invariant(e !== undefined, `released object ${toHex(h)} is stored`);
      if (e.refs > 1) {
        this.objects = this.objects.set(h, { ...e, refs: e.refs - 1 });
        continue;
      }
      this.objects = this.objects.delete(h);
      if (e.charged > 0n) this.refund(e.payer, e.charged);
      for (const c of objectChildren(e.encoding)) work.push(c);
    }
  }

  /** Records who paid for a newly stored object. */
  setPayer(hash: Uint8Array, payer: bigint, charged: bigint): void {
    const e = this.objects.get(hash);
    invariant(e !== undefined && e.charged === 0n, "payer is set once, on a stored object");
    this.objects = this.objects.set(hash, { ...e, payer, charged });
  }

  /** Gives `amount` back to quota `id` (saturating at the amount limit). */
  refund(id: bigint, amount: bigint): void {
    const k = keyOfId(id);
    const v = (this.quotas.get(k) ?? 0n) + amount;
    this.quotas = this.quotas.set(k, v > LIMITS.AMOUNT_MAX ? LIMITS.AMOUNT_MAX : v);
  }
}
