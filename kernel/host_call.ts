/**
 * Calls between Instances: REPLY (0), HOST_YIELD (16), CALL (26), CALL_RESUME (27),
 * DROP_PAUSED (28), and calls to kernel-issued Instances (kernel_calls.ts). These handlers check
 * and prepare; the driver (executor.ts) moves frames. ABI.md §Calls.
 *
 * @example
 * ```ts
 * import { CALL_HANDLERS } from "./host_call.ts";
 * CALL_HANDLERS.has(26); // CALL
 * ```
 * @module
 */

import type { HostAction, Vm } from "../vm/mod.ts";
import { CALL_STATUS, GAS, HOST, PAUSE_CAUSE, RESULT } from "./abi.ts";
import { KernelCap, UserInstanceCap } from "./caps.ts";
import type { EventContext } from "./context.ts";
import { bytesEqual } from "./bytes.ts";
import { activate, activationCost, type Frame } from "./frame.ts";
import { done, enter, type KernelHandler } from "./host_util.ts";
import { kernelCall } from "./kernel_calls.ts";
import { Layer } from "./layer.ts";
import { LIMITS } from "./limits.ts";
import { slotArg, source } from "./slots.ts";

/** A CALL / CALL_RESUME refused before anything ran: φ7 = code, φ8 = FAULTED. */
export function refuse(vm: Vm, code: bigint): HostAction {
  vm.setRegister(9, 0n);
  return done(vm, code, CALL_STATUS.FAULTED);
}

/** REPLY φ7 = value: the Instance halts (write-back, new value to the caller). */
const reply: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  ctx.pending = { kind: "reply", value: vm.getRegister(7) };
  return "yield";
};

/**
 * HOST_YIELD φ7 = marker slot (an Instance), φ8 = a value for the catcher: pauses this Instance
 * and hands control to the nearest caller whose YieldCatcher lists the marker, moving slot 0 to
 * it. When resumed: φ7 = OK, φ8 = the resumer's φ7. Uncaught, the event faults.
 */
const hostYield: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const m = source(f, slotArg(vm, 7));
  if (typeof m === "bigint") return done(vm, m);
  if (m.kind !== "instance") return done(vm, RESULT.E_KIND);
  ctx.pending = { kind: "host_yield", marker: m, value: vm.getRegister(8) };
  return "yield";
};

function onStack(ctx: EventContext, id: Uint8Array): boolean {
  const check = (frames: readonly Frame[]): boolean => {
    for (const f of frames) {
      if (bytesEqual(f.instance.id, id)) return true;
      for (const seg of f.paused) if (seg !== null && check(seg.frames)) return true;
    }
    return false;
  };
  return check(ctx.stack);
}

/**
 * CALL φ11 = target slot (own), φ12 = endpoint, φ7…φ10 = arguments. A user Instance starts a new
 * activation (slot 0 moves to it); a kernel-issued Instance answers at once. The caller later
 * sees φ7 = value, φ8 = OK | PAUSED | FAULTED (ABI.md). Refusals come back as FAULTED with φ7 =
 * E_INVALID (nested target, bad endpoint), E_EMPTY, E_KIND, E_LIMIT (depth), E_BUSY
 * (re-entrancy), E_GAS (callee has no meter), or an activation code.
 */
const call: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const ref = slotArg(vm, 11);
  const endpoint = vm.getRegister(12);
  if (ref.inner !== null) return refuse(vm, RESULT.E_INVALID);
  const t = source(f, ref);
  if (typeof t === "bigint") return refuse(vm, t);
  if (t instanceof KernelCap) return kernelCall(vm, ctx, f, t, ref.outer, endpoint);
  if (!(t instanceof UserInstanceCap)) return refuse(vm, RESULT.E_KIND);
  if (endpoint > 255n) return refuse(vm, RESULT.E_INVALID);
  if (ctx.stack.length >= LIMITS.CALL_DEPTH) return refuse(vm, RESULT.E_LIMIT);
  if (onStack(ctx, t.id)) return refuse(vm, RESULT.E_BUSY);
  if (!vm.chargeGas(activationCost(t.image))) return "oog";
  const args = [7, 8, 9, 10].map((r) => vm.getRegister(r));
  const callee = activate({
    instance: t,
    endpoint: Number(endpoint),
    args,
    slot0: f.slots[0],
    target: ref.outer,
    label: `a${ctx.stats.activations + 1}`,
    makeLayer: () => new Layer(f.layer, f.layer.fallback),
    trace: ctx.trace,
  });
  if (typeof callee === "bigint") return refuse(vm, callee);
  f.slots[0] = null;
  ctx.stack.push(callee);
  ctx.stats.activations++;
  ctx.pending = { kind: "call" };
  return "yield";
};

/**
 * CALL_RESUME φ11 = paused handle, φ7 = value: continues a callee this frame caught paused.
 * After HOST_YIELD, slot 0 moves to the yielder and it sees φ7 = OK, φ8 = value; after OOG /
 * StorageExhausted the interrupted instruction runs again and slot 0 stays where it is. Results as for CALL;
 * E_NOT_FOUND (no such handle) or E_LIMIT (depth) come back as FAULTED.
 */
const callResume: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const h = vm.getRegister(11);
  const seg = h < BigInt(LIMITS.PAUSED_PER_FRAME) ? f.paused[Number(h)] : null;
  if (seg === null) return refuse(vm, RESULT.E_NOT_FOUND);
  if (ctx.stack.length + seg.frames.length > LIMITS.CALL_DEPTH) return refuse(vm, RESULT.E_LIMIT);
  if (!vm.chargeGas(GAS.CALL)) return "oog";
  f.paused[Number(h)] = null;
  const yielder = seg.frames[seg.frames.length - 1];
  if (seg.cause === PAUSE_CAUSE.HOST_YIELD) {
    yielder.slots[0] = f.slots[0];
    f.slots[0] = null;
    yielder.vm.setRegister(8, vm.getRegister(7));
    yielder.vm.setRegister(7, RESULT.OK);
  }
  ctx.stack.push(...seg.frames);
  yielder.step({ type: "RESUME" });
  yielder.step({ type: "RUN" });
  ctx.stats.resumes++;
  ctx.pending = { kind: "resume" };
  return "yield";
};

/** Discards every paused callee `f` holds (and those they hold). */
export function dropAllPaused(ctx: EventContext, f: Frame): void {
  for (let i = 0; i < f.paused.length; i++) {
    const seg = f.paused[i];
    if (seg === null) continue;
    f.paused[i] = null;
    ctx.stats.drops++;
    for (const g of seg.frames) dropAllPaused(ctx, g);
  }
}

/** DROP_PAUSED φ7 = paused handle: discards that paused callee and all it did → OK | E_NOT_FOUND. */
const dropPaused: KernelHandler = (vm, ctx) => {
  const f = enter(vm, ctx);
  if (f === "oog") return f;
  const h = vm.getRegister(7);
  const seg = h < BigInt(LIMITS.PAUSED_PER_FRAME) ? f.paused[Number(h)] : null;
  if (seg === null) return done(vm, RESULT.E_NOT_FOUND);
  f.paused[Number(h)] = null;
  ctx.stats.drops++;
  for (const g of seg.frames) dropAllPaused(ctx, g);
  return done(vm, RESULT.OK);
};

/** The call handlers by host-call number. */
export const CALL_HANDLERS: ReadonlyMap<number, KernelHandler> = new Map([
  [HOST.REPLY, reply],
  [HOST.HOST_YIELD, hostYield],
  [HOST.CALL, call],
  [HOST.CALL_RESUME, callResume],
  [HOST.DROP_PAUSED, dropPaused],
]);
