/**
 * The actor host: runs behaviours for the actors placed on it. A Worker runs one host
 * (`worker_entry.ts`); the in-process mode runs one on the main thread. Both take the same
 * encoded batch and give the same encoded reply, so both modes produce the same trace.
 *
 * Within a host, operations run one after another in batch order, and each actor's messages in
 * delivery order; an actor's `receive` may await real work (file reads), and the reply is sent
 * only when everything is done.
 *
 * @example
 * ```ts
 * import { ActorHost } from "./host.ts";
 * import { encodeBatch } from "./protocol.ts";
 * const host = new ActorHost();
 * const { bytes, attachments } = encodeBatch({ time: 0, round: 1, ops: [] });
 * await host.handle(bytes, attachments); // an encoded, empty reply
 * ```
 * @module
 */

import {
  type ActorContext,
  assertBehaviour,
  type Behaviour,
  type ChildSpec,
  type Envelope,
  EXTERNAL,
  type SendOptions,
} from "./behaviour.ts";
import { decodeBody, encodeBody } from "./codec.ts";
import { ActorError, describeError } from "./errors.ts";
import {
  type Batch,
  decodeBatch,
  encodeReply,
  type OpResult,
  type SpawnOp,
  type WireSend,
} from "./protocol.ts";
import { Rng } from "./rng.ts";

/** Most messages one actor may send while handling one batch. */
export const MAX_SENDS_PER_ROUND = 1 << 16;
/** Most state reports per actor per round. */
export const MAX_STATES_PER_ROUND = 1024;
/** Most child spawns per actor per round. */
export const MAX_SPAWNS_PER_ROUND = 64;
/** Longest delay a message may ask for, in ticks. */
export const MAX_DELAY = 1_000_000_000;

interface Instance {
  name: string;
  parent: string;
  behaviour: Behaviour;
  state: unknown;
  rng: Rng;
  incarnation: number;
}

/** Collects one actor's effects during one operation. */
class Effects {
  sends: WireSend[] = [];
  states: string[] = [];
  checkpoint: Uint8Array | null = null;
  spawns: Uint8Array[] = [];
  stopped: string | null = null;
}

class Context implements ActorContext {
  time = 0;
  round = 0;
  fx = new Effects();

  constructor(private readonly inst: Instance) {}

  get self(): string {
    return this.inst.name;
  }
  get parent(): string {
    return this.inst.parent;
  }
  get incarnation(): number {
    return this.inst.incarnation;
  }
  get rng(): Rng {
    return this.inst.rng;
  }

  send(to: string, type: string, body: unknown = null, options: SendOptions = {}): void {
    if (typeof to !== "string" || typeof type !== "string" || type.length === 0) {
      throw new ActorError("BAD_ARGUMENT", "send(to, type, body): to and type must be strings");
    }
    if (type.startsWith("$")) {
      throw new ActorError(
        "BAD_ARGUMENT",
        `message type ${type}: types starting with $ are reserved`,
      );
    }
    const delay = options.delay ?? 0;
    if (!Number.isSafeInteger(delay) || delay < 0 || delay > MAX_DELAY) {
      throw new ActorError("BAD_ARGUMENT", `delay must be an integer in [0, ${MAX_DELAY}]`);
    }
    if (this.fx.sends.length >= MAX_SENDS_PER_ROUND) {
      throw new ActorError("LIMIT_EXCEEDED", `more than ${MAX_SENDS_PER_ROUND} sends in one round`);
    }
    const attachments: Uint8Array[] = [];
    const payload = encodeBody(body, attachments);
    this.fx.sends.push({ to, type, payload, delay, attachments });
  }

  reply(message: Envelope, type: string, body?: unknown, options?: SendOptions): void {
    this.send(message.from, type, body, options);
  }

  output(type: string, body?: unknown): void {
    this.send(EXTERNAL, type, body);
  }

  state(name: string): void {
    if (typeof name !== "string" || name.length === 0 || name.length > 128) {
      throw new ActorError("BAD_ARGUMENT", "state(name): a string of 1-128 chars");
    }
    if (this.fx.states.length >= MAX_STATES_PER_ROUND) {
      throw new ActorError(
        "LIMIT_EXCEEDED",
        `more than ${MAX_STATES_PER_ROUND} states in one round`,
      );
    }
    this.fx.states.push(name);
  }

  checkpoint(value: unknown): void {
    this.fx.checkpoint = encodeBody(value);
  }

  spawn(spec: ChildSpec): void {
    if (this.fx.spawns.length >= MAX_SPAWNS_PER_ROUND) {
      throw new ActorError(
        "LIMIT_EXCEEDED",
        `more than ${MAX_SPAWNS_PER_ROUND} spawns in one round`,
      );
    }
    this.fx.spawns.push(encodeBody(spec));
  }

  stop(reason = "stopped itself"): void {
    this.fx.stopped = String(reason);
  }
}

/** Options of a host. */
export interface HostOptions {
  /**
   * Replace `Math.random`, `Date.now`, `performance.now`, `crypto.getRandomValues` and
   * `crypto.randomUUID` with functions that throw `NONDETERMINISTIC_API` (Workers only: it
   * changes the thread's globals).
   */
  guardGlobals?: boolean;
  /** Test aid: wait a pseudo-random 0…maxMs real milliseconds before each reply. */
  jitter?: { seed: number; maxMs: number } | null;
  /** Loads a behaviour module by URL (default: dynamic `import`). */
  load?: (url: string) => Promise<Record<string, unknown>>;
}

/**
 * Makes wall-clock and random globals throw `NONDETERMINISTIC_API` on this thread.
 *
 * @example
 * ```ts
 * // in a Worker only:
 * guardNondeterministicGlobals();
 * ```
 */
export function guardNondeterministicGlobals(): void {
  const deny = (what: string, instead: string) => () => {
    throw new ActorError(
      "NONDETERMINISTIC_API",
      `${what} is not allowed in an actor (it breaks replay); use ${instead}`,
    );
  };
  Math.random = deny("Math.random", "ctx.rng");
  Date.now = deny("Date.now", "ctx.time");
  performance.now = deny("performance.now", "ctx.time");
  crypto.getRandomValues = deny("crypto.getRandomValues", "ctx.rng") as never;
  crypto.randomUUID = deny("crypto.randomUUID", "ctx.rng") as never;
}

/** Runs behaviours for the actors placed on it. */
export class ActorHost {
  private readonly actors = new Map<string, Instance>();
  private readonly modules = new Map<string, Promise<Record<string, unknown>>>();
  private readonly jitter: Rng | null;
  private readonly jitterMax: number;
  private readonly loader: (url: string) => Promise<Record<string, unknown>>;

  /** Creates a host. */
  constructor(options: HostOptions = {}) {
    this.loader = options.load ?? ((url) => import(url) as Promise<Record<string, unknown>>);
    if (options.guardGlobals) guardNondeterministicGlobals();
    const j = options.jitter ?? null;
    this.jitter = j === null ? null : new Rng([j.seed | 0 || 1, 0x9e3779b9, 7, 11]);
    this.jitterMax = j === null ? 0 : j.maxMs;
  }

  /** Names of the live actors on this host, sorted. */
  names(): string[] {
    return [...this.actors.keys()].sort();
  }

  /** Handles one encoded batch and returns the encoded reply. */
  async handle(
    bytes: Uint8Array,
    attachments: readonly Uint8Array[],
  ): Promise<{ bytes: Uint8Array; attachments: Uint8Array[] }> {
    const batch = decodeBatch(bytes, attachments);
    const results: OpResult[] = [];
    for (const op of batch.ops) {
      if (op.op === "spawn") results.push(await this.spawn(op, batch));
      else if (op.op === "deliver") {
        results.push(await this.deliver(op.name, op.messages, batch));
      } else results.push(await this.stop(op.name, op.reason));
    }
    if (this.jitter !== null && this.jitterMax > 0) {
      const ms = this.jitter.below(this.jitterMax + 1);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    return encodeReply({ results });
  }

  private load(url: string): Promise<Record<string, unknown>> {
    let m = this.modules.get(url);
    if (m === undefined) {
      m = this.loader(url);
      this.modules.set(url, m);
    }
    return m;
  }

  private async spawn(op: SpawnOp, batch: Batch): Promise<OpResult> {
    const empty = new Effects();
    try {
      // A restart replaces whatever is left of the previous incarnation (no stop hook: it crashed).
      this.actors.delete(op.name);
      let mod: Record<string, unknown>;
      try {
        mod = await this.load(op.url);
      } catch (e) {
        this.modules.delete(op.url);
        throw new ActorError("BAD_BEHAVIOUR", `cannot load ${op.url}: ${describeError(e)}`);
      }
      const behaviour = mod[op.exportName];
      assertBehaviour(behaviour, `${op.url}#${op.exportName}`);
      const inst: Instance = {
        name: op.name,
        parent: op.parent,
        behaviour,
        state: undefined,
        rng: new Rng(op.seedWords),
        incarnation: op.incarnation,
      };
      const ctx = new Context(inst);
      ctx.time = batch.time;
      ctx.round = batch.round;
      const input = decodeBody(op.input);
      if (op.checkpoint !== null && behaviour.restore !== undefined) {
        inst.state = await behaviour.restore(decodeBody(op.checkpoint), input, ctx);
      } else {
        inst.state = await behaviour.init(input, ctx);
      }
      this.actors.set(op.name, inst);
      return this.result(op.name, 0, ctx.fx, null);
    } catch (e) {
      return this.result(op.name, 0, empty, describeError(e));
    }
  }

  private async deliver(
    name: string,
    messages: {
      from: string;
      seq: number;
      type: string;
      payload: Uint8Array;
      attachments: Uint8Array[];
    }[],
    batch: Batch,
  ): Promise<OpResult> {
    const inst = this.actors.get(name);
    if (inst === undefined) {
      return this.result(name, 0, new Effects(), `no actor ${name} on this host`);
    }
    const ctx = new Context(inst);
    ctx.time = batch.time;
    ctx.round = batch.round;
    let processed = 0;
    try {
      for (const m of messages) {
        processed++;
        const envelope: Envelope = {
          from: m.from,
          to: name,
          type: m.type,
          body: decodeBody(m.payload, m.attachments),
          seq: m.seq,
          time: batch.time,
          round: batch.round,
        };
        const next = await inst.behaviour.receive(inst.state, envelope, ctx);
        if (next !== undefined) inst.state = next;
        if (ctx.fx.stopped !== null) {
          this.actors.delete(name);
          await this.runStopHook(inst, ctx.fx.stopped);
          break;
        }
      }
    } catch (e) {
      this.actors.delete(name);
      return this.result(name, processed, ctx.fx, describeError(e));
    }
    return this.result(name, processed, ctx.fx, null);
  }

  private async stop(name: string, reason: string): Promise<OpResult> {
    const inst = this.actors.get(name);
    const fx = new Effects();
    fx.stopped = reason;
    if (inst === undefined) return this.result(name, 0, fx, null);
    this.actors.delete(name);
    const error = await this.runStopHook(inst, reason);
    return this.result(name, 0, fx, error);
  }

  private async runStopHook(inst: Instance, reason: string): Promise<string | null> {
    try {
      await inst.behaviour.stop?.(inst.state, reason);
      return null;
    } catch (e) {
      return `stop hook failed: ${describeError(e)}`;
    }
  }

  private result(name: string, processed: number, fx: Effects, error: string | null): OpResult {
    return {
      name,
      processed,
      sends: fx.sends,
      states: fx.states,
      checkpoint: fx.checkpoint,
      error,
      stopped: fx.stopped,
      spawns: fx.spawns,
    };
  }
}
