/**
 * Signed transactions: the envelope a client signs and the mempool admits. The example ledger
 * trusts its payloads (`from` is a field), so the node layer admits only transactions signed by
 * the account they spend from (a transfer by `from`, a balance query by `account`) or, for a
 * mint, by the minter; a block carrying any other is invalid.
 *
 * Envelope (96 bytes, the block event's payload; the ledger reads its first 16 bytes):
 * `tx[16] ‖ u64 expiry ‖ u64 nonce ‖ signature[64]` (LE). The transaction id is
 * H(0xD0 ‖ chain id ‖ tx ‖ expiry ‖ nonce) — the chain id (the genesis head) keeps a signature
 * from replaying on another chain — and the signature is Ed25519 over the id. A transaction is
 * valid in the block of slot s when s ≤ expiry ≤ s + TX_LIFETIME and its id is in no earlier
 * block, so a node needs to remember ids only for a bounded window.
 *
 * Client keys are derived from a seed like validator keys (never print a secret key):
 * secret = H(0xD8 ‖ "pvm-actors/client" ‖ u64 seed ‖ u32 index), index 2^32−1 for the minter.
 *
 * @example
 * ```ts
 * import { clientDirectory, decodeTx, deriveClientKeys, signTx, verifyTx } from "./tx.ts";
 * const keys = deriveClientKeys(7n, 4);
 * const chainId = new Uint8Array(32);
 * const bytes = signTx({ op: "transfer", from: 1, to: 2, amount: 5n, work: 10 }, keys.accounts[1], {
 *   chainId, expiry: 10, nonce: 1,
 * });
 * const tx = decodeTx(bytes, chainId);
 * verifyTx(tx, clientDirectory(keys)); // throws NodeError BAD_SIGNATURE / UNKNOWN_SIGNER if not
 * ```
 * @module
 */

import { ed25519 } from "../ed25519.ts";
import { Writer } from "../bytes.ts";
import { hash, hashTagged } from "../hash.ts";
import { KernelError } from "../errors.ts";
import { decodeLedgerTx, encodeLedgerTx, LEDGER_ACCOUNTS, type LedgerTx } from "../ledger.ts";
import { NodeError } from "./errors.ts";
import { NODE_TAG } from "./tags.ts";

/** Bytes of a transaction envelope. */
export const TX_BYTES = 96;
/** Index of the minter in client key derivation. */
export const MINTER_INDEX = 0xffffffff;

/** An Ed25519 client key pair. */
export interface ClientKey {
  /** Account index, or MINTER_INDEX. */
  readonly index: number;
  /** 32-byte public key. */
  readonly publicKey: Uint8Array;
  /** 32-byte secret key (never print it). */
  readonly secretKey: Uint8Array;
}

/** Who may sign what: one public key per account that can sign, and the minter's. */
export interface ClientDirectory {
  /** Public key of account i (index = account). */
  readonly accounts: readonly Uint8Array[];
  /** Public key that may sign mints. */
  readonly minter: Uint8Array;
}

/** A decoded envelope. */
export interface SignedTx {
  /** The ledger transaction. */
  readonly tx: LedgerTx;
  /** Its 16 bytes. */
  readonly txBytes: Uint8Array;
  /** Last slot whose block may include it. */
  readonly expiry: number;
  /** Any number the client chooses (makes equal transfers distinct). */
  readonly nonce: bigint;
  /** Ed25519 signature over `id`. */
  readonly signature: Uint8Array;
  /** H(0xD0 ‖ chain id ‖ tx ‖ expiry ‖ nonce). */
  readonly id: Uint8Array;
  /** The 96 envelope bytes. */
  readonly bytes: Uint8Array;
}

const LABEL = new TextEncoder().encode("pvm-actors/client");

function clientKey(seed: bigint, index: number): ClientKey {
  const secretKey = hash(
    new Writer(64).u8(NODE_TAG.CLIENT_KEY).raw(LABEL).u64(seed).u32(index).finish(),
  );
  return { index, publicKey: ed25519.getPublicKey(secretKey), secretKey };
}

/**
 * Client keys for `accounts` accounts (0…accounts−1) and the minter, from `seed` (< 2^64).
 *
 * @example
 * ```ts
 * deriveClientKeys(1n, 16).accounts.length; // 16
 * ```
 */
export function deriveClientKeys(
  seed: bigint,
  accounts: number,
): { accounts: ClientKey[]; minter: ClientKey } {
  if (seed < 0n || seed >= 1n << 64n) {
    throw new NodeError("BAD_CONFIG", `client seed must be in [0, 2^64), got ${seed}`);
  }
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > LEDGER_ACCOUNTS) {
    throw new NodeError("BAD_CONFIG", `client accounts must be 1…${LEDGER_ACCOUNTS}`);
  }
  return {
    accounts: Array.from({ length: accounts }, (_, i) => clientKey(seed, i)),
    minter: clientKey(seed, MINTER_INDEX),
  };
}

/**
 * The public directory of a set of client keys (what nodes are configured with).
 *
 * @example
 * ```ts
 * clientDirectory(deriveClientKeys(1n, 2)).accounts.length; // 2
 * ```
 */
export function clientDirectory(
  keys: { accounts: readonly ClientKey[]; minter: ClientKey },
): ClientDirectory {
  return { accounts: keys.accounts.map((k) => k.publicKey), minter: keys.minter.publicKey };
}

function idOf(chainId: Uint8Array, txBytes: Uint8Array, expiry: number, nonce: bigint) {
  return hashTagged(NODE_TAG.TX, chainId, txBytes, new Writer(16).u64(expiry).u64(nonce).finish());
}

/** Options of {@link signTx}. */
export interface SignTxOptions {
  /** The chain id (genesis head, `σ.head` at genesis). */
  chainId: Uint8Array;
  /** Last slot that may include it. */
  expiry: number;
  /** Any u64 (makes otherwise equal transactions distinct). */
  nonce: bigint | number;
}

/**
 * Encodes and signs a ledger transaction with `key` (the signer the directory expects).
 *
 * @example
 * ```ts
 * signTx({ op: "mint", to: 1, amount: 5n }, keys.minter, { chainId, expiry: 9, nonce: 0 }).length; // 96
 * ```
 */
export function signTx(
  tx: LedgerTx,
  key: { secretKey: Uint8Array },
  o: SignTxOptions,
): Uint8Array {
  if (!(o.chainId instanceof Uint8Array) || o.chainId.length !== 32) {
    throw new NodeError("MALFORMED_TX", "chain id must be 32 bytes");
  }
  if (!Number.isSafeInteger(o.expiry) || o.expiry < 0) {
    throw new NodeError("MALFORMED_TX", `expiry must be a slot number, got ${o.expiry}`);
  }
  const nonce = BigInt(o.nonce);
  if (nonce < 0n || nonce >= 1n << 64n) throw new NodeError("MALFORMED_TX", "nonce is not a u64");
  let txBytes: Uint8Array;
  try {
    txBytes = encodeLedgerTx(tx);
  } catch (e) {
    if (e instanceof KernelError) throw new NodeError("MALFORMED_TX", e.message);
    throw e;
  }
  const id = idOf(o.chainId, txBytes, o.expiry, nonce);
  const signature = ed25519.sign(id, key.secretKey);
  return new Writer(TX_BYTES).raw(txBytes).u64(o.expiry).u64(nonce).raw(signature).finish();
}

/**
 * Decodes an envelope (96 bytes; the transaction must decode as a ledger transaction). Does not
 * check the signature ({@link verifyTx}) or the expiry window ({@link checkTxWindow}). Throws
 * `NodeError("MALFORMED_TX")`.
 *
 * @example
 * ```ts
 * decodeTx(bytes, chainId).tx.op; // "transfer"
 * ```
 */
export function decodeTx(bytes: Uint8Array, chainId: Uint8Array): SignedTx {
  if (!(bytes instanceof Uint8Array)) throw new NodeError("MALFORMED_TX", "not bytes");
  if (bytes.length !== TX_BYTES) {
    throw new NodeError(
      "MALFORMED_TX",
      `a transaction envelope is ${TX_BYTES} bytes, got ${bytes.length}`,
    );
  }
  const txBytes = bytes.slice(0, 16);
  let tx: LedgerTx;
  try {
    tx = decodeLedgerTx(txBytes);
  } catch (e) {
    if (e instanceof KernelError) throw new NodeError("MALFORMED_TX", e.message);
    throw e;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expiry = v.getBigUint64(16, true);
  if (expiry > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NodeError("MALFORMED_TX", `expiry ${expiry} exceeds 2^53`);
  }
  const nonce = v.getBigUint64(24, true);
  const signature = bytes.slice(32, 96);
  const id = idOf(chainId, txBytes, Number(expiry), nonce);
  return { tx, txBytes, expiry: Number(expiry), nonce, signature, id, bytes: bytes.slice() };
}

/**
 * The public key that must sign `tx`: the minter for a mint, `from` for a transfer, `account`
 * for a balance query. Throws `NodeError("UNKNOWN_SIGNER")` when the directory has no key for it.
 *
 * @example
 * ```ts
 * txSigner({ op: "mint", to: 1, amount: 1n }, dir) === dir.minter; // true
 * ```
 */
export function txSigner(tx: LedgerTx, dir: ClientDirectory): Uint8Array {
  if (tx.op === "mint") return dir.minter;
  const account = tx.op === "transfer" ? tx.from : tx.account;
  const key = dir.accounts[account];
  if (key === undefined) {
    throw new NodeError("UNKNOWN_SIGNER", `account ${account} has no key in the client directory`);
  }
  return key;
}

/**
 * Checks the signature of `tx` against its signer in `dir`. Throws `NodeError` with code
 * `UNKNOWN_SIGNER` or `BAD_SIGNATURE`.
 *
 * @example
 * ```ts
 * verifyTx(decodeTx(bytes, chainId), dir);
 * ```
 */
export function verifyTx(tx: SignedTx, dir: ClientDirectory): void {
  const signer = txSigner(tx.tx, dir);
  let ok = false;
  try {
    ok = ed25519.verify(tx.signature, tx.id, signer, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new NodeError(
      "BAD_SIGNATURE",
      `transaction ${shortHex(tx.id)}: the signature does not verify for its signer`,
    );
  }
}

/**
 * Checks that a block of `slot` may include `tx`: slot ≤ expiry ≤ slot + lifetime. Throws
 * `NodeError` EXPIRED or EXPIRY_TOO_FAR.
 *
 * @example
 * ```ts
 * checkTxWindow(tx, 5, 64);
 * ```
 */
export function checkTxWindow(tx: SignedTx, slot: number, lifetime: number): void {
  if (tx.expiry < slot) {
    throw new NodeError(
      "EXPIRED",
      `transaction ${shortHex(tx.id)} expired at slot ${tx.expiry} (now ${slot})`,
    );
  }
  if (tx.expiry > slot + lifetime) {
    throw new NodeError(
      "EXPIRY_TOO_FAR",
      `transaction ${
        shortHex(tx.id)
      }: expiry ${tx.expiry} is more than ${lifetime} slots after ${slot}`,
    );
  }
}

/** The first 8 hex digits of `b` (for messages and the CLI). */
export function shortHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < Math.min(4, b.length); i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}
