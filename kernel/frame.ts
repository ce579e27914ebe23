/**
 * Frames: one activation of a user Instance on the call stack — its VM, its working cnode (the
 * Instance's 256 slots, changed in place while it runs and turned back into an Instance value
 * only when it halts), its layer, its gas meter, the callees it holds paused, and its VM-instance
 * lifecycle (machines/vm_instance). `activate` builds a frame from an Instance value and an
 * endpoint, or says why it cannot (a result code; nothing changes then).
 *
 * @example
 * ```ts
 * import { activate } from "./frame.ts";
 * // const f = activate({ instance, endpoint: 0, args: [1n, 0n, 0n, 0n], slot0: null, target: 3, label: "a2", makeLayer });
 * // typeof f === "bigint" → refused with that result code; else a Frame ready to run.
 * ```
 * @module
 */

import { vmInstanceMachine } from "../machines/mod.ts";
import { MemoLifecycle } from "./lifecycle.ts";
import { Access, Memory, REGISTER_COUNT, Vm } from "../vm/mod.ts";
import { GAS, RESULT } from "./abi.ts";
import {
  CNodeCap,
  DataCap,
  type ImageCap,
  KernelCap,
  type Slot,
  type UserInstanceCap,
} from "./caps.ts";
import { invariant } from "./errors.ts";
import type { Layer } from "./layer.ts";
import { LIMITS } from "./limits.ts";

/** Callees a frame caught paused: the frames that were above it, top last. */
export interface PausedSegment {
  /** The paused frames, bottom (the frame's direct callee) first, yielder last. */
  readonly frames: Frame[];
  /** Why it paused (PAUSE_CAUSE). */
  readonly cause: bigint;
}

/** One lifecycle transition of one activation (for traces). */
export interface LifecycleStep {
  /** The activation (a1 = root). */
  readonly activation: string;
  /** State before. */
  readonly from: string;
  /** Event type. */
  readonly event: string;
  /** State after. */
  readonly to: string;
}

/** A slot whose Data is mapped into the activation's memory. */
export interface MappedSlot {
  /** The slot. */
  readonly slot: number;
  /** Mapping start address. */
  readonly start: number;
  /** Mapping size in bytes. */
  readonly size: number;
  /** The cap that was in the slot when mapped (write-back is skipped if the slot changed). */
  readonly original: Slot;
  /** Pinned slots map read-only and are never written back. */
  readonly readonly: boolean;
}

// Lifecycle events that repeat identically across activations (TRAP carries a message: not memoised).
const MEMO_EVENTS: ReadonlySet<string> = new Set([
  "BOOT",
  "BOOTED",
  "HALT",
  "YIELD",
  "OUT_OF_GAS",
  "RESUME",
  "RUN",
]);

/** One activation on the call stack. */
export class Frame {
  /** The Instance value that was called (unchanged in the caller's slot until this halts). */
  readonly instance: UserInstanceCap;
  /** Caller's slot that receives the new Instance value at HALT (null for the root). */
  readonly target: number | null;
  /** The Image whose code runs now. */
  readonly image: ImageCap;
  /** The Image the Instance has after HALT (SET_IMAGE changes it). */
  nextImage: ImageCap;
  /** The Instance's image hash chain (SET_IMAGE extends it). */
  chain: Uint8Array;
  /** Slots pinned by `nextImage`. */
  pinned: Set<number>;
  /** The working cnode. */
  readonly slots: Slot[];
  /** The VM. */
  readonly vm: Vm;
  /** Lifecycle (machines/vm_instance). Its instanceId is the constant "kernel"; `label` names the frame. */
  readonly lifecycle: MemoLifecycle<typeof vmInstanceMachine>;
  /** This activation's layer. */
  readonly layer: Layer;
  /** The gas meter it runs on (chosen at activation). */
  readonly meterId: bigint;
  /** Gas in the VM when last loaded from the meter. */
  gasMark = 0n;
  /** Whether the VM's gas counter is the live copy of the meter. */
  live = false;
  /** Callees this frame holds paused, by handle. */
  readonly paused: (PausedSegment | null)[] = new Array(LIMITS.PAUSED_PER_FRAME).fill(null);
  /** Mapped slots (for write-back at HALT). */
  readonly mapped: readonly MappedSlot[];
  /** Names the activation (a1 = the root, then a2, a3, … in activation order). */
  readonly label: string;
  /** Where lifecycle transitions are recorded (null: not traced). */
  readonly trace: LifecycleStep[] | null;

  /** Use `activate`. */
  constructor(init: {
    instance: UserInstanceCap;
    target: number | null;
    slots: Slot[];
    vm: Vm;
    layer: Layer;
    meterId: bigint;
    mapped: MappedSlot[];
    label: string;
    trace: LifecycleStep[] | null;
  }) {
    this.instance = init.instance;
    this.target = init.target;
    this.image = init.instance.image;
    this.nextImage = this.image;
    this.chain = init.instance.chain;
    this.pinned = pinnedSlotsOf(this.image);
    this.slots = init.slots;
    this.vm = init.vm;
    this.layer = init.layer;
    this.meterId = init.meterId;
    this.mapped = init.mapped;
    this.label = init.label;
    this.trace = init.trace;
    this.lifecycle = MemoLifecycle.start(vmInstanceMachine, { instanceId: "kernel" }, MEMO_EVENTS);
  }

  /** Sends a lifecycle event; a refusal is a kernel bug. */
  step(event: Parameters<MemoLifecycle<typeof vmInstanceMachine>["send"]>[0]): void {
    const r = this.lifecycle.send(event);
    invariant(
      r.outcome === "OK",
      `lifecycle of ${this.label} refused ${event.type} in ${this.lifecycle.state}`,
    );
    const last = this.lifecycle.last;
    if (this.trace !== null && last !== null) this.trace.push({ activation: this.label, ...last });
  }

  /** The storage quota id of this activation: the first quota slot holding a quota handle. */
  quotaHandle(): KernelCap | null {
    for (const s of this.nextImage.image.quotaSlots) {
      const c = this.slots[s];
      if (c instanceof KernelCap && c.kernel === "storage_quota") return c;
    }
    return null;
  }

  /** A free paused-table handle, or -1. */
  freeHandle(): number {
    return this.paused.indexOf(null);
  }
}

/**
 * The pinned slots of an Image.
 *
 * @example
 * ```ts
 * pinnedSlotsOf(imageCap).has(20);
 * ```
 */
export function pinnedSlotsOf(image: ImageCap): Set<number> {
  return new Set(image.image.pinnedSlots.map((p) => p.slot));
}

/**
 * The gas meter id an Instance's slots name: the first gas slot holding a gas meter handle.
 *
 * @example
 * ```ts
 * meterOf(imageCap, slots); // 0n for the chain
 * ```
 */
export function meterOf(image: ImageCap, slots: readonly Slot[]): bigint | null {
  for (const s of image.image.gasSlots) {
    const c = slots[s];
    if (c instanceof KernelCap && c.kernel === "gas_meter") return c.id64;
  }
  return null;
}

/** Pages a CALL of `image` maps (for its gas cost). */
export function mappedPages(image: ImageCap): number {
  let n = 0;
  for (const m of image.image.mappings) n += m.size / 4096;
  return n;
}

/** Gas a caller pays to activate `image`. */
export function activationCost(image: ImageCap): number {
  return GAS.CALL + GAS.CALL_PER_PAGE * mappedPages(image);
}

/** What `activate` needs. */
export interface ActivationRequest {
  /** The Instance to run. */
  instance: UserInstanceCap;
  /** Endpoint index. */
  endpoint: number;
  /** The caller's φ7…φ10. */
  args: readonly bigint[];
  /** What goes into the callee's slot 0. */
  slot0: Slot;
  /** Caller's slot holding the Instance (null for the root). */
  target: number | null;
  /** Lifecycle label. */
  label: string;
  /** Make the layer (so the caller decides its parent). */
  makeLayer: () => Layer;
  /** Where to record lifecycle transitions, or null. */
  trace: LifecycleStep[] | null;
}

/**
 * Builds the activation of `instance` at `endpoint`: registers (initial registers, then the
 * arguments the endpoint accepts), memory (ephemeral regions zeroed, slot mappings filled from
 * their Data — pinned slots read-only), the working cnode with `slot0` in slot 0, and the gas
 * meter. Returns a result code instead when it cannot: E_INVALID (no such endpoint), E_GAS (no
 * gas meter in the gas slots), E_KIND (a mapped slot holds something other than Data), E_LIMIT
 * (a mapped Data is larger than its region).
 */
export function activate(req: ActivationRequest): Frame | bigint {
  const imageCap = req.instance.image;
  const image = imageCap.image;
  const endpoint = image.endpoints.find((e) => e.index === req.endpoint);
  if (endpoint === undefined) return RESULT.E_INVALID;
  const slots = req.instance.cnode.slots.slice();
  const meterId = meterOf(imageCap, slots);
  if (meterId === null) return RESULT.E_GAS;
  const pinned = pinnedSlotsOf(imageCap);
  for (const m of image.mappings) {
    if (m.slot === null) continue;
    const c = slots[m.slot];
    if (c === null) continue;
    if (!(c instanceof DataCap)) return RESULT.E_KIND;
    if (c.size > m.size) return RESULT.E_LIMIT;
  }
  const memory = new Memory({ maxPages: LIMITS.IMAGE_MAPPED_PAGES });
  const mapped: MappedSlot[] = [];
  for (const m of image.mappings) {
    if (m.slot === null) {
      memory.map(m.start, m.size, Access.Write);
      continue;
    }
    const c = slots[m.slot];
    const ro = pinned.has(m.slot);
    memory.map(
      m.start,
      m.size,
      ro ? Access.Read : Access.Write,
      c instanceof DataCap ? c.bytes : undefined,
    );
    mapped.push({ slot: m.slot, start: m.start, size: m.size, original: c, readonly: ro });
  }
  const registers = new Array<bigint>(REGISTER_COUNT).fill(0n);
  for (const r of endpoint.initialRegisters) registers[r.register] = r.value;
  for (let i = 0; i < endpoint.argRegisters; i++) {
    registers[7 + i] = BigInt.asUintN(64, req.args[i] ?? 0n);
  }
  const vm = new Vm(imageCap.program, { gas: 0n, pc: endpoint.pc, registers, memory });
  slots[0] = req.slot0;
  const frame = new Frame({
    instance: req.instance,
    target: req.target,
    slots,
    vm,
    layer: req.makeLayer(),
    meterId,
    mapped,
    label: req.label,
    trace: req.trace,
  });
  frame.step({ type: "BOOT" });
  frame.step({ type: "BOOTED" });
  return frame;
}

/** A CNode value of the frame's working slots. */
export function cnodeOf(slots: readonly Slot[]): CNodeCap {
  return CNodeCap.fromSlots(slots.slice());
}
