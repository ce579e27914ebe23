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
 * const l = MemoLifecycle.start(vmInstanceMachine, { instanceId: "kernel" }, new Set(["BOOT", "BOOTED"]));
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
let STEPS = new WeakMap<object, Map<string, StepResult<unknown>>>();
let stored = 0;
/** Memoised steps kept at most; then the memo starts over (bounded memory in long runs). */
const MAX_STEPS = 4096;

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

  /** Event types worth memoising (events without per-call payload, so results repeat). */
  readonly #memoTypes: ReadonlySet<string>;

  private constructor(machine: M, snapshot: SnapshotFrom<M>, memoTypes: ReadonlySet<string>) {
    this.machine = machine;
    this.snapshot = snapshot;
    this.#memoTypes = memoTypes;
  }

  /**
   * Starts at the initial state for `input` (the initial snapshot is computed once per input).
   * Only events whose type is in `memoTypes` are memoised; others (carrying messages, slots,
   * roots — unique each time) always go through xstate.
   */
  static start<M extends AnyStateMachine>(
    machine: M,
    input: InputFrom<M>,
    memoTypes: ReadonlySet<string>,
  ): MemoLifecycle<M> {
    let byInput = INITIAL.get(machine);
    if (byInput === undefined) INITIAL.set(machine, byInput = new Map());
    const k = eventKey(input);
    let s = byInput.get(k) as SnapshotFrom<M> | undefined;
    if (s === undefined) {
      s = initialSnapshot(machine, input);
      byInput.set(k, s);
    }
    return new MemoLifecycle(machine, s as SnapshotFrom<M>, memoTypes);
  }

  /** The current state name. */
  get state(): string {
    return stateName(this.snapshot);
  }

  /** Applies `event` (see `stepMachine`); OK advances the snapshot. */
  send(event: EventFromLogic<M>): StepResult<SnapshotFrom<M>> {
    const from = this.state;
    let r: StepResult<SnapshotFrom<M>> | undefined;
    if (this.#memoTypes.has((event as { type: string }).type)) {
      const snap = this.snapshot as unknown as object;
      let memo = STEPS.get(snap);
      if (memo === undefined) STEPS.set(snap, memo = new Map());
      const k = eventKey(event);
      r = memo.get(k) as StepResult<SnapshotFrom<M>> | undefined;
      if (r === undefined) {
        r = stepMachine(this.machine, this.snapshot, event);
        if (++stored > MAX_STEPS) {
          STEPS = new WeakMap();
          stored = 0;
        } else memo.set(k, r as StepResult<unknown>);
      }
    } else r = stepMachine(this.machine, this.snapshot, event);
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
