/**
 * Where the real read → verify → decode → materialise work of a load happens. The manager
 * starts a job as soon as a load is accepted and collects its outcome at the virtual frame the
 * load is due, waiting for it if the work lags; so how fast a backend is never changes what a
 * guest observes, only how long a frame boundary takes.
 *
 * {@link InProcessBackend} does the work on the calling thread (async file reads);
 * `ActorLoaderBackend` (actor_backend.ts) does it in the asset loader actor, a Worker.
 *
 * @example
 * ```ts
 * import { InProcessBackend } from "./backend.ts";
 * import { PackReader } from "../reader.ts";
 * const backend = new InProcessBackend(await PackReader.openFile("assets.pa"));
 * backend.start(1, backend.reader.header.asset_table[0]);
 * const outcome = await backend.result(1); // { ok: true, data } or { ok: false, code, message }
 * ```
 * @module
 */

import { PackFormatError } from "../errors.ts";
import { loadResident, type ResidentData } from "../materialise.ts";
import type { PackReader } from "../reader.ts";
import type { AssetEntry } from "../types.ts";

/** The outcome of one job. */
export type LoadOutcome =
  | { ok: true; data: ResidentData }
  | { ok: false; code: string; message: string };

/** Does the real work of loads. Job ids are chosen by the caller and never reused. */
export interface LoaderBackend {
  /** Whether the backend can take jobs (false after `close` or a crash). */
  readonly available: boolean;
  /** Starts the work for `entry` under `job`. */
  start(job: number, entry: AssetEntry): void;
  /** The outcome of `job` (waits for the work). Each started job's result is taken once. */
  result(job: number): Promise<LoadOutcome>;
  /** Forgets `job`: its work may finish, its outcome is dropped. */
  discard(job: number): void;
  /** Optional: the manager reached frame boundary `frame` (a backend may batch work here). */
  boundary?(frame: number): Promise<void>;
  /** Stops the backend; outstanding jobs end as failures. */
  close(): Promise<void>;
}

/** Turns any failure into an outcome (typed errors keep their code). */
export function failure(e: unknown): LoadOutcome {
  if (e instanceof PackFormatError) return { ok: false, code: e.code, message: e.message };
  return { ok: false, code: "BACKEND_FAILED", message: e instanceof Error ? e.message : String(e) };
}

/** Runs jobs on the calling thread against one open {@link PackReader}. */
export class InProcessBackend implements LoaderBackend {
  readonly #jobs = new Map<number, Promise<LoadOutcome>>();
  #closed = false;

  /** The open pack jobs read from (closed by {@link close}). */
  readonly reader: PackReader;

  /** Creates it. @param reader the open pack jobs read from (closed by {@link close}) */
  constructor(reader: PackReader) {
    this.reader = reader;
  }

  /** False after {@link close}. */
  get available(): boolean {
    return !this.#closed;
  }

  /** Starts reading, verifying, decoding and materialising `entry`. */
  start(job: number, entry: AssetEntry): void {
    if (this.#closed) {
      this.#jobs.set(
        job,
        Promise.resolve({ ok: false, code: "BACKEND_CLOSED", message: "backend is closed" }),
      );
      return;
    }
    this.#jobs.set(
      job,
      loadResident(this.reader, entry).then((data): LoadOutcome => ({ ok: true, data }), failure),
    );
  }

  /** The outcome of `job`. */
  result(job: number): Promise<LoadOutcome> {
    const p = this.#jobs.get(job);
    this.#jobs.delete(job);
    return p ?? Promise.resolve({ ok: false, code: "UNKNOWN_JOB", message: `no job ${job}` });
  }

  /** Drops `job`'s outcome. */
  discard(job: number): void {
    this.#jobs.delete(job);
  }

  /** Waits for running jobs to settle, then closes the reader. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#jobs.values());
    this.#jobs.clear();
    this.reader.close();
  }
}
