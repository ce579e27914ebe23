/**
 * `deno task run testnet` — N chain nodes as actors (one Worker each) on the example ledger
 * chain, with generated signed transactions and optional seeded faults; prints each slot's
 * proposer, decision and every node's head, heals the faults, runs a fault-free liveness phase,
 * and exits non-zero if the nodes do not end on the same head and state root (or if the safety
 * checker saw two nodes commit different values for a slot). Same seed → the same output.
 * @module
 */

import { toHex } from "../kernel/bytes.ts";
import type { LedgerTx } from "../kernel/ledger.ts";
import {
  NODE_LIMITS,
  type SlotReport,
  Testnet,
  type TestnetEvent,
  type TestnetOptions,
} from "../kernel/node/mod.ts";

/** Usage text. */
export const HELP =
  `usage: deno task run testnet [--nodes N] [--slots S] [--seed X] [--faults drop=P,delay=P,crash=P]
                             [--data <dir>] [--trace <file>] [--txs K] [--tx SLOT:SPEC]…

Runs N chain nodes (validators) as actors, each in its own Worker with its own SQLite database,
on the example ledger chain for S slots. Each slot's proposer (slot mod N) drains its mempool
into a block; the others verify it by applying it and comparing the state root, and vote; a
quorum of votes decides the slot (a proposer that crashed or proposed a bad block gets its slot
skipped by the next proposer). Every slot prints its proposer, its decision (block with its
transactions, skip, or still pending) and each node's head as slot:state-root. After slot S the
faults are healed (fault injection switched off) and fault-free slots run until every
node has the same head and root. Same seed → the same output, byte for byte.

  --nodes N          validators / nodes, 1…${NODE_LIMITS.NODES} (default 4)
  --slots S          slots with transactions and faults (default 20)
  --seed X           run seed: keys, transactions, faults (default 1)
  --faults LIST      seeded faults on node-to-node messages and node rounds, comma-separated:
                     drop=P, delay=P, crash=P (probabilities), reorder=P, maxDelay=T (ticks, < 10)
  --data <dir>       keep the node databases in <dir>/node-i/node.db (default: a temporary
                     directory removed at exit); a directory from an earlier run is refused
                     unless --resume, which continues that chain for S more slots
  --trace <file>     write the actor trace (draw it: deno task viz --trace <file>)
  --txs K            generated transactions per slot (default 8, at most ${NODE_LIMITS.SUBMIT_TXS})
  --accounts A       accounts the generator uses (default 16)
  --liveness L       most fault-free slots to wait for convergence (default 2N + 4)
  --inprocess        run the nodes on the main thread instead of Workers (same output)
  --tx SLOT:SPEC     submit a client transaction before SLOT, to node SLOT mod N, and report its
                     fate; SPEC is mint:TO:AMOUNT, transfer:FROM:TO:AMOUNT[:as=ACCOUNT] (signed
                     by ACCOUNT instead of FROM: a bad signature), balance:ACCOUNT, or hex:ENVELOPE

Exit code: 0 converged; 1 nodes disagree at the end or the safety checker saw a conflict; 2 usage.`;

interface ClientTx {
  slot: number;
  spec: string;
  tx: LedgerTx | null;
  as: number | null;
  hex: Uint8Array | null;
}

interface Options {
  nodes: number;
  slots: number;
  seed: bigint;
  faults: TestnetOptions["faults"];
  data: string | null;
  resume: boolean;
  trace: string | null;
  txs: number;
  accounts: number;
  liveness: number | null;
  inprocess: boolean;
  clientTxs: ClientTx[];
}

function parseFaults(v: string): TestnetOptions["faults"] | string {
  const f: Record<string, number> = {};
  for (const part of v.split(",")) {
    const m = /^(drop|delay|crash|reorder|maxDelay)=([0-9.]+)$/.exec(part);
    if (m === null) {
      return `--faults: "${part}" is not drop=P, delay=P, crash=P, reorder=P or maxDelay=T`;
    }
    const x = Number(m[2]);
    if (m[1] === "maxDelay") {
      if (!Number.isInteger(x) || x < 1 || x > 9) return "--faults: maxDelay must be 1…9 ticks";
    } else if (!(x >= 0 && x <= 1)) return `--faults: ${m[1]} must be a probability in [0, 1]`;
    f[m[1]] = x;
  }
  return f;
}

function parseClientTx(v: string): ClientTx | string {
  const parts = v.split(":");
  const slot = Number(parts[0]);
  if (!/^\d+$/.test(parts[0] ?? "") || slot < 1) return `--tx ${v}: starts with a slot number ≥ 1`;
  const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN);
  const base = { slot, spec: parts.slice(1).join(":"), as: null, hex: null };
  const [op, a, b, c, d] = parts.slice(1);
  if (op === "mint" && parts.length === 4 && num(a) >= 0 && num(b) >= 0) {
    return { ...base, tx: { op: "mint", to: num(a), amount: BigInt(num(b)) } };
  }
  if (op === "balance" && parts.length === 3 && num(a) >= 0) {
    return { ...base, tx: { op: "balance", account: num(a) } };
  }
  if (op === "transfer" && (parts.length === 5 || parts.length === 6)) {
    const as = d === undefined ? null : /^as=(\d+)$/.exec(d)?.[1];
    if (num(a) >= 0 && num(b) >= 0 && num(c) >= 0 && as !== undefined) {
      return {
        ...base,
        tx: { op: "transfer", from: num(a), to: num(b), amount: BigInt(num(c)), work: 10 },
        as: as === null ? null : Number(as),
      };
    }
  }
  if (op === "hex" && parts.length === 3 && /^(?:[0-9a-fA-F]{2})*$/.test(a ?? "x")) {
    const bytes = new Uint8Array(a.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(a.slice(2 * i, 2 * i + 2), 16);
    return { ...base, tx: null, hex: bytes };
  }
  return `--tx ${v}: SPEC is mint:TO:AMOUNT, transfer:FROM:TO:AMOUNT[:as=ACCOUNT], balance:ACCOUNT or hex:ENVELOPE`;
}

function parse(args: string[]): Options | string {
  const o: Options = {
    nodes: 4,
    slots: 20,
    seed: 1n,
    faults: null,
    data: null,
    resume: false,
    trace: null,
    txs: 8,
    accounts: 16,
    liveness: null,
    inprocess: false,
    clientTxs: [],
  };
  const int = (name: string, v: string | undefined, lo: number, hi: number): number | string => {
    if (v === undefined || !/^\d+$/.test(v)) return `${name} needs a whole number`;
    const n = Number(v);
    return n < lo || n > hi ? `${name} must be ${lo}…${hi}` : n;
  };
  const text = (name: string, v: string | undefined): string | { error: string } =>
    v === undefined || v.startsWith("--") ? { error: `${name} needs a value` } : v;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let r: unknown = 0;
    if (a === "--nodes") r = o.nodes = int(a, args[++i], 1, NODE_LIMITS.NODES) as number;
    else if (a === "--slots") r = o.slots = int(a, args[++i], 0, 100_000) as number;
    else if (a === "--txs") r = o.txs = int(a, args[++i], 0, NODE_LIMITS.SUBMIT_TXS) as number;
    else if (a === "--accounts") r = o.accounts = int(a, args[++i], 1, 256) as number;
    else if (a === "--liveness") r = o.liveness = int(a, args[++i], 0, 10_000) as number;
    else if (a === "--seed") {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v) || BigInt(v) >= 1n << 64n) {
        return "--seed needs a whole number below 2^64";
      }
      o.seed = BigInt(v);
    } else if (a === "--faults") {
      const v = text(a, args[++i]);
      if (typeof v !== "string") return v.error;
      const f = parseFaults(v);
      if (typeof f === "string") return f;
      o.faults = f;
    } else if (a === "--data" || a === "--trace") {
      const v = text(a, args[++i]);
      if (typeof v !== "string") return v.error;
      if (a === "--data") o.data = v;
      else o.trace = v;
    } else if (a === "--tx") {
      const v = text(a, args[++i]);
      if (typeof v !== "string") return v.error;
      const t = parseClientTx(v);
      if (typeof t === "string") return t;
      o.clientTxs.push(t);
    } else if (a === "--resume") o.resume = true;
    else if (a === "--inprocess") o.inprocess = true;
    else return `unknown option ${a}`;
    if (typeof r === "string") return r;
  }
  if (o.resume && o.data === null) return "--resume needs --data <dir>";
  return o;
}

async function holdsDatabases(dir: string): Promise<boolean> {
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && /^node-\d+$/.test(e.name)) {
        for await (const f of Deno.readDir(`${dir}/${e.name}`)) {
          if (f.name.startsWith("node.db")) return true;
        }
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
  return false;
}

const short = (hex: string | null) => (hex === null ? "-" : hex.slice(0, 8));

function eventLine(e: TestnetEvent): string {
  switch (e.kind) {
    case "crash":
      return `! n${e.node} crashed (${e.detail})`;
    case "restart":
      return e.origin === "loaded"
        ? `^ n${e.node} restarted from its database at slot ${e.head} (replayed ${e.replayed} after the last snapshot)`
        : `^ n${e.node} restarted ${
          e.origin === "reset" ? "from genesis (database reset)" : "on a new database"
        } at slot ${e.head}, votes only after slot ${e.horizon}`;
    case "corrupt":
      return `! n${e.node} database corrupt (${e.code}: ${e.message}) → set aside, resync from peers`;
    case "rejected":
      return `x n${e.node} rejected slot ${e.slot}${
        e.ballot === null ? "" : ` ballot ${e.ballot}`
      } from n${e.from} (${e.via}): ${e.code}`;
    case "late":
      return `< slot ${e.slot} decided late: ${
        e.value === "skip" ? "skip" : `block, ${e.txs} txs`
      } (ballot ${e.ballot})`;
    case "refused":
      return `? n${e.node} refused ${e.type} from ${e.from}: ${e.code}`;
    case "heal":
      return "faults healed: fault injection is off from the next round";
    case "violation":
      return `!! SAFETY VIOLATION: ${e.message}`;
  }
}

function slotLine(r: SlotReport, n: number): string {
  const d = r.decision;
  const decided = d === null
    ? "pending".padEnd(24)
    : d.kind === "skip"
    ? `skip (ballot ${d.ballot})`.padEnd(24)
    : `block ${short(d.hash)} ${String(d.txs).padStart(3)} txs`.padEnd(24);
  const heads = r.heads.map((h, i) => `n${i} ${String(h.slot).padStart(3)}:${h.root.slice(0, 8)}`)
    .join("  ");
  return `${String(r.slot).padStart(5)}  n${String(r.proposer).padEnd(2)} ${decided} ${
    n <= 8 ? heads : heads.slice(0, 200)
  }`;
}

/** Runs the testnet; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const o = parse(args);
  if (typeof o === "string") {
    console.error(`testnet: ${o}\n\n${HELP}`);
    return 2;
  }
  if (o.data !== null && !o.resume && await holdsDatabases(o.data)) {
    console.error(
      `testnet: ${o.data} holds node databases from an earlier run; pass --resume to continue that chain, or another directory`,
    );
    return 2;
  }
  const faultText = o.faults === null || o.faults === undefined
    ? "no faults"
    : "faults " + Object.entries(o.faults).map(([k, v]) => `${k}=${v}`).join(",");
  let net: Testnet;
  try {
    net = await Testnet.start({
      nodes: o.nodes,
      seed: o.seed,
      mode: o.inprocess ? "inprocess" : "workers",
      faults: o.faults,
      dataDir: o.data,
      resume: o.resume,
      txsPerSlot: o.txs,
      accounts: o.accounts,
    });
  } catch (e) {
    console.error(`testnet: ${(e as Error).message}`);
    return 2;
  }
  let code = 1;
  try {
    console.log(
      `testnet: ${o.nodes} nodes, ${o.slots} slots, seed ${o.seed}, ${o.txs} txs per slot, ${faultText}`,
    );
    console.log(
      `chain ${toHex(net.chainId).slice(0, 16)}…, genesis root ${
        net.checker.genesisRoot.slice(0, 16)
      }…, quorum ${Math.floor(o.nodes / 2) + 1} of ${o.nodes}${
        net.slot > 0 ? `, resumed at slot ${net.slot}` : ""
      }`,
    );
    console.log(" slot  by  decision                 heads per node (slot:state root)");
    const print = (r: SlotReport) => {
      console.log(slotLine(r, o.nodes));
      for (const e of r.events) console.log(`        ${eventLine(e)}`);
    };
    const first = net.slot + 1, last = net.slot + o.slots;
    const tracked: { t: ClientTx; id: string | null; line: string }[] = [];
    for (let s = first; s <= last; s++) {
      for (const t of o.clientTxs.filter((t) => t.slot === s)) {
        const bytes = t.hex ??
          net.signTx(t.tx!, t.as === null ? {} : { as: t.as });
        const node = s % o.nodes;
        const [res] = await net.submit(node, [bytes]);
        const what = res.status === "accepted"
          ? "accepted into the mempool"
          : `rejected ${res.code}: ${res.message}`;
        const line = `tx ${short(res.id)} ${t.spec} (before slot ${s}, via n${node}): ${what}`;
        console.log(`        ${line}`);
        tracked.push({ t, id: res.id, line });
      }
      print(await net.runSlot());
    }
    const heal = !net.healed;
    await net.heal();
    if (heal) {
      console.log(`        ${eventLine({ kind: "heal" })}`);
      for (const e of net.takeEvents()) console.log(`        ${eventLine(e)}`);
    }
    const live = await net.runLiveness(o.liveness ?? 2 * o.nodes + 4);
    for (const r of live.reports) print(r);
    const heads = net.checker.heads;
    const h = heads[0];
    const safe = net.checker.violations.length === 0;
    if (live.converged) {
      console.log(
        `liveness: converged${
          !heal
            ? ""
            : live.slots === 0
            ? " as soon as the faults stopped"
            : ` ${live.slots} slot(s) after the faults stopped`
        }: every node at slot ${h.slot}, root ${h.root}`,
      );
    } else {
      console.log(`liveness: NOT converged after ${live.slots} fault-free slots:`);
      heads.forEach((x, i) => console.log(`  n${i} slot ${x.slot} root ${x.root}`));
    }
    const c = net.counts;
    const blocks = [...net.decisions.values()];
    console.log(
      `chain: ${blocks.filter((d) => d.kind === "block").length} blocks, ${
        blocks.filter((d) => d.kind === "skip").length
      } skipped slots; transactions: ${c.submitted} submitted, ${c.accepted} accepted, ${c.rejected} rejected, ${c.included} included, ${c.expired} expired`,
    );
    for (const { t, id } of tracked) {
      if (id === null) continue;
      const st = net.txStatus(id);
      const fate = st.status === "included"
        ? `included in the block of slot ${st.slot}`
        : st.status === "expired"
        ? `expired at slot ${st.slot}`
        : st.status === "rejected"
        ? `rejected (${st.code})`
        : st.status === "accepted"
        ? "accepted, not yet included"
        : "unknown";
      console.log(`tx ${short(id)} ${t.spec}: ${fate}`);
    }
    console.log(
      safe
        ? `safety: ${net.checker.commits} commits checked over ${net.decisions.size} slots — no two nodes committed different values for a slot`
        : `safety: ${net.checker.violations.length} VIOLATION(S):\n  ${
          net.checker.violations.join("\n  ")
        }`,
    );
    if (o.trace !== null) {
      await net.writeTrace(o.trace);
      console.log(`trace: written to ${o.trace} (draw it: deno task viz --trace ${o.trace})`);
    }
    code = live.converged && safe ? 0 : 1;
  } finally {
    await net.close();
  }
  return code;
}
