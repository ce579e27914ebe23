/**
 * Every message a node accepts, and a validating parser for each body. Peer messages (between
 * nodes) and client messages (from the program outside the run) are plain data: numbers,
 * `Uint8Array`s, arrays and objects, as the actor runtime carries them. A body that does not
 * have exactly the documented shape is refused with `NodeError("MALFORMED_MESSAGE")` (or
 * `MESSAGE_TOO_LARGE` past a limit) before anything is looked at; the node reports it as a
 * `refused` output and changes nothing.
 *
 * These types are the transport seam: a real network would carry the same bodies (encoded with
 * the actor runtime's canonical msgpack, `actors/codec.ts`) between authenticated peers.
 *
 * | type | from | body |
 * |---|---|---|
 * | `status` | peer | `{ committed }` — the sender's last committed slot |
 * | `prepare` | peer | `{ slot, ballot }` — phase 1 of a recovery ballot |
 * | `promise` | peer | `{ slot, ballot, accepted: null \| { ballot, value } }` |
 * | `propose` | peer | `{ slot, ballot, value }` — value bytes (value.ts) |
 * | `vote` | peer | `{ slot, ballot, id, root, signature }` |
 * | `decision` | peer | `{ record }` — decision bytes with certificate |
 * | `sync` | peer | `{ from, max }` — ask for decided slots from `from` |
 * | `decisions` | peer | `{ records }` — reply to `sync` |
 * | `txs` | peer | `{ txs }` — gossip of admitted transaction envelopes |
 * | `tick` | outside | `{}` — the clock moved (the node reads the slot from virtual time) |
 * | `submit` | outside | `{ txs, ref? }` — client transactions (envelopes); `ref` is echoed |
 * | `query` | outside | `{ ids }` — transaction ids (hex) to report on |
 * | `report` | outside | `{}` — report the head |
 *
 * @example
 * ```ts
 * import { parsePeerMessage } from "./messages.ts";
 * parsePeerMessage("prepare", { slot: 3, ballot: 1 }); // { type: "prepare", slot: 3, ballot: 1 }
 * parsePeerMessage("prepare", { slot: "3" }); // throws NodeError MALFORMED_MESSAGE
 * ```
 * @module
 */

import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { TX_BYTES } from "./tx.ts";

/** A parsed peer message. */
export type PeerMessage =
  | { type: "status"; committed: number }
  | { type: "prepare"; slot: number; ballot: number }
  | {
    type: "promise";
    slot: number;
    ballot: number;
    accepted: { ballot: number; value: Uint8Array } | null;
  }
  | { type: "propose"; slot: number; ballot: number; value: Uint8Array }
  | {
    type: "vote";
    slot: number;
    ballot: number;
    id: Uint8Array;
    root: Uint8Array;
    signature: Uint8Array;
  }
  | { type: "decision"; record: Uint8Array }
  | { type: "sync"; from: number; max: number }
  | { type: "decisions"; records: Uint8Array[] }
  | { type: "txs"; txs: Uint8Array[] };

/** A parsed message from the outside program. */
export type ClientMessage =
  | { type: "tick" }
  | { type: "submit"; txs: Uint8Array[]; ref: number }
  | { type: "query"; ids: string[] }
  | { type: "report" };

/** Peer message types. */
export const PEER_TYPES: readonly PeerMessage["type"][] = [
  "status",
  "prepare",
  "promise",
  "propose",
  "vote",
  "decision",
  "sync",
  "decisions",
  "txs",
];
/** Client message types. */
export const CLIENT_TYPES: readonly ClientMessage["type"][] = ["tick", "submit", "query", "report"];

const MAX_SLOT = Number.MAX_SAFE_INTEGER;
const MAX_BALLOT = 0xffffffff;

class Shape {
  constructor(readonly type: string, readonly o: Record<string, unknown>) {}

  static of(type: string, body: unknown, keys: readonly string[]): Shape {
    if (
      typeof body !== "object" || body === null || Array.isArray(body) || body instanceof Uint8Array
    ) {
      throw new NodeError("MALFORMED_MESSAGE", `${type}: the body must be an object`);
    }
    const o = body as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!keys.includes(k)) {
        throw new NodeError("MALFORMED_MESSAGE", `${type}: unknown field ${k}`);
      }
    }
    return new Shape(type, o);
  }

  bad(m: string): never {
    throw new NodeError("MALFORMED_MESSAGE", `${this.type}: ${m}`);
  }

  int(key: string, lo: number, hi: number): number {
    const v = this.o[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < lo || v > hi) {
      this.bad(`${key} must be an integer in [${lo}, ${hi}]`);
    }
    return v;
  }

  bytes(key: string, len: number | null, max = NODE_LIMITS.MESSAGE_BYTES, v = this.o[key]) {
    if (!(v instanceof Uint8Array)) this.bad(`${key} must be bytes`);
    if (len !== null && v.length !== len) this.bad(`${key} must be ${len} bytes`);
    if (v.length > max) {
      throw new NodeError("MESSAGE_TOO_LARGE", `${this.type}: ${key} exceeds ${max} bytes`);
    }
    return v;
  }

  list(key: string, max: number): unknown[] {
    const v = this.o[key];
    if (!Array.isArray(v)) this.bad(`${key} must be a list`);
    if (v.length > max) {
      throw new NodeError("MESSAGE_TOO_LARGE", `${this.type}: ${key} has more than ${max} items`);
    }
    return v;
  }

  byteList(key: string, maxItems: number, itemLen: number | null): Uint8Array[] {
    const items = this.list(key, maxItems).map((v) => this.bytes(key, itemLen, undefined, v));
    const total = items.reduce((n, b) => n + b.length, 0);
    if (total > NODE_LIMITS.MESSAGE_BYTES) {
      throw new NodeError(
        "MESSAGE_TOO_LARGE",
        `${this.type}: ${total} bytes exceed ${NODE_LIMITS.MESSAGE_BYTES}`,
      );
    }
    return items;
  }
}

/**
 * Parses a peer message body. Throws `NodeError` MALFORMED_MESSAGE or MESSAGE_TOO_LARGE.
 *
 * @example
 * ```ts
 * parsePeerMessage("status", { committed: 4 }).type; // "status"
 * ```
 */
export function parsePeerMessage(type: string, body: unknown): PeerMessage {
  switch (type) {
    case "status": {
      const s = Shape.of(type, body, ["committed"]);
      return { type, committed: s.int("committed", 0, MAX_SLOT) };
    }
    case "prepare": {
      const s = Shape.of(type, body, ["slot", "ballot"]);
      return { type, slot: s.int("slot", 1, MAX_SLOT), ballot: s.int("ballot", 1, MAX_BALLOT) };
    }
    case "promise": {
      const s = Shape.of(type, body, ["slot", "ballot", "accepted"]);
      const slot = s.int("slot", 1, MAX_SLOT), ballot = s.int("ballot", 1, MAX_BALLOT);
      const a = s.o.accepted;
      if (a === null) return { type, slot, ballot, accepted: null };
      const inner = Shape.of("promise.accepted", a, ["ballot", "value"]);
      return {
        type,
        slot,
        ballot,
        accepted: { ballot: inner.int("ballot", 0, MAX_BALLOT), value: inner.bytes("value", null) },
      };
    }
    case "propose": {
      const s = Shape.of(type, body, ["slot", "ballot", "value"]);
      return {
        type,
        slot: s.int("slot", 1, MAX_SLOT),
        ballot: s.int("ballot", 0, MAX_BALLOT),
        value: s.bytes("value", null),
      };
    }
    case "vote": {
      const s = Shape.of(type, body, ["slot", "ballot", "id", "root", "signature"]);
      return {
        type,
        slot: s.int("slot", 1, MAX_SLOT),
        ballot: s.int("ballot", 0, MAX_BALLOT),
        id: s.bytes("id", 32),
        root: s.bytes("root", 32),
        signature: s.bytes("signature", 64),
      };
    }
    case "decision": {
      const s = Shape.of(type, body, ["record"]);
      return { type, record: s.bytes("record", null) };
    }
    case "sync": {
      const s = Shape.of(type, body, ["from", "max"]);
      return {
        type,
        from: s.int("from", 1, MAX_SLOT),
        max: s.int("max", 1, NODE_LIMITS.SYNC_BATCH),
      };
    }
    case "decisions": {
      const s = Shape.of(type, body, ["records"]);
      return { type, records: s.byteList("records", NODE_LIMITS.SYNC_BATCH, null) };
    }
    case "txs": {
      const s = Shape.of(type, body, ["txs"]);
      return { type, txs: s.byteList("txs", NODE_LIMITS.SUBMIT_TXS, null) };
    }
    default:
      throw new NodeError("MALFORMED_MESSAGE", `unknown peer message type ${JSON.stringify(type)}`);
  }
}

/**
 * Parses a message from the outside program. Transaction envelopes are only checked to be
 * bytes here (each is judged on its own when admitted). Throws `NodeError`.
 *
 * @example
 * ```ts
 * parseClientMessage("submit", { txs: [envelope] }).type; // "submit"
 * ```
 */
export function parseClientMessage(type: string, body: unknown): ClientMessage {
  switch (type) {
    case "tick":
    case "report":
      if (body !== null && body !== undefined) Shape.of(type, body, []);
      return { type };
    case "submit": {
      const s = Shape.of(type, body, ["txs", "ref"]);
      const txs = s.byteList("txs", NODE_LIMITS.SUBMIT_TXS, null);
      if (txs.length === 0) s.bad("txs is empty");
      const ref = s.o.ref === undefined ? 0 : s.int("ref", 0, Number.MAX_SAFE_INTEGER);
      // An envelope of the wrong length is judged per transaction (MALFORMED_TX), but nothing
      // larger than an envelope is carried further.
      for (const t of txs) if (t.length > TX_BYTES * 4) s.bad("a transaction is far too large");
      return { type, txs, ref };
    }
    case "query": {
      const s = Shape.of(type, body, ["ids"]);
      const ids = s.list("ids", NODE_LIMITS.SUBMIT_TXS).map((v): string =>
        typeof v === "string" && /^[0-9a-f]{64}$/.test(v)
          ? v
          : s.bad("ids must be 64 lower-case hex digits each")
      );
      return { type, ids };
    }
    default:
      throw new NodeError("MALFORMED_MESSAGE", `unknown message type ${JSON.stringify(type)}`);
  }
}
