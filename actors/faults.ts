/**
 * Seeded fault injection for simulation tests. Every decision comes from the scheduler's own
 * stream (derived from the run seed and "$faults") and is drawn in the scheduler's
 * deterministic order, so a run with faults replays exactly, and every fault is in the trace
 * (DROP, DELAY, CRASH entries; reordering shows in the DELIVER order).
 *
 * Faults touch only actor-to-actor messages and actors named in `actors` (all when omitted);
 * messages from and to the outside program and system messages are never faulted.
 *
 * @example
 * ```ts
 * import { FaultInjector } from "./faults.ts";
 * import { deriveRng } from "./seed.ts";
 * const f = new FaultInjector({ drop: 0.1, delay: 0.2, maxDelay: 3 }, deriveRng(42n, "$faults", 0));
 * f.onSend("node-1", "node-2"); // { drop: false, delay: 0 } or a fault
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";
import type { Pending } from "./mailbox.ts";
import type { Rng } from "./rng.ts";

/** What to inject, with probabilities in [0, 1]. */
export interface FaultPlan {
  /** Chance that a message is dropped. */
  drop?: number;
  /** Chance that a message is delayed by 1…maxDelay ticks. */
  delay?: number;
  /** Longest injected delay (default 5). */
  maxDelay?: number;
  /** Chance, per actor per round, that its batch is interleaved differently (per-sender order kept). */
  reorder?: number;
  /** Chance, per actor per round, that it crashes before handling its batch. */
  crash?: number;
  /** Actors subject to faults (default: all). */
  actors?: string[];
}

const PLAN_KEYS = new Set(["drop", "delay", "maxDelay", "reorder", "crash", "actors"]);

/**
 * The plan with only its set fields, in a fixed key order (what the trace records); throws
 * `BAD_ARGUMENT` for anything that is not a plan.
 *
 * @example
 * ```ts
 * canonicalFaultPlan({ drop: 0.1, delay: undefined }); // { drop: 0.1 }
 * ```
 */
export function canonicalFaultPlan(plan: FaultPlan): FaultPlan {
  if (typeof plan !== "object" || plan === null || Array.isArray(plan)) {
    throw new ActorError("BAD_ARGUMENT", `a fault plan is an object, got ${JSON.stringify(plan)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(plan).sort()) {
    if (!PLAN_KEYS.has(key)) {
      throw new ActorError(
        "BAD_ARGUMENT",
        `unknown fault plan field ${JSON.stringify(key)} (known: ${[...PLAN_KEYS].join(", ")})`,
      );
    }
    const v = (plan as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = Array.isArray(v) ? [...v] : v;
  }
  const actors = out.actors;
  if (
    actors !== undefined &&
    (!Array.isArray(actors) || actors.some((a) => typeof a !== "string"))
  ) {
    throw new ActorError("BAD_ARGUMENT", "faults.actors must be an array of actor names");
  }
  return out as FaultPlan;
}

function checkProbability(name: string, p: number | undefined): number {
  const v = p ?? 0;
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
    throw new ActorError(
      "BAD_ARGUMENT",
      `faults.${name} must be a probability in [0, 1], got ${p}`,
    );
  }
  return v;
}

/** Draws fault decisions from the seeded stream. */
export class FaultInjector {
  private readonly drop: number;
  private readonly delayP: number;
  private readonly maxDelay: number;
  private readonly reorderP: number;
  private readonly crashP: number;
  private readonly only: Set<string> | null;

  /** The checked plan, in canonical form (what the trace records). */
  readonly plan: FaultPlan;

  /**
   * Checks `plan` and draws from `rng` — the run's fault stream, shared by every plan the run
   * uses, so a plan changed mid-run draws where the previous one stopped.
   */
  constructor(plan: FaultPlan, private readonly rng: Rng) {
    plan = this.plan = canonicalFaultPlan(plan);
    this.drop = checkProbability("drop", plan.drop);
    this.delayP = checkProbability("delay", plan.delay);
    this.reorderP = checkProbability("reorder", plan.reorder);
    this.crashP = checkProbability("crash", plan.crash);
    this.maxDelay = plan.maxDelay ?? 5;
    if (!Number.isSafeInteger(this.maxDelay) || this.maxDelay < 1 || this.maxDelay > 1_000_000) {
      throw new ActorError("BAD_ARGUMENT", "faults.maxDelay must be an integer in [1, 1e6]");
    }
    this.only = plan.actors === undefined ? null : new Set(plan.actors);
  }

  /** True when any fault can happen. */
  get active(): boolean {
    return this.drop > 0 || this.delayP > 0 || this.reorderP > 0 || this.crashP > 0;
  }

  private subject(name: string): boolean {
    return this.only === null || this.only.has(name);
  }

  /** Decides the fate of one actor-to-actor message. */
  onSend(from: string, to: string): { drop: boolean; delay: number } {
    if (!this.subject(from) && !this.subject(to)) return { drop: false, delay: 0 };
    if (this.drop > 0 && this.rng.chance(this.drop)) return { drop: true, delay: 0 };
    if (this.delayP > 0 && this.rng.chance(this.delayP)) {
      return { drop: false, delay: 1 + this.rng.below(this.maxDelay) };
    }
    return { drop: false, delay: 0 };
  }

  /** Decides whether `actor` crashes before handling this round's batch. */
  crashBeforeRound(actor: string): boolean {
    return this.crashP > 0 && this.subject(actor) && this.rng.chance(this.crashP);
  }

  /**
   * Maybe interleaves a batch differently: messages from different senders may swap, but each
   * sender's messages keep their order (FIFO per link).
   */
  reorder(actor: string, batch: Pending[]): Pending[] {
    if (this.reorderP === 0 || batch.length < 2 || !this.subject(actor)) return batch;
    if (!this.rng.chance(this.reorderP)) return batch;
    const queues = new Map<number, Pending[]>();
    for (const m of batch) {
      const q = queues.get(m.from);
      if (q === undefined) queues.set(m.from, [m]);
      else q.push(m);
    }
    if (queues.size < 2) return batch;
    const lanes = [...queues.values()];
    const out: Pending[] = [];
    while (lanes.length > 0) {
      const i = this.rng.below(lanes.length);
      out.push(lanes[i].shift()!);
      if (lanes[i].length === 0) lanes.splice(i, 1);
    }
    return out;
  }
}
