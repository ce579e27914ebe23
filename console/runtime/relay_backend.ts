/**
 * The loader backend of an instance running as an actor: the real loads happen in the asset
 * loader actor (assets/manager/loader_actor.ts, a Worker that may only read the one assets.pa),
 * reached by messages — never by waiting inside a frame.
 *
 * Timeline of a load requested in frame f: the instance sends `load` to the loader when frame
 * f ends; the loader answers in the next round of the same virtual tick; the firmware hands the
 * answer to the instance with frame f+1's message. The asset manager needs the outcome only at
 * the boundary where the load is due, at the end of frame f+1 at the earliest (PENDING in f,
 * LOADING from f+1), so the outcome is always there in time, and nothing depends on real speed.
 * If it were not (the loader crashed), the load fails with `LOADER_NO_ANSWER` — deterministically.
 *
 * Job numbers on the wire carry the instance index so one loader can serve several instances:
 * `wire = job × 64 + instance` (64 = `CONSOLE_LIMITS.maxInstances`).
 *
 * @example
 * ```ts
 * import { RelayBackend } from "./relay_backend.ts";
 * const relay = new RelayBackend(0, []);
 * relay.start(1, entry);                 // queued
 * relay.takeRequests();                  // [{ job: 64, asset_id }] → send to the loader actor
 * relay.deliver([loadedBody]);           // the loader's answer, next frame
 * await relay.result(1);                 // { ok: true, data }
 * ```
 * @module
 */

import type { LoaderBackend, LoadOutcome } from "../../assets/manager/backend.ts";
import {
  fromWire,
  type LoadDoneBody,
  type LoadFailedBody,
  type LoadRequestBody,
} from "../../assets/manager/loader_wire.ts";
import type { AssetEntry } from "../../assets/types.ts";
import { ConsolePanic } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** A loader answer as the firmware relays it. */
export type LoaderAnswer =
  | { type: "loaded"; body: LoadDoneBody }
  | { type: "failed"; body: LoadFailedBody };

/** A preload outcome the firmware obtained before boot, in preload order. */
export interface PreloadAnswer {
  asset_id: number;
  answer: LoaderAnswer;
}

/** The instance index a wire job belongs to. */
export function wireInstance(wireJob: number): number {
  return wireJob % CONSOLE_LIMITS.maxInstances;
}

function outcomeOf(a: LoaderAnswer): LoadOutcome {
  if (a.type === "loaded") return fromWire(a.body).outcome;
  return { ok: false, code: a.body.code, message: a.body.message };
}

/** See the module documentation. */
export class RelayBackend implements LoaderBackend {
  readonly #outcomes = new Map<number, LoadOutcome>();
  readonly #waiting = new Set<number>();
  #queue: LoadRequestBody[] = [];
  #seed: PreloadAnswer[];
  #closed = false;

  /**
   * @param instance this instance's index (0…63)
   * @param preload the preload answers, consumed by the manager's preload in order
   */
  constructor(readonly instance: number, preload: readonly PreloadAnswer[]) {
    if (!Number.isInteger(instance) || instance < 0 || instance >= CONSOLE_LIMITS.maxInstances) {
      throw new ConsolePanic(
        `instance index ${instance} is outside 0…${CONSOLE_LIMITS.maxInstances - 1}`,
      );
    }
    this.#seed = [...preload];
  }

  /** True until closed. */
  get available(): boolean {
    return !this.#closed;
  }

  /** Preload: takes the next seeded answer; afterwards: queues a request for the loader. */
  start(job: number, entry: AssetEntry): void {
    const seed = this.#seed.shift();
    if (seed !== undefined) {
      if (seed.asset_id !== entry.asset_id) {
        throw new ConsolePanic(
          `preload answer for asset ${seed.asset_id} where ${entry.asset_id} was expected`,
        );
      }
      this.#outcomes.set(job, outcomeOf(seed.answer));
      return;
    }
    this.#waiting.add(job);
    this.#queue.push({
      job: job * CONSOLE_LIMITS.maxInstances + this.instance,
      asset_id: entry.asset_id,
    });
  }

  /** Every preload answer was used (call after boot). */
  get preloadDone(): boolean {
    return this.#seed.length === 0;
  }

  /** The requests queued since the last call (wire jobs), to send to the loader actor. */
  takeRequests(): LoadRequestBody[] {
    const q = this.#queue;
    this.#queue = [];
    return q;
  }

  /** Takes the loader's answers (relayed by the firmware); answers to discarded jobs are dropped. */
  deliver(answers: readonly LoaderAnswer[]): void {
    for (const a of answers) {
      const wire = a.body.job;
      if (wireInstance(wire) !== this.instance) {
        throw new ConsolePanic(`loader answer for job ${wire} reached instance ${this.instance}`);
      }
      const job = Math.floor(wire / CONSOLE_LIMITS.maxInstances);
      if (!this.#waiting.delete(job)) continue;
      this.#outcomes.set(job, outcomeOf(a));
    }
  }

  /** The outcome of `job`: the answer, or LOADER_NO_ANSWER when it never came. */
  result(job: number): Promise<LoadOutcome> {
    const o = this.#outcomes.get(job);
    this.#outcomes.delete(job);
    this.#waiting.delete(job);
    return Promise.resolve(
      o ??
        {
          ok: false,
          code: "LOADER_NO_ANSWER",
          message: `the loader actor did not answer job ${job} in time`,
        },
    );
  }

  /** Forgets `job` (canceled): a late answer is dropped. */
  discard(job: number): void {
    this.#waiting.delete(job);
    this.#outcomes.delete(job);
    this.#queue = this.#queue.filter((r) =>
      Math.floor(r.job / CONSOLE_LIMITS.maxInstances) !== job
    );
  }

  /** Stops taking jobs. */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
