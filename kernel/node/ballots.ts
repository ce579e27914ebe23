/**
 * Pure pieces of the per-slot consensus (node.ts): who leads a ballot, how a recovery leader
 * picks its value from the promises it gathered, and the tally that turns matching votes into a
 * certificate.
 *
 * @example
 * ```ts
 * import { chooseValue, leaderOf, VoteTally } from "./ballots.ts";
 * leaderOf(5, 2, 4); // validator 3 leads ballot 2 of slot 5 (at clock slot 7)
 * chooseValue([null, { ballot: 1, value: v }, null]); // v: a value that may be decided is kept
 * const tally = new VoteTally(3);
 * tally.add(0, id, root, 2, sig); // null until 3 validators voted for (ballot, id, root)
 * ```
 * @module
 */

import { bytesEqual, toHex } from "../bytes.ts";
import { nodeInvariant } from "./errors.ts";
import { type CertVote, SKIP, type Value, valueId } from "./value.ts";

/** A quorum of votes for one (ballot, value id, root). */
export interface Certificate {
  /** The ballot. */
  readonly ballot: number;
  /** The value id. */
  readonly id: Uint8Array;
  /** The state root after the value. */
  readonly root: Uint8Array;
  /** The votes, validators increasing. */
  readonly votes: readonly CertVote[];
}

/** What an acceptor reports it accepted. */
export interface Accepted {
  /** The ballot it accepted in. */
  readonly ballot: number;
  /** The value. */
  readonly value: Value;
}

/**
 * The validator that leads ballot `ballot` of `slot` among `n`: (slot + ballot) mod n — so the
 * proposer of clock slot c leads ballot c − j of every undecided slot j.
 *
 * @example
 * ```ts
 * leaderOf(8, 0, 4); // 0: ballot 0 is the slot's own proposer
 * ```
 */
export function leaderOf(slot: number, ballot: number, n: number): number {
  return (slot + ballot) % n;
}

/**
 * The value a recovery leader must propose after phase 1: the one accepted in the highest
 * ballot among the promises (it may already be decided), or skip when none accepted anything.
 *
 * @example
 * ```ts
 * chooseValue([null, null]); // SKIP
 * ```
 */
export function chooseValue(promises: Iterable<Accepted | null>): Value {
  let best: Accepted | null = null;
  for (const p of promises) {
    if (p === null) continue;
    if (best === null || p.ballot > best.ballot) best = p;
    else if (p.ballot === best.ballot) {
      nodeInvariant(bytesEqual(valueId(p.value), valueId(best.value)), "one value per ballot");
    }
  }
  return best === null ? SKIP : best.value;
}

/** Votes for one slot, grouped by (ballot, value id, root). */
export class VoteTally {
  readonly #groups = new Map<
    string,
    { ballot: number; id: Uint8Array; root: Uint8Array; sigs: Map<number, Uint8Array> }
  >();

  /** A tally that certifies at `quorum` votes. */
  constructor(readonly quorum: number) {}

  /** Records a (checked) vote; returns the certificate once its group reaches the quorum. */
  add(
    ballot: number,
    id: Uint8Array,
    root: Uint8Array,
    validator: number,
    signature: Uint8Array,
  ): Certificate | null {
    const key = `${ballot}:${toHex(id)}:${toHex(root)}`;
    let g = this.#groups.get(key);
    if (g === undefined) {
      g = { ballot, id, root, sigs: new Map() };
      this.#groups.set(key, g);
    }
    g.sigs.set(validator, signature);
    if (g.sigs.size < this.quorum) return null;
    const votes = [...g.sigs].sort((x, y) => x[0] - y[0]).map(([validator, signature]) => ({
      validator,
      signature,
    }));
    return { ballot, id, root, votes };
  }

  /** Validators that voted for value `id` (hex) in `ballot`, whatever the root. */
  voters(ballot: number, idHex: string): Set<number> {
    const out = new Set<number>();
    for (const g of this.#groups.values()) {
      if (g.ballot === ballot && toHex(g.id) === idHex) {
        for (const v of g.sigs.keys()) out.add(v);
      }
    }
    return out;
  }
}
