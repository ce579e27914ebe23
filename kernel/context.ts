/**
 * The state of one event while it runs: the σ it started from (never changed), the gas-meter
 * table, the bottom layer, the call stack, Images seen, counters and statistics, and the action a
 * host call left for the driver (a CALL pushed a frame, REPLY wants to halt, a yield wants
 * routing). Host handlers and the driver share it.
 *
 * @example
 * ```ts
 * import { EventContext } from "./context.ts";
 * // const ctx = new EventContext(σ, eventGas);
 * // ctx.meters.get(0n) === eventGas
 * ```
 * @module
 */

import { toHex } from "./bytes.ts";
import { DataCap, ImageCap, type InstanceCap, type KernelCap, type ObjectSource } from "./caps.ts";
import { invariant } from "./errors.ts";
import type { Frame, LifecycleStep } from "./frame.ts";
import { Layer, type LiveFile } from "./layer.ts";
import { fileOf, objectSource, quotaOf, type State } from "./state.ts";
import { ROOT_ID } from "./abi.ts";

/** What a host call left for the driver to do after it returned "yield". */
export type Pending =
  | { kind: "call" }
  | { kind: "resume" }
  | { kind: "reply"; value: bigint }
  | { kind: "host_yield"; marker: InstanceCap; value: bigint }
  | { kind: "storage"; quota: KernelCap };

/** Counters of what happened during an event (reported in its outcome). */
export interface EventStats {
  /** Activations of user Instances (the root included). */
  activations: number;
  /** Calls to kernel-issued Instances. */
  kernelCalls: number;
  /** Activations that faulted. */
  faults: number;
  /** Yields caught (OOG, StorageExhausted, HOST_YIELD). */
  pauses: number;
  /** CALL_RESUMEs. */
  resumes: number;
  /** Paused callees dropped (DROP_PAUSED, or held by a frame that ended). */
  drops: number;
  /** Host calls made. */
  hostCalls: number;
}

/** One event's running state. */
export class EventContext {
  /** σ before the event. */
  readonly base: State;
  /** Object store of `base`. */
  readonly source: ObjectSource;
  /** Gas meters: id → gas left (only meters not currently loaded into a running VM). */
  readonly meters: Map<bigint, bigint> = new Map();
  /** The event's bottom layer (the root frame's). */
  readonly bottom: Layer;
  /** The call stack; the top runs. */
  readonly stack: Frame[] = [];
  /** Images made or loaded during the event, by hash (hex). */
  readonly images: Map<string, ImageCap> = new Map();
  /** The next new file id. */
  nextFileId: bigint;
  /** Gas consumed by every VM during the event. */
  gasUsed = 0n;
  /** Counters. */
  readonly stats: EventStats = {
    activations: 0,
    kernelCalls: 0,
    faults: 0,
    pauses: 0,
    resumes: 0,
    drops: 0,
    hostCalls: 0,
  };
  /** Left by a host call that returned "yield". */
  pending: Pending | null = null;
  /** Lifecycle transitions of every activation, when tracing. */
  readonly trace: LifecycleStep[] | null;

  /** Starts an event on `base` with `eventGas` in the root meter; `trace` records lifecycles. */
  constructor(base: State, eventGas: bigint, trace = false) {
    this.base = base;
    this.trace = trace ? [] : null;
    this.source = objectSource(base);
    this.meters.set(ROOT_ID, eventGas);
    this.nextFileId = base.nextFileId;
    const source = this.source;
    this.bottom = new Layer(null, {
      file(id: bigint): LiveFile | undefined {
        const f = fileOf(base, id);
        return f === undefined
          ? undefined
          : { data: DataCap.fromStore(f.size, f.data, source), payer: f.payer };
      },
      quota: (id: bigint) => quotaOf(base, id),
    });
  }

  /** The running frame. */
  get top(): Frame {
    const f = this.stack[this.stack.length - 1];
    invariant(f !== undefined, "the call stack is not empty while the event runs");
    return f;
  }

  /** Loads the frame's meter into its VM. */
  syncIn(f: Frame): void {
    if (f.live) return;
    const g = this.meters.get(f.meterId) ?? 0n;
    f.vm.gas = g;
    f.gasMark = g;
    f.live = true;
  }

  /** Stores the frame's VM gas back into its meter and counts what it used. */
  syncOut(f: Frame): void {
    if (!f.live) return;
    const g = f.vm.gas;
    invariant(g >= 0n, "a VM's gas never goes negative in the kernel");
    this.gasUsed += f.gasMark - g;
    this.meters.set(f.meterId, g);
    f.live = false;
  }

  /** The Image with `hash`, from this event's Images or σ; undefined when unknown. */
  imageByHash(hash: Uint8Array): ImageCap | undefined {
    const k = toHex(hash);
    const hit = this.images.get(k);
    if (hit !== undefined) return hit;
    const enc = this.source.object(hash);
    if (enc === undefined || enc[0] !== 0x21) return undefined;
    const cap = ImageCap.fromStore(hash, this.source);
    this.images.set(k, cap);
    return cap;
  }

  /** Remembers an Image made during the event. */
  registerImage(cap: ImageCap): void {
    this.images.set(toHex(cap.imageHash), cap);
  }
}
