/**
 * The wire protocol between the scheduler (main thread) and an actor host (a Worker, or the
 * in-process host): one request (a {@link Batch} of operations) and one {@link Reply} per host
 * per round, each encoded as one msgpack buffer (tuples, see `wire.ts`) that is transferred,
 * plus a list of attachments (large binary bodies, transferred too).
 *
 * @example
 * ```ts
 * import { decodeBatch, encodeBatch } from "./protocol.ts";
 * const { bytes, attachments } = encodeBatch({ time: 0, round: 1, ops: [] });
 * decodeBatch(bytes, attachments).round; // 1
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";
import { MsgReader, MsgWriter } from "./wire.ts";

/** Start an actor (fresh, or from a checkpoint). */
export interface SpawnOp {
  /** Operation tag. */
  op: "spawn";
  /** Actor name. */
  name: string;
  /** Parent name. */
  parent: string;
  /** Behaviour module URL. */
  url: string;
  /** Behaviour export name. */
  exportName: string;
  /** PRNG state words for this incarnation. */
  seedWords: number[];
  /** 0 for the first start, +1 per restart. */
  incarnation: number;
  /** Encoded input. */
  input: Uint8Array;
  /** Encoded checkpoint to restore from, or null for a fresh start. */
  checkpoint: Uint8Array | null;
}

/** A message on the wire. */
export interface WireMessage {
  /** Sender name. */
  from: string;
  /** Sender sequence number. */
  seq: number;
  /** Message type. */
  type: string;
  /** Encoded body. */
  payload: Uint8Array;
  /** Out-of-band attachments of the body. */
  attachments: Uint8Array[];
}

/** Deliver messages, in order, to one actor. */
export interface DeliverOp {
  /** Operation tag. */
  op: "deliver";
  /** Actor name. */
  name: string;
  /** Messages in delivery order. */
  messages: WireMessage[];
}

/** Stop an actor. */
export interface StopOp {
  /** Operation tag. */
  op: "stop";
  /** Actor name. */
  name: string;
  /** Why. */
  reason: string;
}

/** One operation of a batch. */
export type Op = SpawnOp | DeliverOp | StopOp;

/** Everything one host does in one round. */
export interface Batch {
  /** Virtual time. */
  time: number;
  /** Round number. */
  round: number;
  /** Operations, in order. */
  ops: Op[];
}

/** A message an actor sent. */
export interface WireSend {
  /** Receiver name. */
  to: string;
  /** Message type. */
  type: string;
  /** Encoded body. */
  payload: Uint8Array;
  /** Delay in ticks. */
  delay: number;
  /** Out-of-band attachments. */
  attachments: Uint8Array[];
}

/** What one operation produced. */
export interface OpResult {
  /** Actor name. */
  name: string;
  /** Messages handled (the one that threw included). */
  processed: number;
  /** Messages sent, in order. */
  sends: WireSend[];
  /** Lifecycle states reported, in order. */
  states: string[];
  /** The last checkpoint saved, or null. */
  checkpoint: Uint8Array | null;
  /** Error (crash cause) or null. */
  error: string | null;
  /** Stop reason when the actor stopped itself, or null. */
  stopped: string | null;
  /** Encoded child specs. */
  spawns: Uint8Array[];
}

/** A host's answer to a batch: one result per operation, in order. */
export interface Reply {
  /** Results, one per op. */
  results: OpResult[];
}

const TAG = { spawn: 1, deliver: 2, stop: 3 } as const;

function writeMessages(
  w: MsgWriter,
  list: { payload: Uint8Array; attachments: Uint8Array[] }[],
  out: Uint8Array[],
  head: (m: never) => void,
  width: number,
): void {
  w.array(list.length);
  for (const m of list) {
    w.array(width);
    head(m as never);
    w.bin(m.payload);
    w.uint(m.attachments.length);
    for (const a of m.attachments) out.push(a);
  }
}

/**
 * Encodes a batch; attachments come back separately, in order.
 *
 * @example
 * ```ts
 * encodeBatch({ time: 3, round: 9, ops: [{ op: "stop", name: "a", reason: "done" }] });
 * ```
 */
export function encodeBatch(batch: Batch): { bytes: Uint8Array; attachments: Uint8Array[] } {
  const w = new MsgWriter(1024);
  const attachments: Uint8Array[] = [];
  w.array(3);
  w.uint(batch.time);
  w.uint(batch.round);
  w.array(batch.ops.length);
  for (const op of batch.ops) {
    switch (op.op) {
      case "spawn":
        w.array(10);
        w.uint(TAG.spawn);
        w.str(op.name);
        w.str(op.parent);
        w.str(op.url);
        w.str(op.exportName);
        w.array(4);
        for (const s of op.seedWords) w.uint(s);
        w.uint(op.incarnation);
        w.bin(op.input);
        w.binOrNil(op.checkpoint);
        w.nil();
        break;
      case "deliver":
        w.array(3);
        w.uint(TAG.deliver);
        w.str(op.name);
        writeMessages(w, op.messages, attachments, (m: WireMessage) => {
          w.str(m.from);
          w.uint(m.seq);
          w.str(m.type);
        }, 5);
        break;
      case "stop":
        w.array(3);
        w.uint(TAG.stop);
        w.str(op.name);
        w.str(op.reason);
        break;
    }
  }
  return { bytes: w.finish(), attachments };
}

function takeAttachments(
  all: readonly Uint8Array[],
  cursor: { i: number },
  n: number,
): Uint8Array[] {
  if (cursor.i + n > all.length) {
    throw new ActorError("MALFORMED_MESSAGE", "envelope refers to missing attachments");
  }
  const out = all.slice(cursor.i, cursor.i + n);
  cursor.i += n;
  return out;
}

/**
 * Decodes a batch made by {@link encodeBatch}.
 *
 * @example
 * ```ts
 * const { bytes, attachments } = encodeBatch({ time: 0, round: 0, ops: [] });
 * decodeBatch(bytes, attachments).ops.length; // 0
 * ```
 */
export function decodeBatch(bytes: Uint8Array, attachments: readonly Uint8Array[]): Batch {
  const r = new MsgReader(bytes);
  const cursor = { i: 0 };
  r.tuple(3, "batch");
  const time = r.uint();
  const round = r.uint();
  const n = r.array();
  const ops: Op[] = [];
  for (let k = 0; k < n; k++) {
    const width = r.array();
    const tag = r.uint();
    if (tag === TAG.spawn && width === 10) {
      const name = r.str();
      const parent = r.str();
      const url = r.str();
      const exportName = r.str();
      r.tuple(4, "seed words");
      const seedWords = [r.uint(), r.uint(), r.uint(), r.uint()];
      const incarnation = r.uint();
      const input = r.bin();
      const checkpoint = r.binOrNil();
      r.nil();
      ops.push({
        op: "spawn",
        name,
        parent,
        url,
        exportName,
        seedWords,
        incarnation,
        input,
        checkpoint,
      });
    } else if (tag === TAG.deliver && width === 3) {
      const name = r.str();
      const count = r.array();
      const messages: WireMessage[] = [];
      for (let i = 0; i < count; i++) {
        r.tuple(5, "message");
        const from = r.str();
        const seq = r.uint();
        const type = r.str();
        const payload = r.bin();
        messages.push({
          from,
          seq,
          type,
          payload,
          attachments: takeAttachments(attachments, cursor, r.uint()),
        });
      }
      ops.push({ op: "deliver", name, messages });
    } else if (tag === TAG.stop && width === 3) {
      ops.push({ op: "stop", name: r.str(), reason: r.str() });
    } else {
      throw new ActorError("MALFORMED_MESSAGE", `unknown batch operation ${tag}/${width}`);
    }
  }
  if (!r.done) throw new ActorError("MALFORMED_MESSAGE", "trailing bytes after batch");
  if (cursor.i !== attachments.length) {
    throw new ActorError("MALFORMED_MESSAGE", "batch carries unreferenced attachments");
  }
  return { time, round, ops };
}

/**
 * Encodes a reply; attachments come back separately, in order.
 *
 * @example
 * ```ts
 * encodeReply({ results: [] }).bytes.length; // 2
 * ```
 */
export function encodeReply(reply: Reply): { bytes: Uint8Array; attachments: Uint8Array[] } {
  const w = new MsgWriter(1024);
  const attachments: Uint8Array[] = [];
  w.array(1);
  w.array(reply.results.length);
  for (const res of reply.results) {
    w.array(8);
    w.str(res.name);
    w.uint(res.processed);
    writeMessages(w, res.sends, attachments, (s: WireSend) => {
      w.str(s.to);
      w.str(s.type);
      w.uint(s.delay);
    }, 5);
    w.array(res.states.length);
    for (const s of res.states) w.str(s);
    w.binOrNil(res.checkpoint);
    if (res.error === null) w.nil();
    else w.str(res.error);
    if (res.stopped === null) w.nil();
    else w.str(res.stopped);
    w.array(res.spawns.length);
    for (const s of res.spawns) w.bin(s);
  }
  return { bytes: w.finish(), attachments };
}

/**
 * Decodes a reply made by {@link encodeReply}.
 *
 * @example
 * ```ts
 * const { bytes, attachments } = encodeReply({ results: [] });
 * decodeReply(bytes, attachments).results; // []
 * ```
 */
export function decodeReply(bytes: Uint8Array, attachments: readonly Uint8Array[]): Reply {
  const r = new MsgReader(bytes);
  const cursor = { i: 0 };
  r.tuple(1, "reply");
  const n = r.array();
  const results: OpResult[] = [];
  for (let k = 0; k < n; k++) {
    r.tuple(8, "result");
    const name = r.str();
    const processed = r.uint();
    const ns = r.array();
    const sends: WireSend[] = [];
    for (let i = 0; i < ns; i++) {
      r.tuple(5, "send");
      const to = r.str();
      const type = r.str();
      const delay = r.uint();
      const payload = r.bin();
      sends.push({
        to,
        type,
        delay,
        payload,
        attachments: takeAttachments(attachments, cursor, r.uint()),
      });
    }
    const nstates = r.array();
    const states: string[] = [];
    for (let i = 0; i < nstates; i++) states.push(r.str());
    const checkpoint = r.binOrNil();
    const error = r.strOrNil();
    const stopped = r.strOrNil();
    const nspawn = r.array();
    const spawns: Uint8Array[] = [];
    for (let i = 0; i < nspawn; i++) spawns.push(r.bin());
    results.push({ name, processed, sends, states, checkpoint, error, stopped, spawns });
  }
  if (!r.done) throw new ActorError("MALFORMED_MESSAGE", "trailing bytes after reply");
  if (cursor.i !== attachments.length) {
    throw new ActorError("MALFORMED_MESSAGE", "reply carries unreferenced attachments");
  }
  return { results };
}
