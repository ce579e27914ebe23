/**
 * The actor system and its deterministic scheduler (main thread).
 *
 * Work proceeds in rounds at a virtual time. A round delivers, to every running actor with due
 * messages, its batch (up to `maxBatch`, in delivery order), all hosts in parallel; then, once
 * every host has answered, it records what happened in actor-ordinal order and routes the new
 * messages in (sender ordinal, sequence) order into bounded mailboxes. Delivery order is
 * (deliver time, sent time, sent round, sender ordinal, sequence). Nothing depends on which
 * Worker answered first, on how many Workers there are, or on whether Workers are used at all.
 *
 * Time moves only when asked (`advanceTo`): the scheduler runs rounds until nothing is due, then
 * jumps to the next due message or the target time. Delayed messages are virtual timers.
 *
 * Supervision is one-for-one: each actor has a supervision machine (machines/supervision.ts);
 * a crash (the behaviour threw, its Worker died, or a fault was injected) moves it to `crashed`,
 * the restart budget decides between a restart (from the last checkpoint or fresh, per policy)
 * and a stop; each transition is in the trace, and the parent hears of it as a `$child` message.
 *
 * @example
 * ```ts
 * import { ActorSystem, behaviourRef } from "./mod.ts";
 * const sys = new ActorSystem({ seed: 7n, workers: 2 });
 * await sys.spawn({ name: "echo", behaviour: behaviourRef("x/echo", new URL("./echo.ts", import.meta.url)) });
 * sys.send("echo", "ping", { n: 1 });
 * await sys.runUntilIdle();
 * console.log(sys.takeOutbox(), sys.traceHash);
 * await sys.shutdown();
 * ```
 * @module
 */

import { Lifecycle, supervisionMachine, type SupervisionPolicy } from "../machines/mod.ts";
import {
  type ActorPermissions,
  type BehaviourRef,
  type BounceBody,
  checkActorName,
  type ChildBody,
  type ChildSpec,
  EXTERNAL,
  SYSTEM,
} from "./behaviour.ts";
import { decodeBody, encodeBody } from "./codec.ts";
import { ActorError, assert, describeError } from "./errors.ts";
import { FaultInjector, type FaultPlan } from "./faults.ts";
import type { Rng } from "./rng.ts";
import { Mailbox, MAX_MAILBOX_CAPACITY, type Pending } from "./mailbox.ts";
import { decodeReply, encodeBatch, type Op, type OpResult, type WireSend } from "./protocol.ts";
import { checkSeed, deriveRng, deriveSeedWords } from "./seed.ts";
import {
  attachmentDigest,
  digest16,
  encodeTraceFile,
  type ExpectedEntries,
  EXTERNAL_ORDINAL,
  SYSTEM_ORDINAL,
  type TraceHeader,
  TraceLog,
} from "./trace.ts";
import { workerBundle } from "./bundle.ts";
import { type HostSlot, InProcessSlot, WorkerSlot } from "./transport.ts";

/** Options of an {@link ActorSystem}. Only those marked "recorded" change the trace. */
export interface ActorSystemOptions {
  /** Run seed (recorded): derives every actor's PRNG and the fault stream. Default 0. */
  seed?: bigint | number;
  /** `workers` (default): actors run in module Workers; `inprocess`: on the main thread. */
  mode?: "workers" | "inprocess";
  /** Workers per behaviour module shared by its actors (1…64, default 2). */
  workers?: number;
  /** Default mailbox bound per actor (recorded; default 1024). */
  mailboxCapacity?: number;
  /** Default most messages one actor handles per round (recorded; default 4096). */
  maxBatch?: number;
  /** Most outputs kept until `takeOutbox` (recorded; default 65536). */
  outboxCapacity?: number;
  /** Default restart policy (recorded). */
  supervision?: Partial<SupervisionPolicy>;
  /** Seeded fault injection (recorded). */
  faults?: FaultPlan;
  /** Test aid: each Worker waits a pseudo-random 0…maxMs real ms before replying. */
  jitter?: { seed: number; maxMs: number } | null;
  /** Real milliseconds to wait for a Worker before failing the run (default 120000; 0 = never). */
  watchdogMs?: number;
  /** Bytes of trace kept in memory for `writeTrace` (default 256 MiB; 0 keeps only the hash). */
  keepTraceBytes?: number;
  /** Make wall-clock and random APIs throw inside Workers (default true). */
  guardGlobals?: boolean;
  /**
   * Start Workers from a one-file bundle of their entry, built once per behaviour module and
   * process with `deno bundle` (default true; faster spawns with npm modules such as xstate).
   * Falls back to the unbundled entry, with one warning on stderr, when bundling is impossible
   * or would change the module's meaning. Never changes the trace.
   */
  bundleWorkers?: boolean;
  /** Replay: compare every entry against these. */
  expected?: ExpectedEntries | null;
}

/** How to start an actor. */
export interface SpawnSpec {
  /** Unique actor name. */
  name: string;
  /** Its behaviour module. */
  behaviour: BehaviourRef;
  /** Input for `init` (plain data). */
  input?: unknown;
  /** Restart policy overrides. */
  supervision?: Partial<SupervisionPolicy>;
  /** Mailbox bound. */
  mailboxCapacity?: number;
  /** Most messages handled per round. */
  maxBatch?: number;
  /** Run in a Worker of its own (actors with permissions always do). */
  dedicatedWorker?: boolean;
}

/** Result of an outside `send`: accepted, or refused with a visible reason. */
export type SendStatus = "OK" | "MAILBOX_FULL" | "ACTOR_STOPPED";

/** A message an actor sent to the outside program. */
export interface Output {
  /** Sender name (`$system` for `$child` notices about actors the program spawned). */
  from: string;
  /** Message type. */
  type: string;
  /** Decoded body. */
  body: unknown;
  /** Sender sequence number. */
  seq: number;
  /** Virtual time it was collected. */
  time: number;
  /** Round it was collected in. */
  round: number;
}

/** Mailbox status of one actor (the backpressure signal). */
export interface MailboxStatus {
  /** Messages waiting. */
  size: number;
  /** Bound. */
  capacity: number;
  /** True when sends to it are refused with `MAILBOX_FULL`. */
  full: boolean;
}

/** What the system knows about one actor. */
export interface ActorInfo {
  /** Name. */
  name: string;
  /** Ordinal (spawn order, from 2). */
  ordinal: number;
  /** Supervision state: spawning, running, crashed, restarting, stopped. */
  supervision: string;
  /** Last lifecycle state the behaviour reported, or null. */
  state: string | null;
  /** Restarts so far. */
  incarnation: number;
  /** Last crash cause, or null. */
  lastCrash: string | null;
}

interface SlotRecord {
  index: number;
  host: HostSlot | null;
  moduleUrl: string;
  permissions: ActorPermissions | null;
}

interface ActorRecord {
  ordinal: number;
  name: string;
  ref: BehaviourRef;
  parent: number;
  input: Uint8Array;
  sup: Lifecycle<typeof supervisionMachine>;
  mailbox: Mailbox;
  maxBatch: number;
  slot: SlotRecord;
  incarnation: number;
  checkpoint: Uint8Array | null;
  nextSeq: number;
  lastState: string | null;
}

interface Routed {
  from: number;
  seq: number;
  send: WireSend;
}

const DEFAULTS = {
  workers: 2,
  mailboxCapacity: 1024,
  maxBatch: 4096,
  outboxCapacity: 65536,
  watchdogMs: 120_000,
};

/** Most actors one system may hold (ordinals are never reused). */
export const MAX_ACTORS = 100_000;

function checkInt(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isSafeInteger(v) || v < lo || v > hi) {
    throw new ActorError("BAD_ARGUMENT", `${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  }
  return v;
}

/** The actor system: spawns actors, runs rounds, records the trace. */
export class ActorSystem {
  /** Run seed. */
  readonly seed: bigint;
  /** The trace being recorded. */
  readonly trace: TraceLog;
  private readonly mode: "workers" | "inprocess";
  private readonly poolSize: number;
  private readonly mailboxCapacity: number;
  private readonly maxBatch: number;
  private readonly outboxCapacity: number;
  private readonly supervision: Partial<SupervisionPolicy>;
  private faults: FaultInjector | null;
  /** The plan the run started with (the trace header records it; changes are FAULTS entries). */
  private readonly faultPlan: FaultPlan | null;
  /** The run's fault stream (seed + "$faults"), drawn from by every plan the run uses. */
  private readonly faultStream: Rng;
  private readonly jitter: { seed: number; maxMs: number } | null;
  private readonly watchdogMs: number;
  private readonly guardGlobals: boolean;
  private readonly bundleWorkers: boolean;

  private now = 0;
  private roundNo = 0;
  private readonly byName = new Map<string, ActorRecord>();
  private readonly byOrdinal: (ActorRecord | undefined)[] = [undefined, undefined];
  private readonly pools = new Map<string, { slots: SlotRecord[]; placed: number }>();
  private readonly slots: SlotRecord[] = [];
  private systemSeq = 0;
  private externalSeq = 0;
  private outbox: Output[] = [];
  private readonly recovery: ActorRecord[] = [];
  private busy = false;
  private lock: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;
  private closed = false;

  /** Creates a system; Workers start when the first actor is spawned. */
  constructor(options: ActorSystemOptions = {}) {
    this.seed = checkSeed(options.seed ?? 0n);
    this.mode = options.mode ?? "workers";
    if (this.mode !== "workers" && this.mode !== "inprocess") {
      throw new ActorError("BAD_ARGUMENT", `mode must be "workers" or "inprocess"`);
    }
    this.poolSize = checkInt("workers", options.workers ?? DEFAULTS.workers, 1, 64);
    this.mailboxCapacity = checkInt(
      "mailboxCapacity",
      options.mailboxCapacity ?? DEFAULTS.mailboxCapacity,
      1,
      MAX_MAILBOX_CAPACITY,
    );
    this.maxBatch = checkInt("maxBatch", options.maxBatch ?? DEFAULTS.maxBatch, 1, 1 << 20);
    this.outboxCapacity = checkInt(
      "outboxCapacity",
      options.outboxCapacity ?? DEFAULTS.outboxCapacity,
      1,
      1 << 24,
    );
    this.supervision = { ...(options.supervision ?? {}) };
    checkPolicy(this.supervision);
    this.faultStream = deriveRng(this.seed, "$faults", 0);
    this.faults = options.faults === undefined || options.faults === null
      ? null
      : new FaultInjector(options.faults, this.faultStream);
    this.faultPlan = this.faults?.plan ?? null;
    this.jitter = options.jitter ?? null;
    this.watchdogMs = checkInt("watchdogMs", options.watchdogMs ?? DEFAULTS.watchdogMs, 0, 1 << 30);
    this.guardGlobals = options.guardGlobals ?? true;
    this.bundleWorkers = options.bundleWorkers ?? true;
    this.trace = new TraceLog(this.seed, {
      keepBytes: options.keepTraceBytes,
      expected: options.expected ?? null,
    });
  }

  /** Virtual time now. */
  get time(): number {
    return this.now;
  }

  /** Rounds run so far. */
  get round(): number {
    return this.roundNo;
  }

  /** The trace hash so far (hex blake2b-256). */
  get traceHash(): string {
    return this.trace.hash();
  }

  /** The options that a replay needs (recorded in trace files). */
  get header(): TraceHeader {
    return {
      seed: this.seed,
      options: {
        mailboxCapacity: this.mailboxCapacity,
        maxBatch: this.maxBatch,
        outboxCapacity: this.outboxCapacity,
        supervision: this.supervision,
        faults: this.faultPlan,
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // serialization of public operations

  private guard(): void {
    if (this.failure !== null) {
      throw new ActorError(
        "SYSTEM_CLOSED",
        `the system failed earlier: ${describeError(this.failure)}`,
        {
          cause: this.failure,
        },
      );
    }
    if (this.closed) throw new ActorError("SYSTEM_CLOSED", "the actor system was shut down");
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.guard();
      this.busy = true;
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof ActorError) || !RECOVERABLE.has(e.code)) this.failure = e;
        throw e;
      } finally {
        this.busy = false;
      }
    };
    const p = this.lock.then(run, run);
    this.lock = p.catch(() => {});
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // placement

  /**
   * Picks where an actor runs: a Worker of its own when it has permissions or asks for one,
   * else the next Worker (round-robin in spawn order) of its behaviour module's pool.
   */
  private placeSlot(spec: SpawnSpec): SlotRecord {
    const moduleUrl = spec.behaviour.url;
    const permissions = spec.behaviour.permissions;
    const fresh = (): SlotRecord => {
      const rec: SlotRecord = { index: this.slots.length, host: null, moduleUrl, permissions };
      this.slots.push(rec);
      return rec;
    };
    if (permissions !== null || spec.dedicatedWorker === true) return fresh();
    let pool = this.pools.get(moduleUrl);
    if (pool === undefined) {
      pool = { slots: [], placed: 0 };
      this.pools.set(moduleUrl, pool);
    }
    if (pool.slots.length < this.poolSize) pool.slots.push(fresh());
    return pool.slots[pool.placed++ % this.poolSize];
  }

  /** The live host of a slot, started (Worker: from its module's bundle, if any) when needed. */
  private async hostOf(slot: SlotRecord): Promise<HostSlot> {
    if (slot.host !== null && slot.host.dead === null) return slot.host;
    slot.host?.close();
    slot.host = null;
    if (this.mode === "inprocess") {
      slot.host = new InProcessSlot(slot.index);
      return slot.host;
    }
    const entryUrl = this.bundleWorkers ? await workerBundle(slot.moduleUrl) : null;
    assert(slot.host === null, "one start per slot at a time");
    slot.host = new WorkerSlot(slot.index, {
      moduleUrl: slot.moduleUrl,
      permissions: slot.permissions,
      host: {
        guardGlobals: this.guardGlobals,
        jitter: this.jitter === null
          ? null
          : { seed: this.jitter.seed + slot.index * 7919, maxMs: this.jitter.maxMs },
      },
      watchdogMs: this.watchdogMs,
      entryUrl,
    });
    return slot.host;
  }

  /** Runs `ops` on one slot; `{ dead }` when its Worker died. */
  private async exec(slot: SlotRecord, ops: Op[]): Promise<OpResult[] | { dead: string }> {
    const host = await this.hostOf(slot);
    const packet = encodeBatch({ time: this.now, round: this.roundNo, ops });
    let reply;
    try {
      reply = await host.request(packet);
    } catch (e) {
      if (e instanceof ActorError && e.code === "WORKER_DIED") return { dead: e.message };
      throw e;
    }
    const { results } = decodeReply(reply.bytes, reply.attachments);
    assert(results.length === ops.length, "one result per operation");
    for (let i = 0; i < ops.length; i++) assert(results[i].name === ops[i].name, "result order");
    return results;
  }

  // ---------------------------------------------------------------------------------------------
  // supervision transitions (all recorded)

  private supervise(rec: ActorRecord, event: Parameters<ActorRecord["sup"]["send"]>[0]): void {
    const r = rec.sup.send(event);
    assert(r.outcome === "OK", `supervision of ${rec.name}: ${event.type} in ${rec.sup.state}`);
    const last = rec.sup.last!;
    this.trace.supervision(rec.ordinal, last.from, last.event, last.to);
  }

  private nameOf(ordinal: number): string {
    if (ordinal === SYSTEM_ORDINAL) return SYSTEM;
    if (ordinal === EXTERNAL_ORDINAL) return EXTERNAL;
    return this.byOrdinal[ordinal]!.name;
  }

  /** Sends a system message (`$bounce`, `$child`) to an actor or, for `$ext`, to the outbox. */
  private notify(to: number, type: "$bounce" | "$child", body: BounceBody | ChildBody): void {
    if (to === SYSTEM_ORDINAL) return;
    const seq = this.systemSeq++;
    const payload = encodeBody(body);
    if (to === EXTERNAL_ORDINAL) {
      this.toOutbox(SYSTEM_ORDINAL, seq, type, payload, [], null);
      return;
    }
    const rec = this.byOrdinal[to]!;
    if (rec.sup.state === "stopped") return;
    const p: Pending = {
      deliverAt: this.now,
      time: this.now,
      round: this.roundNo,
      from: SYSTEM_ORDINAL,
      seq,
      to,
      type,
      payload,
      attachments: [],
      attachmentDigest: null,
    };
    if (!rec.mailbox.push(p)) this.trace.bounce(SYSTEM_ORDINAL, rec.name, seq, "MAILBOX_FULL");
  }

  private toOutbox(
    from: number,
    seq: number,
    type: string,
    payload: Uint8Array,
    attachments: Uint8Array[],
    att: Uint8Array | null,
  ): boolean {
    if (this.outbox.length >= this.outboxCapacity) return false;
    this.trace.deliver(from, EXTERNAL_ORDINAL, seq, type, payload, att);
    this.outbox.push({
      from: this.nameOf(from),
      type,
      body: decodeBody(payload, attachments),
      seq,
      time: this.now,
      round: this.roundNo,
    });
    return true;
  }

  private bounce(
    from: number,
    to: string,
    seq: number,
    type: string,
    code: BounceBody["code"],
  ): void {
    this.trace.bounce(from, to, seq, code);
    if (from !== EXTERNAL_ORDINAL) this.notify(from, "$bounce", { code, to, type, seq });
  }

  /** Routes one message sent by an actor (or a system notice) into a mailbox or the outbox. */
  private route(m: Routed): void {
    const { from, seq, send } = m;
    const att = send.attachments.length > 0 ? attachmentDigest(send.attachments) : null;
    if (send.to === EXTERNAL) {
      if (!this.toOutbox(from, seq, send.type, send.payload, send.attachments, att)) {
        this.bounce(from, EXTERNAL, seq, send.type, "MAILBOX_FULL");
      }
      return;
    }
    const target = this.byName.get(send.to);
    if (target === undefined) return this.bounce(from, send.to, seq, send.type, "UNKNOWN_ACTOR");
    if (target.sup.state === "stopped") {
      return this.bounce(from, send.to, seq, send.type, "ACTOR_STOPPED");
    }
    let deliverAt = this.now + send.delay;
    if (this.faults !== null && from >= 2) {
      const fate = this.faults.onSend(this.nameOf(from), target.name);
      if (fate.drop) return this.trace.drop(from, target.ordinal, seq);
      if (fate.delay > 0) {
        this.trace.delay(from, target.ordinal, seq, fate.delay);
        deliverAt += fate.delay;
      }
    }
    const p: Pending = {
      deliverAt,
      time: this.now,
      round: this.roundNo,
      from,
      seq,
      to: target.ordinal,
      type: send.type,
      payload: send.payload,
      attachments: send.attachments,
      attachmentDigest: att,
    };
    if (!target.mailbox.push(p)) this.bounce(from, target.name, seq, send.type, "MAILBOX_FULL");
  }

  /** Records a result's states, checkpoint, sends and spawn requests. */
  private absorb(
    rec: ActorRecord,
    res: OpResult,
    sends: Routed[],
    spawns: [ActorRecord, Uint8Array][],
  ): void {
    for (const s of res.states) {
      if (s !== rec.lastState) {
        this.trace.state(rec.ordinal, s);
        rec.lastState = s;
      }
    }
    if (res.checkpoint !== null) {
      rec.checkpoint = res.checkpoint;
      this.trace.checkpoint(rec.ordinal, digest16([res.checkpoint]));
    }
    for (const send of res.sends) sends.push({ from: rec.ordinal, seq: rec.nextSeq++, send });
    for (const s of res.spawns) spawns.push([rec, s]);
  }

  private crashed(rec: ActorRecord, cause: string, external: boolean): void {
    this.trace.crash(rec.ordinal, cause, external);
    this.supervise(rec, { type: "CRASH", cause, at: this.now });
    this.recovery.push(rec);
  }

  /** Recovers crashed actors in the order they crashed (restarts may crash more). */
  private async drainRecovery(): Promise<void> {
    while (this.recovery.length > 0) {
      const rec = this.recovery.shift()!;
      if (rec.sup.state === "crashed") await this.recover(rec);
    }
  }

  /** Decides and carries out what follows a crash: restarts until running, or the stop. */
  private async recover(rec: ActorRecord): Promise<void> {
    for (;;) {
      assert(stateOf(rec) === "crashed", "recover from crashed");
      const cause = rec.sup.snapshot.context.lastCause ?? "";
      this.notify(rec.parent, "$child", { child: rec.name, event: "crashed", detail: cause });
      this.supervise(rec, { type: "SUPERVISE" });
      if (rec.sup.state === "stopped") {
        await this.finishStop(rec, rec.sup.snapshot.context.stopReason ?? "restart limit", false);
        return;
      }
      rec.incarnation++;
      const fromCheckpoint = rec.sup.snapshot.context.policy.restartFrom === "checkpoint";
      const error = await this.start(rec, fromCheckpoint ? rec.checkpoint : null);
      if (error === null) {
        this.notify(rec.parent, "$child", {
          child: rec.name,
          event: "restarted",
          detail: fromCheckpoint && rec.checkpoint !== null ? "from checkpoint" : "fresh",
        });
        return;
      }
    }
  }

  /** Starts the current incarnation; returns null or the failure cause (already recorded). */
  private async start(rec: ActorRecord, checkpoint: Uint8Array | null): Promise<string | null> {
    const [error] = await this.startMany([rec], [checkpoint]);
    return error;
  }

  /**
   * Starts several actors at once: SPAWN entries in ordinal order, every host's spawns in
   * parallel, then the outcomes recorded in ordinal order. Returns each failure cause or null.
   */
  private async startMany(
    recs: ActorRecord[],
    checkpoints: (Uint8Array | null)[],
    specs: SpawnSpec[] | null = null,
  ): Promise<(string | null)[]> {
    const perSlot = new Map<SlotRecord, Op[]>();
    recs.forEach((rec, i) => {
      if (specs !== null) {
        this.trace.extras.set(
          this.trace.count,
          encodeBody({
            behaviour: rec.ref,
            supervision: specs[i].supervision ?? null,
            mailboxCapacity: specs[i].mailboxCapacity ?? null,
            maxBatch: specs[i].maxBatch ?? null,
            dedicatedWorker: specs[i].dedicatedWorker ?? false,
            group: i === 0 ? recs.length : 0,
          }),
        );
      }
      this.trace.spawn(rec.ordinal, rec.name, rec.parent, rec.ref.id, rec.incarnation, rec.input);
      const ops = perSlot.get(rec.slot) ?? [];
      ops.push({
        op: "spawn",
        name: rec.name,
        parent: this.nameOf(rec.parent),
        url: rec.ref.url,
        exportName: rec.ref.export,
        seedWords: deriveSeedWords(this.seed, rec.name, rec.incarnation),
        incarnation: rec.incarnation,
        input: rec.input,
        checkpoint: checkpoints[i],
      });
      perSlot.set(rec.slot, ops);
    });
    const outcomes = new Map<SlotRecord, OpResult[] | { dead: string }>();
    await Promise.all(
      [...perSlot].map(async ([slot, ops]) => outcomes.set(slot, await this.exec(slot, ops))),
    );
    const errors: (string | null)[] = [];
    const sends: Routed[] = [];
    const spawns: [ActorRecord, Uint8Array][] = [];
    const deadSlots = new Set<SlotRecord>();
    for (const rec of recs) {
      const outcome = outcomes.get(rec.slot)!;
      let error: string | null;
      let result: OpResult | null = null;
      if ("dead" in outcome) {
        error = `worker died while starting: ${outcome.dead}`;
        if (!deadSlots.has(rec.slot)) {
          deadSlots.add(rec.slot);
          for (const other of this.slotDied(rec.slot, rec, outcome.dead)) {
            assert(!recs.includes(other), "actors being started are not running yet");
          }
        }
      } else {
        result = outcome.find((r) => r.name === rec.name)!;
        error = result.error;
      }
      errors.push(error);
      if (error !== null) {
        this.trace.crash(rec.ordinal, error, false);
        this.supervise(rec, { type: "SPAWN_FAILED", cause: error, at: this.now });
        continue;
      }
      this.supervise(rec, { type: "SPAWNED" });
      this.absorb(rec, result!, sends, spawns);
    }
    for (const m of sends) this.route(m);
    await this.spawnChildren(spawns);
    return errors;
  }

  /** Marks every other running actor of a dead slot as crashed (in ordinal order). */
  private slotDied(slot: SlotRecord, except: ActorRecord | null, cause: string): ActorRecord[] {
    const hit: ActorRecord[] = [];
    for (const rec of this.byOrdinal) {
      if (rec === undefined || rec === except || rec.slot !== slot) continue;
      if (rec.sup.state !== "running") continue;
      this.crashed(rec, cause, false);
      hit.push(rec);
    }
    return hit;
  }

  /**
   * Stops an actor: STOP entry, supervision to `stopped` (unless the restart budget already put
   * it there), the host's stop hook (when it still runs there), queued messages bounce, parent
   * notified, children stopped.
   */
  private async finishStop(rec: ActorRecord, reason: string, external: boolean): Promise<void> {
    this.trace.stop(rec.ordinal, reason, external);
    const wasRunning = rec.sup.state === "running";
    if (rec.sup.state !== "stopped") this.supervise(rec, { type: "STOP", reason });
    if (wasRunning && rec.slot.host !== null && rec.slot.host.dead === null) {
      const res = await this.exec(rec.slot, [{ op: "stop", name: rec.name, reason }]);
      if ("dead" in res) this.slotDied(rec.slot, rec, res.dead);
    }
    for (const m of rec.mailbox.drain()) {
      this.bounce(m.from, rec.name, m.seq, m.type, "ACTOR_STOPPED");
    }
    this.notify(rec.parent, "$child", { child: rec.name, event: "stopped", detail: reason });
    for (const child of this.byOrdinal) {
      if (child !== undefined && child.parent === rec.ordinal && child.sup.state !== "stopped") {
        await this.finishStop(child, `parent ${rec.name} stopped`, false);
      }
    }
  }

  private async spawnChildren(requests: [ActorRecord, Uint8Array][]): Promise<void> {
    for (const [parent, payload] of requests) {
      let spec: ChildSpec;
      try {
        spec = decodeBody(payload) as ChildSpec;
        await this.create(spec, parent.ordinal, encodeBody(spec.input ?? null));
      } catch (e) {
        if (!(e instanceof ActorError)) throw e;
        const child = (decodeBody(payload) as { name?: unknown })?.name;
        this.notify(parent.ordinal, "$child", {
          child: String(child),
          event: "stopped",
          detail: `spawn refused: ${e.message}`,
        });
      }
    }
  }

  /** Throws unless `spec` can be spawned now (nothing is changed). */
  private checkSpec(spec: SpawnSpec): void {
    checkActorName(spec.name);
    if (this.byName.has(spec.name)) {
      throw new ActorError("DUPLICATE_ACTOR", `an actor named ${spec.name} already exists`);
    }
    if (this.byOrdinal.length >= MAX_ACTORS + 2) {
      throw new ActorError("LIMIT_EXCEEDED", `more than ${MAX_ACTORS} actors`);
    }
    const ref = spec.behaviour;
    if (
      typeof ref?.url !== "string" || typeof ref.id !== "string" || typeof ref.export !== "string"
    ) {
      throw new ActorError(
        "BAD_ARGUMENT",
        `spawn ${spec.name}: behaviour must come from behaviourRef()`,
      );
    }
    checkInt(
      "mailboxCapacity",
      spec.mailboxCapacity ?? this.mailboxCapacity,
      1,
      MAX_MAILBOX_CAPACITY,
    );
    checkInt("maxBatch", spec.maxBatch ?? this.maxBatch, 1, 1 << 20);
    checkPolicy({ ...this.supervision, ...(spec.supervision ?? {}) });
  }

  /** Validates a spec and registers a new actor (not started yet). */
  private prepare(spec: SpawnSpec, parent: number, input: Uint8Array): ActorRecord {
    this.checkSpec(spec);
    const ref = spec.behaviour;
    const policy = { ...this.supervision, ...(spec.supervision ?? {}) };
    const capacity = checkInt(
      "mailboxCapacity",
      spec.mailboxCapacity ?? this.mailboxCapacity,
      1,
      MAX_MAILBOX_CAPACITY,
    );
    const rec: ActorRecord = {
      ordinal: this.byOrdinal.length,
      name: spec.name,
      ref: { ...ref, permissions: ref.permissions ?? null },
      parent,
      input,
      sup: new Lifecycle(supervisionMachine, policy),
      mailbox: new Mailbox(capacity),
      maxBatch: checkInt("maxBatch", spec.maxBatch ?? this.maxBatch, 1, 1 << 20),
      slot: this.placeSlot(spec),
      incarnation: 0,
      checkpoint: null,
      nextSeq: 0,
      lastState: null,
    };
    this.byOrdinal.push(rec);
    this.byName.set(rec.name, rec);
    return rec;
  }

  /** Validates a spec and starts a new child actor. */
  private async create(spec: SpawnSpec, parent: number, input: Uint8Array): Promise<ActorRecord> {
    const rec = this.prepare(spec, parent, input);
    const error = await this.start(rec, null);
    if (error !== null) await this.recover(rec);
    await this.drainRecovery();
    return rec;
  }

  // ---------------------------------------------------------------------------------------------
  // public API

  /**
   * Starts an actor (parent: the outside program). Resolves when its `init` ran; throws
   * `SPAWN_FAILED` when it could not be started within its restart budget.
   */
  spawn(spec: SpawnSpec): Promise<void> {
    return this.spawnEncoded(spec, encodeBody(spec.input ?? null));
  }

  /** Replay helper: spawn with an already encoded input. */
  spawnEncoded(spec: SpawnSpec, input: Uint8Array): Promise<void> {
    return this.spawnManyEncoded([spec], [input]);
  }

  /**
   * Starts several actors at once (their Workers start in parallel), in the given order.
   * Throws `SPAWN_FAILED` naming those that could not start within their restart budget.
   */
  spawnMany(specs: SpawnSpec[]): Promise<void> {
    return this.spawnManyEncoded(specs, specs.map((s) => encodeBody(s.input ?? null)));
  }

  /** Replay helper: `spawnMany` with already encoded inputs. */
  spawnManyEncoded(specs: SpawnSpec[], inputs: Uint8Array[]): Promise<void> {
    return this.exclusive(async () => {
      if (specs.length === 0) return;
      const names = new Set<string>();
      for (const spec of specs) {
        if (names.has(spec.name)) {
          throw new ActorError("DUPLICATE_ACTOR", `${spec.name} appears twice in one spawnMany`);
        }
        names.add(spec.name);
      }
      for (const spec of specs) this.checkSpec(spec); // all or nothing
      const recs: ActorRecord[] = [];
      for (let i = 0; i < specs.length; i++) {
        recs.push(this.prepare(specs[i], EXTERNAL_ORDINAL, inputs[i]));
      }
      const errors = await this.startMany(recs, recs.map(() => null), specs);
      for (let i = 0; i < recs.length; i++) if (errors[i] !== null) await this.recover(recs[i]);
      await this.drainRecovery();
      const failed = recs.filter((r) => r.sup.state === "stopped");
      if (failed.length > 0) {
        throw new ActorError(
          "SPAWN_FAILED",
          failed.map((r) => `actor ${r.name} could not start: ${r.sup.snapshot.context.lastCause}`)
            .join("; "),
        );
      }
    });
  }

  /**
   * Sends a message from the outside program (recorded as an INPUT entry). Returns `OK`, or the
   * refusal: `MAILBOX_FULL` (backpressure) or `ACTOR_STOPPED`. Unknown receivers throw
   * `UNKNOWN_ACTOR`. Large `Uint8Array`s in `body` are handed over (transferred) to the actor.
   */
  send(
    to: string,
    type: string,
    body: unknown = null,
    options: { delay?: number } = {},
  ): SendStatus {
    const attachments: Uint8Array[] = [];
    const payload = encodeBody(body, attachments);
    return this.sendEncoded(to, type, payload, attachments, options.delay ?? 0);
  }

  /** Replay helper: `send` with an already encoded body. */
  sendEncoded(
    to: string,
    type: string,
    payload: Uint8Array,
    attachments: Uint8Array[],
    delay = 0,
  ): SendStatus {
    this.guard();
    if (this.busy) {
      throw new ActorError(
        "BAD_ARGUMENT",
        "send() while a round or spawn is running: await it first",
      );
    }
    if (typeof type !== "string" || type.length === 0 || type.startsWith("$")) {
      throw new ActorError(
        "BAD_ARGUMENT",
        `message type ${JSON.stringify(type)}: non-empty, not starting with $`,
      );
    }
    checkInt("delay", delay, 0, 1_000_000_000);
    const target = this.byName.get(to);
    if (target === undefined) {
      throw new ActorError("UNKNOWN_ACTOR", `no actor named ${JSON.stringify(to)}`);
    }
    const seq = this.externalSeq++;
    const att = attachments.length > 0 ? attachmentDigest(attachments) : null;
    const index = this.trace.input(target.ordinal, seq, type, payload, att);
    if (attachments.length > 0) {
      this.trace.extras.set(
        index,
        encodeBody({ delay, attachments: attachments.map((a) => a.slice()) }),
      );
    } else if (delay > 0) this.trace.extras.set(index, encodeBody({ delay, attachments: [] }));
    if (target.sup.state === "stopped") {
      this.trace.bounce(EXTERNAL_ORDINAL, to, seq, "ACTOR_STOPPED");
      return "ACTOR_STOPPED";
    }
    const ok = target.mailbox.push({
      deliverAt: this.now + delay,
      time: this.now,
      round: this.roundNo,
      from: EXTERNAL_ORDINAL,
      seq,
      to: target.ordinal,
      type,
      payload,
      attachments,
      attachmentDigest: att,
    });
    if (!ok) {
      this.trace.bounce(EXTERNAL_ORDINAL, to, seq, "MAILBOX_FULL");
      return "MAILBOX_FULL";
    }
    return "OK";
  }

  /** Runs one round at the current time; false (and nothing recorded) when nothing is due. */
  runRound(): Promise<boolean> {
    return this.exclusive(() => this.round_());
  }

  private async round_(): Promise<boolean> {
    const due: ActorRecord[] = [];
    for (const rec of this.byOrdinal) {
      if (rec === undefined || rec.sup.state !== "running") continue;
      const next = rec.mailbox.nextDue();
      if (next !== null && next <= this.now) due.push(rec);
    }
    if (due.length === 0) return false;
    this.roundNo++;
    this.trace.round(this.now, this.roundNo);

    const taken = new Map<ActorRecord, Pending[]>();
    const injected = new Set<ActorRecord>();
    const perSlot = new Map<SlotRecord, Op[]>();
    for (const rec of due) {
      if (this.faults !== null && this.faults.crashBeforeRound(rec.name)) {
        injected.add(rec);
        continue;
      }
      let msgs = rec.mailbox.takeDue(this.now, rec.maxBatch);
      if (this.faults !== null) msgs = this.faults.reorder(rec.name, msgs);
      taken.set(rec, msgs);
      const ops = perSlot.get(rec.slot) ?? [];
      ops.push({
        op: "deliver",
        name: rec.name,
        messages: msgs.map((m) => ({
          from: this.nameOf(m.from),
          seq: m.seq,
          type: m.type,
          payload: m.payload,
          attachments: m.attachments,
        })),
      });
      perSlot.set(rec.slot, ops);
    }

    const outcomes = new Map<SlotRecord, OpResult[] | { dead: string }>();
    await Promise.all(
      [...perSlot].map(async ([slot, ops]) => outcomes.set(slot, await this.exec(slot, ops))),
    );

    const sends: Routed[] = [];
    const spawns: [ActorRecord, Uint8Array][] = [];
    const deadSlots = new Set<SlotRecord>();
    for (const rec of due) {
      if (injected.has(rec)) {
        this.crashed(rec, "injected crash", false);
        continue;
      }
      const msgs = taken.get(rec)!;
      const outcome = outcomes.get(rec.slot)!;
      if ("dead" in outcome) {
        // Which of the batch were handled before the Worker died is unknowable: none counts as
        // delivered and all bounce (at most once; a poison message cannot loop).
        for (const m of msgs) this.bounce(m.from, rec.name, m.seq, m.type, "LOST_IN_CRASH");
        if (!deadSlots.has(rec.slot)) {
          deadSlots.add(rec.slot);
          this.slotDied(rec.slot, null, outcome.dead);
        }
        continue;
      }
      assert(rec.sup.state === "running", "a live slot's actor is still running");
      const res = outcome.find((r) => r.name === rec.name)!;
      assert(res.processed <= msgs.length, "processed within batch");
      for (let i = 0; i < res.processed; i++) {
        const m = msgs[i];
        this.trace.deliver(m.from, m.to, m.seq, m.type, m.payload, m.attachmentDigest);
      }
      this.requeue(rec, msgs.slice(res.processed));
      this.absorb(rec, res, sends, spawns);
      if (res.error !== null) this.crashed(rec, res.error, false);
      else if (res.stopped !== null) await this.finishStop(rec, res.stopped, false);
    }
    for (const m of sends) this.route(m);
    await this.drainRecovery();
    await this.spawnChildren(spawns);
    return true;
  }

  /**
   * Puts taken-but-unhandled messages back. Messages with attachments cannot go back (their
   * buffers were handed to the host): they bounce as LOST_IN_CRASH, the same in every mode.
   */
  private requeue(rec: ActorRecord, msgs: Pending[]): void {
    const keep: Pending[] = [];
    for (const m of msgs) {
      if (m.attachments.length > 0) this.bounce(m.from, rec.name, m.seq, m.type, "LOST_IN_CRASH");
      else keep.push(m);
    }
    rec.mailbox.unshift(keep);
  }

  /** Runs rounds at the current time until nothing is due; returns how many ran. */
  runUntilIdle(maxRounds = 100_000): Promise<number> {
    return this.exclusive(async () => {
      let n = 0;
      while (await this.round_()) {
        if (++n >= maxRounds) {
          throw new ActorError(
            "LIMIT_EXCEEDED",
            `still busy after ${maxRounds} rounds at time ${this.now}`,
          );
        }
      }
      return n;
    });
  }

  private nextDue(): number | null {
    let best: number | null = null;
    for (const rec of this.byOrdinal) {
      if (rec === undefined || rec.sup.state !== "running") continue;
      const t = rec.mailbox.nextDue();
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  }

  private setTime(t: number): void {
    assert(t >= this.now, "time moves forward");
    if (t === this.now) return;
    this.now = t;
    this.trace.advance(t);
  }

  /** Replay helper: moves the clock without running rounds. */
  advanceClock(time: number): Promise<void> {
    return this.exclusive(() => {
      checkInt("time", time, this.now, Number.MAX_SAFE_INTEGER);
      this.setTime(time);
      return Promise.resolve();
    });
  }

  /**
   * Runs rounds until idle at each due time up to `time`, then sets the clock to `time`.
   * Returns the number of rounds run.
   */
  advanceTo(time: number, maxRounds = 100_000): Promise<number> {
    return this.exclusive(async () => {
      checkInt("time", time, this.now, Number.MAX_SAFE_INTEGER);
      let n = 0;
      for (;;) {
        while (await this.round_()) {
          if (++n >= maxRounds) {
            throw new ActorError("LIMIT_EXCEEDED", `still busy after ${maxRounds} rounds`);
          }
        }
        const next = this.nextDue();
        if (next === null || next > time) break;
        this.setTime(next);
      }
      this.setTime(time);
      return n;
    });
  }

  /** `advanceTo(time + ticks)`. */
  advance(ticks = 1): Promise<number> {
    return this.advanceTo(this.now + checkInt("ticks", ticks, 0, 1_000_000_000));
  }

  /**
   * Replaces the fault plan from the next round on; null switches fault injection off (to let a
   * simulated network heal, say). Recorded as a FAULTS entry, so replay switches at the same point;
   * the new plan continues the run's fault stream rather than restarting it. Refused (like
   * `send`) while a round or spawn is running; a bad plan is `BAD_ARGUMENT` and changes nothing.
   *
   * @example
   * ```ts
   * const sys = new ActorSystem({ seed: 1n, faults: { drop: 0.2 } });
   * // … rounds with lossy links …
   * sys.setFaults(null); // … and from here on, none
   * ```
   */
  setFaults(plan: FaultPlan | null): void {
    this.guard();
    if (this.busy) {
      throw new ActorError(
        "BAD_ARGUMENT",
        "setFaults() while a round or spawn is running: await it first",
      );
    }
    const next = plan === null ? null : new FaultInjector(plan, this.faultStream);
    this.faults = next;
    this.trace.faults(encodeBody(next?.plan ?? null));
  }

  /** The fault plan in force (null: none). */
  get faultPlanInForce(): FaultPlan | null {
    return this.faults === null ? null : this.faults.plan;
  }

  /** Crashes an actor now (fault injection from the test; recorded as external). */
  crash(name: string, cause = "crashed by the program"): Promise<void> {
    return this.exclusive(async () => {
      const rec = this.actor(name);
      if (rec.sup.state !== "running") {
        throw new ActorError("BAD_ARGUMENT", `actor ${name} is ${rec.sup.state}, not running`);
      }
      this.crashed(rec, cause, true);
      await this.drainRecovery();
    });
  }

  /** Stops an actor for good (its `stop` hook runs; queued messages bounce). */
  stop(name: string, reason = "stopped by the program"): Promise<void> {
    return this.exclusive(async () => {
      const rec = this.actor(name);
      if (rec.sup.state === "stopped") return;
      await this.finishStop(rec, reason, true);
      await this.drainRecovery();
    });
  }

  private actor(name: string): ActorRecord {
    const rec = this.byName.get(name);
    if (rec === undefined) {
      throw new ActorError("UNKNOWN_ACTOR", `no actor named ${JSON.stringify(name)}`);
    }
    return rec;
  }

  /** Takes (and clears) the messages actors sent to the outside program, in delivery order. */
  takeOutbox(): Output[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /** Mailbox status of an actor. */
  mailbox(name: string): MailboxStatus {
    const box = this.actor(name).mailbox;
    return { size: box.size, capacity: box.capacity, full: box.full };
  }

  /** What the system knows about an actor. */
  info(name: string): ActorInfo {
    const rec = this.actor(name);
    return {
      name: rec.name,
      ordinal: rec.ordinal,
      supervision: rec.sup.state,
      state: rec.lastState,
      incarnation: rec.incarnation,
      lastCrash: rec.sup.snapshot.context.lastCause,
    };
  }

  /** Names of all actors, in spawn order. */
  actors(): string[] {
    return this.byOrdinal.filter((r) => r !== undefined).map((r) => r!.name);
  }

  /** Number of Workers (or in-process hosts) currently started. */
  get hostCount(): number {
    return this.slots.filter((s) => s.host !== null && s.host.dead === null).length;
  }

  /** The recorded trace as a file (msgpack; see trace.ts). Throws TRACE_TRUNCATED if not kept. */
  traceFile(): Uint8Array {
    return encodeTraceFile(this.header, this.trace);
  }

  /** Writes the trace file to `path`. */
  async writeTrace(path: string | URL): Promise<void> {
    await Deno.writeFile(path, this.traceFile());
  }

  /** Terminates every Worker. Idempotent. Further calls throw `SYSTEM_CLOSED`. */
  async shutdown(): Promise<void> {
    await this.lock;
    this.closed = true;
    for (const s of this.slots) {
      s.host?.close();
      s.host = null;
    }
  }
}

/** Errors that refuse one call but leave the system usable. */
const RECOVERABLE = new Set<string>([
  "UNKNOWN_ACTOR",
  "DUPLICATE_ACTOR",
  "BAD_ARGUMENT",
  "SPAWN_FAILED",
  "PAYLOAD_TOO_LARGE",
  "BIGINT_TOO_LARGE",
  "UNSUPPORTED_VALUE",
  "LIMIT_EXCEEDED",
]);

/** Throws BAD_ARGUMENT unless `policy` is a valid restart policy. */
function checkPolicy(policy: Partial<SupervisionPolicy>): void {
  try {
    new Lifecycle(supervisionMachine, policy);
  } catch (e) {
    throw new ActorError("BAD_ARGUMENT", `supervision policy: ${(e as Error).message}`);
  }
  const from = policy.restartFrom;
  if (from !== undefined && from !== "checkpoint" && from !== "fresh") {
    throw new ActorError("BAD_ARGUMENT", `supervision.restartFrom must be "checkpoint" or "fresh"`);
  }
}

function stateOf(rec: ActorRecord): string {
  return rec.sup.state;
}
