/**
 * A {@link LoaderBackend} whose work runs in the asset loader actor (a Worker with read access to
 * the one `assets.pa` file), spawned through the deterministic actor runtime in actors/.
 *
 * Requests are batched deterministically: loads accepted between two frame boundaries are sent
 * together, in job order, when the manager reaches the boundary (`boundary`), and each batch is
 * one scheduler run. A boundary waits for the previous batch's round before sending the next, so
 * batch composition and the actor trace depend only on the calls made, never on real speed.
 * A job the actor never answers (it crashed) fails with `BACKEND_FAILED`.
 *
 * @example
 * ```ts
 * import { ActorLoaderBackend } from "./actor_backend.ts";
 * import { AssetManager } from "./manager.ts";
 * const backend = await ActorLoaderBackend.spawn("/abs/assets.pa");
 * const assets = await AssetManager.boot(backend.header, backend);
 * ```
 * @module
 */

import { ActorSystem, type ActorSystemOptions } from "../../actors/mod.ts";
import { PackReader } from "../reader.ts";
import type { AssetEntry, PackHeader } from "../types.ts";
import type { LoaderBackend, LoadOutcome } from "./backend.ts";
import { loaderBehaviour } from "./loader_actor.ts";
import {
  fromWire,
  LOAD_DONE,
  LOAD_FAILED,
  LOAD_REQUEST,
  type LoadDoneBody,
  type LoadFailedBody,
  type LoadRequestBody,
} from "./loader_wire.ts";

/** Options of {@link ActorLoaderBackend.spawn}. */
export interface ActorLoaderOptions {
  /** Options of the backend's own actor system (default: Workers, seed 0, trace hash only). */
  system?: ActorSystemOptions;
  /** Actor name (default `assets-loader`). */
  name?: string;
}

interface Pending {
  promise: Promise<LoadOutcome>;
  resolve: (o: LoadOutcome) => void;
  settled: boolean;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

/** The actor-backed loader (see the module documentation). */
export class ActorLoaderBackend implements LoaderBackend {
  readonly #jobs = new Map<number, Pending>();
  #queue: LoadRequestBody[] = [];
  #pump: Promise<void> = Promise.resolve();
  #closed = false;
  #failed = false;
  #time = 0;

  private constructor(
    /** The actor system the loader runs in (owned by this backend). */
    readonly system: ActorSystem,
    /** The loader actor's name. */
    readonly name: string,
    /** The pack's header, as validated on the main thread. */
    readonly header: PackHeader,
  ) {}

  /**
   * Validates `path` on the main thread (so the manager has the table), then spawns the loader
   * actor serving it. Throws `PackFormatError` for a bad file, `ActorError` when the actor cannot
   * start.
   */
  static async spawn(path: string, options: ActorLoaderOptions = {}): Promise<ActorLoaderBackend> {
    const file = absolute(path);
    const reader = await PackReader.openFile(file);
    const header = reader.header;
    reader.close();
    const system = new ActorSystem({ keepTraceBytes: 0, ...options.system });
    const name = options.name ?? "assets-loader";
    try {
      await system.spawn({ name, behaviour: loaderBehaviour(file), input: { path: file } });
    } catch (e) {
      await system.shutdown();
      throw e;
    }
    return new ActorLoaderBackend(system, name, header);
  }

  /** False after {@link close} or once the actor system failed or the loader stopped for good. */
  get available(): boolean {
    if (this.#closed || this.#failed) return false;
    return this.system.info(this.name).supervision !== "stopped";
  }

  /** Queues `entry` under `job`; it is sent at the next boundary (or when its result is asked). */
  start(job: number, entry: AssetEntry): void {
    let resolve!: (o: LoadOutcome) => void;
    const promise = new Promise<LoadOutcome>((r) => (resolve = r));
    this.#jobs.set(job, { promise, resolve, settled: false });
    if (this.#closed || this.#failed) {
      resolve({ ok: false, code: "BACKEND_CLOSED", message: "the loader actor is not running" });
      return;
    }
    this.#queue.push({ job, asset_id: entry.asset_id });
  }

  /** Sends the loads queued since the last boundary, as one batch, at virtual time `frame`. */
  boundary(frame: number): Promise<void> {
    this.#flush(frame);
    return Promise.resolve();
  }

  #flush(time: number): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#time = Math.max(this.#time, time);
    const at = this.#time;
    this.#pump = this.#pump.then(() => this.#run(batch, at));
  }

  async #run(batch: LoadRequestBody[], time: number): Promise<void> {
    const sys = this.system;
    try {
      if (this.#failed || this.#closed) throw new Error("the loader actor is not running");
      if (time > sys.time) await sys.advanceTo(time);
      for (const req of batch) {
        const status = sys.send(this.name, LOAD_REQUEST, req);
        if (status !== "OK") {
          this.#settle(req.job, {
            ok: false,
            code: "BACKEND_FAILED",
            message: `loader: ${status}`,
          });
        }
      }
      await sys.runUntilIdle();
      for (const out of sys.takeOutbox()) {
        if (out.type === LOAD_DONE) {
          const { job, outcome } = fromWire(out.body as LoadDoneBody);
          this.#settle(job, outcome);
        } else if (out.type === LOAD_FAILED) {
          const b = out.body as LoadFailedBody;
          this.#settle(b.job, { ok: false, code: b.code, message: b.message });
        }
      }
    } catch (e) {
      this.#failed = true;
      for (const req of batch) {
        this.#settle(req.job, {
          ok: false,
          code: "BACKEND_FAILED",
          message: `loader: ${(e as Error).message}`,
        });
      }
    }
    for (const req of batch) {
      this.#settle(req.job, {
        ok: false,
        code: "BACKEND_FAILED",
        message: `loader actor gave no answer for job ${req.job} (it crashed or stopped)`,
      });
    }
  }

  /** Resolves a job once (later settles of the same job, or of a discarded job, are ignored). */
  #settle(job: number, outcome: LoadOutcome): void {
    const p = this.#jobs.get(job);
    if (p === undefined || p.settled) return;
    p.settled = true;
    p.resolve(outcome);
  }

  /** The outcome of `job` (taken once); sends it first if it is still queued. */
  result(job: number): Promise<LoadOutcome> {
    if (this.#queue.some((r) => r.job === job)) this.#flush(this.#time);
    const p = this.#jobs.get(job);
    if (p === undefined) {
      return Promise.resolve({ ok: false, code: "UNKNOWN_JOB", message: `no job ${job}` });
    }
    return p.promise.finally(() => this.#jobs.delete(job));
  }

  /** Forgets `job`: unsent, it is never sent; sent, its answer is dropped. */
  discard(job: number): void {
    this.#queue = this.#queue.filter((r) => r.job !== job);
    this.#jobs.delete(job);
  }

  /** Waits for the running batch, then shuts the actor system down. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#queue) {
      this.#settle(r.job, { ok: false, code: "BACKEND_CLOSED", message: "closed" });
    }
    this.#queue = [];
    await this.#pump.catch(() => {});
    await this.system.shutdown();
  }
}
