/**
 * Every explicit limit of the node layer, in one place; each is enforced with a `NodeError` of
 * a stable code and listed in kernel/README.md §Nodes.
 *
 * @example
 * ```ts
 * import { NODE_LIMITS } from "./limits.ts";
 * NODE_LIMITS.MEMPOOL_TXS; // 4096
 * ```
 * @module
 */

/** The node layer's limits. */
export const NODE_LIMITS = {
  /** Transactions one mempool holds; more are refused with MEMPOOL_FULL. */
  MEMPOOL_TXS: 4096,
  /** Transactions one block may include (the kernel allows 4,096 events). */
  BLOCK_TXS: 512,
  /** Transactions in one `submit` or gossip message. */
  SUBMIT_TXS: 1024,
  /** A transaction's expiry may be at most this many slots after the slot it is checked at. */
  TX_LIFETIME: 64,
  /** Decisions one sync reply carries at most. */
  SYNC_BATCH: 32,
  /** Largest message body between nodes, in bytes (a sync reply stops before it). */
  MESSAGE_BYTES: 1 << 20,
  /** Slots ahead of the next undecided one for which votes and proposals are buffered. */
  SLOT_WINDOW: 64,
  /** A state snapshot is written every this many slots (and the blocks after it replayed on load). */
  SNAPSHOT_EVERY: 8,
  /** Snapshots kept in the database (older ones are pruned in the same transaction). */
  SNAPSHOTS_KEPT: 2,
  /** Most validators (nodes) in one testnet. */
  NODES: 64,
} as const;
