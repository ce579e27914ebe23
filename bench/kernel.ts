/**
 * Benchmark section "kernel": (1) the example ledger chain — transactions applied per second
 * through `applyBlock` (signature check, every event, commit, state root per block); (2) the
 * state root of σ holding 10,000 and 100,000 files (each file made by a guest through
 * MINT_DATA_CAP + HOST_SAVE): computed cold (every Merkle node hashed, as after loading σ) and
 * after one more event (only changed paths rehashed), to show how each grows.
 *
 * @example
 * ```sh
 * deno task bench kernel
 * ```
 * @module
 */

import { assemble } from "../vm/mod.ts";
import {
  applyBlock,
  type Block,
  genesis,
  type Image,
  runEvent,
  signBlock,
  type State,
  stateRoot,
} from "../kernel/mod.ts";
import { KERNEL_ASM_SYMBOLS } from "../kernel/asm_symbols.ts";
import { encodeLedgerTx, generateLedgerTxs, ledgerChain } from "../kernel/ledger.ts";
import { deriveValidatorKeys } from "../kernel/validators.ts";
import { emptyMaps } from "../kernel/state.ts";

const KEYS = deriveValidatorKeys(1n, 3);
const LEDGER_BLOCKS = 40;
const TXS_PER_BLOCK = 50;
const FILES_PER_EVENT = 5000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Ledger transactions per second over LEDGER_BLOCKS blocks. The first pass builds, signs and
 * applies each block (timing only `applyBlock`, with the kernel's content-addressed caches cold);
 * then the same blocks are replayed from genesis three times (caches warm, as on a node that
 * verifies blocks it has already seen the data of) — both are reported.
 */
function ledgerThroughput(): {
  txs: number;
  firstMs: number;
  firstTxPerSec: number;
  ms: number;
  txPerSec: number;
  msPerBlock: number;
  objects: number;
  files: number;
} {
  const l = ledgerChain();
  const g = genesis(l.image, { validators: KEYS.map((k) => k.publicKey), images: l.images });
  // Build the blocks by applying them once (parents depend on earlier blocks).
  const blocks: Block[] = [];
  let s: State = g;
  let firstMs = 0;
  for (let slot = 1; slot <= LEDGER_BLOCKS; slot++) {
    const events = generateLedgerTxs(1n, slot, TXS_PER_BLOCK).map((t) => ({
      endpoint: 0,
      payload: encodeLedgerTx(t),
    }));
    const b = signBlock({ parent: s.head, slot, events }, KEYS[slot % KEYS.length]);
    const t0 = performance.now();
    const r = applyBlock(s, b);
    firstMs += performance.now() - t0;
    if (!r.accepted) throw new Error(`bench block ${slot} rejected: ${r.message}`);
    blocks.push(b);
    s = r.state;
  }
  const runs: number[] = [];
  let last: State = g;
  for (let run = 0; run < 3; run++) {
    let t: State = g;
    const t0 = performance.now();
    for (const b of blocks) {
      const r = applyBlock(t, b);
      if (!r.accepted) throw new Error("replay rejected");
      t = r.state;
    }
    runs.push(performance.now() - t0);
    last = t;
  }
  const ms = median(runs);
  const txs = LEDGER_BLOCKS * TXS_PER_BLOCK;
  return {
    txs,
    firstMs,
    firstTxPerSec: txs / (firstMs / 1000),
    ms,
    txPerSec: txs / (ms / 1000),
    msPerBlock: ms / LEDGER_BLOCKS,
    objects: last.objects.size,
    files: last.files.size,
  };
}

/** A chain whose endpoint 0 makes `count` (payload u32) files of 8 bytes each and drops their caps. */
function fileMaker(): Image {
  const a = assemble(
    `
    load_imm r7, 0
    load_imm r8, 0x10000
    load_imm r9, 4
    ecalli READ_DATA_CAP
    load_u32 r6, [0x10000]          ; files to make
    load_u64 r5, [0x20000]          ; files made so far (mapped Data, written back)
    load_imm r7, 0
    ecalli DROP
    fallthrough
loop:
    branch_eq_imm r6, 0, done
    fallthrough
make:
    add_imm_64 r5, r5, 1
    store_u64 [0x10100], r5
    load_imm r7, 0x10100
    load_imm r8, 8
    load_imm r9, SLOT_QUOTA
    load_imm r10, 40
    ecalli MINT_DATA_CAP
    load_imm r7, 40
    load_imm r8, SLOT_QUOTA
    load_imm r9, 41
    load_imm r10, SLOT_HOST_SAVE
    ecalli HOST_SAVE
    load_imm r7, 41
    ecalli DROP
    load_imm r7, 40
    ecalli DROP
    add_imm_64 r6, r6, -1
    jump loop
done:
    store_u64 [0x20000], r5
    ecalli REPLY
`,
    { symbols: KERNEL_ASM_SYMBOLS },
  );
  return {
    code: a.blob,
    endpoints: [{ index: 0, pc: 0, argRegisters: 0, initialRegisters: [] }],
    mappings: [{ start: 0x10000, size: 4096, slot: null }, {
      start: 0x20000,
      size: 4096,
      slot: 30,
    }],
    gasSlots: [7],
    quotaSlots: [8],
    pinnedSlots: [],
    initialSlots: [],
    yieldMarkerSlot: 9,
  };
}

function makeFiles(s: State, n: number): State {
  let left = n;
  while (left > 0) {
    const k = Math.min(left, FILES_PER_EVENT);
    const payload = new Uint8Array(4);
    new DataView(payload.buffer).setUint32(0, k, true);
    const r = runEvent(s, 0, payload);
    if (r.outcome.kind !== "halt") {
      throw new Error(`file maker faulted: ${r.outcome.reason}: ${r.outcome.message}`);
    }
    s = r.state;
    left -= k;
  }
  return s;
}

/** σ with the same contents but fresh maps: no Merkle node hashed yet (as right after loading). */
function cold(s: State): State {
  let { objects, files, quotas } = emptyMaps();
  for (const [k, v] of s.objects.entries()) objects = objects.set(k, v);
  for (const [k, v] of s.files.entries()) files = files.set(k, v);
  for (const [k, v] of s.quotas.entries()) quotas = quotas.set(k, v);
  return { ...s, objects, files, quotas };
}

interface RootRow {
  files: number;
  objects: number;
  depth: number;
  coldRootMs: number;
  eventMs: number;
  incrementalRootMs: number;
}

function rootScaling(sizes: number[]): RootRow[] {
  const rows: RootRow[] = [];
  let s = genesis(fileMaker(), {
    validators: KEYS.map((k) => k.publicKey),
    eventGas: 100_000_000n,
    storageQuota: 1n << 40n,
  });
  for (const n of sizes) {
    s = makeFiles(s, n - s.files.size);
    stateRoot(s);
    const coldRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = cold(s);
      const t0 = performance.now();
      stateRoot(c);
      coldRuns.push(performance.now() - t0);
    }
    // One more event (one file, one Data object, the chain's cnode and counter change).
    const payload = new Uint8Array([1, 0, 0, 0]);
    const eventRuns: number[] = [], rootRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = runEvent(s, 0, payload);
      const t1 = performance.now();
      stateRoot(r.state);
      rootRuns.push(performance.now() - t1);
      eventRuns.push(t1 - t0);
    }
    rows.push({
      files: s.files.size,
      objects: s.objects.size,
      depth: Math.max(s.objects.shape().maxDepth, s.files.shape().maxDepth),
      coldRootMs: median(coldRuns),
      eventMs: median(eventRuns),
      incrementalRootMs: median(rootRuns),
    });
  }
  return rows;
}

/** Prints the table and one JSON line. */
export function run(): Promise<void> {
  const ledger = ledgerThroughput();
  console.log("| ledger (applyBlock) | blocks × txs | ms | ms / block | tx/s |");
  console.log("|---|---|---|---|---|");
  console.log(
    `| first application (caches cold) | ${LEDGER_BLOCKS} × ${TXS_PER_BLOCK} | ${
      ledger.firstMs.toFixed(0)
    } | ` +
      `${(ledger.firstMs / LEDGER_BLOCKS).toFixed(1)} | ${ledger.firstTxPerSec.toFixed(0)} |`,
  );
  console.log(
    `| replay from genesis (median of 3) | ${LEDGER_BLOCKS} × ${TXS_PER_BLOCK} | ${
      ledger.ms.toFixed(0)
    } | ` +
      `${ledger.msPerBlock.toFixed(1)} | ${ledger.txPerSec.toFixed(0)} |`,
  );
  console.log(`\nσ after the ledger run: ${ledger.objects} objects, ${ledger.files} files.`);
  console.log();
  const rows = rootScaling([10_000, 100_000]);
  console.log(
    "| σ files | σ objects | trie depth | state root, cold (ms) | one event (ms) | state root after it (ms) |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.files} | ${r.objects} | ${r.depth} | ${r.coldRootMs.toFixed(1)} | ${
        r.eventMs.toFixed(2)
      } | ${r.incrementalRootMs.toFixed(2)} |`,
    );
  }
  const [a, b] = rows;
  console.log(
    `\ncold root grows ${(b.coldRootMs / a.coldRootMs).toFixed(1)}× for ${
      (b.files / a.files).toFixed(0)
    }× the files (every node hashed once: linear); ` +
      `after one event it grows ${
        (b.incrementalRootMs / a.incrementalRootMs).toFixed(1)
      }× (only the changed paths: logarithmic).`,
  );
  console.log(
    JSON.stringify({
      bench: "kernel",
      ledger: { blocks: LEDGER_BLOCKS, txsPerBlock: TXS_PER_BLOCK, ...ledger },
      stateRoot: rows,
    }),
  );
  return Promise.resolve();
}

if (import.meta.main) await run();
