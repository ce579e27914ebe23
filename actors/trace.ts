/**
 * The trace: every delivered message and every lifecycle event of a run, in order, as compact
 * msgpack entries, chained with blake2b. The chain has one link per round:
 * `link = blake2b(previous link ‖ every entry since the previous ROUND entry)`, starting from
 * `blake2b("pvm-actors/trace/v1" ‖ seed)`; the trace hash is the link over everything so far.
 * Entries never contain wall-clock times, thread ids, Worker numbers or xstate session ids, so
 * the hash depends only on the seed, the behaviours and the inputs.
 *
 * Entry layout (msgpack arrays; actors in hot entries are ordinals: 0 `$system`, 1 `$ext`,
 * 2… in spawn order, resolved by the SPAWN entries):
 *
 * | kind | fields |
 * |---|---|
 * | 1 ROUND | time, round |
 * | 2 ADVANCE | time |
 * | 3 SPAWN | ordinal, name, parent ordinal, behaviour id, incarnation, input bytes |
 * | 4 INPUT | to, seq, type, body bytes, attachment digest or nil |
 * | 5 DELIVER | from, to, seq, type, body bytes, attachment digest or nil |
 * | 6 DROP | from, to, seq |
 * | 7 BOUNCE | from, to (name), seq, code |
 * | 8 STATE | actor, state |
 * | 9 SUPERVISION | actor, from state, event, to state |
 * | 10 CRASH | actor, cause, injected from outside (bool) |
 * | 11 CHECKPOINT | actor, digest |
 * | 12 STOP | actor, reason, from outside (bool) |
 * | 13 DELAY | from, to, seq, extra ticks |
 * | 14 FAULTS | the fault plan from now on (encoded body; nil = none) |
 *
 * @example
 * ```ts
 * import { TraceLog } from "./trace.ts";
 * const t = new TraceLog(1n);
 * t.round(0, 1);
 * t.hash(); // 64 hex digits
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { quickHash64 } from "./quick_hash.ts";
import { decodeBody, encodeBody } from "./codec.ts";
import { ActorError } from "./errors.ts";
import { decodeMsgpack, encodeMsgpack } from "./msgpack.ts";
import { MsgReader, MsgWriter, skipValue } from "./wire.ts";

/** Entry kinds. */
export const ENTRY = {
  ROUND: 1,
  ADVANCE: 2,
  SPAWN: 3,
  INPUT: 4,
  DELIVER: 5,
  DROP: 6,
  BOUNCE: 7,
  STATE: 8,
  SUPERVISION: 9,
  CRASH: 10,
  CHECKPOINT: 11,
  STOP: 12,
  DELAY: 13,
  FAULTS: 14,
} as const;

/** Ordinal of the `$system` pseudo-actor. */
export const SYSTEM_ORDINAL = 0;
/** Ordinal of the `$ext` pseudo-actor (the outside program). */
export const EXTERNAL_ORDINAL = 1;

const DOMAIN = new TextEncoder().encode("pvm-actors/trace/v1");

/** Hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** The chain's first link for `seed`. */
export function genesisLink(seed: bigint): Uint8Array {
  const msg = new Uint8Array(DOMAIN.length + 8);
  msg.set(DOMAIN);
  new DataView(msg.buffer).setBigUint64(DOMAIN.length, seed, true);
  return blake2b(msg, { dkLen: 32 });
}

function link(prev: Uint8Array, segment: Uint8Array): Uint8Array {
  const h = blake2b.create({ dkLen: 32 });
  h.update(prev);
  h.update(segment);
  return h.digest();
}

/**
 * 16-byte digest of message attachments: blake2b over each part's length and its
 * `quickHash64`. Attachments are bulk bytes (frames, asset data); blake2b over all of them cost
 * ~3.7 ms per 118 KB frame on the main thread, the quick hash ~0.05 ms. Collisions of a 64-bit
 * non-cryptographic hash do not matter for what the trace is for — telling two runs apart — and
 * the chain over entries stays blake2b.
 */
export function attachmentDigest(parts: readonly Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 16 });
  const head = new Uint8Array(12);
  const view = new DataView(head.buffer);
  for (const p of parts) {
    const q = quickHash64(p);
    view.setUint32(0, p.length, true);
    view.setUint32(4, parseInt(q.slice(0, 8), 16), true);
    view.setUint32(8, parseInt(q.slice(8), 16), true);
    h.update(head);
  }
  return h.digest();
}

/**
 * Hex digest of what a trace file holds besides the hash-chained entries: the encoded header
 * (seed, run options) and the side data (spawn specs, input attachments) — blake2b over the
 * header, then each item's entry index, length and bytes, in index order.
 */
function sideDigest(header: Uint8Array, extras: ReadonlyMap<number, Uint8Array>): string {
  const h = blake2b.create({ dkLen: 16 });
  h.update(header);
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  for (const i of [...extras.keys()].sort((a, b) => a - b)) {
    const b = extras.get(i)!;
    view.setUint32(0, i, true);
    view.setUint32(4, b.length, true);
    h.update(head);
    h.update(b);
  }
  return toHex(h.digest());
}

/** 16-byte blake2b digest (checkpoints). */
export function digest16(parts: readonly Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 16 });
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Where a replay first differs from the recording. */
export interface Divergence {
  /** Entry index (0-based). */
  index: number;
  /** The recorded entry bytes (null when the replay produced more entries than recorded). */
  expected: Uint8Array | null;
  /** The replayed entry bytes (null when the replay stopped short). */
  actual: Uint8Array | null;
}

/** Recorded entries to check a new run against, entry by entry. */
export interface ExpectedEntries {
  /** All entry bytes, concatenated. */
  bytes: Uint8Array;
  /** Start offset of each entry, plus the end as the last element. */
  offsets: number[];
}

/** Options of a trace log. */
export interface TraceLogOptions {
  /** Keep entry bytes in memory (to write a file or draw) up to this many bytes; 0 keeps none. */
  keepBytes?: number;
  /** Compare every entry with these and record the first divergence. */
  expected?: ExpectedEntries | null;
}

/** Default in-memory limit of a kept trace. */
export const DEFAULT_KEEP_BYTES = 256 * 1024 * 1024;

/** Writes, hashes and (optionally) keeps and checks trace entries. */
export class TraceLog {
  private readonly w = new MsgWriter(64 * 1024);
  private link: Uint8Array;
  private readonly keepBytes: number;
  private readonly kept: Uint8Array[] = [];
  private keptSize = 0;
  private start = 0;
  private readonly expected: ExpectedEntries | null;
  /** Entries written so far. */
  count = 0;
  /** True when the kept bytes hit the limit (the hash is still complete). */
  truncated = false;
  /** First difference from the expected entries, or null. */
  divergence: Divergence | null = null;
  /** Side data per entry index (behaviour URL of a spawn, attachments of an input). */
  readonly extras = new Map<number, Uint8Array>();

  /** Starts an empty trace for `seed`. */
  constructor(readonly seed: bigint, options: TraceLogOptions = {}) {
    this.link = genesisLink(seed);
    this.keepBytes = options.keepBytes ?? DEFAULT_KEEP_BYTES;
    this.expected = options.expected ?? null;
  }

  private begin(kind: number, fields: number): MsgWriter {
    this.start = this.w.pos;
    this.w.array(fields + 1);
    this.w.uint(kind);
    return this.w;
  }

  private end(): void {
    const index = this.count++;
    if (this.expected === null || this.divergence !== null) return;
    const actual = this.w.peek().subarray(this.start);
    const offs = this.expected.offsets;
    if (index + 1 >= offs.length) {
      this.divergence = { index, expected: null, actual: actual.slice() };
      return;
    }
    const exp = this.expected.bytes.subarray(offs[index], offs[index + 1]);
    if (exp.length !== actual.length || !exp.every((b, i) => b === actual[i])) {
      this.divergence = { index, expected: exp.slice(), actual: actual.slice() };
    }
  }

  private flush(): void {
    const seg = this.w.peek();
    if (seg.length === 0) return;
    this.link = link(this.link, seg);
    if (!this.truncated && this.keepBytes > 0) {
      if (this.keptSize + seg.length > this.keepBytes) this.truncated = true;
      else {
        this.kept.push(seg.slice());
        this.keptSize += seg.length;
      }
    }
    this.w.reset();
  }

  /** A new round starts (closes the previous link of the chain). */
  round(time: number, round: number): void {
    this.flush();
    const w = this.begin(ENTRY.ROUND, 2);
    w.uint(time);
    w.uint(round);
    this.end();
  }

  /** Virtual time moved to `time`. */
  advance(time: number): void {
    this.begin(ENTRY.ADVANCE, 1).uint(time);
    this.end();
  }

  /** An actor started (or restarted: incarnation > 0). */
  spawn(
    ordinal: number,
    name: string,
    parent: number,
    behaviourId: string,
    incarnation: number,
    input: Uint8Array,
  ): number {
    const w = this.begin(ENTRY.SPAWN, 6);
    w.uint(ordinal);
    w.str(name);
    w.uint(parent);
    w.str(behaviourId);
    w.uint(incarnation);
    w.bin(input);
    this.end();
    return this.count - 1;
  }

  /** The outside program sent a message. Returns the entry index. */
  input(
    to: number,
    seq: number,
    type: string,
    payload: Uint8Array,
    att: Uint8Array | null,
  ): number {
    const w = this.begin(ENTRY.INPUT, 5);
    w.uint(to);
    w.uint(seq);
    w.str(type);
    w.bin(payload);
    w.binOrNil(att);
    this.end();
    return this.count - 1;
  }

  /** A message was delivered (handled by its receiver, or taken by the outside program). */
  deliver(
    from: number,
    to: number,
    seq: number,
    type: string,
    payload: Uint8Array,
    att: Uint8Array | null,
  ): void {
    const w = this.begin(ENTRY.DELIVER, 6);
    w.uint(from);
    w.uint(to);
    w.uint(seq);
    w.str(type);
    w.bin(payload);
    w.binOrNil(att);
    this.end();
  }

  /** A message was dropped by fault injection. */
  drop(from: number, to: number, seq: number): void {
    const w = this.begin(ENTRY.DROP, 3);
    w.uint(from);
    w.uint(to);
    w.uint(seq);
    this.end();
  }

  /** A message was refused (mailbox full, unknown or stopped receiver, lost in a crash). */
  bounce(from: number, to: string, seq: number, code: string): void {
    const w = this.begin(ENTRY.BOUNCE, 4);
    w.uint(from);
    w.str(to);
    w.uint(seq);
    w.str(code);
    this.end();
  }

  /** A message was delayed by fault injection. */
  delay(from: number, to: number, seq: number, ticks: number): void {
    const w = this.begin(ENTRY.DELAY, 4);
    w.uint(from);
    w.uint(to);
    w.uint(seq);
    w.uint(ticks);
    this.end();
  }

  /** An actor reported a lifecycle state. */
  state(actor: number, state: string): void {
    const w = this.begin(ENTRY.STATE, 2);
    w.uint(actor);
    w.str(state);
    this.end();
  }

  /** An actor's supervision machine took a transition. */
  supervision(actor: number, from: string, event: string, to: string): void {
    const w = this.begin(ENTRY.SUPERVISION, 4);
    w.uint(actor);
    w.str(from);
    w.str(event);
    w.str(to);
    this.end();
  }

  /** An actor crashed. */
  crash(actor: number, cause: string, external: boolean): void {
    const w = this.begin(ENTRY.CRASH, 3);
    w.uint(actor);
    w.str(cause);
    w.bool(external);
    this.end();
  }

  /** An actor saved a checkpoint. */
  checkpoint(actor: number, digest: Uint8Array): void {
    const w = this.begin(ENTRY.CHECKPOINT, 2);
    w.uint(actor);
    w.bin(digest);
    this.end();
  }

  /** An actor stopped. */
  stop(actor: number, reason: string, external: boolean): void {
    const w = this.begin(ENTRY.STOP, 3);
    w.uint(actor);
    w.str(reason);
    w.bool(external);
    this.end();
  }

  /** The program changed the fault plan (`plan` is an encoded body; null encoded = none). */
  faults(plan: Uint8Array): void {
    this.begin(ENTRY.FAULTS, 1).bin(plan);
    this.end();
  }

  /** The trace hash so far (hex), without closing the current link. */
  hash(): string {
    return toHex(link(this.link, this.w.peek()));
  }

  /** Every entry kept so far, concatenated; throws TRACE_TRUNCATED when the limit was hit. */
  bytes(): Uint8Array {
    if (this.truncated || (this.keepBytes === 0 && this.count > 0)) {
      throw new ActorError(
        "TRACE_TRUNCATED",
        `the trace was not kept whole (limit ${this.keepBytes} bytes); raise keepTraceBytes`,
      );
    }
    const cur = this.w.peek();
    const out = new Uint8Array(this.keptSize + cur.length);
    let p = 0;
    for (const s of this.kept) {
      out.set(s, p);
      p += s.length;
    }
    out.set(cur, p);
    return out;
  }
}

/**
 * Splits concatenated entries into start offsets (plus the end).
 *
 * @example
 * ```ts
 * splitEntries(new TraceLog(0n).bytes()); // [0]
 * ```
 */
export function splitEntries(bytes: Uint8Array): number[] {
  const r = new MsgReader(bytes);
  const offsets = [0];
  while (!r.done) offsets.push(skipValue(r));
  return offsets;
}

/**
 * Recomputes the hash of concatenated entries for `seed` (links close before each ROUND).
 *
 * @example
 * ```ts
 * const t = new TraceLog(5n); t.round(0, 1);
 * chainHash(5n, t.bytes()) === t.hash(); // true
 * ```
 */
export function chainHash(seed: bigint, bytes: Uint8Array, offsets = splitEntries(bytes)): string {
  let l = genesisLink(seed);
  let segStart = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const kind = bytes[offsets[i] + 1];
    if (kind === ENTRY.ROUND && offsets[i] > segStart) {
      l = link(l, bytes.subarray(segStart, offsets[i]));
      segStart = offsets[i];
    }
  }
  return toHex(link(l, bytes.subarray(segStart)));
}

/** A decoded trace entry, with actor names resolved and the time and round it happened at. */
export type TraceEvent =
  & { index: number; time: number; round: number }
  & (
    | { kind: "round" }
    | { kind: "advance" }
    | {
      kind: "spawn";
      actor: string;
      ordinal: number;
      parent: string;
      behaviour: string;
      incarnation: number;
      input: Uint8Array;
    }
    | {
      kind: "input";
      to: string;
      seq: number;
      type: string;
      body: Uint8Array;
      attachments: string | null;
    }
    | {
      kind: "deliver";
      from: string;
      to: string;
      seq: number;
      type: string;
      body: Uint8Array;
      attachments: string | null;
    }
    | { kind: "drop"; from: string; to: string; seq: number }
    | { kind: "bounce"; from: string; to: string; seq: number; code: string }
    | { kind: "delay"; from: string; to: string; seq: number; ticks: number }
    | { kind: "state"; actor: string; state: string }
    | { kind: "supervision"; actor: string; from: string; event: string; to: string }
    | { kind: "crash"; actor: string; cause: string; external: boolean }
    | { kind: "checkpoint"; actor: string; digest: string }
    | { kind: "stop"; actor: string; reason: string; external: boolean }
    | { kind: "faults"; plan: Record<string, unknown> | null }
  );

/**
 * Decodes concatenated entries into readable events.
 *
 * @example
 * ```ts
 * const t = new TraceLog(0n); t.round(0, 1);
 * decodeEntries(t.bytes())[0].kind; // "round"
 * ```
 */
export function decodeEntries(bytes: Uint8Array): TraceEvent[] {
  const names = new Map<number, string>([[0, "$system"], [1, "$ext"]]);
  const name = (o: number) => names.get(o) ?? `#${o}`;
  const r = new MsgReader(bytes);
  const out: TraceEvent[] = [];
  let time = 0;
  let round = 0;
  while (!r.done) {
    const index = out.length;
    const n = r.array();
    const kind = r.uint();
    const at = () => ({ index, time, round });
    switch (kind) {
      case ENTRY.ROUND:
        time = r.uint();
        round = r.uint();
        out.push({ ...at(), kind: "round" });
        break;
      case ENTRY.ADVANCE:
        time = r.uint();
        out.push({ ...at(), kind: "advance" });
        break;
      case ENTRY.SPAWN: {
        const ordinal = r.uint();
        const actor = r.str();
        names.set(ordinal, actor);
        out.push({
          ...at(),
          kind: "spawn",
          ordinal,
          actor,
          parent: name(r.uint()),
          behaviour: r.str(),
          incarnation: r.uint(),
          input: r.bin(),
        });
        break;
      }
      case ENTRY.INPUT:
        out.push({
          ...at(),
          kind: "input",
          to: name(r.uint()),
          seq: r.uint(),
          type: r.str(),
          body: r.bin(),
          attachments: hexOrNull(r.binOrNil()),
        });
        break;
      case ENTRY.DELIVER:
        out.push({
          ...at(),
          kind: "deliver",
          from: name(r.uint()),
          to: name(r.uint()),
          seq: r.uint(),
          type: r.str(),
          body: r.bin(),
          attachments: hexOrNull(r.binOrNil()),
        });
        break;
      case ENTRY.DROP:
        out.push({
          ...at(),
          kind: "drop",
          from: name(r.uint()),
          to: name(r.uint()),
          seq: r.uint(),
        });
        break;
      case ENTRY.BOUNCE:
        out.push({
          ...at(),
          kind: "bounce",
          from: name(r.uint()),
          to: r.str(),
          seq: r.uint(),
          code: r.str(),
        });
        break;
      case ENTRY.DELAY:
        out.push({
          ...at(),
          kind: "delay",
          from: name(r.uint()),
          to: name(r.uint()),
          seq: r.uint(),
          ticks: r.uint(),
        });
        break;
      case ENTRY.STATE:
        out.push({ ...at(), kind: "state", actor: name(r.uint()), state: r.str() });
        break;
      case ENTRY.SUPERVISION:
        out.push({
          ...at(),
          kind: "supervision",
          actor: name(r.uint()),
          from: r.str(),
          event: r.str(),
          to: r.str(),
        });
        break;
      case ENTRY.CRASH:
        out.push({
          ...at(),
          kind: "crash",
          actor: name(r.uint()),
          cause: r.str(),
          external: r.bool(),
        });
        break;
      case ENTRY.CHECKPOINT:
        out.push({ ...at(), kind: "checkpoint", actor: name(r.uint()), digest: toHex(r.bin()) });
        break;
      case ENTRY.STOP:
        out.push({
          ...at(),
          kind: "stop",
          actor: name(r.uint()),
          reason: r.str(),
          external: r.bool(),
        });
        break;
      case ENTRY.FAULTS: {
        const plan = decodePlan(r.bin());
        out.push({ ...at(), kind: "faults", plan });
        break;
      }
      default:
        throw new ActorError("TRACE_MALFORMED", `unknown trace entry kind ${kind} (${n} fields)`);
    }
  }
  return out;
}

function decodePlan(bytes: Uint8Array): Record<string, unknown> | null {
  let plan: unknown;
  try {
    plan = decodeBody(bytes);
  } catch (e) {
    throw new ActorError("TRACE_MALFORMED", `FAULTS entry: ${(e as Error).message}`);
  }
  if (plan !== null && (typeof plan !== "object" || Array.isArray(plan))) {
    throw new ActorError("TRACE_MALFORMED", "FAULTS entry: the plan is not an object");
  }
  return plan as Record<string, unknown> | null;
}

function hexOrNull(b: Uint8Array | null): string | null {
  return b === null ? null : toHex(b);
}

/**
 * A body from a trace, decoded for display (attachments show as `<attachment>` markers).
 *
 * @example
 * ```ts
 * import { encodeBody } from "./codec.ts";
 * bodyForDisplay(encodeBody({ n: 1 })); // { n: 1 }
 * ```
 */
export function bodyForDisplay(body: Uint8Array): unknown {
  const marker = new TextEncoder().encode("<attachment>");
  try {
    return decodeBody(body, Array.from({ length: 256 }, () => marker));
  } catch {
    return "<undecodable>";
  }
}

/** The run parameters a trace file records (what replay needs besides the entries). */
export interface TraceHeader {
  /** Run seed. */
  seed: bigint;
  /** Scheduler options that change behaviour (capacities, faults, supervision defaults). */
  options: Record<string, unknown>;
}

/** A trace file's content. */
export interface TraceFile {
  /** Run parameters. */
  header: TraceHeader;
  /** All entries, concatenated. */
  entries: Uint8Array;
  /** Entry start offsets plus the end. */
  offsets: number[];
  /** The trace hash (verified on read). */
  hash: string;
  /** Side data per entry index. */
  extras: Map<number, Uint8Array>;
}

const FORMAT = "pvm-actors-trace";
/** The fields of a trace file's outer map (`sideDigest` is absent from older files). */
const FILE_FIELDS = new Set([
  "format",
  "version",
  "header",
  "entries",
  "count",
  "hash",
  "extras",
  "sideDigest",
]);

/** The file's outer map has no extension values (the header is an encoded body). */
const FILE_WRITE = {
  ext(v: unknown): null {
    if (v instanceof Uint8Array) return null;
    throw new ActorError("BAD_ARGUMENT", "trace files hold only plain values");
  },
};
const FILE_READ = {
  ext(): never {
    throw new ActorError("TRACE_MALFORMED", "unexpected extension value in a trace file");
  },
};
/**
 * Encodes a trace file (msgpack).
 *
 * @example
 * ```ts
 * const log = new TraceLog(1n);
 * const bytes = encodeTraceFile({ seed: 1n, options: {} }, log);
 * ```
 */
export function encodeTraceFile(header: TraceHeader, log: TraceLog): Uint8Array {
  const entries = log.bytes();
  const headerBytes = encodeBody(header);
  return encodeMsgpack(
    {
      format: FORMAT,
      version: 1,
      header: headerBytes,
      entries,
      count: log.count,
      hash: log.hash(),
      extras: [...log.extras.entries()].map(([i, b]) => [i, b]),
      sideDigest: sideDigest(headerBytes, log.extras),
    },
    FILE_WRITE,
    entries.length + 4096,
  );
}

/**
 * Decodes and verifies a trace file (format, entry count, hash chain); bad files are
 * `TRACE_MALFORMED`.
 *
 * @example
 * ```ts
 * const log = new TraceLog(1n);
 * decodeTraceFile(encodeTraceFile({ seed: 1n, options: {} }, log)).hash === log.hash(); // true
 * ```
 */
export function decodeTraceFile(bytes: Uint8Array): TraceFile {
  const bad = (what: string) =>
    new ActorError("TRACE_MALFORMED", `not a valid trace file: ${what}`);
  let raw: Record<string, unknown>;
  try {
    raw = decodeMsgpack(bytes, FILE_READ) as Record<string, unknown>;
  } catch (e) {
    throw bad((e as Error).message);
  }
  if (typeof raw !== "object" || raw === null || raw.format !== FORMAT) {
    throw bad("wrong format tag");
  }
  if (raw.version !== 1) throw bad(`unsupported version ${raw.version}`);
  for (const key of Object.keys(raw)) {
    if (!FILE_FIELDS.has(key)) throw bad(`unexpected field ${JSON.stringify(key)}`);
  }
  if (!(raw.header instanceof Uint8Array) || !(raw.entries instanceof Uint8Array)) {
    throw bad("missing header or entries");
  }
  let header: TraceHeader;
  try {
    header = decodeBody(raw.header) as TraceHeader;
  } catch (e) {
    throw bad(`header: ${(e as Error).message}`);
  }
  if (typeof header?.seed !== "bigint") throw bad("header has no seed");
  let offsets: number[];
  try {
    offsets = splitEntries(raw.entries);
  } catch (e) {
    throw bad(`entries: ${(e as Error).message}`);
  }
  if (offsets.length - 1 !== raw.count) {
    throw bad(`entry count ${offsets.length - 1} ≠ ${raw.count}`);
  }
  const hash = chainHash(header.seed, raw.entries, offsets);
  if (hash !== raw.hash) throw bad(`hash mismatch: recorded ${raw.hash}, computed ${hash}`);
  const extras = new Map<number, Uint8Array>();
  const list = raw.extras ?? [];
  if (!Array.isArray(list)) throw bad("extras is not a list");
  for (const e of list as unknown[]) {
    if (
      !Array.isArray(e) || e.length !== 2 || !Number.isSafeInteger(e[0]) || e[0] < 0 ||
      e[0] >= offsets.length - 1 || !(e[1] instanceof Uint8Array)
    ) {
      throw bad("an extras item is not [entry index, bytes]");
    }
    try {
      decodeBody(e[1]);
    } catch (err) {
      throw bad(`extras of entry ${e[0]}: ${(err as Error).message}`);
    }
    extras.set(e[0], e[1]);
  }
  // Files written before the digest existed have none; every file written now has one.
  if (raw.sideDigest !== undefined && raw.sideDigest !== sideDigest(raw.header, extras)) {
    throw bad("header or extras digest mismatch (run options or spawn/input side data changed)");
  }
  return { header, entries: raw.entries, offsets, hash, extras };
}
