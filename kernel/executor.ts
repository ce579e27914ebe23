/**
 * Running one event: a fresh call into the chain Instance's endpoint with the payload as a Data
 * cap in slot 0, driven to its end. The driver runs the top frame's VM through the host-call
 * table and then does what the exit asks: push a callee, halt (write back mapped Data, hand the
 * new Instance value and slot 0 to the caller), route a yield (OOG, StorageExhausted,
 * HOST_YIELD) to the nearest caller whose YieldCatcher lists the marker — which gets a Paused
 * callee — or fault (reflect slot 0, the caller sees FAULTED). If the root halts the event
 * commits; if it faults, or a yield finds no catcher, the event faults and σ stays exactly as it
 * was (nothing was ever written to it).
 *
 * @example
 * ```ts
 * import { runEvent } from "./executor.ts";
 * // const { outcome, state } = runEvent(σ, 0, payload);
 * // outcome.kind === "halt" ? outcome.value : outcome.reason
 * ```
 * @module
 */

import { type HostTable, runWithHost } from "../vm/mod.ts";
import { CALL_STATUS, FAULT, FAULT_NAMES, PAUSE_CAUSE, RESULT_NAMES, ROOT_ID } from "./abi.ts";
import { bytesEqual, stripTrailingZeros } from "./bytes.ts";
import {
  type Cap,
  CNodeCap,
  DataCap,
  ImageCap,
  type InstanceCap,
  KernelCap,
  type Slot,
  UserInstanceCap,
} from "./caps.ts";
import { commitEvent } from "./commit.ts";
import { EventContext, type EventStats } from "./context.ts";
import { invariant } from "./errors.ts";
import { activate, type Frame, type LifecycleStep } from "./frame.ts";
import { CALL_HANDLERS, dropAllPaused } from "./host_call.ts";
import { CNODE_HANDLERS } from "./host_cnode.ts";
import { DATA_HANDLERS } from "./host_data.ts";
import { IMAGE_HANDLERS } from "./host_image.ts";
import { chargeQuota } from "./host_util.ts";
import { OOG_MARKER, refillKernelSlots, STORAGE_EXHAUSTED_MARKER } from "./kernel_slots.ts";
import { LIMITS } from "./limits.ts";
import type { State } from "./state.ts";

/** How one event ended. */
export type EventOutcome =
  | {
    /** The chain Instance halted: the event committed. */
    kind: "halt";
    /** Its φ7 at HALT. */
    value: bigint;
    /** Gas consumed by every VM in the event. */
    gasUsed: bigint;
    /** What happened inside. */
    stats: EventStats;
    /** Lifecycle transitions of every activation (only with `{ trace: true }`). */
    trace?: LifecycleStep[];
  }
  | {
    /** The event faulted: σ is unchanged. */
    kind: "faulted";
    /** Stable reason: a FAULT name (PANIC, PAGE_FAULT, BAD_WINDOW, …), OUT_OF_GAS, STORAGE_EXHAUSTED, UNCAUGHT_YIELD, PAUSED_LIMIT, or a refusal (E_INVALID: no such endpoint, E_GAS: no gas meter, …). */
    reason: string;
    /** Details for a person. */
    message: string;
    /** Gas consumed before it faulted. */
    gasUsed: bigint;
    /** What happened inside. */
    stats: EventStats;
    /** Lifecycle transitions of every activation (only with `{ trace: true }`). */
    trace?: LifecycleStep[];
  };

/** Options of `runEvent`. */
export interface EventOptions {
  /** Record every activation's lifecycle transitions in the outcome (default false). */
  trace?: boolean;
}

/** An event's outcome and the σ after it (the same σ when it faulted). */
export interface EventResult {
  /** How it ended. */
  outcome: EventOutcome;
  /** σ after the event. */
  state: State;
}

const HOST_TABLE: HostTable<EventContext> = new Map([
  ...CNODE_HANDLERS,
  ...DATA_HANDLERS,
  ...IMAGE_HANDLERS,
  ...CALL_HANDLERS,
]);

/**
 * The chain Instance as an event starts it: σ's record with the kernel slots refilled.
 *
 * @example
 * ```ts
 * chainInstance(σ).cnode.slots[17]; // the OOG marker
 * ```
 */
export function chainInstance(
  state: State,
  source = { object: (h: Uint8Array) => state.objects.get(h)?.encoding },
): UserInstanceCap {
  const stored = CNodeCap.fromStore(8, state.chain.cnode, source);
  const slots = stored.slots.slice();
  refillKernelSlots(slots);
  return UserInstanceCap.create(
    state.chain.chain,
    ImageCap.fromStore(state.chain.image, source),
    CNodeCap.fromSlots(slots),
  );
}

/**
 * Runs one event on σ: endpoint `endpoint` of the chain Instance with `payload` as Data in
 * slot 0 (charged to the root quota while the event runs; kept only if the chain keeps it).
 * Pure: σ is not changed; the result carries the next σ.
 */
export function runEvent(
  state: State,
  endpoint: number,
  payload: Uint8Array,
  options: EventOptions = {},
): EventResult {
  const ctx = new EventContext(state, state.eventGas, options.trace === true);
  const fail = (reason: string, message: string): EventResult => ({
    outcome: {
      kind: "faulted",
      reason,
      message,
      gasUsed: ctx.gasUsed,
      stats: { ...ctx.stats },
      ...traced(ctx),
    },
    state,
  });
  if (payload.length > LIMITS.EVENT_PAYLOAD_BYTES) {
    return fail("E_LIMIT", `payload of ${payload.length} bytes exceeds the limit`);
  }
  const instance = chainInstance(state, ctx.source);
  const data = DataCap.fromBytes(payload);
  if (data.size > 0) {
    const left = ctx.bottom.quota(ROOT_ID);
    if (left < BigInt(data.size)) {
      return fail("STORAGE_EXHAUSTED", "the root quota cannot hold the payload");
    }
    ctx.bottom.setQuota(ROOT_ID, left - BigInt(data.size));
    ctx.bottom.mints.push({ object: data, payer: ROOT_ID, charged: BigInt(data.size) });
  }
  const root = activate({
    instance,
    endpoint,
    args: [0n, 0n, 0n, 0n],
    slot0: data,
    target: null,
    label: "a1",
    makeLayer: () => ctx.bottom,
    trace: ctx.trace,
  });
  if (typeof root === "bigint") {
    return fail(
      RESULT_NAMES.get(root) ?? "E_INVALID",
      `the chain Instance cannot start endpoint ${endpoint}`,
    );
  }
  ctx.stack.push(root);
  ctx.stats.activations++;
  return drive(ctx);
}

function traced(ctx: EventContext): { trace?: LifecycleStep[] } {
  return ctx.trace === null ? {} : { trace: ctx.trace.slice() };
}

function drive(ctx: EventContext): EventResult {
  for (;;) {
    const top = ctx.top;
    ctx.syncIn(top);
    ctx.pending = null;
    const r = runWithHost(top.vm, HOST_TABLE, ctx);
    ctx.syncOut(top);
    let end: EventResult | null = null;
    switch (r.kind) {
      case "yield": {
        const p = ctx.pending as EventContext["pending"];
        invariant(p !== null, "a host call that yields leaves an action");
        if (p.kind === "reply") end = halt(ctx, top, p.value, true);
        else if (p.kind === "host_yield") {
          end = pause(ctx, top, p.marker, PAUSE_CAUSE.HOST_YIELD, "slot0", p.value);
        } else if (p.kind === "storage") {
          end = pause(
            ctx,
            top,
            STORAGE_EXHAUSTED_MARKER,
            PAUSE_CAUSE.STORAGE_EXHAUSTED,
            p.quota,
            0n,
          );
        }
        break; // "call" and "resume" already moved frames
      }
      case "halt":
        end = halt(ctx, top, top.vm.getRegister(7), false);
        break;
      case "oog":
        end = pause(
          ctx,
          top,
          OOG_MARKER,
          PAUSE_CAUSE.OUT_OF_GAS,
          new KernelCap("gas_meter", top.meterId),
          0n,
        );
        break;
      case "panic":
        end = fault(ctx, top, FAULT.PANIC, `the PVM panicked at pc ${top.vm.exitPc}`);
        break;
      case "fault":
        end = fault(
          ctx,
          top,
          FAULT.PAGE_FAULT,
          `memory fault at 0x${r.address.toString(16)} (pc ${top.vm.exitPc})`,
        );
        break;
      case "trap": {
        const code = (FAULT as Record<string, bigint>)[r.trap.code] ?? FAULT.BAD_ARGUMENT;
        end = fault(ctx, top, code, `${r.trap.code} at pc ${r.trap.pc}: ${r.trap.message}`);
        break;
      }
    }
    if (end !== null) return end;
  }
}

function eventFault(ctx: EventContext, reason: string, message: string): EventResult {
  for (const f of ctx.stack) {
    if (f.lifecycle.can({ type: "TRAP", code: reason, message })) {
      f.step({ type: "TRAP", code: reason, message });
    }
    dropAllPaused(ctx, f);
  }
  ctx.stack.length = 0;
  return {
    outcome: {
      kind: "faulted",
      reason,
      message,
      gasUsed: ctx.gasUsed,
      stats: { ...ctx.stats },
      ...traced(ctx),
    },
    state: ctx.base,
  };
}

/** The activation `f` (the top) faulted: reflect slot 0 to the caller, which sees FAULTED. */
function fault(ctx: EventContext, f: Frame, code: bigint, message: string): EventResult | null {
  const reason = FAULT_NAMES.get(code) ?? "FAULT";
  ctx.stack.pop();
  f.step({ type: "TRAP", code: reason, message });
  dropAllPaused(ctx, f);
  ctx.stats.faults++;
  if (ctx.stack.length === 0) return eventFault(ctx, reason, message);
  const caller = ctx.top;
  caller.slots[0] = f.slots[0];
  caller.vm.setRegister(7, code);
  caller.vm.setRegister(8, CALL_STATUS.FAULTED);
  caller.vm.setRegister(9, 0n);
  return null;
}

/**
 * The activation `f` (the top) halts with `value`: mapped read-write Data is written back (new
 * Data caps, charged to its quota), its cnode and Image become the new Instance value in the
 * caller's slot, slot 0 goes back to the caller. `retryable` (REPLY): if the write-back cannot be
 * paid, yield StorageExhausted and run REPLY again when resumed; a native halt faults instead.
 */
function halt(ctx: EventContext, f: Frame, value: bigint, retryable: boolean): EventResult | null {
  const writes: [number, DataCap][] = [];
  let bytes = 0n;
  for (const m of f.mapped) {
    if (m.readonly || f.pinned.has(m.slot) || f.slots[m.slot] !== m.original) continue;
    const now = stripTrailingZeros(f.vm.memory.read(m.start, m.size));
    const before = m.original instanceof DataCap ? m.original.bytes : new Uint8Array();
    if (bytesEqual(now, before)) continue;
    const d = DataCap.fromBytes(now);
    writes.push([m.slot, d]);
    bytes += BigInt(d.size);
  }
  if (writes.length > 0) {
    const q = f.quotaHandle();
    if (q === null || !chargeQuota(f, q, bytes)) {
      if (retryable && q !== null) {
        f.vm.repeatHostCall();
        return pause(ctx, f, STORAGE_EXHAUSTED_MARKER, PAUSE_CAUSE.STORAGE_EXHAUSTED, q, 0n);
      }
      return fault(ctx, f, FAULT.WRITE_BACK, "halt could not pay for writing back its mapped Data");
    }
    for (const [slot, d] of writes) {
      f.slots[slot] = d;
      if (d.size > 0) f.layer.mints.push({ object: d, payer: q.id64, charged: BigInt(d.size) });
    }
  }
  const slot0 = f.slots[0];
  f.slots[0] = null;
  const instance = UserInstanceCap.create(
    f.chain,
    f.nextImage,
    CNodeCap.fromSlots(f.slots.slice()),
  );
  ctx.stack.pop();
  f.step({ type: "HALT" });
  dropAllPaused(ctx, f);
  if (ctx.stack.length === 0) {
    return {
      outcome: {
        kind: "halt",
        value,
        gasUsed: ctx.gasUsed,
        stats: { ...ctx.stats },
        ...traced(ctx),
      },
      state: commitEvent(ctx, instance),
    };
  }
  f.layer.mergeIntoParent();
  const caller = ctx.top;
  if (f.target !== null && !caller.pinned.has(f.target)) caller.slots[f.target] = instance;
  caller.slots[0] = slot0;
  caller.vm.setRegister(7, value);
  caller.vm.setRegister(8, CALL_STATUS.OK);
  caller.vm.setRegister(9, 0n);
  return null;
}

/**
 * `yielder` (the top) yields `marker`. The nearest frame below it whose YieldCatcher lists the
 * marker catches: every frame above it becomes one paused segment under a new handle, the
 * payload replaces the catcher's slot 0 (HOST_YIELD: the yielder's slot 0, moved; OOG: a copy of
 * the yielder's meter handle; StorageExhausted: a copy of the quota handle), and the catcher continues with φ7 = handle, φ8 = PAUSED,
 * φ9 = cause, φ10 = value. Nobody catches → the event faults.
 */
function pause(
  ctx: EventContext,
  yielder: Frame,
  marker: InstanceCap,
  cause: bigint,
  payload: Cap | "slot0",
  value: bigint,
): EventResult | null {
  const id = marker.id;
  let at = -1;
  for (let i = ctx.stack.length - 2; i >= 0; i--) {
    const f = ctx.stack[i];
    const ys = f.image.image.yieldMarkerSlot;
    if (ys === null) continue;
    const c = f.slots[ys];
    if (c instanceof KernelCap && c.kernel === "yield_catcher" && c.catches(id)) {
      at = i;
      break;
    }
  }
  const reason = cause === PAUSE_CAUSE.OUT_OF_GAS
    ? "OUT_OF_GAS"
    : cause === PAUSE_CAUSE.STORAGE_EXHAUSTED
    ? "STORAGE_EXHAUSTED"
    : "UNCAUGHT_YIELD";
  if (at < 0) {
    return eventFault(
      ctx,
      reason,
      `${reason.toLowerCase().replaceAll("_", " ")}: no Instance on the stack catches the marker`,
    );
  }
  const catcher = ctx.stack[at];
  const h = catcher.freeHandle();
  if (h < 0) {
    return eventFault(
      ctx,
      "PAUSED_LIMIT",
      `the catching Instance already holds ${LIMITS.PAUSED_PER_FRAME} paused callees`,
    );
  }
  const frames = ctx.stack.splice(at + 1);
  invariant(frames[frames.length - 1] === yielder, "the yielder is the top frame");
  yielder.step(
    cause === PAUSE_CAUSE.OUT_OF_GAS
      ? { type: "OUT_OF_GAS" }
      : { type: "YIELD", reason: reason === "UNCAUGHT_YIELD" ? "host_yield" : "storage_exhausted" },
  );
  catcher.paused[h] = { frames, cause };
  let p: Slot;
  if (payload === "slot0") {
    p = yielder.slots[0];
    yielder.slots[0] = null;
  } else p = payload;
  catcher.slots[0] = p;
  catcher.vm.setRegister(7, BigInt(h));
  catcher.vm.setRegister(8, CALL_STATUS.PAUSED);
  catcher.vm.setRegister(9, cause);
  catcher.vm.setRegister(10, value);
  ctx.stats.pauses++;
  return null;
}
