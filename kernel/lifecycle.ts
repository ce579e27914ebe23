/**
 * The kernel's cursor over a lifecycle machine (machines/): like `Lifecycle`, but memoised.
 * `stepMachine` is pure — the same snapshot and event always give the same next snapshot — and
 * xstate snapshots are immutable, so the kernel caches each (snapshot, event) → result it has
 * seen. The machine still decides every transition (the first time, through xstate); the cache
 * only avoids recomputing identical ones, which matters because every activation walks the same
 * few transitions (created → booting → running → halted) and xstate's `transition` costs tens
 * of microseconds each.
 *
 * @example
 * ```ts
 * import { MemoLifecycle } from "./lifecycle.ts";
 * import { vmInstanceMachine } from "../machines/mod.ts";
 * const l = MemoLifecycle.start(vmInstanceMachine, { instanceId: "kernel" });
 * l.send({ type: "BOOT" });
 * l.state; // "booting"
 * ```
 * @module
 */

import type { AnyStateMachine, EventFromLogic, InputFrom, SnapshotFrom } from "xstate";
import {
  initialSnapshot,
  stateName,
  stepMachine,
  type StepResult,
  type TransitionRecord,
} from "../machines/mod.ts";

const INITIAL = new WeakMap<AnyStateMachine, Map<string, unknown>>();
const STEPS = new WeakMap<object, Map<string, StepResult<unknown>>>();
const MAX_EVENTS_PER_SNAPSHOT = 64;

function eventKey(event: unknown): string {
  return JSON.stringify(event);
}

/** A memoised cursor over one machine. */
export class MemoLifecycle<M extends AnyStateMachine> {
  /** The machine. */
  readonly machine: M;
  /** The current snapshot. */
  snapshot: SnapshotFrom<M>;
  /** The last accepted transition, or null. */
  last: TransitionRecord | null = null;

  private constructor(machine: M, snapshot: SnapshotFrom<M>) {
    this.machine = machine;
    this.snapshot = snapshot;
  }

  /** Starts at the initial state for `input` (the initial snapshot is computed once per input). */
  static start<M extends AnyStateMachine>(machine: M, input: InputFrom<M>): MemoLifecycle<M> {
    let byInput = INITIAL.get(machine);
    if (byInput === undefined) INITIAL.set(machine, byInput = new Map());
    const k = eventKey(input);
    let s = byInput.get(k) as SnapshotFrom<M> | undefined;
    if (s === undefined) {
      s = initialSnapshot(machine, input);
      byInput.set(k, s);
    }
    return new MemoLifecycle(machine, s as SnapshotFrom<M>);
  }

  /** The current state name. */
  get state(): string {
    return stateName(this.snapshot);
  }

  /** Applies `event` (see `stepMachine`); OK advances the snapshot. */
  send(event: EventFromLogic<M>): StepResult<SnapshotFrom<M>> {
    const from = this.state;
    const snap = this.snapshot as unknown as object;
    let memo = STEPS.get(snap);
    if (memo === undefined) STEPS.set(snap, memo = new Map());
    const k = eventKey(event);
    let r = memo.get(k) as StepResult<SnapshotFrom<M>> | undefined;
    if (r === undefined) {
      r = stepMachine(this.machine, this.snapshot, event);
      if (memo.size < MAX_EVENTS_PER_SNAPSHOT) memo.set(k, r as StepResult<unknown>);
    }
    if (r.outcome === "OK") {
      this.snapshot = r.snapshot;
      this.last = { from, event: (event as { type: string }).type, to: this.state };
    }
    return r;
  }

  /** Whether `event` would be accepted now. */
  can(event: EventFromLogic<M>): boolean {
    const s = this.snapshot as unknown as { status: string; can(e: unknown): boolean };
    return s.status === "active" && s.can(event);
  }
}
