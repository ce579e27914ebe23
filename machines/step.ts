/**
 * Pure stepping of a lifecycle machine: one event in, the next snapshot and an explicit outcome
 * out. An event the current state does not accept (or whose guard fails) is never silently
 * ignored: it comes back as `INVALID_STATE` with the snapshot unchanged.
 *
 * No actor is started, no action runs outside xstate's pure `transition`, and nothing reads a
 * clock or a random source, so stepping is deterministic and safe inside any Worker.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "./step.ts";
 * import { assetLoadMachine } from "./asset_load.ts";
 * const load = new Lifecycle(assetLoadMachine, { assetId: "tiles/0" });
 * load.send({ type: "COMMIT" }).outcome; // "INVALID_STATE" (still PENDING)
 * load.send({ type: "START" }).outcome; // "OK"
 * load.state; // "LOADING"
 * ```
 * @module
 */

import {
  type AnyStateMachine,
  type EventFromLogic,
  initialTransition,
  type InputFrom,
  type SnapshotFrom,
  transition,
} from "xstate";

/** What happened to one event: accepted (`OK`) or refused in the current state. */
export type StepOutcome = "OK" | "INVALID_STATE";

/** The result of {@link stepMachine}. */
export interface StepResult<S> {
  /** The snapshot after the event (the same object when the event was refused). */
  snapshot: S;
  /** `OK` when the machine took a transition, `INVALID_STATE` otherwise. */
  outcome: StepOutcome;
}

/** One transition a {@link Lifecycle} took: where from, on which event, where to. */
export interface TransitionRecord {
  /** State before the event. */
  from: string;
  /** The event's `type`. */
  event: string;
  /** State after the event (may equal `from` for a self transition). */
  to: string;
}

/**
 * The state name of a flat machine's snapshot (our machines are flat: the value is a string).
 *
 * @example
 * ```ts
 * stateName(initialSnapshot(assetLoadMachine, { assetId: "a" })); // "PENDING"
 * ```
 */
export function stateName(snapshot: { value: unknown }): string {
  const value = snapshot.value;
  if (typeof value !== "string") {
    throw new TypeError(`machines are flat; got a nested state value ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The initial snapshot of `machine` for `input`, computed purely.
 *
 * @example
 * ```ts
 * const s = initialSnapshot(vmInstanceMachine, { instanceId: "cart-0" });
 * ```
 */
export function initialSnapshot<M extends AnyStateMachine>(
  machine: M,
  input: InputFrom<M>,
): SnapshotFrom<M> {
  const [snapshot] = initialTransition(machine, input);
  rethrow(snapshot);
  return snapshot as SnapshotFrom<M>;
}

/** xstate turns a throwing context factory or action into an `error` snapshot: surface it. */
function rethrow(snapshot: unknown): void {
  const s = snapshot as { status: string; error?: unknown };
  if (s.status === "error") throw s.error;
}

/**
 * Applies `event` to `snapshot` purely. Refused events (not handled in the current state, guard
 * failed, or the machine already reached a final state) give `INVALID_STATE` and the unchanged
 * snapshot. An action that throws (a broken invariant) is rethrown, never swallowed.
 *
 * @example
 * ```ts
 * const s0 = initialSnapshot(assetLoadMachine, { assetId: "a" });
 * stepMachine(assetLoadMachine, s0, { type: "CANCEL" }).outcome; // "OK"
 * ```
 */
export function stepMachine<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M>,
): StepResult<SnapshotFrom<M>> {
  const s = snapshot as unknown as { status: string; can(e: unknown): boolean };
  if (s.status !== "active" || !s.can(event)) return { snapshot, outcome: "INVALID_STATE" };
  const [next] = transition(machine, snapshot, event);
  rethrow(next);
  return { snapshot: next as SnapshotFrom<M>, outcome: "OK" };
}

/**
 * A mutable cursor over one machine: holds the current snapshot, applies events with
 * {@link stepMachine}, and remembers the last transition (for traces). Not an xstate actor: no
 * clock, no mailbox, no session id.
 *
 * @example
 * ```ts
 * const vm = new Lifecycle(vmInstanceMachine, { instanceId: "cart-0" });
 * vm.send({ type: "BOOT" });
 * vm.state; // "booting"
 * ```
 */
export class Lifecycle<M extends AnyStateMachine> {
  /** The machine this cursor steps. */
  readonly machine: M;
  /** The current snapshot. */
  snapshot: SnapshotFrom<M>;
  /** The last accepted transition, or null before the first one. */
  last: TransitionRecord | null = null;

  /** Starts at the machine's initial state for `input`. */
  constructor(machine: M, input: InputFrom<M>, snapshot?: SnapshotFrom<M>) {
    this.machine = machine;
    this.snapshot = snapshot ?? initialSnapshot(machine, input);
  }

  /** The current state name. */
  get state(): string {
    return stateName(this.snapshot);
  }

  /** True once the machine reached a final state. */
  get done(): boolean {
    return (this.snapshot as unknown as { status: string }).status === "done";
  }

  /** Applies `event`; on `OK` the snapshot advances and {@link last} records the transition. */
  send(event: EventFromLogic<M>): StepResult<SnapshotFrom<M>> {
    const from = this.state;
    const result = stepMachine(this.machine, this.snapshot, event);
    if (result.outcome === "OK") {
      this.snapshot = result.snapshot;
      this.last = { from, event: (event as { type: string }).type, to: this.state };
    }
    return result;
  }

  /** True when `event` would be accepted now. */
  can(event: EventFromLogic<M>): boolean {
    const s = this.snapshot as unknown as { status: string; can(e: unknown): boolean };
    return s.status === "active" && s.can(event);
  }

  /** A plain, cloneable, msgpack-safe copy of the snapshot (for checkpoints). */
  persist(): unknown {
    return this.machine.getPersistedSnapshot(this.snapshot);
  }
}

/**
 * Rebuilds a snapshot from `{ value, context }` (for example a checkpoint decoded from msgpack).
 *
 * @example
 * ```ts
 * const s = restoreSnapshot(assetLoadMachine, "READY", { assetId: "a", bytes: 4, reason: null });
 * ```
 */
export function restoreSnapshot<M extends AnyStateMachine>(
  machine: M,
  value: string,
  context: unknown,
): SnapshotFrom<M> {
  if (!(value in machine.root.states)) {
    throw new TypeError(`machine ${machine.id} has no state ${JSON.stringify(value)}`);
  }
  return machine.resolveState({ value, context } as never) as SnapshotFrom<M>;
}
