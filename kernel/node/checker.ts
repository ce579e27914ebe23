/**
 * The safety checker: watches every node's outputs while a run goes on (not only at the end)
 * and records a violation the moment one happens.
 *
 * - **Agreement:** no two nodes commit different values (kind, block hash, state root) for a slot.
 * - **Order:** each node commits slot h+1 right after slot h (no gaps, no repeats), from the
 *   head it reported when it (re)started.
 * - **Durability:** a node that restarts from its database comes back at a head that was
 *   committed, with that head's root, and not behind what it had committed before (a node
 *   reset from a corrupt database starts again at genesis — it reports so).
 *
 * `converged()` is the liveness check: every node at the same head, slot and root.
 *
 * @example
 * ```ts
 * import { SafetyChecker } from "./checker.ts";
 * const check = new SafetyChecker(4, genesisRoot);
 * check.observe("committed", { node: 0, slot: 1, kind: "block", hash: "ab…", root: "cd…" });
 * check.violations; // []
 * ```
 * @module
 */

/** What a node committed for a slot. */
export interface CommitRecord {
  /** `block` or `skip`. */
  readonly kind: string;
  /** Block hash (hex), or null for skip. */
  readonly hash: string | null;
  /** State root after it (hex). */
  readonly root: string;
  /** First node seen committing it. */
  readonly node: number;
}

/** A node's head as the checker knows it. */
export interface NodeHead {
  /** Last committed slot. */
  readonly slot: number;
  /** State root after it (hex). */
  readonly root: string;
}

/** Checks agreement, order and durability over node outputs. */
export class SafetyChecker {
  /** Every decided slot, as first committed. */
  readonly decided = new Map<number, CommitRecord>();
  /** Violations, in the order found. */
  readonly violations: string[] = [];
  readonly #heads: NodeHead[];
  /** Commits checked. */
  commits = 0;
  /**
   * While true, nodes starting from their databases set the baseline (a resumed run has no
   * record of earlier commits): their heads are taken as committed, and must agree per slot.
   */
  resuming = false;

  /** A checker for `n` nodes starting at genesis (root hex). */
  constructor(readonly n: number, readonly genesisRoot: string) {
    this.#heads = Array.from({ length: n }, () => ({ slot: 0, root: genesisRoot }));
  }

  /** Each node's head. */
  get heads(): readonly NodeHead[] {
    return this.#heads;
  }

  #violate(message: string): void {
    this.violations.push(message);
  }

  /** Looks at one node output (others than `started` and `committed` are ignored). */
  observe(type: string, body: unknown): void {
    const b = body as Record<string, unknown>;
    if (type === "committed") this.#committed(b);
    else if (type === "started") this.#started(b);
  }

  #committed(b: Record<string, unknown>): void {
    const node = b.node as number, slot = b.slot as number;
    const rec: CommitRecord = {
      kind: String(b.kind),
      hash: (b.hash as string | null) ?? null,
      root: String(b.root),
      node,
    };
    this.commits++;
    const head = this.#heads[node];
    if (slot !== head.slot + 1) {
      this.#violate(`node ${node} committed slot ${slot} right after slot ${head.slot}`);
    }
    const first = this.decided.get(slot);
    if (first === undefined) this.decided.set(slot, rec);
    else if (first.kind === "loaded") {
      // A resumed run's baseline knows only the root: the first commit of the slot completes it.
      if (first.root !== rec.root) {
        this.#violate(
          `slot ${slot}: node ${node} committed root ${rec.root}, resumed nodes hold ${first.root}`,
        );
      } else this.decided.set(slot, rec);
    } else if (first.kind !== rec.kind || first.hash !== rec.hash || first.root !== rec.root) {
      this.#violate(
        `slot ${slot}: node ${first.node} committed ${describe(first)}, node ${node} committed ${
          describe(rec)
        }`,
      );
    }
    this.#heads[node] = { slot, root: rec.root };
  }

  #started(b: Record<string, unknown>): void {
    const node = b.node as number, head = b.head as number, root = String(b.root);
    const before = this.#heads[node];
    if (b.origin === "loaded" && this.resuming && head > 0) {
      const rec = this.decided.get(head);
      if (rec === undefined) this.decided.set(head, { kind: "loaded", hash: null, root, node });
      else if (rec.root !== root) {
        this.#violate(`nodes ${rec.node} and ${node} resumed slot ${head} with different roots`);
      }
    } else if (b.origin === "loaded") {
      if (head < before.slot) {
        this.#violate(
          `node ${node} restarted at slot ${head}, behind its committed slot ${before.slot}`,
        );
      }
      const rec = head === 0 ? null : this.decided.get(head);
      const expected = head === 0 ? this.genesisRoot : rec?.root;
      if (expected === undefined) {
        this.#violate(`node ${node} restarted at slot ${head}, which no node committed`);
      } else if (expected !== root) {
        this.#violate(`node ${node} restarted at slot ${head} with root ${root}, not ${expected}`);
      }
    } else if (head !== 0 || root !== this.genesisRoot) {
      this.#violate(`node ${node} started ${String(b.origin)} but not at genesis`);
    }
    this.#heads[node] = { slot: head, root };
  }

  /** True when every node is at the same slot and root, and that slot is at least `minSlot`. */
  converged(minSlot = 0): boolean {
    const h = this.#heads[0];
    return h.slot >= minSlot && this.#heads.every((x) => x.slot === h.slot && x.root === h.root);
  }
}

function describe(r: CommitRecord): string {
  return r.kind === "skip"
    ? `skip (root ${r.root.slice(0, 8)})`
    : `block ${r.hash?.slice(0, 8)} (root ${r.root.slice(0, 8)})`;
}
