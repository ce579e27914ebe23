/**
 * A node's database (`node:sqlite`, one file `node.db` in the node's data directory): the
 * decided slots (blocks and skips, each with its certificate), state snapshots, the head, the
 * acceptor's promises and accepted values, the values it proposed, and its mempool.
 *
 * **Atomicity.** SQLite runs with a rollback journal and `synchronous = FULL`, so the database
 * file itself always holds exactly the committed transactions. Committing a slot is one transaction: the decision row, the head, a
 * snapshot (every `SNAPSHOT_EVERY` slots, pruning old ones), and the removal of the slot's
 * acceptor/proposal rows and included mempool rows. A crash between slots never leaves a
 * half-written slot; a crash inside one rolls it back on the next open.
 *
 * **Corruption.** Every row carries a checksum H(0xD2 ‖ table ‖ key ‖ content). Opening runs
 * `PRAGMA quick_check`, checks every checksum, the chain id, that the decided slots are exactly
 * 1…head, decodes the latest snapshot (the kernel's validating `decodeState`) and compares its
 * root with the root certified for its slot, then replays every decision after it — each
 * certificate checked, each value applied, each root compared — up to the head row. Any failure
 * (or SQLite itself refusing the file) is `CORRUPT_DB` / `WRONG_CHAIN`: the files are renamed to
 * `node.db.corrupt-K` (kept for inspection), a fresh database starts at genesis, and the node
 * resyncs from its peers. Reading decisions to serve peers re-checks each row's checksum, so a
 * row corrupted while running is never served.
 *
 * **Amnesia horizon.** A node that lost its database (corrupt, or missing while the clock is
 * past genesis) may have voted before; it must not vote or lead again for any slot up to the
 * clock slot at which it restarted. That slot is stored as `horizon` (node.ts, README §Nodes).
 *
 * @example
 * ```ts
 * import { openNodeStore } from "./store.ts";
 * const { store, chain, corruption } = openNodeStore("/data/node-0", { genesis: σ0, chainId, certs, clockSlot: 0 });
 * chain.committed; // decided slots on disk
 * store.close();
 * ```
 * @module
 */

import { DatabaseSync, type StatementSync } from "node:sqlite";
import { bytesEqual, Reader, toHex, Writer } from "../bytes.ts";
import { KernelError } from "../errors.ts";
import { hashTagged } from "../hash.ts";
import { decodeState, encodeState, type State, stateRoot } from "../state.ts";
import { applyValue, blockTxIds } from "./chain.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { NODE_TAG } from "./tags.ts";
import { decodeTx } from "./tx.ts";
import {
  type CertContext,
  checkDecision,
  type Decision,
  decodeDecision,
  decodeValue,
  encodeValue,
  type Value,
} from "./value.ts";

/** The acceptor's durable state for one slot. */
export interface AcceptorRecord {
  /** Highest ballot promised (or accepted) for the slot. */
  readonly promised: number;
  /** The value accepted last and its ballot, or null. */
  readonly accepted: { readonly ballot: number; readonly value: Value } | null;
}

/** One persisted mempool transaction. */
export interface StoredTx {
  /** The 96 envelope bytes. */
  readonly bytes: Uint8Array;
  /** Submitted to this node by a client. */
  readonly client: boolean;
}

/** What a node knows after opening its database. */
export interface LoadedChain {
  /** σ after the last committed slot. */
  readonly state: State;
  /** Its state root. */
  readonly root: Uint8Array;
  /** Last committed slot (0: genesis). */
  readonly committed: number;
  /** The node must not vote or lead for slots ≤ horizon (0 when it never lost its database). */
  readonly horizon: number;
  /** Included transaction ids (hex) → slot. */
  readonly included: Map<string, number>;
  /** Acceptor records by slot (slots after `committed`). */
  readonly acceptors: Map<number, AcceptorRecord>;
  /** Values this node proposed, by `slot:ballot`. */
  readonly proposals: Map<string, Value>;
  /** Mempool, in admission order. */
  readonly mempool: StoredTx[];
  /** `created` (no database yet), `loaded`, or `reset` (the old one was corrupt). */
  readonly origin: "created" | "loaded" | "reset";
  /** Decisions replayed on top of the latest snapshot while loading. */
  readonly replayed: number;
}

/** What opening a store needs. */
export interface StoreOptions {
  /** The genesis σ (slot 0). */
  readonly genesis: State;
  /** The chain id (genesis head). */
  readonly chainId: Uint8Array;
  /** For checking certificates while replaying. */
  readonly certs: CertContext;
  /** The clock slot now (becomes the amnesia horizon if the database is lost). */
  readonly clockSlot: number;
}

/** The file name of a node's database inside its data directory. */
export const DB_FILE = "node.db";
const SCHEMA_VERSION = 1;
const enc = new TextEncoder();
const TABLE = {
  meta: enc.encode("meta"),
  head: enc.encode("head"),
  decisions: enc.encode("decisions"),
  states: enc.encode("states"),
  acceptor: enc.encode("acceptor"),
  proposals: enc.encode("proposals"),
  mempool: enc.encode("mempool"),
};

function check(table: Uint8Array, keys: number[], ...content: Uint8Array[]): Uint8Array {
  const w = new Writer(8 * keys.length + 4).u32(keys.length);
  for (const k of keys) w.u64(k);
  return hashTagged(NODE_TAG.ROW, table, w.finish(), ...content);
}

function corrupt(message: string): never {
  throw new NodeError("CORRUPT_DB", message);
}

function u64(v: number): Uint8Array {
  return new Writer(8).u64(v).finish();
}

function encodeAcceptor(a: AcceptorRecord): Uint8Array {
  const w = new Writer(64).u32(a.promised).u8(a.accepted === null ? 0 : 1);
  if (a.accepted !== null) w.u32(a.accepted.ballot).varBytes(encodeValue(a.accepted.value));
  return w.finish();
}

function decodeAcceptor(bytes: Uint8Array): AcceptorRecord {
  const r = new Reader(bytes, "acceptor record");
  const promised = r.u32("the promised ballot");
  const has = r.u8("the accepted flag");
  let accepted: AcceptorRecord["accepted"] = null;
  if (has === 1) {
    const ballot = r.u32("the accepted ballot");
    accepted = { ballot, value: decodeValue(r.varBytes(NODE_LIMITS.MESSAGE_BYTES, "the value")) };
  } else if (has !== 0) r.bad("accepted flag is not 0 or 1");
  r.end();
  return { promised, accepted };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL, chk BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS head(id INTEGER PRIMARY KEY CHECK (id = 1), slot INTEGER NOT NULL,
  hash BLOB NOT NULL, root BLOB NOT NULL, chk BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS decisions(slot INTEGER PRIMARY KEY, record BLOB NOT NULL, chk BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS states(slot INTEGER PRIMARY KEY, state BLOB NOT NULL, chk BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS acceptor(slot INTEGER PRIMARY KEY, record BLOB NOT NULL, chk BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS proposals(slot INTEGER NOT NULL, ballot INTEGER NOT NULL,
  value BLOB NOT NULL, chk BLOB NOT NULL, PRIMARY KEY (slot, ballot));
CREATE TABLE IF NOT EXISTS mempool(seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE,
  tx BLOB NOT NULL, client INTEGER NOT NULL, chk BLOB NOT NULL);
`;

/** Open connections by file path, so a crashed incarnation's handle is closed on reopen. */
const OPEN = new Map<string, DatabaseSync>();

function isSqliteError(e: unknown): e is Error {
  return e instanceof Error && (e as { code?: unknown }).code === "ERR_SQLITE_ERROR";
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Renames the database files aside (`node.db.corrupt-K`, and its journal if any); returns K. */
function quarantine(dir: string): number {
  let k = 1;
  while (exists(`${dir}/${DB_FILE}.corrupt-${k}`)) k++;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    const from = `${dir}/${DB_FILE}${suffix}`;
    if (exists(from)) Deno.renameSync(from, `${dir}/${DB_FILE}.corrupt-${k}${suffix}`);
  }
  return k;
}

/** A node's open database. */
export class NodeStore {
  readonly #db: DatabaseSync;
  readonly #st: Record<string, StatementSync>;

  private constructor(readonly path: string, db: DatabaseSync) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.#st = {
      putDecision: p("INSERT INTO decisions(slot, record, chk) VALUES (?, ?, ?)"),
      putState: p("INSERT OR REPLACE INTO states(slot, state, chk) VALUES (?, ?, ?)"),
      pruneStates: p(
        "DELETE FROM states WHERE slot NOT IN (SELECT slot FROM states ORDER BY slot DESC LIMIT ?)",
      ),
      putHead: p("INSERT OR REPLACE INTO head(id, slot, hash, root, chk) VALUES (1, ?, ?, ?, ?)"),
      dropAcceptors: p("DELETE FROM acceptor WHERE slot <= ?"),
      dropProposals: p("DELETE FROM proposals WHERE slot <= ?"),
      putAcceptor: p("INSERT OR REPLACE INTO acceptor(slot, record, chk) VALUES (?, ?, ?)"),
      putProposal: p(
        "INSERT OR REPLACE INTO proposals(slot, ballot, value, chk) VALUES (?, ?, ?, ?)",
      ),
      putTx: p("INSERT OR IGNORE INTO mempool(id, tx, client, chk) VALUES (?, ?, ?, ?)"),
      dropTx: p("DELETE FROM mempool WHERE id = ?"),
      readDecisions: p(
        "SELECT slot, record, chk FROM decisions WHERE slot >= ? ORDER BY slot LIMIT ?",
      ),
      putMeta: p("INSERT OR REPLACE INTO meta(key, value, chk) VALUES (?, ?, ?)"),
    };
  }

  /** Opens (creating if needed) `dir/node.db`; the caller verifies or initialises it. */
  static connect(dir: string): NodeStore {
    const path = `${dir}/${DB_FILE}`;
    OPEN.get(path)?.close();
    OPEN.delete(path);
    const db = new DatabaseSync(path);
    try {
      db.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;");
      db.exec(SCHEMA);
    } catch (e) {
      db.close();
      throw e;
    }
    OPEN.set(path, db);
    return new NodeStore(path, db);
  }

  /** Runs `f` in one transaction (rolled back if it throws). */
  #atomic(f: () => void): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      f();
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
  }

  #putMeta(key: string, value: Uint8Array): void {
    this.#st.putMeta.run(key, value, check(TABLE.meta, [], enc.encode(key), value));
  }

  #putHead(slot: number, state: State, root: Uint8Array): void {
    this.#st.putHead.run(slot, state.head, root, check(TABLE.head, [slot], state.head, root));
  }

  /** Writes a fresh database's meta rows and genesis head (one transaction). */
  initialise(genesis: State, chainId: Uint8Array, horizon: number): void {
    this.#atomic(() => {
      this.#putMeta("version", u64(SCHEMA_VERSION));
      this.#putMeta("chain", chainId);
      this.#putMeta("horizon", u64(horizon));
      this.#putHead(0, genesis, stateRoot(genesis));
    });
  }

  /**
   * Commits one decided slot atomically: decision row, head, snapshot (every SNAPSHOT_EVERY
   * slots, keeping SNAPSHOTS_KEPT), acceptor/proposal rows up to the slot dropped, and the
   * listed mempool rows removed.
   */
  commit(
    d: Decision,
    record: Uint8Array,
    after: State,
    root: Uint8Array,
    dropTxs: readonly Uint8Array[],
  ): void {
    this.#atomic(() => {
      this.#st.putDecision.run(d.slot, record, check(TABLE.decisions, [d.slot], record));
      if (d.slot % NODE_LIMITS.SNAPSHOT_EVERY === 0) {
        const bytes = encodeState(after);
        this.#st.putState.run(d.slot, bytes, check(TABLE.states, [d.slot], bytes));
        this.#st.pruneStates.run(NODE_LIMITS.SNAPSHOTS_KEPT);
      }
      this.#putHead(d.slot, after, root);
      this.#st.dropAcceptors.run(d.slot);
      this.#st.dropProposals.run(d.slot);
      for (const id of dropTxs) this.#st.dropTx.run(id);
    });
  }

  /** Persists the acceptor record of a slot (before any promise or vote is sent). */
  saveAcceptor(slot: number, a: AcceptorRecord): void {
    const bytes = encodeAcceptor(a);
    this.#st.putAcceptor.run(slot, bytes, check(TABLE.acceptor, [slot], bytes));
  }

  /** Persists a value this node leads in (slot, ballot) (before it is sent). */
  saveProposal(slot: number, ballot: number, v: Value): void {
    const bytes = encodeValue(v);
    this.#st.putProposal.run(slot, ballot, bytes, check(TABLE.proposals, [slot, ballot], bytes));
  }

  /** Adds admitted transactions to the persisted mempool (one transaction). */
  addTxs(txs: readonly { id: Uint8Array; bytes: Uint8Array; client: boolean }[]): void {
    if (txs.length === 0) return;
    this.#atomic(() => {
      for (const t of txs) {
        const flag = t.client ? 1 : 0;
        this.#st.putTx.run(
          t.id,
          t.bytes,
          flag,
          check(TABLE.mempool, [flag], t.id, t.bytes),
        );
      }
    });
  }

  /** Removes transactions from the persisted mempool (one transaction). */
  dropTxs(ids: readonly Uint8Array[]): void {
    if (ids.length === 0) return;
    this.#atomic(() => {
      for (const id of ids) this.#st.dropTx.run(id);
    });
  }

  /**
   * Decision bytes for slots from `from`, at most `max` of them and `maxBytes` in total (at least
   * one if any). Each row's checksum is checked: a bad row throws `CORRUPT_DB`, never served.
   */
  readDecisions(from: number, max: number, maxBytes: number): Uint8Array[] {
    const rows = this.#st.readDecisions.all(from, max) as {
      slot: number;
      record: Uint8Array;
      chk: Uint8Array;
    }[];
    const out: Uint8Array[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (!bytesEqual(row.chk, check(TABLE.decisions, [row.slot], row.record))) {
        corrupt(`decision row of slot ${row.slot}: checksum mismatch`);
      }
      if (out.length > 0 && bytes + row.record.length > maxBytes) break;
      bytes += row.record.length;
      out.push(row.record);
    }
    return out;
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (OPEN.get(this.path) === this.#db) OPEN.delete(this.path);
    if (this.#db.isOpen) this.#db.close();
  }

  /** The raw connection (tests and the loader). */
  get db(): DatabaseSync {
    return this.#db;
  }
}

/** Reads and checks everything (see the module doc); throws CORRUPT_DB or WRONG_CHAIN. */
function load(store: NodeStore, o: StoreOptions): Omit<LoadedChain, "origin"> {
  const db = store.db;
  const qc = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
  if (qc.length !== 1 || qc[0].quick_check !== "ok") {
    corrupt(`quick_check: ${qc.map((r) => r.quick_check).join("; ").slice(0, 200)}`);
  }
  const meta = new Map<string, Uint8Array>();
  for (
    const row of db.prepare("SELECT key, value, chk FROM meta ORDER BY key").all() as {
      key: string;
      value: Uint8Array;
      chk: Uint8Array;
    }[]
  ) {
    if (!bytesEqual(row.chk, check(TABLE.meta, [], enc.encode(row.key), row.value))) {
      corrupt(`meta row ${row.key}: checksum mismatch`);
    }
    meta.set(row.key, row.value);
  }
  const version = meta.get("version"), chain = meta.get("chain"), hz = meta.get("horizon");
  if (version === undefined || chain === undefined || hz === undefined) {
    corrupt("meta rows missing");
  }
  const readU64 = (b: Uint8Array, what: string) => {
    const r = new Reader(b, what);
    const v = r.u64(what);
    r.end();
    return Number(v);
  };
  if (readU64(version, "version") !== SCHEMA_VERSION) corrupt("unknown schema version");
  if (!bytesEqual(chain, o.chainId)) {
    throw new NodeError(
      "WRONG_CHAIN",
      `the database belongs to chain ${toHex(chain)}, not ${toHex(o.chainId)}`,
    );
  }
  const horizon = readU64(hz, "horizon");

  const heads = db.prepare("SELECT slot, hash, root, chk FROM head").all() as {
    slot: number;
    hash: Uint8Array;
    root: Uint8Array;
    chk: Uint8Array;
  }[];
  if (heads.length !== 1) corrupt(`${heads.length} head rows`);
  const head = heads[0];
  if (!bytesEqual(head.chk, check(TABLE.head, [head.slot], head.hash, head.root))) {
    corrupt("head row: checksum mismatch");
  }

  const rows = db.prepare("SELECT slot, record, chk FROM decisions ORDER BY slot").all() as {
    slot: number;
    record: Uint8Array;
    chk: Uint8Array;
  }[];
  if (rows.length !== head.slot) {
    corrupt(`${rows.length} decided slots stored, the head says ${head.slot}`);
  }
  const decisions: Decision[] = [];
  const included = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.slot !== i + 1) corrupt(`decided slots are not 1…${head.slot} (found ${row.slot})`);
    if (!bytesEqual(row.chk, check(TABLE.decisions, [row.slot], row.record))) {
      corrupt(`decision row of slot ${row.slot}: checksum mismatch`);
    }
    const d = decodeDecision(row.record, "CORRUPT_DB");
    if (d.slot !== row.slot) corrupt(`decision row ${row.slot} holds slot ${d.slot}`);
    decisions.push(d);
    if (d.value.kind === "block") {
      for (const id of blockTxIds(d.value.block, o.chainId)) included.set(id, d.slot);
    }
  });

  // The latest snapshot, checked against the root certified for its slot.
  let state = o.genesis;
  let base = 0;
  const snap = db.prepare("SELECT slot, state, chk FROM states ORDER BY slot DESC LIMIT 1")
    .get() as { slot: number; state: Uint8Array; chk: Uint8Array } | undefined;
  if (snap !== undefined) {
    if (snap.slot < 1 || snap.slot > head.slot) corrupt(`snapshot of slot ${snap.slot} > head`);
    if (!bytesEqual(snap.chk, check(TABLE.states, [snap.slot], snap.state))) {
      corrupt(`snapshot of slot ${snap.slot}: checksum mismatch`);
    }
    try {
      state = decodeState(snap.state);
    } catch (e) {
      if (e instanceof KernelError) {
        corrupt(`snapshot of slot ${snap.slot}: ${e.code}: ${e.message}`);
      }
      throw e;
    }
    if (!bytesEqual(stateRoot(state), decisions[snap.slot - 1].root)) {
      corrupt(`snapshot of slot ${snap.slot}: its root is not the certified one`);
    }
    base = snap.slot;
  }
  // Replay what follows it, checking every certificate and root.
  for (const d of decisions.slice(base)) {
    try {
      checkDecision(d, o.certs);
      const next = applyValue(state, d.value);
      if (!bytesEqual(next.root, d.root)) corrupt(`slot ${d.slot}: replayed root differs`);
      state = next.state;
    } catch (e) {
      if (e instanceof NodeError && e.code !== "CORRUPT_DB") {
        corrupt(`replaying slot ${d.slot}: ${e.code}: ${e.message}`);
      }
      throw e;
    }
  }
  const root = stateRoot(state);
  if (!bytesEqual(root, head.root) || !bytesEqual(state.head, head.hash)) {
    corrupt(`the head row does not match the state after slot ${head.slot}`);
  }

  const acceptors = new Map<number, AcceptorRecord>();
  for (
    const row of db.prepare("SELECT slot, record, chk FROM acceptor ORDER BY slot").all() as {
      slot: number;
      record: Uint8Array;
      chk: Uint8Array;
    }[]
  ) {
    if (!bytesEqual(row.chk, check(TABLE.acceptor, [row.slot], row.record))) {
      corrupt(`acceptor row of slot ${row.slot}: checksum mismatch`);
    }
    if (row.slot <= head.slot) corrupt(`acceptor row of decided slot ${row.slot}`);
    acceptors.set(row.slot, decodeAcceptor(row.record));
  }
  const proposals = new Map<string, Value>();
  for (
    const row of db.prepare("SELECT slot, ballot, value, chk FROM proposals ORDER BY slot, ballot")
      .all() as { slot: number; ballot: number; value: Uint8Array; chk: Uint8Array }[]
  ) {
    if (!bytesEqual(row.chk, check(TABLE.proposals, [row.slot, row.ballot], row.value))) {
      corrupt(`proposal row of slot ${row.slot}: checksum mismatch`);
    }
    proposals.set(`${row.slot}:${row.ballot}`, decodeValue(row.value));
  }
  const mempool: StoredTx[] = [];
  for (
    const row of db.prepare("SELECT id, tx, client, chk FROM mempool ORDER BY seq").all() as {
      id: Uint8Array;
      tx: Uint8Array;
      client: number;
      chk: Uint8Array;
    }[]
  ) {
    if (!bytesEqual(row.chk, check(TABLE.mempool, [row.client], row.id, row.tx))) {
      corrupt("mempool row: checksum mismatch");
    }
    if (!bytesEqual(decodeTx(row.tx, o.chainId).id, row.id)) corrupt("mempool row: id mismatch");
    mempool.push({ bytes: row.tx, client: row.client === 1 });
  }
  return {
    state,
    root,
    committed: head.slot,
    horizon,
    included,
    acceptors,
    proposals,
    mempool,
    replayed: head.slot - base,
  };
}

function fresh(o: StoreOptions, horizon: number): Omit<LoadedChain, "origin"> {
  return {
    state: o.genesis,
    root: stateRoot(o.genesis),
    committed: 0,
    horizon,
    included: new Map(),
    acceptors: new Map(),
    proposals: new Map(),
    mempool: [],
    replayed: 0,
  };
}

/**
 * The head slot stored in `dir/node.db`, read without any check (null when there is no readable
 * database) — for a harness that must set its clock before the node opens and checks the file.
 *
 * @example
 * ```ts
 * peekHeadSlot("/data/node-0"); // 12
 * ```
 */
export function peekHeadSlot(dir: string): number | null {
  const path = `${dir}/${DB_FILE}`;
  if (!exists(path)) return null;
  let db: DatabaseSync | null = null;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    const row = db.prepare("SELECT slot FROM head WHERE id = 1").get() as
      | { slot: number }
      | undefined;
    return typeof row?.slot === "number" ? row.slot : null;
  } catch (e) {
    if (isSqliteError(e)) return null;
    throw e;
  } finally {
    db?.close();
  }
}

/** The result of {@link openNodeStore}. */
export interface OpenedStore {
  /** The open database. */
  readonly store: NodeStore;
  /** What it holds. */
  readonly chain: LoadedChain;
  /** Why the previous database was set aside, or null. */
  readonly corruption: NodeError | null;
  /** Where the corrupt files went (`node.db.corrupt-K`), or null. */
  readonly quarantined: string | null;
}

/**
 * Opens a node's database in `dir` and checks all of it (see the module doc). A corrupt or
 * foreign database is renamed aside and replaced by a fresh one (genesis, amnesia horizon =
 * `clockSlot`); a missing one is created (horizon = `clockSlot`: 0 at genesis).
 *
 * @example
 * ```ts
 * const { chain, corruption } = openNodeStore(dir, options);
 * if (corruption) console.log(corruption.code); // CORRUPT_DB
 * ```
 */
export function openNodeStore(dir: string, o: StoreOptions): OpenedStore {
  const path = `${dir}/${DB_FILE}`;
  if (!exists(path)) {
    const store = NodeStore.connect(dir);
    store.initialise(o.genesis, o.chainId, o.clockSlot);
    return {
      store,
      chain: { ...fresh(o, o.clockSlot), origin: "created" },
      corruption: null,
      quarantined: null,
    };
  }
  let store: NodeStore | null = null;
  let problem: NodeError;
  try {
    store = NodeStore.connect(dir);
    return {
      store,
      chain: { ...load(store, o), origin: "loaded" },
      corruption: null,
      quarantined: null,
    };
  } catch (e) {
    if (e instanceof NodeError && (e.code === "CORRUPT_DB" || e.code === "WRONG_CHAIN")) {
      problem = e;
    } else if (isSqliteError(e)) problem = new NodeError("CORRUPT_DB", `sqlite: ${e.message}`);
    else if (e instanceof KernelError) {
      problem = new NodeError("CORRUPT_DB", `${e.code}: ${e.message}`);
    } else if (e instanceof NodeError) {
      problem = new NodeError("CORRUPT_DB", `${e.code}: ${e.message}`);
    } else throw e;
  }
  store?.close();
  const k = quarantine(dir);
  const next = NodeStore.connect(dir);
  next.initialise(o.genesis, o.chainId, o.clockSlot);
  return {
    store: next,
    chain: { ...fresh(o, o.clockSlot), origin: "reset" },
    corruption: problem,
    quarantined: `${DB_FILE}.corrupt-${k}`,
  };
}
