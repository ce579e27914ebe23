/**
 * A chain node: the protocol that turns N validators into one chain, over the deterministic
 * scheduler (virtual time, faults) and a database per node. The actor (actor.ts) only forwards
 * messages here; everything a node does is in this class, driven by messages and `ctx.time`.
 * kernel/README.md §Nodes gives the protocol in full and why it is safe; in short:
 *
 * - One single-decree Paxos per slot. Slot `s` is virtual time [s·T, (s+1)·T); ballot `b` of slot
 *   `j` is led by validator `(j + b) mod n` at clock slot `j + b`, so the current clock slot's
 *   proposer leads ballot 0 of its own slot (its block: no phase 1) and a recovery ballot of every
 *   earlier undecided slot (phase 1 → the highest accepted value, or `skip` if none).
 * - Acceptors vote only for their next undecided slot, after verifying the value (kernel
 *   `applyBlock`, signed transactions, the claimed state root); a value that fails is rejected
 *   and reported. Promises, accepted values and led values are written before they are sent.
 * - `q = ⌊n/2⌋+1` matching signed votes are a certificate; a node commits slot `j` (one database
 *   transaction) once it holds the certificate, the value and slot `j−1`.
 * - Every tick: `status` to all, lead what the clock asks, resend unanswered prepares/proposals,
 *   and sync from a peer that is ahead (certified decisions, checked one by one).
 * - A node that lost its database keeps out of the slots it may have voted in (amnesia horizon).
 *
 * @example
 * ```ts
 * import { ChainNode } from "./node.ts";
 * const node = ChainNode.start(input, ctx); // opens (or recovers) its database
 * node.handle(message, ctx);                // any message; refusals become `refused` outputs
 * node.close();
 * ```
 * @module
 */

import { type Envelope, EXTERNAL } from "../../actors/behaviour.ts";
import { Lifecycle } from "../../machines/mod.ts";
import { encodeBlock, signBlock } from "../block.ts";
import { bytesEqual, toHex } from "../bytes.ts";
import { hash } from "../hash.ts";
import type { State } from "../state.ts";
import { type Applied, applyNodeBlock, applyValue, blockTxIds, checkBlockTxs } from "./chain.ts";
import { type NodeConfig, nodeConfig, type NodeInput } from "./config.ts";
import { NodeError, nodeInvariant } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { type Accepted, type Certificate, chooseValue, leaderOf, VoteTally } from "./ballots.ts";
import { TxIntake } from "./intake.ts";
import {
  type ClientMessage,
  parseClientMessage,
  parsePeerMessage,
  PEER_TYPES,
  type PeerMessage,
} from "./messages.ts";
import { type NodeLifecycleEvent, nodeMachine } from "../../machines/chain_node.ts";
import { type AcceptorRecord, type NodeStore, openNodeStore } from "./store.ts";
import {
  blockValue,
  checkDecision,
  type Decision,
  decodeDecision,
  decodeValue,
  encodeDecision,
  encodeValue,
  signVote,
  SKIP,
  type Value,
  valueId,
  verifyVote,
} from "./value.ts";

/** What a node needs from its actor context. */
export interface NodeContext {
  /** Virtual time now. */
  readonly time: number;
  /** Sends a message to another actor. */
  send(to: string, type: string, body?: unknown): void;
  /** Reports to the program outside the run. */
  output(type: string, body?: unknown): void;
  /** Reports the lifecycle state (recorded in the trace). */
  state(name: string): void;
}

interface SlotWork {
  /** Values seen for the slot, by id (hex). */
  values: Map<string, Value>;
  /** Verification results against the committed state (only for the next slot). */
  verified: Map<string, Applied>;
  /** Votes by (ballot, id, root). */
  votes: VoteTally;
  /** A certificate, once formed or received. */
  cert: Certificate | null;
  /** The ballot this node leads for the slot, if any. */
  leading: {
    ballot: number;
    phase: 1 | 2;
    promises: Map<number, Accepted | null>;
    /** Virtual time of the last (re)send. */
    sentAt: number;
  } | null;
  /** A prepare that arrived while the slot was not the next one. */
  pendingPrepare: { from: number; ballot: number } | null;
  /** A proposal that arrived while the slot was not the next one. */
  pendingPropose: { from: number; ballot: number; value: Uint8Array } | null;
}

const NO_ACCEPTOR: AcceptorRecord = { promised: 0, accepted: null };
const TRANSFER_BYTES = 65536;

/** A chain node (see the module doc). */
export class ChainNode {
  readonly #cfg: NodeConfig;
  readonly #store: NodeStore;
  readonly #life = new Lifecycle(nodeMachine, undefined);
  readonly #txs: TxIntake;
  readonly #work = new Map<number, SlotWork>();
  readonly #peerCommitted = new Map<number, number>();
  #ctx: NodeContext;
  #state: State;
  #root: Uint8Array;
  #committed: number;
  readonly #horizon: number;
  readonly #acceptors: Map<number, AcceptorRecord>;
  readonly #proposals: Map<string, Value>;
  #sync: { peer: number; at: number } | null = null;

  private constructor(cfg: NodeConfig, ctx: NodeContext) {
    this.#cfg = cfg;
    this.#ctx = ctx;
    const opened = openNodeStore(cfg.dataDir, {
      genesis: cfg.genesis,
      chainId: cfg.chainId,
      certs: cfg.certs,
      clockSlot: this.#clock,
    });
    if (opened.corruption !== null) {
      ctx.output("corrupt", {
        node: cfg.index,
        code: opened.corruption.code,
        message: opened.corruption.message,
        quarantined: opened.quarantined,
      });
    }
    const c = opened.chain;
    this.#store = opened.store;
    this.#state = c.state;
    this.#root = c.root;
    this.#committed = c.committed;
    this.#horizon = c.horizon;
    this.#acceptors = c.acceptors;
    this.#proposals = c.proposals;
    this.#txs = new TxIntake(cfg.chainId, cfg.directory, c.included);
    for (const t of c.mempool) this.#txs.admitStored(t.bytes, t.client);
    ctx.output("started", {
      node: cfg.index,
      origin: c.origin,
      head: c.committed,
      root: toHex(c.root),
      replayed: c.replayed,
      horizon: c.horizon,
      mempool: this.#txs.mempool.size,
    });
    ctx.state(this.#life.state);
  }

  /**
   * Checks the input, opens (or recovers) the node's database and reports `started` (and
   * `corrupt` when the database had to be set aside). Throws `NodeError("BAD_CONFIG")`.
   */
  static start(input: NodeInput, ctx: NodeContext): ChainNode {
    return new ChainNode(nodeConfig(input), ctx);
  }

  /** Closes the database. */
  close(): void {
    this.#store.close();
  }

  /** Last committed slot. */
  get committed(): number {
    return this.#committed;
  }

  get #clock(): number {
    return Math.floor(this.#ctx.time / this.#cfg.ticksPerSlot);
  }

  // -------------------------------------------------------------------------------------------
  // dispatch

  /**
   * Handles one message. Malformed or unauthorised messages are reported as `refused` outputs
   * and change nothing; a broken invariant throws (the actor restarts from its database).
   */
  handle(msg: Envelope, ctx: NodeContext): void {
    this.#ctx = ctx;
    if (msg.type.startsWith("$")) return; // $bounce / $child: nothing to do
    try {
      if (msg.from === EXTERNAL) {
        if ((PEER_TYPES as readonly string[]).includes(msg.type)) {
          throw new NodeError("NOT_A_PEER", `${msg.type} comes from validators, not from outside`);
        }
        this.#onClient(parseClientMessage(msg.type, msg.body));
      } else {
        const peer = this.#cfg.indexOf.get(msg.from);
        if (peer === undefined || peer === this.#cfg.index) {
          throw new NodeError("NOT_A_PEER", `${msg.from} is not a validator of this chain`);
        }
        this.#onPeer(peer, parsePeerMessage(msg.type, msg.body));
      }
    } catch (e) {
      if (!(e instanceof NodeError) || e.code === "INVARIANT" || e.code === "CORRUPT_DB") throw e;
      ctx.output("refused", {
        node: this.#cfg.index,
        from: msg.from,
        type: msg.type,
        code: e.code,
        message: e.message,
      });
    }
    nodeInvariant(this.#life.state === "idle", `handling ends idle, not ${this.#life.state}`);
  }

  #onClient(m: ClientMessage): void {
    switch (m.type) {
      case "tick":
        return this.#onTick();
      case "submit":
        return this.#onSubmit(m.txs, m.ref);
      case "query":
        return this.#onQuery(m.ids);
      case "report":
        return this.#ctx.output("head", this.#headReport());
    }
  }

  #onPeer(from: number, m: PeerMessage): void {
    switch (m.type) {
      case "status":
        return this.#onStatus(from, m.committed);
      case "prepare":
        return this.#onPrepare(from, m.slot, m.ballot);
      case "promise":
        return this.#onPromise(from, m.slot, m.ballot, m.accepted);
      case "propose":
        return this.#onPropose(from, m.slot, m.ballot, m.value);
      case "vote":
        return this.#onVote(from, m.slot, m.ballot, m.id, m.root, m.signature);
      case "decision":
        return this.#onDecision(from, m.record);
      case "sync":
        return this.#onSync(from, m.from, m.max);
      case "decisions":
        return this.#onDecisions(from, m.records);
      case "txs":
        return this.#onGossip(m.txs);
    }
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  #step(event: NodeLifecycleEvent): void {
    const r = this.#life.send(event);
    nodeInvariant(r.outcome === "OK", `lifecycle: ${event.type} in ${this.#life.state}`);
    this.#ctx.state(this.#life.state);
  }

  #send(to: number, type: string, body: unknown): void {
    this.#ctx.send(this.#cfg.names[to], type, body);
  }

  /** Sends to every other node (big byte strings copied per peer: they are transferred). */
  #broadcast(type: string, body: () => unknown): void {
    for (let i = 0; i < this.#cfg.n; i++) if (i !== this.#cfg.index) this.#send(i, type, body());
  }

  #slot(j: number): SlotWork {
    let w = this.#work.get(j);
    if (w === undefined) {
      w = {
        values: new Map(),
        verified: new Map(),
        votes: new VoteTally(this.#cfg.quorum),
        cert: null,
        leading: null,
        pendingPrepare: null,
        pendingPropose: null,
      };
      this.#work.set(j, w);
    }
    return w;
  }

  #inWindow(j: number): boolean {
    return j > this.#committed && j <= this.#committed + NODE_LIMITS.SLOT_WINDOW;
  }

  #leaderOf(slot: number, ballot: number): number {
    return leaderOf(slot, ballot, this.#cfg.n);
  }

  #acceptor(j: number): AcceptorRecord {
    return this.#acceptors.get(j) ?? NO_ACCEPTOR;
  }

  #headReport() {
    return {
      node: this.#cfg.index,
      slot: this.#committed,
      hash: toHex(this.#state.head),
      root: toHex(this.#root),
      mempool: this.#txs.mempool.size,
      horizon: this.#horizon,
    };
  }

  #reject(slot: number, ballot: number | null, from: number, e: NodeError, via: string): void {
    if (this.#life.state === "committed") this.#step({ type: "SYNC", from: slot });
    this.#step({ type: "REJECT", reason: `${e.code}: ${e.message}` });
    this.#ctx.output("rejected", {
      node: this.#cfg.index,
      slot,
      ballot,
      from,
      via,
      code: e.code,
      message: e.message,
    });
    this.#step({ type: "RESET" });
  }

  // -------------------------------------------------------------------------------------------
  // clock, leadership

  #onTick(): void {
    this.#broadcast("status", () => ({ committed: this.#committed }));
    this.#drive();
    this.#retransmit();
    this.#maybeSync(null);
  }

  /**
   * Resends the current ballot's prepare (phase 1) or proposal (phase 2) to the peers that have
   * not answered it yet — lost messages are retried on every tick of the clock slot.
   */
  #retransmit(): void {
    const j = this.#committed + 1;
    const L = this.#work.get(j)?.leading;
    if (L === undefined || L === null || L.sentAt >= this.#ctx.time) return;
    if (L.ballot !== this.#clock - j) return; // the clock moved on: a higher ballot leads
    L.sentAt = this.#ctx.time;
    const peers = [...Array(this.#cfg.n).keys()].filter((i) => i !== this.#cfg.index);
    if (L.phase === 1) {
      for (const p of peers) {
        if (!L.promises.has(p)) this.#send(p, "prepare", { slot: j, ballot: L.ballot });
      }
      return;
    }
    const value = this.#proposals.get(`${j}:${L.ballot}`);
    if (value === undefined) return;
    const voted = this.#work.get(j)!.votes.voters(L.ballot, toHex(valueId(value)));
    const bytes = encodeValue(value);
    for (const p of peers) {
      if (!voted.has(p)) {
        this.#send(p, "propose", { slot: j, ballot: L.ballot, value: copyIfBig(bytes) });
      }
    }
  }

  /** Leads whatever the current clock slot asks of this node (see the module doc). */
  #drive(): void {
    const c = this.#clock;
    if (c <= this.#horizon || c % this.#cfg.n !== this.#cfg.index) return;
    const j = this.#committed + 1;
    if (j > c) return;
    const b = c - j;
    const w = this.#slot(j);
    if (w.leading !== null && w.leading.ballot === b) return;
    const mine = this.#proposals.get(`${j}:${b}`);
    if (mine !== undefined) return this.#phase2(j, b, mine); // after a restart: the same value
    if (b === 0) return this.#proposeOwn(j);
    w.leading = { ballot: b, phase: 1, promises: new Map(), sentAt: this.#ctx.time };
    this.#broadcast("prepare", () => ({ slot: j, ballot: b }));
    this.#onPrepare(this.#cfg.index, j, b);
  }

  /** Ballot 0: drain the mempool into a block, apply, sign, store, send. */
  #proposeOwn(j: number): void {
    this.#step({ type: "PROPOSE", slot: j });
    const txs = this.#txs.select(j, this.#cfg.maxBlockTxs);
    let block = signBlock(
      {
        parent: this.#state.head,
        slot: j,
        events: txs.map((t) => ({ endpoint: 0, payload: t.bytes })),
      },
      this.#cfg.key,
    );
    const applied = applyNodeBlock(this.#state, block);
    let root = applied.root;
    const m = this.#cfg.misbehave;
    if (
      m !== null && m.kind !== "forgetfulLeader" && (m.slots === undefined || m.slots.includes(j))
    ) {
      if (m.kind === "badSignature") {
        const signature = block.signature.slice();
        signature[0] ^= 1;
        block = { ...block, signature };
      } else if (m.kind === "wrongRoot") root = hash(root);
      else {block = signBlock(
          { parent: hash(this.#state.head), slot: j, events: block.events },
          this.#cfg.key,
        );}
    }
    const value = blockValue(encodeBlock(block), root);
    const w = this.#slot(j);
    if (m === null || m.kind === "forgetfulLeader") w.verified.set(toHex(value.hash), applied);
    this.#store.saveProposal(j, 0, value);
    this.#proposals.set(`${j}:0`, value);
    this.#step({ type: "PROPOSED" });
    this.#ctx.output("proposed", { node: this.#cfg.index, slot: j, txs: txs.length });
    this.#phase2(j, 0, value);
  }

  /** Sends this node's value for (slot, ballot) and accepts it locally. */
  #phase2(j: number, b: number, value: Value): void {
    const w = this.#slot(j);
    w.leading = {
      ballot: b,
      phase: 2,
      promises: w.leading?.promises ?? new Map(),
      sentAt: this.#ctx.time,
    };
    w.values.set(toHex(valueId(value)), value);
    const bytes = encodeValue(value);
    this.#broadcast("propose", () => ({ slot: j, ballot: b, value: copyIfBig(bytes) }));
    this.#accept(this.#cfg.index, j, b, value);
  }

  // -------------------------------------------------------------------------------------------
  // acceptor

  /** Replies with the decision of an already committed slot (the sender learns it). */
  #tellDecided(to: number, j: number): void {
    if (to === this.#cfg.index) return;
    const [record] = this.#store.readDecisions(j, 1, NODE_LIMITS.MESSAGE_BYTES);
    if (record !== undefined) this.#send(to, "decision", { record });
  }

  #checkLeader(from: number, j: number, b: number): void {
    if (from !== this.#leaderOf(j, b)) {
      throw new NodeError(
        "WRONG_LEADER",
        `validator ${from} does not lead ballot ${b} of slot ${j} (validator ${
          this.#leaderOf(j, b)
        } does)`,
      );
    }
    if (j + b > this.#clock) {
      throw new NodeError(
        "FUTURE_SLOT",
        `ballot ${b} of slot ${j} starts after clock slot ${this.#clock}`,
      );
    }
  }

  #onPrepare(from: number, j: number, b: number): void {
    this.#checkLeader(from, j, b);
    if (j <= this.#committed) return this.#tellDecided(from, j);
    if (j > this.#committed + 1) {
      if (this.#inWindow(j)) this.#slot(j).pendingPrepare = { from, ballot: b };
      return this.#maybeSync(from);
    }
    if (j <= this.#horizon) return;
    const a = this.#acceptor(j);
    if (b < a.promised) return;
    if (b > a.promised) {
      const next = { promised: b, accepted: a.accepted };
      this.#store.saveAcceptor(j, next);
      this.#acceptors.set(j, next);
    }
    if (from === this.#cfg.index) this.#onPromise(from, j, b, a.accepted);
    else {
      this.#send(from, "promise", {
        slot: j,
        ballot: b,
        accepted: a.accepted === null
          ? null
          : { ballot: a.accepted.ballot, value: copyIfBig(encodeValue(a.accepted.value)) },
      });
    }
  }

  #onPromise(
    from: number,
    j: number,
    b: number,
    accepted: { ballot: number; value: Uint8Array | Value } | null,
  ): void {
    const w = this.#work.get(j);
    if (w?.leading === undefined || w.leading === null) return;
    if (w.leading.ballot !== b || w.leading.phase !== 1 || j !== this.#committed + 1) return;
    let a: Accepted | null = null;
    if (accepted !== null) {
      const value = accepted.value instanceof Uint8Array
        ? decodeValue(accepted.value)
        : accepted.value;
      if (accepted.ballot >= b) {
        throw new NodeError(
          "BAD_VALUE",
          `a promise for ballot ${b} reports ballot ${accepted.ballot}`,
        );
      }
      a = { ballot: accepted.ballot, value };
    }
    w.leading.promises.set(from, a);
    if (w.leading.promises.size < this.#cfg.quorum) return;
    const value = this.#cfg.misbehave?.kind === "forgetfulLeader"
      ? SKIP
      : chooseValue(w.leading.promises.values());
    this.#store.saveProposal(j, b, value);
    this.#proposals.set(`${j}:${b}`, value);
    this.#phase2(j, b, value);
  }

  #onPropose(from: number, j: number, b: number, bytes: Uint8Array): void {
    this.#checkLeader(from, j, b);
    if (j <= this.#committed) return this.#tellDecided(from, j);
    if (j > this.#committed + 1) {
      if (this.#inWindow(j)) {
        const w = this.#slot(j);
        if (w.pendingPropose === null || b >= w.pendingPropose.ballot) {
          w.pendingPropose = { from, ballot: b, value: bytes };
        }
      }
      return this.#maybeSync(from);
    }
    let value: Value;
    try {
      value = decodeValue(bytes);
    } catch (e) {
      if (!(e instanceof NodeError)) throw e;
      this.#step({ type: "VERIFY", slot: j, ballot: b });
      return this.#reject(j, b, from, e, "propose");
    }
    this.#slot(j).values.set(toHex(valueId(value)), value);
    this.#accept(from, j, b, value);
  }

  /** Verifies and, if it may, accepts `value` in ballot `b` of the next slot, and votes. */
  #accept(leader: number, j: number, b: number, value: Value): void {
    nodeInvariant(j === this.#committed + 1, "accepting only for the next slot");
    if (j <= this.#horizon) return;
    const a = this.#acceptor(j);
    if (b < a.promised) return;
    if (a.accepted !== null && a.accepted.ballot === b) {
      if (!bytesEqual(valueId(a.accepted.value), valueId(value))) return; // one value per ballot
    }
    this.#step({ type: "VERIFY", slot: j, ballot: b });
    let applied: Applied;
    try {
      applied = this.#verify(j, b, value);
    } catch (e) {
      if (!(e instanceof NodeError) || e.code === "INVARIANT") throw e;
      return this.#reject(j, b, leader, e, "propose");
    }
    const same = a.promised === b && a.accepted !== null && a.accepted.ballot === b;
    if (!same) {
      const next: AcceptorRecord = { promised: b, accepted: { ballot: b, value } };
      this.#store.saveAcceptor(j, next);
      this.#acceptors.set(j, next);
    }
    this.#step({ type: "VERIFIED" });
    const claim = { slot: j, ballot: b, id: valueId(value), root: applied.root };
    const signature = signVote(this.#cfg.key, this.#cfg.chainId, claim);
    this.#broadcast("vote", () => ({ ...claim, signature }));
    this.#onVote(this.#cfg.index, j, b, claim.id, claim.root, signature);
  }

  /** Checks a value against the committed state (cached per value). */
  #verify(j: number, b: number, value: Value): Applied {
    const w = this.#slot(j);
    const key = toHex(valueId(value));
    const cached = w.verified.get(key);
    if (cached !== undefined) return cached;
    if (value.kind === "skip") {
      if (b === 0) throw new NodeError("BAD_VALUE", "skip is never a ballot-0 value");
    } else {
      if (value.block.slot !== j) {
        throw new NodeError(
          "BAD_SLOT",
          `a block of slot ${value.block.slot} proposed for slot ${j}`,
        );
      }
      checkBlockTxs(value.block, {
        chainId: this.#cfg.chainId,
        directory: this.#cfg.directory,
        included: (id) => this.#txs.included.has(id),
        verified: (id) => this.#txs.mempool.has(id),
      });
    }
    const applied = applyValue(this.#state, value);
    w.verified.set(key, applied);
    return applied;
  }

  // -------------------------------------------------------------------------------------------
  // learner

  #onVote(
    from: number,
    j: number,
    b: number,
    id: Uint8Array,
    root: Uint8Array,
    signature: Uint8Array,
  ): void {
    if (!this.#inWindow(j)) return;
    const claim = { slot: j, ballot: b, id, root };
    if (
      from !== this.#cfg.index &&
      !verifyVote(this.#cfg.certs.validators[from], this.#cfg.chainId, claim, signature)
    ) {
      throw new NodeError(
        "BAD_SIGNATURE",
        `the vote of validator ${from} for slot ${j} does not verify`,
      );
    }
    const w = this.#slot(j);
    if (w.cert !== null) return;
    const cert = w.votes.add(b, id, root, from, signature);
    if (cert === null) return;
    w.cert = cert;
    this.#advance(from);
  }

  #onDecision(from: number, record: Uint8Array): void {
    const d = decodeDecision(record);
    if (!this.#inWindow(d.slot)) return;
    checkDecision(d, this.#cfg.certs);
    const w = this.#slot(d.slot);
    w.values.set(toHex(valueId(d.value)), d.value);
    if (w.cert === null) {
      w.cert = { ballot: d.ballot, id: valueId(d.value), root: d.root, votes: [...d.votes] };
    }
    this.#advance(from);
  }

  /** Commits every next slot that has a certificate and its value; then leads if due. */
  #advance(hint: number | null): void {
    let committedAny = false;
    for (;;) {
      const j = this.#committed + 1;
      const w = this.#work.get(j);
      if (w === undefined || w.cert === null) break;
      const value = w.cert.id.every((x) => x === 0) ? SKIP : w.values.get(toHex(w.cert.id));
      if (value === undefined) {
        this.#maybeSync(hint);
        break;
      }
      const d: Decision = {
        slot: j,
        ballot: w.cert.ballot,
        value,
        root: w.cert.root,
        votes: w.cert.votes,
      };
      this.#step({ type: "DECIDED", slot: j });
      this.#commit(d, "votes");
      committedAny = true;
    }
    if (committedAny) this.#step({ type: "RESET" });
    if (committedAny) this.#afterCommits();
  }

  /** After the committed slot moved: replay buffered messages for the next slot, then lead. */
  #afterCommits(): void {
    const j = this.#committed + 1;
    const w = this.#work.get(j);
    if (w !== undefined) {
      const p = w.pendingPrepare, q = w.pendingPropose;
      w.pendingPrepare = null;
      w.pendingPropose = null;
      if (p !== null) this.#tryBuffered(() => this.#onPrepare(p.from, j, p.ballot));
      if (q !== null) this.#tryBuffered(() => this.#onPropose(q.from, j, q.ballot, q.value));
    }
    this.#drive();
  }

  #tryBuffered(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!(e instanceof NodeError) || e.code === "INVARIANT" || e.code === "CORRUPT_DB") throw e;
    }
  }

  /** Applies a certified value to the committed state and writes it (one transaction). */
  #commit(d: Decision, via: "votes" | "sync"): void {
    const w = this.#work.get(d.slot);
    const key = toHex(valueId(d.value));
    let applied = w?.verified.get(key);
    if (applied === undefined) {
      try {
        applied = applyValue(this.#state, d.value);
      } catch (e) {
        if (!(e instanceof NodeError)) throw e;
        throw new NodeError(
          "INVARIANT",
          `slot ${d.slot} is certified by a quorum but does not apply here (${e.code}: ${e.message})`,
        );
      }
    }
    nodeInvariant(
      bytesEqual(applied.root, d.root),
      `slot ${d.slot}: the certified root ${toHex(d.root)} is not ours ${toHex(applied.root)}`,
    );
    const ids = d.value.kind === "block" ? blockTxIds(d.value.block, this.#cfg.chainId) : [];
    const settled = this.#txs.settlement(d.slot, ids);
    this.#store.commit(d, encodeDecision(d), applied.state, applied.root, settled.drop);
    this.#state = applied.state;
    this.#root = applied.root;
    this.#committed = d.slot;
    this.#txs.settle(d.slot, ids, settled);
    for (const s of [...this.#acceptors.keys()]) if (s <= d.slot) this.#acceptors.delete(s);
    for (const k of [...this.#proposals.keys()]) {
      if (Number(k.split(":")[0]) <= d.slot) this.#proposals.delete(k);
    }
    for (const s of [...this.#work.keys()]) if (s <= d.slot) this.#work.delete(s);
    this.#step({ type: "COMMIT", slot: d.slot });
    this.#ctx.output("committed", {
      node: this.#cfg.index,
      slot: d.slot,
      kind: d.value.kind,
      hash: d.value.kind === "block" ? toHex(d.value.hash) : null,
      root: toHex(d.root),
      txs: ids.length,
      ballot: d.ballot,
      via,
    });
    if (settled.mine.length > 0) {
      this.#ctx.output("included", { node: this.#cfg.index, slot: d.slot, ids: settled.mine });
    }
    if (settled.expired.length > 0) {
      this.#ctx.output("expired", { node: this.#cfg.index, slot: d.slot, ids: settled.expired });
    }
  }

  // -------------------------------------------------------------------------------------------
  // sync

  #onStatus(from: number, committed: number): void {
    this.#peerCommitted.set(from, Math.max(this.#peerCommitted.get(from) ?? 0, committed));
    if (committed > this.#committed) this.#maybeSync(from);
  }

  /** Asks a peer for decisions when behind (one request in flight, retried after a slot). */
  #maybeSync(hint: number | null): void {
    let peer = hint;
    if (peer === null || peer === this.#cfg.index) {
      peer = null;
      let best = this.#committed;
      for (const [p, c] of [...this.#peerCommitted].sort((x, y) => x[0] - y[0])) {
        if (c > best) [peer, best] = [p, c];
      }
      if (peer === null) return;
    }
    if (this.#sync !== null && this.#ctx.time - this.#sync.at < this.#cfg.retryTicks) return;
    this.#sync = { peer, at: this.#ctx.time };
    const from = this.#committed + 1;
    this.#step({ type: "SYNC", from });
    this.#send(peer, "sync", { from, max: NODE_LIMITS.SYNC_BATCH });
    this.#step({ type: "SYNCED" });
  }

  #onSync(from: number, first: number, max: number): void {
    const records = first > this.#committed
      ? []
      : this.#store.readDecisions(first, max, NODE_LIMITS.MESSAGE_BYTES);
    this.#send(from, "decisions", { records: records.map(copyIfBig) });
  }

  #onDecisions(from: number, records: Uint8Array[]): void {
    if (this.#sync?.peer === from) this.#sync = null;
    let committedAny = false;
    const start = this.#committed;
    this.#step({ type: "SYNC", from: start + 1 });
    for (const record of records) {
      let d: Decision;
      try {
        d = decodeDecision(record);
        if (d.slot <= this.#committed) continue;
        if (d.slot !== this.#committed + 1) {
          throw new NodeError("MALFORMED_MESSAGE", `sync reply skips to slot ${d.slot}`);
        }
        checkDecision(d, this.#cfg.certs);
      } catch (e) {
        if (!(e instanceof NodeError) || e.code === "INVARIANT") throw e;
        this.#reject(this.#committed + 1, null, from, e, "sync");
        if (committedAny) this.#afterCommits();
        return;
      }
      this.#step({ type: "DECIDED", slot: d.slot });
      this.#commit(d, "sync");
      committedAny = true;
    }
    this.#step(committedAny ? { type: "RESET" } : { type: "SYNCED" });
    if (committedAny) {
      this.#afterCommits();
      this.#advance(null);
      if ((this.#peerCommitted.get(from) ?? 0) > this.#committed) this.#maybeSync(from);
    }
  }

  // -------------------------------------------------------------------------------------------
  // transactions

  /** The first slot a transaction admitted now could still be included in. */
  get #nextSlot(): number {
    return Math.max(this.#committed + 1, this.#clock);
  }

  #onSubmit(envelopes: Uint8Array[], ref: number): void {
    const { results, admitted } = this.#txs.submit(envelopes, this.#nextSlot);
    this.#store.addTxs(admitted.map((t) => ({ id: t.id, bytes: t.bytes, client: true })));
    this.#ctx.output("submitted", { node: this.#cfg.index, ref, results });
    if (admitted.length > 0) this.#broadcast("txs", () => ({ txs: admitted.map((t) => t.bytes) }));
  }

  #onGossip(envelopes: Uint8Array[]): void {
    // Gossiped copies stay in memory: the node a client submitted to keeps the durable one.
    const { refused } = this.#txs.gossip(envelopes, this.#nextSlot);
    if (refused > 0) {
      throw new NodeError("BAD_VALUE", `${refused} gossiped transactions were refused`);
    }
  }

  #onQuery(ids: string[]): void {
    this.#ctx.output("txStatus", { node: this.#cfg.index, statuses: this.#txs.query(ids) });
  }
}

function copyIfBig(b: Uint8Array): Uint8Array {
  return b.length >= TRANSFER_BYTES ? b.slice() : b;
}
