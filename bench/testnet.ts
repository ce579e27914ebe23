/**
 * Benchmark section "testnet": 4 chain nodes, each in its own Worker with its own SQLite
 * database, on the example ledger chain — slots decided per second and transactions included
 * per second, without faults and with seeded faults (drops, delays, crashes, then healed and a
 * liveness phase, all counted in the time). Wall-clock time is measured here only; the runs
 * themselves are deterministic (same seed → same chain).
 *
 * @example
 * ```sh
 * deno task bench testnet
 * ```
 * @module
 */

import { Testnet, type TestnetOptions } from "../kernel/node/mod.ts";

const NODES = 4;
const SLOTS = 30;
const TXS_PER_SLOT = 50;

interface Row {
  name: string;
  faults: TestnetOptions["faults"];
  slots: number;
  blocks: number;
  skipped: number;
  included: number;
  crashes: number;
  livenessSlots: number;
  startMs: number;
  ms: number;
  slotsPerSec: number;
  txPerSec: number;
}

async function measure(name: string, faults: TestnetOptions["faults"]): Promise<Row> {
  const t0 = performance.now();
  const net = await Testnet.start({
    nodes: NODES,
    seed: 1n,
    mode: "workers",
    faults,
    txsPerSlot: TXS_PER_SLOT,
  });
  const t1 = performance.now();
  let crashes = 0;
  try {
    for (let s = 1; s <= SLOTS; s++) {
      crashes += (await net.runSlot()).events.filter((e) => e.kind === "crash").length;
    }
    await net.heal();
    const live = await net.runLiveness(2 * NODES + 4);
    const t2 = performance.now();
    if (!live.converged || net.checker.violations.length > 0) {
      throw new Error(`bench testnet ${name}: did not converge safely`);
    }
    const decided = [...net.decisions.values()];
    const ms = t2 - t1;
    return {
      name,
      faults,
      slots: net.slot,
      blocks: decided.filter((d) => d.kind === "block").length,
      skipped: decided.filter((d) => d.kind === "skip").length,
      included: decided.reduce((n, d) => n + d.txs, 0),
      crashes,
      livenessSlots: live.slots,
      startMs: t1 - t0,
      ms,
      slotsPerSec: net.slot / (ms / 1000),
      txPerSec: decided.reduce((n, d) => n + d.txs, 0) / (ms / 1000),
    };
  } finally {
    await net.close();
  }
}

/** Prints the table and one JSON line. */
export async function run(): Promise<void> {
  const rows = [
    await measure("no faults", null),
    await measure("faults", { drop: 0.1, delay: 0.1, maxDelay: 5, crash: 0.01 }),
  ];
  console.log(
    `${NODES} nodes (Workers, SQLite each), ${SLOTS} slots × ${TXS_PER_SLOT} generated transactions, quorum 3\n`,
  );
  console.log(
    "| run | slots (liveness) | blocks / skipped | txs included | crashes | start (ms) | run (ms) | slots/s | tx/s |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.slots} (${r.livenessSlots}) | ${r.blocks} / ${r.skipped} | ${r.included} | ${r.crashes} | ${
        r.startMs.toFixed(0)
      } | ${r.ms.toFixed(0)} | ${r.slotsPerSec.toFixed(1)} | ${r.txPerSec.toFixed(0)} |`,
    );
  }
  console.log(
    "\nfaults: drop=0.1, delay=0.1 (≤ 5 ticks), crash=0.01 per node round; the time includes healing " +
      "(every node restarts from its database) and the liveness phase.",
  );
  console.log(
    JSON.stringify({
      bench: "testnet",
      nodes: NODES,
      txsPerSlot: TXS_PER_SLOT,
      runs: rows,
    }),
  );
}

if (import.meta.main) await run();
