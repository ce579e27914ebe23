/**
 * Applying consensus values to σ, and the node layer's block validity rules (pure: no I/O).
 *
 * A block is valid for the node layer when the kernel accepts it (`applyBlock`: parent, slot,
 * author, signature, events) **and** every event is a signed transaction (tx.ts) on endpoint 0,
 * within its expiry window for the block's slot, not included in an earlier block nor twice in
 * this one, at most `NODE_LIMITS.BLOCK_TXS` of them — **and** the state root after it equals the
 * root its proposer claims.
 *
 * @example
 * ```ts
 * import { applyValue } from "./chain.ts";
 * const { state, root } = applyValue(σ, value); // throws NodeError (BAD_PARENT, ROOT_MISMATCH, …)
 * ```
 * @module
 */

import { applyBlock } from "../apply.ts";
import { type Block } from "../block.ts";
import { bytesEqual, toHex } from "../bytes.ts";
import { type State, stateRoot } from "../state.ts";
import { NodeError, type NodeErrorCode } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { checkTxWindow, type ClientDirectory, decodeTx, type SignedTx, verifyTx } from "./tx.ts";
import type { Value } from "./value.ts";

/** σ after a value and its state root. */
export interface Applied {
  /** The next σ. */
  readonly state: State;
  /** Its state root. */
  readonly root: Uint8Array;
}

const KERNEL_CODES: Record<string, NodeErrorCode> = {
  BAD_PARENT: "BAD_PARENT",
  BAD_SLOT: "BAD_SLOT",
  BAD_AUTHOR: "BAD_AUTHOR",
  BAD_SIGNATURE: "BAD_SIGNATURE",
};

/**
 * Applies a value to σ: skip keeps σ; a block goes through `applyBlock`, and its claimed root
 * must equal the root computed. Throws `NodeError` (BAD_PARENT, BAD_SLOT, BAD_AUTHOR,
 * BAD_SIGNATURE, BAD_VALUE, ROOT_MISMATCH); σ is never changed.
 *
 * @example
 * ```ts
 * applyValue(σ, SKIP).state === σ; // true
 * ```
 */
export function applyValue(state: State, value: Value): Applied {
  if (value.kind === "skip") return { state, root: stateRoot(state) };
  const r = applyNodeBlock(state, value.block);
  if (!bytesEqual(r.root, value.root)) {
    throw new NodeError(
      "ROOT_MISMATCH",
      `block of slot ${value.block.slot} claims state root ${
        toHex(value.root)
      }, applying it gives ${toHex(r.root)}`,
    );
  }
  return r;
}

/**
 * Applies a block through the kernel (no root claim to compare: a proposer computing its own).
 * Throws `NodeError` (BAD_PARENT, BAD_SLOT, BAD_AUTHOR, BAD_SIGNATURE, BAD_VALUE).
 *
 * @example
 * ```ts
 * applyNodeBlock(σ, signBlock({ parent: σ.head, slot: 1, events: [] }, key)).root.length; // 32
 * ```
 */
export function applyNodeBlock(state: State, block: Block): Applied {
  const r = applyBlock(state, block);
  if (!r.accepted) {
    throw new NodeError(KERNEL_CODES[r.code] ?? "BAD_VALUE", `${r.code}: ${r.message}`);
  }
  return { state: r.state, root: r.stateRoot };
}

/** What checking a block's transactions needs. */
export interface TxRules {
  /** The chain id. */
  readonly chainId: Uint8Array;
  /** Who may sign. */
  readonly directory: ClientDirectory;
  /** Whether a transaction id (hex) is in an earlier block. */
  readonly included: (idHex: string) => boolean;
  /** Whether a transaction id (hex) was already verified (skips the signature check). */
  readonly verified: (idHex: string) => boolean;
}

/**
 * Checks the node-layer rules for the events of a block (see the module doc) and returns its
 * transactions. Throws `NodeError` naming the first bad event.
 *
 * @example
 * ```ts
 * checkBlockTxs(block, rules).length; // block.events.length
 * ```
 */
export function checkBlockTxs(block: Block, rules: TxRules): SignedTx[] {
  if (block.events.length > NODE_LIMITS.BLOCK_TXS) {
    throw new NodeError(
      "TOO_MANY_TXS",
      `block of slot ${block.slot} has ${block.events.length} transactions (at most ${NODE_LIMITS.BLOCK_TXS})`,
    );
  }
  const seen = new Set<string>();
  return block.events.map((e, i) => {
    try {
      if (e.endpoint !== 0) {
        throw new NodeError("MALFORMED_TX", `endpoint ${e.endpoint} is not the ledger's 0`);
      }
      const tx = decodeTx(e.payload, rules.chainId);
      const key = toHex(tx.id);
      checkTxWindow(tx, block.slot, NODE_LIMITS.TX_LIFETIME);
      if (seen.has(key)) throw new NodeError("DUPLICATE_TX", "appears twice in the block");
      if (rules.included(key)) throw new NodeError("ALREADY_INCLUDED", "in an earlier block");
      if (!rules.verified(key)) verifyTx(tx, rules.directory);
      seen.add(key);
      return tx;
    } catch (err) {
      if (err instanceof NodeError) {
        throw new NodeError(err.code, `block of slot ${block.slot}, event ${i}: ${err.message}`);
      }
      throw err;
    }
  });
}

/**
 * The transaction ids (hex) of a block whose events are signed transactions (events that are
 * not are skipped: certified blocks never have them).
 *
 * @example
 * ```ts
 * blockTxIds(block, chainId); // ["1f2e…", …]
 * ```
 */
export function blockTxIds(block: Block, chainId: Uint8Array): string[] {
  const out: string[] = [];
  for (const e of block.events) {
    try {
      out.push(toHex(decodeTx(e.payload, chainId).id));
    } catch (err) {
      if (!(err instanceof NodeError)) throw err;
    }
  }
  return out;
}
