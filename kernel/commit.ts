/**
 * Committing an event: turns the work of an event whose root halted into the next σ. The chain
 * Instance's new value is stored (new objects retained), files written, quotas updated; then
 * every tentative storage charge is settled — the first charge for an object the commit newly
 * stored becomes its payer, every other charge (data not kept, or already stored) is refunded;
 * finally the old chain value and replaced file contents are released (freeing, and refunding,
 * what nothing refers to any more). The σ the event started from is untouched.
 *
 * @example
 * ```ts
 * import { commitEvent } from "./commit.ts";
 * // const σ2 = commitEvent(ctx, newChainInstance);
 * ```
 * @module
 */

import { bytesEqual, toHex } from "./bytes.ts";
import { DataCap, type UserInstanceCap } from "./caps.ts";
import type { EventContext } from "./context.ts";
import type { State } from "./state.ts";
import { keyOfId } from "./state.ts";
import { StoreWriter } from "./store_writer.ts";

/** The σ after the event in `ctx` halted with the chain Instance value `chain`. */
export function commitEvent(ctx: EventContext, chain: UserInstanceCap): State {
  const base = ctx.base;
  const layer = ctx.bottom;
  let quotas = base.quotas;
  for (const [id, v] of layer.quotas) quotas = quotas.set(keyOfId(id), v);
  const w = new StoreWriter(base.objects, quotas, (h) => ctx.imageByHash(h));

  const image = chain.image;
  const cnode = chain.cnode;
  const changed = !bytesEqual(image.imageHash, base.chain.image) ||
    !bytesEqual(cnode.cnodeHash, base.chain.cnode);
  if (changed) {
    w.retain(image);
    w.retain(cnode);
  }
  let files = base.files;
  const replaced: Uint8Array[] = [];
  for (const [id, f] of layer.files) {
    const key = keyOfId(id);
    const old = base.files.get(key);
    if (f !== null) {
      if (old !== undefined && bytesEqual(old.data, f.data.dataHash) && old.payer === f.payer) {
        continue;
      }
      w.retain(f.data);
      files = files.set(key, { data: f.data.dataHash, size: f.data.size, payer: f.payer });
    } else {
      if (old === undefined) continue;
      files = files.delete(key);
    }
    if (old !== undefined) replaced.push(old.data);
  }
  const settled = new Set<string>();
  for (const m of layer.mints) {
    const h = m.object instanceof DataCap ? m.object.dataHash : m.object.imageHash;
    const k = toHex(h);
    if (w.inserted.has(k) && !settled.has(k)) {
      w.setPayer(h, m.payer, m.charged);
      settled.add(k);
    } else {
      w.refund(m.payer, m.charged);
    }
  }
  if (changed) {
    w.release(base.chain.image);
    w.release(base.chain.cnode);
  }
  for (const h of replaced) w.release(h);
  return {
    ...base,
    chain: { chain: chain.chain, image: image.imageHash, cnode: cnode.cnodeHash },
    nextFileId: ctx.nextFileId,
    objects: w.objects,
    files,
    quotas: w.quotas,
  };
}
