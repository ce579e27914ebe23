/**
 * Host calls on types and data: SAME_TYPE (20), TYPE_OF (21), READ_DATA_CAP (22),
 * MINT_DATA_CAP (23), HOST_OPEN (24), HOST_SAVE (25). ABI.md §Types and §Data and files.
 *
 * Storage is charged to a quota handle the guest names; when it has too little left the call
 * yields the StorageExhausted marker and runs again when resumed (after a top-up).
 *
 * @example
 * ```ts
 * import { DATA_HANDLERS } from "./host_data.ts";
 * DATA_HANDLERS.has(23); // MINT_DATA_CAP
 * ```
 * @module
 */

import { guestU32, readWindow, writeWindow } from "../vm/mod.ts";
import { HOST, RESULT } from "./abi.ts";
import { type Cap, DataCap, KernelCap, TypeCap } from "./caps.ts";
import type { EventContext } from "./context.ts";
import {
  bytesGas,
  chargeQuota,
  done,
  enter,
  type KernelHandler,
  refundQuota,
} from "./host_util.ts";
import { LIMITS } from "./limits.ts";
import { checkDestination, slotArg, source, writeSlot } from "./slots.ts";
import type { Frame } from "./frame.ts";
import type { Vm } from "../vm/mod.ts";

function chainOf(c: Cap): Uint8Array | null {
  return c.kind === "instance" || c.kind === "type" ? c.chain : null;
}

/** SAME_TYPE φ7 = a, φ8 = b (Instances or Types) → φ7 = 1 when their image hash chains match, else 0. */
const sameType: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const a = source(f, slotArg(vm, 7)), b = source(f, slotArg(vm, 8));
  if (typeof a === "bigint") return done(vm, a);
  if (typeof b === "bigint") return done(vm, b);
  const ca = chainOf(a), cb = chainOf(b);
  if (ca === null || cb === null) return done(vm, RESULT.E_KIND);
  let same = 1n;
  for (let i = 0; i < 32; i++) if (ca[i] !== cb[i]) same = 0n;
  return done(vm, same);
};

/** TYPE_OF φ7 = Instance or Type, φ8 = destination → a Type cap with the same chain. */
const typeOf: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const src = source(f, slotArg(vm, 7));
  const dst = slotArg(vm, 8);
  if (typeof src === "bigint") return done(vm, src);
  const chain = chainOf(src);
  if (chain === null) return done(vm, RESULT.E_KIND);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  writeSlot(f, dst, new TypeCap(chain));
  return done(vm, RESULT.OK);
};

/**
 * READ_DATA_CAP φ7 = Data slot, φ8 = address, φ9 = length: writes min(length, size) bytes then
 * zeros up to `length` → φ7 = the Data's size. A bad window traps.
 */
const readData: KernelHandler = (vm, ctx) => {
  const len = guestU32(vm, 9, "length");
  if (len > LIMITS.DATA_BYTES) {
    const f = enter(vm, ctx);
    return f === "oog" ? f : done(vm, RESULT.E_LIMIT);
  }
  const f = enter(vm, ctx, bytesGas(len));
  if (f === "oog") return f;
  const c = source(f, slotArg(vm, 7));
  const addr = guestU32(vm, 8, "address");
  if (typeof c === "bigint") return done(vm, c);
  if (!(c instanceof DataCap)) return done(vm, RESULT.E_KIND);
  const out = new Uint8Array(len);
  out.set(c.bytes.subarray(0, Math.min(len, c.size)));
  writeWindow(vm, addr, out);
  return done(vm, BigInt(c.size));
};

/** The quota handle in the slot `r` names, or a result code. */
function quotaArg(vm: Vm, f: Frame, r: number): KernelCap | bigint {
  const q = source(f, slotArg(vm, r));
  if (typeof q === "bigint") return q;
  if (!(q instanceof KernelCap) || q.kernel !== "storage_quota") return RESULT.E_KIND;
  return q;
}

/** Asks the driver to yield StorageExhausted and to run this host call again when resumed. */
function exhausted(vm: Vm, ctx: EventContext, quota: KernelCap): "yield" {
  vm.repeatHostCall();
  ctx.pending = { kind: "storage", quota };
  return "yield";
}

/**
 * MINT_DATA_CAP φ7 = address, φ8 = length, φ9 = quota slot, φ10 = destination: a Data cap of
 * those bytes (trailing zeros stripped), charged to the quota → φ7 = its size.
 */
const mintData: KernelHandler = (vm, ctx) => {
  const len = guestU32(vm, 8, "length");
  if (len > LIMITS.DATA_BYTES) {
    const f = enter(vm, ctx);
    return f === "oog" ? f : done(vm, RESULT.E_LIMIT);
  }
  const f = enter(vm, ctx, bytesGas(len) * 2);
  if (f === "oog") return f;
  const addr = guestU32(vm, 7, "address");
  const dst = slotArg(vm, 10);
  const q = quotaArg(vm, f, 9);
  if (typeof q === "bigint") return done(vm, q);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  const data = DataCap.fromBytes(readWindow(vm, addr, len, LIMITS.DATA_BYTES));
  const size = BigInt(data.size);
  if (!chargeQuota(f, q, size)) return exhausted(vm, ctx, q);
  if (size > 0n) f.layer.mints.push({ object: data, payer: q.id64, charged: size });
  writeSlot(f, dst, data);
  return done(vm, size);
};

/** The authority cap in the slot `r` names is `kind`, or E_DENIED. */
function authorised(vm: Vm, f: Frame, r: number, kind: "host_open" | "host_save"): boolean {
  const a = source(f, slotArg(vm, r));
  return a instanceof KernelCap && a.kernel === kind;
}

/**
 * HOST_OPEN φ7 = File slot, φ8 = destination, φ9 = HostOpen authority slot: the file's Data
 * → φ7 = its size; E_NOT_FOUND when the file was deleted.
 */
const hostOpen: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const fileRef = slotArg(vm, 7), dst = slotArg(vm, 8);
  if (!authorised(vm, f, 9, "host_open")) return done(vm, RESULT.E_DENIED);
  const file = source(f, fileRef);
  if (typeof file === "bigint") return done(vm, file);
  if (!(file instanceof KernelCap) || file.kernel !== "file") return done(vm, RESULT.E_KIND);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  const live = f.layer.file(file.id64);
  if (live === undefined) return done(vm, RESULT.E_NOT_FOUND);
  writeSlot(f, dst, live.data);
  return done(vm, BigInt(live.data.size));
};

/**
 * HOST_SAVE φ7 = Data slot, φ8 = quota slot, φ9 = destination, φ10 = HostSave authority slot.
 * An empty destination gets a new File; a destination holding a File has that file
 * overwritten. The Data's size is charged to the quota; the replaced contents are refunded to
 * the quota that paid for them. Saving empty Data deletes the file (full refund).
 */
const hostSave: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const dataRef = slotArg(vm, 7), dst = slotArg(vm, 9);
  if (!authorised(vm, f, 10, "host_save")) return done(vm, RESULT.E_DENIED);
  const data = source(f, dataRef);
  if (typeof data === "bigint") return done(vm, data);
  if (!(data instanceof DataCap)) return done(vm, RESULT.E_KIND);
  const q = quotaArg(vm, f, 8);
  if (typeof q === "bigint") return done(vm, q);
  let id: bigint | null = null;
  const d = checkDestination(f, dst);
  if (d === RESULT.E_OCCUPIED) {
    const held = source(f, dst);
    if (!(held instanceof KernelCap) || held.kernel !== "file") return done(vm, RESULT.E_OCCUPIED);
    id = held.id64;
  } else if (d !== RESULT.OK) return done(vm, d);
  const old = id === null ? undefined : f.layer.file(id);
  const size = BigInt(data.size);
  if (size > 0n) {
    const credit = old !== undefined && old.payer === q.id64 ? BigInt(old.data.size) : 0n;
    if (f.layer.quota(q.id64) + credit < size) return exhausted(vm, ctx, q);
  }
  if (old !== undefined) refundQuota(f, old.payer, BigInt(old.data.size));
  if (size === 0n) {
    if (id !== null && old !== undefined) f.layer.setFile(id, null);
    return done(vm, RESULT.OK);
  }
  chargeQuota(f, q, size);
  if (id === null) {
    id = ctx.nextFileId++;
    writeSlot(f, dst, new KernelCap("file", id));
  }
  f.layer.setFile(id, { data, payer: q.id64 });
  return done(vm, RESULT.OK);
};

/** The type and data handlers by host-call number. */
export const DATA_HANDLERS: ReadonlyMap<number, KernelHandler> = new Map([
  [HOST.SAME_TYPE, sameType],
  [HOST.TYPE_OF, typeOf],
  [HOST.READ_DATA_CAP, readData],
  [HOST.MINT_DATA_CAP, mintData],
  [HOST.HOST_OPEN, hostOpen],
  [HOST.HOST_SAVE, hostSave],
]);
