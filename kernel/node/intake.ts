/**
 * Transaction intake: what a node admits into its mempool (client submissions and peers'
 * gossip), what its blocks may take, and what a committed block settles. Pure apart from the
 * mempool and the index of included transactions it holds; the node persists what clients
 * submitted (store.ts) and announces the results.
 *
 * Admission checks, in order: the envelope decodes (MALFORMED_TX), not already included
 * (ALREADY_INCLUDED), the expiry fits the next slot's window (EXPIRED, EXPIRY_TOO_FAR), not
 * already held (DUPLICATE_TX — answered as accepted), the signer has a key (UNKNOWN_SIGNER) and
 * the signature verifies (BAD_SIGNATURE), room in the mempool (MEMPOOL_FULL).
 *
 * @example
 * ```ts
 * import { TxIntake } from "./intake.ts";
 * const intake = new TxIntake(chainId, directory, new Map());
 * intake.submit([envelope], 1).results; // [{ id, status: "accepted" }]
 * intake.select(1, 100); // what a block of slot 1 may include, in admission order
 * ```
 * @module
 */

import { toHex } from "../bytes.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import { Mempool } from "./mempool.ts";
import { checkTxWindow, type ClientDirectory, decodeTx, type SignedTx, verifyTx } from "./tx.ts";

/** One submission result. */
export interface IntakeResult {
  /** The id (hex), or null when the envelope did not decode. */
  readonly id: string | null;
  /** Admitted (or already held), or refused. */
  readonly status: "accepted" | "rejected";
  /** Why, or DUPLICATE_TX for a resubmission. */
  readonly code?: string;
  /** Details. */
  readonly message?: string;
}

/** What committing a block means for the mempool. */
export interface Settlement {
  /** Ids to drop from the mempool (included or expired). */
  readonly drop: Uint8Array[];
  /** Included ids (hex) that clients submitted to this node. */
  readonly mine: string[];
  /** Expired ids (hex) that clients submitted to this node. */
  readonly expired: string[];
}

/** A node's mempool and included-transaction index, with the admission rules. */
export class TxIntake {
  /** Admitted transactions. */
  readonly mempool = new Mempool();

  /**
   * @param chainId the chain id transaction ids are bound to
   * @param directory who may sign
   * @param included included ids (hex) → slot (loaded from the database)
   */
  constructor(
    readonly chainId: Uint8Array,
    readonly directory: ClientDirectory,
    readonly included: Map<string, number>,
  ) {}

  /** Admits one envelope for the block after `next − 1`; throws the reason. */
  admit(bytes: Uint8Array, client: boolean, next: number): SignedTx {
    const tx = decodeTx(bytes, this.chainId);
    const key = toHex(tx.id);
    const slot = this.included.get(key);
    if (slot !== undefined) {
      throw new NodeError("ALREADY_INCLUDED", `transaction ${key} is in slot ${slot}`);
    }
    checkTxWindow(tx, next, NODE_LIMITS.TX_LIFETIME);
    if (this.mempool.has(key)) {
      throw new NodeError("DUPLICATE_TX", `transaction ${key} is already in the mempool`);
    }
    verifyTx(tx, this.directory);
    this.mempool.add(tx, client);
    return tx;
  }

  /** Re-admits a transaction loaded from the database (checked when it was submitted). */
  admitStored(bytes: Uint8Array, client: boolean): void {
    this.mempool.add(decodeTx(bytes, this.chainId), client);
  }

  /** Client submissions: one result each, and the newly admitted transactions. */
  submit(envelopes: Uint8Array[], next: number): { results: IntakeResult[]; admitted: SignedTx[] } {
    const results: IntakeResult[] = [];
    const admitted: SignedTx[] = [];
    for (const bytes of envelopes) {
      let id: string | null = null;
      try {
        id = toHex(decodeTx(bytes, this.chainId).id);
        admitted.push(this.admit(bytes, true, next));
        results.push({ id, status: "accepted" });
      } catch (e) {
        if (!(e instanceof NodeError)) throw e;
        if (e.code === "DUPLICATE_TX") results.push({ id, status: "accepted", code: e.code });
        else results.push({ id, status: "rejected", code: e.code, message: e.message });
      }
    }
    return { results, admitted };
  }

  /**
   * A peer's gossip: admits what it can; counts envelopes no honest peer would send (malformed,
   * unknown signer, bad signature). Late ones (included, expired, held) are not counted.
   */
  gossip(envelopes: Uint8Array[], next: number): { admitted: number; refused: number } {
    let admitted = 0, refused = 0;
    for (const bytes of envelopes) {
      try {
        this.admit(bytes, false, next);
        admitted++;
      } catch (e) {
        if (!(e instanceof NodeError)) throw e;
        if (["MALFORMED_TX", "BAD_SIGNATURE", "UNKNOWN_SIGNER"].includes(e.code)) refused++;
      }
    }
    return { admitted, refused };
  }

  /** Up to `max` held transactions a block of `slot` may include, in admission order. */
  select(slot: number, max: number): SignedTx[] {
    return this.mempool.select(max, (tx) => {
      if (this.included.has(toHex(tx.id))) return false;
      try {
        checkTxWindow(tx, slot, NODE_LIMITS.TX_LIFETIME);
        return true;
      } catch {
        return false;
      }
    });
  }

  /** What committing `slot` with transactions `ids` (hex) drops and reports. */
  settlement(slot: number, ids: readonly string[]): Settlement {
    const inBlock = new Set(ids);
    const drop: Uint8Array[] = [], mine: string[] = [], expired: string[] = [];
    for (const e of this.mempool.entries()) {
      const key = toHex(e.tx.id);
      if (inBlock.has(key)) {
        drop.push(e.tx.id);
        if (e.client) mine.push(key);
      } else if (e.tx.expiry <= slot) {
        drop.push(e.tx.id);
        if (e.client) expired.push(key);
      }
    }
    return { drop, mine, expired };
  }

  /** Records a committed slot (after the database has it). */
  settle(slot: number, ids: readonly string[], s: Settlement): void {
    for (const id of ids) this.included.set(id, slot);
    for (const id of s.drop) this.mempool.remove(toHex(id));
  }

  /** Where each id (hex) stands here: included (slot), pending, or unknown. */
  query(ids: string[]): { id: string; status: string; slot?: number }[] {
    return ids.map((id) => {
      const slot = this.included.get(id);
      if (slot !== undefined) return { id, status: "included", slot };
      if (this.mempool.has(id)) return { id, status: "pending" };
      return { id, status: "unknown" };
    });
  }
}
