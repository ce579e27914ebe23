/**
 * `deno task run chain` — runs the example ledger chain (kernel/examples/ledger.pasm) from genesis
 * for N blocks of generated transactions and prints each block's state root. Same seed → the same
 * output, byte for byte.
 * @module
 */

import {
  applyBlock,
  deriveValidatorKeys,
  genesis,
  LIMITS,
  signBlock,
  type State,
  stateRoot,
  toHex,
} from "../kernel/mod.ts";
import {
  encodeLedgerTx,
  generateLedgerTxs,
  LEDGER_ACCOUNTS,
  LEDGER_REPLY,
  ledgerBalance,
  ledgerChain,
  ledgerStats,
} from "../kernel/ledger.ts";

/** Usage text. */
export const HELP =
  `usage: deno task run chain [--blocks N] [--seed S] [--txs K] [--validators V] [--accounts A] [--replay]

Runs the example ledger chain (kernel/examples/ledger.pasm: mint, transfer, balance; balances in
files; each transfer's worker runs on its own gas meter that the chain tops up when it runs out of
gas) from genesis for N blocks of K generated transactions, and prints for each block its slot,
author, how the transactions ended, the gas used and the state root. Same seed → same output.

  --blocks N       blocks to apply (default 10)
  --seed S         run seed: validator keys and transactions (default 1)
  --txs K          transactions per block (default 20, at most ${LIMITS.BLOCK_EVENTS})
  --validators V   validators, authoring slots round-robin (default 3)
  --accounts A     accounts the generator uses (default 16, at most ${LEDGER_ACCOUNTS})
  --replay         apply the same blocks again from genesis and check every state root

Columns: ok = transactions that succeeded; insufficient / oog = transfers that failed for lack
of funds / gas (the event still commits: the ledger records the failure and the fees); faulted =
events rolled back by the kernel. Exit code 0, or 1 if a block is rejected or a replay differs.`;

interface Options {
  blocks: number;
  seed: bigint;
  txs: number;
  validators: number;
  accounts: number;
  replay: boolean;
}

function parse(args: string[]): Options | string {
  const o: Options = { blocks: 10, seed: 1n, txs: 20, validators: 3, accounts: 16, replay: false };
  const int = (name: string, v: string | undefined, lo: number, hi: number): number | string => {
    if (v === undefined || !/^\d+$/.test(v)) return `${name} needs a whole number`;
    const n = Number(v);
    return n < lo || n > hi ? `${name} must be ${lo}…${hi}` : n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let r: number | string = 0;
    if (a === "--blocks") r = o.blocks = int(a, args[++i], 0, 1_000_000) as number;
    else if (a === "--txs") r = o.txs = int(a, args[++i], 0, LIMITS.BLOCK_EVENTS) as number;
    else if (a === "--validators") {
      r = o.validators = int(a, args[++i], 1, LIMITS.VALIDATORS) as number;
    } else if (a === "--accounts") r = o.accounts = int(a, args[++i], 1, LEDGER_ACCOUNTS) as number;
    else if (a === "--seed") {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v) || BigInt(v) >= 1n << 64n) {
        return "--seed needs a whole number below 2^64";
      }
      o.seed = BigInt(v);
    } else if (a === "--replay") o.replay = true;
    else return `unknown option ${a}`;
    if (typeof r === "string") return r;
  }
  return o;
}

/** Runs the chain; exit code 0 on success. */
export function main(args: string[]): Promise<number> {
  const o = parse(args);
  if (typeof o === "string") {
    console.error(`chain: ${o}\n\n${HELP}`);
    return Promise.resolve(2);
  }
  const keys = deriveValidatorKeys(o.seed, o.validators);
  const ledger = ledgerChain();
  const start = genesis(ledger.image, {
    validators: keys.map((k) => k.publicKey),
    images: ledger.images,
  });
  console.log(
    `genesis: ${o.validators} validators, seed ${o.seed}, state root ${toHex(stateRoot(start))}`,
  );
  console.log("slot  author  txs   ok  insufficient  oog  faulted        gas  state root");
  let state: State = start;
  const blocks = [];
  const roots: Uint8Array[] = [];
  for (let slot = 1; slot <= o.blocks; slot++) {
    const txs = generateLedgerTxs(o.seed, slot, o.txs, { accounts: o.accounts });
    const author = keys[slot % keys.length];
    const block = signBlock({
      parent: state.head,
      slot,
      events: txs.map((t) => ({ endpoint: 0, payload: encodeLedgerTx(t) })),
    }, author);
    const r = applyBlock(state, block);
    if (!r.accepted) {
      console.error(`chain: block ${slot} rejected: ${r.code}: ${r.message}`);
      return Promise.resolve(1);
    }
    let ok = 0, poor = 0, oog = 0, faulted = 0, gas = 0n;
    r.outcomes.forEach((out, i) => {
      gas += out.gasUsed;
      if (out.kind === "faulted") faulted++;
      else if (txs[i].op !== "transfer" || out.value === LEDGER_REPLY.OK) ok++;
      else if (out.value === LEDGER_REPLY.INSUFFICIENT_FUNDS) poor++;
      else if (out.value === LEDGER_REPLY.OUT_OF_GAS) oog++;
      else faulted++;
    });
    console.log(
      `${String(slot).padStart(4)}  v${String(author.index).padEnd(5)} ${
        String(txs.length).padStart(4)
      } ${String(ok).padStart(4)}` +
        `  ${String(poor).padStart(12)} ${String(oog).padStart(4)} ${String(faulted).padStart(8)} ${
          String(gas).padStart(10)
        }  ${toHex(r.stateRoot)}`,
    );
    state = r.state;
    blocks.push(block);
    roots.push(r.stateRoot);
  }
  const s = ledgerStats(state);
  console.log(
    `ledger: ${s.txs} txs, ${s.failed} failed, minted ${s.minted}, fees ${s.fees} for ${s.topups} gas top-ups, checksum ${
      s.checksum.toString(16)
    }`,
  );
  const rich = Array.from({ length: o.accounts }, (_, a) => [a, ledgerBalance(state, a)] as const)
    .filter(([, b]) => b > 0n).sort((x, y) => (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : x[0] - y[0]))
    .slice(0, 5);
  console.log(`top balances: ${rich.map(([a, b]) => `#${a}=${b}`).join(" ") || "none"}`);
  console.log(
    `σ: ${state.objects.size} objects, ${state.files.size} files; final state root ${
      toHex(stateRoot(state))
    }`,
  );
  if (o.replay) {
    let again: State = start;
    for (let i = 0; i < blocks.length; i++) {
      const r = applyBlock(again, blocks[i]);
      if (!r.accepted || toHex(r.stateRoot) !== toHex(roots[i])) {
        console.error(`chain: replay differs at block ${blocks[i].slot}`);
        return Promise.resolve(1);
      }
      again = r.state;
    }
    console.log(`replay: ${blocks.length} blocks from genesis reproduced every state root`);
  }
  return Promise.resolve(0);
}
