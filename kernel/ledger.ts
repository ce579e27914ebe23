/**
 * The example ledger chain (examples/ledger.pasm and examples/ledger_worker.pasm): its Images,
 * its transaction format, a seeded transaction generator, and readers for balances and
 * statistics in σ. Balances live in files (one per account, File caps in a CNode in chain slot
 * 32); a transfer runs a worker Instance on a per-transaction gas meter the chain tops up when
 * the worker runs out of gas (the OOG-catch pattern). See README.md §Ledger.
 *
 * `ledgerChain()` reads the two .pasm files next to this module (needs read permission); pass
 * sources to `ledgerChainFromSource` to avoid file access (e.g. in a Worker).
 *
 * @example
 * ```ts
 * import { encodeLedgerTx, ledgerChain } from "./ledger.ts";
 * const { image, images } = ledgerChain();
 * encodeLedgerTx({ op: "mint", to: 3, amount: 100n }).length; // 16
 * ```
 * @module
 */

import { assemble } from "../vm/mod.ts";
import { CHAIN_SLOT, nested } from "./abi.ts";
import { KERNEL_ASM_SYMBOLS } from "./asm_symbols.ts";
import { DataCap, KernelCap } from "./caps.ts";
import { KernelError } from "./errors.ts";
import { chainInstance } from "./executor.ts";
import { encodeImage, type Image, imageHashOf } from "./image.ts";
import { SeededRng } from "./prng.ts";
import { fileOf, objectSource, type State } from "./state.ts";

/** Accounts the ledger holds (one CNode of File caps). */
export const LEDGER_ACCOUNTS = 256;
/** Chain slot of the accounts CNode. */
export const LEDGER_DIR_SLOT = 32;
/** Chain slot of the statistics Data (mapped at 0x20000). */
export const LEDGER_STATS_SLOT = 26;
/** Chain slot pinning the worker Image. */
export const LEDGER_WORKER_SLOT = 20;

/** What a ledger transaction replies (the event's halt value; balance queries reply the balance). */
export const LEDGER_REPLY = {
  OK: 0n,
  INSUFFICIENT_FUNDS: 1n,
  OUT_OF_GAS: 2n,
  BAD_OP: 3n,
  WORKER_FAULTED: 4n,
} as const;

/** A ledger transaction. */
export type LedgerTx =
  | { op: "mint"; to: number; amount: bigint }
  | { op: "transfer"; from: number; to: number; amount: bigint; work: number }
  | { op: "balance"; account: number };

/** The chain Image and the Images genesis needs. */
export interface LedgerChain {
  /** The chain Image. */
  image: Image;
  /** The worker Image (pinned by the chain Image). */
  worker: Image;
  /** Images to pass as `genesis(image, { images })`. */
  images: Image[];
}

function assembleOrThrow(
  source: string,
  fileName: string,
): { blob: Uint8Array; labels: ReadonlyMap<string, number> } {
  const a = assemble(source, { fileName, symbols: KERNEL_ASM_SYMBOLS });
  if (a.warnings.length > 0) {
    throw new KernelError(
      "BAD_CHAIN_IMAGE",
      `${fileName}: ${a.warnings.map((w) => `${w.line}: ${w.message}`).join("; ")}`,
    );
  }
  return a;
}

/** The ledger Images from the two assembly sources. */
export function ledgerChainFromSource(chainSource: string, workerSource: string): LedgerChain {
  const w = assembleOrThrow(workerSource, "ledger_worker.pasm");
  const worker: Image = {
    code: w.blob,
    endpoints: [{ index: 0, pc: 0, argRegisters: 2, initialRegisters: [] }],
    mappings: [],
    gasSlots: [1],
    quotaSlots: [],
    pinnedSlots: [],
    initialSlots: [],
    yieldMarkerSlot: null,
  };
  const c = assembleOrThrow(chainSource, "ledger.pasm");
  const image: Image = {
    code: c.blob,
    endpoints: [{
      index: 0,
      pc: c.labels.get("entry") ?? 0,
      argRegisters: 0,
      initialRegisters: [],
    }],
    mappings: [
      { start: 0x10000, size: 4096, slot: null },
      { start: 0x20000, size: 4096, slot: LEDGER_STATS_SLOT },
    ],
    gasSlots: [CHAIN_SLOT.GAS],
    quotaSlots: [CHAIN_SLOT.QUOTA],
    pinnedSlots: [{
      slot: LEDGER_WORKER_SLOT,
      content: { kind: "image", imageHash: imageHashOf(encodeImage(worker)) },
    }],
    initialSlots: [],
    yieldMarkerSlot: CHAIN_SLOT.YIELD_CATCHER,
  };
  return { image, worker, images: [worker] };
}

/** The ledger Images from examples/ledger.pasm and examples/ledger_worker.pasm (reads files). */
export function ledgerChain(): LedgerChain {
  const read = (name: string) =>
    Deno.readTextFileSync(new URL(`./examples/${name}`, import.meta.url));
  return ledgerChainFromSource(read("ledger.pasm"), read("ledger_worker.pasm"));
}

function checkAccount(a: number, what: string): void {
  if (!Number.isInteger(a) || a < 0 || a >= LEDGER_ACCOUNTS) {
    throw new KernelError(
      "BAD_VALUE",
      `ledger tx: ${what} ${a} is not an account 0…${LEDGER_ACCOUNTS - 1}`,
    );
  }
}

/**
 * The 16-byte payload of a transaction: u8 op, u8 from, u8 to, u8 0, u32 work, u64 amount.
 *
 * @example
 * ```ts
 * encodeLedgerTx({ op: "balance", account: 5 })[1]; // 5
 * ```
 */
export function encodeLedgerTx(tx: LedgerTx): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  const amount = tx.op === "balance" ? 0n : tx.amount;
  if (amount < 0n || amount >= 1n << 64n) {
    throw new KernelError("BAD_VALUE", "ledger tx: amount is not a u64");
  }
  if (tx.op === "mint") {
    checkAccount(tx.to, "to");
    out[0] = 1;
    out[2] = tx.to;
  } else if (tx.op === "transfer") {
    checkAccount(tx.from, "from");
    checkAccount(tx.to, "to");
    if (!Number.isInteger(tx.work) || tx.work < 0 || tx.work > 0xffffffff) {
      throw new KernelError("BAD_VALUE", "ledger tx: work is not a u32");
    }
    out[0] = 2;
    out[1] = tx.from;
    out[2] = tx.to;
    v.setUint32(4, tx.work, true);
  } else {
    checkAccount(tx.account, "account");
    out[0] = 3;
    out[1] = tx.account;
  }
  v.setBigUint64(8, amount, true);
  return out;
}

/**
 * Decodes a payload (shorter payloads are zero-padded, as the chain reads them). Throws
 * `KernelError("BAD_VALUE")` for an unknown op or non-zero reserved bytes.
 *
 * @example
 * ```ts
 * decodeLedgerTx(encodeLedgerTx({ op: "mint", to: 1, amount: 5n })).op; // "mint"
 * ```
 */
export function decodeLedgerTx(payload: Uint8Array): LedgerTx {
  if (payload.length > 16) {
    throw new KernelError("BAD_VALUE", `ledger tx: ${payload.length} bytes (at most 16)`);
  }
  const b = new Uint8Array(16);
  b.set(payload);
  const v = new DataView(b.buffer);
  const amount = v.getBigUint64(8, true);
  const work = v.getUint32(4, true);
  if (b[3] !== 0) throw new KernelError("BAD_VALUE", "ledger tx: reserved byte 3 is not zero");
  switch (b[0]) {
    case 1:
      if (b[1] !== 0 || work !== 0) {
        throw new KernelError("BAD_VALUE", "ledger tx: mint has from/work set");
      }
      return { op: "mint", to: b[2], amount };
    case 2:
      return { op: "transfer", from: b[1], to: b[2], amount, work };
    case 3:
      if (b[2] !== 0 || work !== 0 || amount !== 0n) {
        throw new KernelError("BAD_VALUE", "ledger tx: balance query has extra fields");
      }
      return { op: "balance", account: b[1] };
    default:
      throw new KernelError("BAD_VALUE", `ledger tx: unknown op ${b[0]}`);
  }
}

/** Options of the transaction generator. */
export interface LedgerGenOptions {
  /** Accounts used (default 16, at most 256). */
  accounts?: number;
}

/**
 * `count` transactions for `slot` of a run with `seed`: ~20 % mints, ~70 % transfers (most with
 * little work, some needing one to three gas top-ups, a few too heavy to finish), ~10 % balance
 * queries. Same (seed, slot, count) → same transactions.
 *
 * @example
 * ```ts
 * generateLedgerTxs(1n, 1, 10).length; // 10
 * ```
 */
export function generateLedgerTxs(
  seed: bigint,
  slot: number,
  count: number,
  options: LedgerGenOptions = {},
): LedgerTx[] {
  const accounts = options.accounts ?? 16;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > LEDGER_ACCOUNTS) {
    throw new KernelError("BAD_OPTIONS", `accounts must be 1…${LEDGER_ACCOUNTS}`);
  }
  const rng = new SeededRng(seed, "pvm-actors/ledger-txs", slot);
  const txs: LedgerTx[] = [];
  for (let i = 0; i < count; i++) {
    const r = rng.below(100);
    if (r < 20) {
      txs.push({ op: "mint", to: rng.below(accounts), amount: BigInt(rng.between(1, 1000)) });
    } else if (r < 90) {
      const w = rng.below(100);
      const work = w < 75
        ? rng.between(10, 200)
        : w < 95
        ? rng.between(250, 900)
        : rng.between(1500, 4000);
      txs.push({
        op: "transfer",
        from: rng.below(accounts),
        to: rng.below(accounts),
        amount: BigInt(rng.between(1, 500)),
        work,
      });
    } else txs.push({ op: "balance", account: rng.below(accounts) });
  }
  return txs;
}

/**
 * The balance of `account` in σ (0 when it has no file).
 *
 * @example
 * ```ts
 * ledgerBalance(σ, 3); // 100n after minting 100 to account 3
 * ```
 */
export function ledgerBalance(state: State, account: number): bigint {
  checkAccount(account, "account");
  const dir = chainInstance(state).cnode.slots[LEDGER_DIR_SLOT];
  if (dir === null || dir.kind !== "cnode") return 0n;
  const file = dir.slots[account];
  if (!(file instanceof KernelCap) || file.kernel !== "file") return 0n;
  const entry = fileOf(state, file.id64);
  if (entry === undefined) return 0n;
  const bytes = new Uint8Array(8);
  bytes.set(DataCap.fromStore(entry.size, entry.data, objectSource(state)).bytes.subarray(0, 8));
  return new DataView(bytes.buffer).getBigUint64(0, true);
}

/** The ledger's statistics. */
export interface LedgerStats {
  /** Mints and transfers applied (successful or not). */
  txs: bigint;
  /** Transfers that failed. */
  failed: bigint;
  /** XOR of the workers' digests. */
  checksum: bigint;
  /** Total minted. */
  minted: bigint;
  /** Fees paid for gas top-ups. */
  fees: bigint;
  /** Gas top-ups. */
  topups: bigint;
}

/**
 * The statistics the ledger keeps in its mapped Data (slot 26).
 *
 * @example
 * ```ts
 * ledgerStats(σ).txs;
 * ```
 */
export function ledgerStats(state: State): LedgerStats {
  const d = chainInstance(state).cnode.slots[LEDGER_STATS_SLOT];
  const bytes = new Uint8Array(48);
  if (d instanceof DataCap) bytes.set(d.bytes.subarray(0, 48));
  const v = new DataView(bytes.buffer);
  const at = (i: number) => v.getBigUint64(8 * i, true);
  return { txs: at(0), failed: at(1), checksum: at(2), minted: at(3), fees: at(4), topups: at(5) };
}

/** The nested slot reference of an account's File cap (for guests and tests). */
export function accountRef(account: number): number {
  return nested(LEDGER_DIR_SLOT, account);
}
