/**
 * The testnet harness: N node actors (one Worker each, read/write on its own data directory
 * only) on the example ledger chain, driven slot by slot through the deterministic scheduler,
 * with generated signed transactions, seeded faults, a safety checker over every output, and a
 * fault-free liveness phase.
 *
 * - **Slots.** Slot `s` is virtual time [s·T, (s+1)·T). `runSlot()` moves the clock to s·T,
 *   submits the slot's generated transactions (spread over the nodes, as clients would), sends
 *   every node a `tick` every `tickEvery` ticks of the slot (the first starts the slot's
 *   ballots, the others retransmit what was not answered), and runs every round to the slot's end.
 * - **Faults** (`faults`: drop, delay, maxDelay, reorder, crash) are the actor runtime's seeded
 *   faults, applied to messages between the fault-phase node actors and to their rounds (a crash
 *   happens before a batch, so in the middle of a slot; the node restarts fresh, from its
 *   database). Messages from the program (ticks, submissions) are never faulted.
 * - **Healing.** `heal()` ends the fault phase by switching the runtime's fault injection off
 *   (`setFaults(null)`, a FAULTS entry in the trace): the nodes keep running as they are, and
 *   from the next round on no message is faulted.
 * - **Liveness.** `runLiveness(max)` runs fault-free slots (no new transactions) until every node
 *   reports the same head and root at the clock's slot, or gives up after `max`.
 * - **Clients.** `submit`, `query` and `signTx` are the client API; `txStatus(id)` follows a
 *   submitted transaction: accepted → included in block N, or expired, or rejected.
 *
 * @example
 * ```ts
 * import { Testnet } from "./testnet.ts";
 * const net = await Testnet.start({ nodes: 4, seed: 1n, faults: { drop: 0.1, crash: 0.01 } });
 * for (let s = 1; s <= 20; s++) await net.runSlot();
 * await net.heal();
 * const { converged } = await net.runLiveness(8);
 * net.checker.violations; // []
 * await net.close();
 * ```
 * @module
 */

import {
  ActorSystem,
  type ActorSystem as ActorSystemT,
  type BehaviourRef,
  behaviourRef,
  type FaultPlan,
} from "../../actors/mod.ts";
import { genesis } from "../genesis.ts";
import { toHex } from "../bytes.ts";
import { generateLedgerTxs, ledgerChain, type LedgerTx } from "../ledger.ts";
import { encodeState, type State, stateRoot } from "../state.ts";
import { deriveValidatorKeys } from "../validators.ts";
import { SafetyChecker } from "./checker.ts";
import type { Misbehaviour, NodeInput } from "./config.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { peekHeadSlot } from "./store.ts";
import { clientDirectory, type ClientKey, deriveClientKeys, signTx, txSigner } from "./tx.ts";

/** Options of a testnet. */
export interface TestnetOptions {
  /** Nodes (validators), 1…64 (default 4). */
  nodes?: number;
  /** Run seed: validator and client keys, transactions, faults (default 1). */
  seed?: bigint;
  /** `workers` (default: one Worker per node) or `inprocess`. */
  mode?: "workers" | "inprocess";
  /** Seeded faults during the fault phase (default none). */
  faults?: Omit<FaultPlan, "actors"> | null;
  /** Where the node databases go (`<dir>/node-i/node.db`); default a temporary directory removed by `close`. */
  dataDir?: string | null;
  /** Virtual-time ticks per slot (default 10; injected delays are shorter). */
  ticksPerSlot?: number;
  /** Ticks between two `tick`s within a slot (retransmissions, sync retries; default 2). */
  tickEvery?: number;
  /** Generated transactions per slot (default 8). */
  txsPerSlot?: number;
  /** Accounts the generator uses (default 16). */
  accounts?: number;
  /** Most transactions per block (default NODE_LIMITS.BLOCK_TXS). */
  maxBlockTxs?: number;
  /** Nodes whose messages and rounds are subject to `faults` (default all; e.g. [3] to partition node 3). */
  faultyNodes?: number[];
  /** Byzantine proposers for tests: node index → what it does wrong. */
  misbehave?: Record<number, Misbehaviour>;
  /** Test hook: run these nodes with another behaviour (same input), e.g. a scripted rogue peer. */
  replace?: Record<number, BehaviourRef>;
  /**
   * Continue the chain in `dataDir` (from an earlier run with the same nodes and seed): the clock
   * starts after the highest head the nodes load. Without it, a data directory must be new.
   */
  resume?: boolean;
}

/** Something notable that happened during a slot. */
export type TestnetEvent =
  | { kind: "crash"; node: number; detail: string }
  | {
    kind: "restart";
    node: number;
    origin: string;
    head: number;
    replayed: number;
    horizon: number;
  }
  | { kind: "corrupt"; node: number; code: string; message: string }
  | {
    kind: "rejected";
    node: number;
    slot: number;
    ballot: number | null;
    from: number;
    via: string;
    code: string;
    message: string;
  }
  | { kind: "late"; slot: number; value: string; txs: number; ballot: number }
  | { kind: "refused"; node: number; from: string; type: string; code: string; message: string }
  | { kind: "heal" }
  | { kind: "violation"; message: string };

/** A decided slot as the harness saw it first. */
export interface DecidedSlot {
  /** `block` or `skip`. */
  readonly kind: string;
  /** Block hash (hex) or null. */
  readonly hash: string | null;
  /** State root after it (hex). */
  readonly root: string;
  /** Transactions in it. */
  readonly txs: number;
  /** Ballot that decided it (0: the proposer's own). */
  readonly ballot: number;
}

/** What one slot looked like at its end. */
export interface SlotReport {
  /** The slot. */
  readonly slot: number;
  /** Its proposer (node index). */
  readonly proposer: number;
  /** `faults` while faults may happen, `liveness` after healing. */
  readonly phase: "faults" | "liveness";
  /** The slot's decision if some node committed it by the end of the slot. */
  readonly decision: DecidedSlot | null;
  /** Every node's head at the end of the slot. */
  readonly heads: readonly { slot: number; root: string }[];
  /** Notable events during the slot. */
  readonly events: readonly TestnetEvent[];
}

/** The result of one submitted transaction. */
export interface SubmitResult {
  /** Transaction id (hex), or null when the envelope did not decode. */
  readonly id: string | null;
  /** Admitted into the mempool, or refused. */
  readonly status: "accepted" | "rejected";
  /** Why (rejected), or DUPLICATE_TX for an accepted resubmission. */
  readonly code?: string;
  /** Details. */
  readonly message?: string;
}

/** Where a submitted transaction stands, as the harness heard from the nodes. */
export type TxStatus =
  | { status: "accepted" }
  | { status: "included"; slot: number }
  | { status: "expired"; slot: number }
  | { status: "rejected"; code: string }
  | { status: "unknown" };

/** Transaction counts over the run. */
export interface TxCounts {
  /** Submitted by the harness (generated and through `submit`). */
  submitted: number;
  /** Admitted into a mempool. */
  accepted: number;
  /** Refused at submission. */
  rejected: number;
  /** Reported included in a block. */
  included: number;
  /** Reported expired. */
  expired: number;
}

type Resolved = Required<
  Omit<
    TestnetOptions,
    "faults" | "dataDir" | "misbehave" | "maxBlockTxs" | "resume" | "faultyNodes" | "replace"
  >
>;

const NODE_BEHAVIOUR = new URL("./actor.ts", import.meta.url);

/** A running testnet (see the module doc). */
export class Testnet {
  /** The safety checker over every node output. */
  readonly checker: SafetyChecker;
  /** The chain id (genesis head). */
  readonly chainId: Uint8Array;
  /** Genesis σ. */
  readonly genesis: State;
  /** Nodes. */
  readonly n: number;
  /** Ticks per slot. */
  readonly ticksPerSlot: number;
  /** Client keys (accounts and minter) — never print the secret keys. */
  readonly clientKeys: { accounts: ClientKey[]; minter: ClientKey };
  /** Transaction counts. */
  readonly counts: TxCounts = { submitted: 0, accepted: 0, rejected: 0, included: 0, expired: 0 };
  /** Decided slots as first seen. */
  readonly decisions = new Map<number, DecidedSlot>();
  /** Per node: slots it committed from votes it collected, and from sync replies. */
  readonly commitsVia: { votes: number; sync: number }[];

  readonly #sys: ActorSystemT;
  readonly #o: Resolved;
  readonly #inputs: NodeInput[];
  readonly #baseDir: string;
  readonly #tempDir: boolean;
  readonly #faulty: boolean;
  readonly #names: string[];
  #healed = false;
  #slot = 0;
  #ref = 0;
  #nonce = 0n;
  #events: TestnetEvent[] = [];
  readonly #started = new Set<number>();
  readonly #submitted = new Map<number, SubmitResult[]>();
  readonly #replies = new Map<string, unknown[]>();
  readonly #txs = new Map<string, TxStatus>();

  private constructor(
    sys: ActorSystemT,
    o: Resolved,
    inputs: NodeInput[],
    g: State,
    baseDir: string,
    tempDir: boolean,
    faulty: boolean,
  ) {
    this.#sys = sys;
    this.#o = o;
    this.#inputs = inputs;
    this.genesis = g;
    this.chainId = g.head;
    this.n = o.nodes;
    this.ticksPerSlot = o.ticksPerSlot;
    this.#baseDir = baseDir;
    this.#tempDir = tempDir;
    this.#faulty = faulty;
    this.#names = inputs.map((i) => i.names[i.index]);
    this.checker = new SafetyChecker(o.nodes, toHex(stateRoot(g)));
    this.commitsVia = Array.from({ length: o.nodes }, () => ({ votes: 0, sync: 0 }));
    this.clientKeys = deriveClientKeys(o.seed, o.accounts);
  }

  /**
   * Builds genesis, creates the data directories and starts every node. Throws
   * `NodeError("BAD_CONFIG")` for bad options.
   */
  static async start(options: TestnetOptions = {}): Promise<Testnet> {
    const o = {
      nodes: options.nodes ?? 4,
      seed: options.seed ?? 1n,
      mode: options.mode ?? "workers",
      ticksPerSlot: options.ticksPerSlot ?? 10,
      tickEvery: options.tickEvery ?? 2,
      txsPerSlot: options.txsPerSlot ?? 8,
      accounts: options.accounts ?? 16,
    };
    const bad = (m: string): never => {
      throw new NodeError("BAD_CONFIG", `testnet: ${m}`);
    };
    if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > NODE_LIMITS.NODES) {
      bad(`nodes must be 1…${NODE_LIMITS.NODES}`);
    }
    if (
      !Number.isInteger(o.txsPerSlot) || o.txsPerSlot < 0 || o.txsPerSlot > NODE_LIMITS.SUBMIT_TXS
    ) {
      bad(`txsPerSlot must be 0…${NODE_LIMITS.SUBMIT_TXS}`);
    }
    if (!Number.isInteger(o.ticksPerSlot) || o.ticksPerSlot < 2 || o.ticksPerSlot > 1000) {
      bad("ticksPerSlot must be 2…1000");
    }
    const faults = options.faults ?? null;
    if (!Number.isInteger(o.tickEvery) || o.tickEvery < 1 || o.tickEvery > o.ticksPerSlot) {
      bad("tickEvery must be 1…ticksPerSlot");
    }
    if (faults !== null && (faults.maxDelay ?? 5) >= o.ticksPerSlot) {
      bad(`faults.maxDelay must be below ticksPerSlot (${o.ticksPerSlot})`);
    }
    const keys = deriveValidatorKeys(o.seed, o.nodes);
    const chain = ledgerChain();
    const g = genesis(chain.image, {
      validators: keys.map((k) => k.publicKey),
      images: chain.images,
    });
    const genesisBytes = encodeState(g);
    const clients = deriveClientKeys(o.seed, o.accounts);
    const tempDir = options.dataDir === undefined || options.dataDir === null;
    const base = tempDir
      ? await Deno.makeTempDir({ prefix: "pvm-testnet-" })
      : (await Deno.mkdir(options.dataDir!, { recursive: true }),
        await Deno.realPath(options.dataDir!));
    const names = Array.from({ length: o.nodes }, (_, i) => `node-${i}`);
    const inputs: NodeInput[] = [];
    const refs: BehaviourRef[] = [];
    for (let i = 0; i < o.nodes; i++) {
      const dir = `${base}/node-${i}`;
      await Deno.mkdir(dir, { recursive: true });
      inputs.push({
        index: i,
        names,
        seed: o.seed,
        genesis: genesisBytes,
        directory: clientDirectory(clients),
        dataDir: dir,
        ticksPerSlot: o.ticksPerSlot,
        retryTicks: o.tickEvery,
        maxBlockTxs: options.maxBlockTxs,
        misbehave: options.misbehave?.[i] ?? null,
      });
      refs.push(
        options.replace?.[i] ??
          behaviourRef("kernel/node", NODE_BEHAVIOUR, {
            permissions: { read: [dir], write: [dir] },
          }),
      );
    }
    const sys = new ActorSystem({
      seed: o.seed,
      mode: o.mode,
      supervision: { maxRestarts: 1000, windowTicks: 1, restartFrom: "fresh" },
      faults: faults === null ? undefined : {
        ...faults,
        actors: (options.faultyNodes ?? names.map((_, i) => i)).map((i) => {
          if (names[i] === undefined) bad(`faultyNodes: ${i} is not a node`);
          return names[i];
        }),
      },
    });
    const net = new Testnet(sys, o, inputs, g, base, tempDir, faults !== null);
    if (options.resume) {
      // The clock goes on after the highest head on disk before any node opens its database: a
      // node that finds none must take the clock slot as its amnesia horizon.
      net.#slot = Math.max(0, ...inputs.map((i) => peekHeadSlot(i.dataDir) ?? 0));
      await sys.advanceTo(net.#slot * o.ticksPerSlot + o.ticksPerSlot - 1);
    }
    net.checker.resuming = options.resume ?? false;
    await sys.spawnMany(inputs.map((input, i) => ({ name: names[i], behaviour: refs[i], input })));
    net.#drain();
    net.checker.resuming = false;
    return net;
  }

  /** The clock's slot (the last one run). */
  get slot(): number {
    return this.#slot;
  }

  /** The actor system (trace hash, `writeTrace`, `info`). */
  get system(): ActorSystemT {
    return this.#sys;
  }

  /** Node i's data directory. */
  dataDir(node: number): string {
    return this.#inputs[node].dataDir;
  }

  /** Node i's current actor name. */
  nameOf(node: number): string {
    return this.#names[node];
  }

  /** True once `heal()` ran (or there never were faults). */
  get healed(): boolean {
    return this.#healed || !this.#faulty;
  }

  // -------------------------------------------------------------------------------------------
  // running

  /**
   * Runs the next slot: clock to its start, the slot's generated transactions (unless
   * `txs: false`), a tick to every node, every round up to the slot's end.
   */
  async runSlot(options: { txs?: boolean } = {}): Promise<SlotReport> {
    const s = ++this.#slot;
    const T = this.ticksPerSlot;
    await this.#sys.advanceTo(s * T);
    this.#drain();
    if (options.txs ?? true) this.#submitGenerated(s);
    for (let t = s * T; t < (s + 1) * T; t += this.#o.tickEvery) {
      await this.#sys.advanceTo(t);
      for (const name of this.#names) this.#sys.send(name, "tick");
    }
    await this.#sys.advanceTo(s * T + T - 1);
    this.#drain();
    const events = this.#events;
    this.#events = [];
    return {
      slot: s,
      proposer: s % this.n,
      phase: this.healed && this.#faulty ? "liveness" : "faults",
      decision: this.decisions.get(s) ?? null,
      heads: this.checker.heads.map((h) => ({ slot: h.slot, root: h.root })),
      events,
    };
  }

  /**
   * Ends the fault phase (see the module doc): fault injection is switched off from the next
   * round on; the nodes keep running. A no-op without faults.
   */
  heal(): Promise<void> {
    if (this.healed) return Promise.resolve();
    this.#healed = true;
    this.#sys.setFaults(null);
    return Promise.resolve();
  }

  /**
   * Fault-free slots (no new transactions) until every node has the same head and root at the
   * clock's slot; at most `maxSlots`. Returns whether it converged, the slots it took, and the
   * reports of those slots.
   */
  async runLiveness(maxSlots: number): Promise<{
    converged: boolean;
    slots: number;
    reports: SlotReport[];
  }> {
    const reports: SlotReport[] = [];
    for (let k = 0;; k++) {
      if (this.checker.converged(this.#slot)) return { converged: true, slots: k, reports };
      if (k >= maxSlots) return { converged: false, slots: k, reports };
      reports.push(await this.runSlot({ txs: false }));
    }
  }

  /** Runs the rounds due now (e.g. after `system.send`) and gathers their outputs. */
  async settle(): Promise<void> {
    await this.#sys.runUntilIdle();
    this.#drain();
  }

  /** Takes the events gathered since the last slot report (e.g. the restarts of `heal()`). */
  takeEvents(): TestnetEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Crashes node i now (it restarts fresh, from its database). */
  async crash(node: number, cause = "crashed by the test"): Promise<void> {
    await this.#sys.crash(this.#names[node], cause);
    this.#drain();
  }

  /** Writes the run's trace (for `deno task viz --trace`). */
  async writeTrace(path: string): Promise<void> {
    await this.#sys.writeTrace(path);
  }

  /** Stops every node, shuts the system down, removes a temporary data directory. */
  async close(): Promise<void> {
    try {
      for (const name of this.#names) {
        if (this.#sys.info(name).supervision !== "stopped") await this.#sys.stop(name, "closed");
      }
    } finally {
      await this.#sys.shutdown();
      if (this.#tempDir) await Deno.remove(this.#baseDir, { recursive: true });
    }
  }

  // -------------------------------------------------------------------------------------------
  // clients

  /**
   * Signs a ledger transaction for this testnet: by its rightful signer (minter for a mint, the
   * account it spends from otherwise), or by account `as` (a wrong signer, for tests).
   */
  signTx(tx: LedgerTx, o: { as?: number; expiry?: number; nonce?: bigint } = {}): Uint8Array {
    const key = o.as !== undefined
      ? this.clientKeys.accounts[o.as]
      : tx.op === "mint"
      ? this.clientKeys.minter
      : this.clientKeys.accounts[tx.op === "transfer" ? tx.from : tx.account];
    if (key === undefined) throw new NodeError("UNKNOWN_SIGNER", "no client key for that signer");
    return signTx(tx, key, {
      chainId: this.chainId,
      expiry: o.expiry ?? this.#slot + NODE_LIMITS.TX_LIFETIME / 2,
      nonce: o.nonce ?? this.#nonce++,
    });
  }

  /**
   * Submits envelopes to node i and runs the rounds that handle them (at the current time).
   * One result per envelope, in order: accepted into the mempool, or rejected with a code.
   */
  async submit(node: number, envelopes: Uint8Array[]): Promise<SubmitResult[]> {
    const ref = ++this.#ref;
    const sent = this.#sys.send(this.#names[node], "submit", { txs: envelopes, ref });
    if (sent !== "OK") {
      return envelopes.map(() => ({
        id: null,
        status: "rejected",
        code: sent,
        message: "not delivered",
      }));
    }
    this.counts.submitted += envelopes.length;
    await this.#sys.runUntilIdle();
    this.#drain();
    const results = this.#submitted.get(ref);
    this.#submitted.delete(ref);
    return results ??
      envelopes.map(() => ({
        id: null,
        status: "rejected",
        code: "NO_REPLY",
        message: "the node did not answer (it crashed while handling the submission)",
      }));
  }

  /** Where a transaction stands (as reported by the nodes so far). */
  txStatus(id: string): TxStatus {
    return this.#txs.get(id) ?? { status: "unknown" };
  }

  /** Asks node i about transaction ids (hex): included (slot), pending, or unknown. */
  async query(
    node: number,
    ids: string[],
  ): Promise<{ id: string; status: string; slot?: number }[]> {
    const r = await this.#ask(node, "query", { ids }, "txStatus");
    return (r as { statuses: { id: string; status: string; slot?: number }[] } | null)?.statuses ??
      [];
  }

  /** Every node's head as it reports it (slot, block hash, state root, mempool size). */
  async heads(): Promise<({ slot: number; hash: string; root: string; mempool: number } | null)[]> {
    const out = [];
    for (let i = 0; i < this.n; i++) {
      out.push(
        await this.#ask(i, "report", null, "head") as {
          slot: number;
          hash: string;
          root: string;
          mempool: number;
        } | null,
      );
    }
    return out;
  }

  async #ask(node: number, type: string, body: unknown, reply: string): Promise<unknown> {
    if (this.#sys.send(this.#names[node], type, body) !== "OK") return null;
    await this.#sys.runUntilIdle();
    this.#drain();
    const key = `${node}:${reply}`;
    const list = this.#replies.get(key) ?? [];
    this.#replies.delete(key);
    return list.at(-1) ?? null;
  }

  #submitGenerated(s: number): void {
    const txs = generateLedgerTxs(this.#o.seed, s, this.#o.txsPerSlot, {
      accounts: this.#o.accounts,
    });
    const per: Uint8Array[][] = Array.from({ length: this.n }, () => []);
    const dir = clientDirectory(this.clientKeys);
    txs.forEach((tx, i) => {
      txSigner(tx, dir); // every generated signer has a key
      per[(s + i) % this.n].push(this.signTx(tx));
    });
    per.forEach((envelopes, node) => {
      if (envelopes.length === 0) return;
      this.counts.submitted += envelopes.length;
      this.#sys.send(this.#names[node], "submit", { txs: envelopes, ref: 0 });
    });
  }

  // -------------------------------------------------------------------------------------------
  // outputs

  #nodeOf(name: string): number {
    const i = this.#names.indexOf(name);
    if (i >= 0) return i;
    return Number(name.slice("node-".length));
  }

  #drain(): void {
    for (const out of this.#sys.takeOutbox()) {
      const b = out.body as Record<string, unknown>;
      if (out.type === "$child") {
        const body = b as { child: string; event: string; detail: string };
        if (body.event === "crashed") {
          this.#events.push({ kind: "crash", node: this.#nodeOf(body.child), detail: body.detail });
        }
        continue;
      }
      const before = this.checker.violations.length;
      this.checker.observe(out.type, b);
      for (const v of this.checker.violations.slice(before)) {
        this.#events.push({ kind: "violation", message: v });
      }
      const node = b.node as number;
      switch (out.type) {
        case "started":
          if (this.#started.has(node)) {
            this.#events.push({
              kind: "restart",
              node,
              origin: String(b.origin),
              head: b.head as number,
              replayed: b.replayed as number,
              horizon: b.horizon as number,
            });
          }
          this.#started.add(node);
          break;
        case "corrupt":
          this.#events.push({
            kind: "corrupt",
            node,
            code: String(b.code),
            message: String(b.message),
          });
          break;
        case "committed": {
          const slot = b.slot as number;
          this.commitsVia[node][b.via === "sync" ? "sync" : "votes"]++;
          if (!this.decisions.has(slot)) {
            const d: DecidedSlot = {
              kind: String(b.kind),
              hash: (b.hash as string | null) ?? null,
              root: String(b.root),
              txs: b.txs as number,
              ballot: b.ballot as number,
            };
            this.decisions.set(slot, d);
            if (slot < this.#slot) {
              this.#events.push({
                kind: "late",
                slot,
                value: d.kind,
                txs: d.txs,
                ballot: d.ballot,
              });
            }
          }
          break;
        }
        case "rejected":
          this.#events.push({
            kind: "rejected",
            node,
            slot: b.slot as number,
            ballot: b.ballot as number | null,
            from: b.from as number,
            via: String(b.via),
            code: String(b.code),
            message: String(b.message),
          });
          break;
        case "refused":
          this.#events.push({
            kind: "refused",
            node,
            from: String(b.from),
            type: String(b.type),
            code: String(b.code),
            message: String(b.message),
          });
          break;
        case "submitted": {
          const results = b.results as SubmitResult[];
          for (const r of results) {
            if (r.status === "accepted" && r.code === undefined) this.counts.accepted++;
            if (r.status === "rejected") this.counts.rejected++;
            if (r.id === null) continue;
            if (r.status === "accepted") {
              if (!this.#txs.has(r.id)) this.#txs.set(r.id, { status: "accepted" });
            } else this.#txs.set(r.id, { status: "rejected", code: r.code ?? "" });
          }
          if ((b.ref as number) !== 0) this.#submitted.set(b.ref as number, results);
          break;
        }
        case "included":
          for (const id of b.ids as string[]) {
            if (this.#txs.get(id)?.status !== "included") this.counts.included++;
            this.#txs.set(id, { status: "included", slot: b.slot as number });
          }
          break;
        case "expired":
          for (const id of b.ids as string[]) {
            if (this.#txs.get(id)?.status !== "expired") this.counts.expired++;
            this.#txs.set(id, { status: "expired", slot: b.slot as number });
          }
          break;
        case "head":
        case "txStatus": {
          const key = `${node}:${out.type}`;
          this.#replies.set(key, [...(this.#replies.get(key) ?? []), b]);
          break;
        }
      }
    }
  }
}
