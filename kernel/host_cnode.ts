/**
 * Host calls on slots: COPY (1), MOVE (2), DROP (3), CNODE_SWAP (4), CNODE_MINT (5).
 * Arguments are slot references (see slots.ts); results in φ7 (ABI.md §Slots).
 *
 * @example
 * ```ts
 * import { CNODE_HANDLERS } from "./host_cnode.ts";
 * CNODE_HANDLERS.size; // 5
 * ```
 * @module
 */

import { HOST, RESULT } from "./abi.ts";
import { CNodeCap } from "./caps.ts";
import { done, enter, type KernelHandler } from "./host_util.ts";
import { LIMITS } from "./limits.ts";
import { checkDestination, isPinned, readSlot, slotArg, source, writeSlot } from "./slots.ts";

/** COPY φ7 = source, φ8 = destination → φ7 = OK | E_PINNED | E_EMPTY | E_OCCUPIED | … */
const copy: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const src = slotArg(vm, 7), dst = slotArg(vm, 8);
  if (isPinned(f, src)) return done(vm, RESULT.E_PINNED);
  const c = source(f, src);
  if (typeof c === "bigint") return done(vm, c);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  writeSlot(f, dst, c);
  return done(vm, RESULT.OK);
};

/** MOVE φ7 = source, φ8 = destination → like COPY, and the source becomes empty. */
const move: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const src = slotArg(vm, 7), dst = slotArg(vm, 8);
  if (isPinned(f, src)) return done(vm, RESULT.E_PINNED);
  const c = source(f, src);
  if (typeof c === "bigint") return done(vm, c);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  // Moving a CNode into one of its own slots would lose it: refuse.
  if (src.inner === null && dst.inner !== null && dst.outer === src.outer) {
    return done(vm, RESULT.E_INVALID);
  }
  writeSlot(f, src, null);
  writeSlot(f, dst, c);
  return done(vm, RESULT.OK);
};

/** DROP φ7 = slot → φ7 = OK | E_PINNED | E_EMPTY. */
const drop: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const ref = slotArg(vm, 7);
  if (isPinned(f, ref)) return done(vm, RESULT.E_PINNED);
  const c = source(f, ref);
  if (typeof c === "bigint") return done(vm, c);
  writeSlot(f, ref, null);
  return done(vm, RESULT.OK);
};

/**
 * CNODE_SWAP φ7 = a, φ8 = b: exchanges two slots of the same cnode (both own slots, or both in
 * the same nested CNode); either may be empty → OK | E_INVALID | E_PINNED | …
 */
const swap: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const a = slotArg(vm, 7), b = slotArg(vm, 8);
  if ((a.inner === null) !== (b.inner === null) || (a.inner !== null && a.outer !== b.outer)) {
    return done(vm, RESULT.E_INVALID);
  }
  if (isPinned(f, a) || isPinned(f, b)) return done(vm, RESULT.E_PINNED);
  const ca = readSlot(f, a), cb = readSlot(f, b);
  if (typeof ca === "bigint") return done(vm, ca);
  if (typeof cb === "bigint") return done(vm, cb);
  if (a.inner === null) {
    f.slots[a.outer] = cb;
    f.slots[b.outer] = ca;
  } else {
    const node = f.slots[a.outer] as CNodeCap;
    f.slots[a.outer] = node.with(a.inner, cb).with(b.inner as number, ca);
  }
  return done(vm, RESULT.OK);
};

/** CNODE_MINT φ7 = destination, φ8 = size_log (0…8): an empty CNode of 2^size_log slots. */
const mint: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const dst = slotArg(vm, 7);
  const sizeLog = vm.getRegister(8);
  if (sizeLog > BigInt(LIMITS.CNODE_MAX_SIZE_LOG)) return done(vm, RESULT.E_INVALID);
  const d = checkDestination(f, dst);
  if (d !== RESULT.OK) return done(vm, d);
  writeSlot(f, dst, CNodeCap.empty(Number(sizeLog)));
  return done(vm, RESULT.OK);
};

/** The slot handlers by host-call number. */
export const CNODE_HANDLERS: ReadonlyMap<number, KernelHandler> = new Map([
  [HOST.COPY, copy],
  [HOST.MOVE, move],
  [HOST.DROP, drop],
  [HOST.CNODE_SWAP, swap],
  [HOST.CNODE_MINT, mint],
]);
