/**
 * Host calls on Images: SET_IMAGE (17), DERIVE_SPAWN (18), MAKE_IMAGE (19). ABI.md §Images.
 *
 * The image hash chain extends as H(0x22 ‖ prev ‖ image hash): SET_IMAGE extends the running
 * Instance's own chain (effective for the Instance value it leaves at HALT — the running code
 * does not change), DERIVE_SPAWN gives the child H(0x22 ‖ spawner's chain ‖ image hash).
 *
 * @example
 * ```ts
 * import { IMAGE_HANDLERS } from "./host_image.ts";
 * IMAGE_HANDLERS.has(19); // MAKE_IMAGE
 * ```
 * @module
 */

import { guestU32, readWindow } from "../vm/mod.ts";
import { GAS, HOST, RESULT } from "./abi.ts";
import { CNodeCap, DataCap, ImageCap, KernelCap, type Slot, UserInstanceCap } from "./caps.ts";
import { chainImageProblem } from "./chain_image.ts";
import type { EventContext } from "./context.ts";
import { chainExtend } from "./hash.ts";
import { IMAGE_REASON, ImageError } from "./image.ts";
import { bytesGas, chargeQuota, done, enter, type KernelHandler } from "./host_util.ts";
import { LIMITS } from "./limits.ts";
import { checkDestination, isPinned, sameSlot, slotArg, source, writeSlot } from "./slots.ts";

/** The cap a pinned slot of `image` holds, or null when a pinned Image is unknown. */
function pinnedCap(ctx: EventContext, p: ImageCap["image"]["pinnedSlots"][number]): Slot | null {
  if (p.content.kind === "data") return DataCap.fromBytes(p.content.bytes);
  return ctx.imageByHash(p.content.imageHash) ?? null;
}

/**
 * SET_IMAGE φ7 = Image slot: the running Instance will be an Instance of that Image after it
 * halts. Old pinned slots are cleared and the new Image's pinned slots installed now; a new
 * pinned slot that holds a cap → E_OCCUPIED (nothing changes). On the chain Instance the Image
 * must also follow the chain rules (else E_INVALID).
 */
const setImage: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx, GAS.IMAGE_OP);
  if (f === "oog") return f;
  const img = source(f, slotArg(vm, 7));
  if (typeof img === "bigint") return done(vm, img);
  if (!(img instanceof ImageCap)) return done(vm, RESULT.E_KIND);
  if (ctx.stack[0] === f && chainImageProblem(img.image) !== null) {
    return done(vm, RESULT.E_INVALID);
  }
  const next = new Set(img.image.pinnedSlots.map((p) => p.slot));
  for (const s of next) {
    if (!f.pinned.has(s) && f.slots[s] !== null) return done(vm, RESULT.E_OCCUPIED);
  }
  const caps: [number, Slot][] = [];
  for (const p of img.image.pinnedSlots) {
    const c = pinnedCap(ctx, p);
    if (c === null) return done(vm, RESULT.E_INVALID);
    caps.push([p.slot, c]);
  }
  for (const s of f.pinned) f.slots[s] = null;
  for (const [s, c] of caps) f.slots[s] = c;
  f.pinned = next;
  f.nextImage = img;
  f.chain = chainExtend(f.chain, img.imageHash);
  ctx.registerImage(img);
  return done(vm, RESULT.OK);
};

/**
 * DERIVE_SPAWN φ7 = Image slot, φ8 = CNode slot (256 slots, consumed), φ9 = destination: a new
 * Instance of the Image with that cnode, its initial and pinned slots filled in (E_OCCUPIED if
 * the cnode already uses one), chain H(0x22 ‖ spawner's chain ‖ image hash).
 */
const deriveSpawn: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx, GAS.IMAGE_OP);
  if (f === "oog") return f;
  const imgRef = slotArg(vm, 7), cnRef = slotArg(vm, 8), dst = slotArg(vm, 9);
  const img = source(f, imgRef);
  if (typeof img === "bigint") return done(vm, img);
  if (!(img instanceof ImageCap)) return done(vm, RESULT.E_KIND);
  if (isPinned(f, cnRef)) return done(vm, RESULT.E_PINNED);
  const cn = source(f, cnRef);
  if (typeof cn === "bigint") return done(vm, cn);
  if (!(cn instanceof CNodeCap)) return done(vm, RESULT.E_KIND);
  if (cn.length !== LIMITS.CNODE_SLOTS) return done(vm, RESULT.E_INVALID);
  if (!sameSlot(dst, cnRef)) {
    if (cnRef.inner === null && dst.inner !== null && dst.outer === cnRef.outer) {
      return done(vm, RESULT.E_INVALID);
    }
    const d = checkDestination(f, dst);
    if (d !== RESULT.OK) return done(vm, d);
  }
  const slots = cn.slots.slice();
  const image = img.image;
  for (
    const s of [
      ...image.initialSlots.map((p) => p.slot),
      ...image.pinnedSlots.map((p) => p.slot),
    ]
  ) {
    if (slots[s] !== null) return done(vm, RESULT.E_OCCUPIED);
  }
  for (const s of image.initialSlots) slots[s.slot] = DataCap.fromBytes(s.bytes);
  for (const p of image.pinnedSlots) {
    const c = pinnedCap(ctx, p);
    if (c === null) return done(vm, RESULT.E_INVALID);
    slots[p.slot] = c;
  }
  const child = UserInstanceCap.create(
    chainExtend(f.chain, img.imageHash),
    img,
    CNodeCap.fromSlots(slots),
  );
  writeSlot(f, cnRef, null);
  writeSlot(f, dst, child);
  ctx.registerImage(img);
  return done(vm, RESULT.OK);
};

/**
 * MAKE_IMAGE φ7 = address, φ8 = length of an Image encoding (ENCODING.md §Image), φ9 = quota
 * slot, φ10 = destination. Validates it fully (code decodes, endpoints at block starts,
 * mappings, slots, contents; pinned Images must exist) — invalid → φ7 = E_INVALID, φ8 = reason
 * (image.ts IMAGE_REASON). Costs MAKE_IMAGE gas + per 64 bytes + one per instruction, and the
 * encoding's length in quota.
 */
const makeImage: KernelHandler = (vm, ctx) => {
  const len = guestU32(vm, 8, "length");
  if (len > LIMITS.IMAGE_BYTES) {
    const f = enter(vm, ctx);
    return f === "oog" ? f : done(vm, RESULT.E_LIMIT);
  }
  const f = enter(vm, ctx, GAS.MAKE_IMAGE + bytesGas(len));
  if (f === "oog") return f;
  const addr = guestU32(vm, 7, "address");
  const dst = slotArg(vm, 10);
  const q = source(f, slotArg(vm, 9));
  if (typeof q === "bigint") return done(vm, q);
  if (!(q instanceof KernelCap) || q.kernel !== "storage_quota") return done(vm, RESULT.E_KIND);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  const bytes = readWindow(vm, addr, len, LIMITS.IMAGE_BYTES);
  let cap: ImageCap;
  try {
    cap = ImageCap.fromEncoding(bytes);
  } catch (e) {
    if (e instanceof ImageError) return done(vm, RESULT.E_INVALID, BigInt(e.reason));
    throw e;
  }
  for (const p of cap.image.pinnedSlots) {
    if (p.content.kind === "image" && ctx.imageByHash(p.content.imageHash) === undefined) {
      return done(vm, RESULT.E_INVALID, BigInt(IMAGE_REASON.CONTENT));
    }
  }
  if (!vm.chargeGas(cap.program.instructionCount)) return "oog";
  if (!chargeQuota(f, q, BigInt(len))) {
    vm.repeatHostCall();
    ctx.pending = { kind: "storage", quota: q };
    return "yield";
  }
  f.layer.mints.push({ object: cap, payer: q.id64, charged: BigInt(len) });
  ctx.registerImage(cap);
  writeSlot(f, dst, cap);
  return done(vm, RESULT.OK, 0n);
};

/** The Image handlers by host-call number. */
export const IMAGE_HANDLERS: ReadonlyMap<number, KernelHandler> = new Map([
  [HOST.SET_IMAGE, setImage],
  [HOST.DERIVE_SPAWN, deriveSpawn],
  [HOST.MAKE_IMAGE, makeImage],
]);
