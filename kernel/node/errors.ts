/**
 * Typed errors of the node layer (kernel/node). Every refusal has a stable `code` a caller can
 * branch on and a message a user can act on: a malformed message or transaction, a bad
 * signature, a full mempool, a corrupted database, a broken protocol invariant.
 *
 * @example
 * ```ts
 * import { NodeError } from "./errors.ts";
 * try {
 *   throw new NodeError("BAD_SIGNATURE", "tx 1f2e…: the signature does not verify");
 * } catch (e) {
 *   if (e instanceof NodeError) e.code; // "BAD_SIGNATURE"
 * }
 * ```
 * @module
 */

/** Why the node layer refused something. */
export type NodeErrorCode =
  // transactions (client API, mempool, block validity)
  | "MALFORMED_TX"
  | "BAD_SIGNATURE"
  | "UNKNOWN_SIGNER"
  | "EXPIRED"
  | "EXPIRY_TOO_FAR"
  | "ALREADY_INCLUDED"
  | "DUPLICATE_TX"
  | "MEMPOOL_FULL"
  | "TOO_MANY_TXS"
  // messages between nodes
  | "MALFORMED_MESSAGE"
  | "MESSAGE_TOO_LARGE"
  | "NOT_A_PEER"
  | "WRONG_LEADER"
  | "FUTURE_SLOT"
  // proposals and decisions (the first three as the kernel's applyBlock names them)
  | "BAD_PARENT"
  | "BAD_SLOT"
  | "BAD_AUTHOR"
  | "BAD_VALUE"
  | "ROOT_MISMATCH"
  | "BAD_CERTIFICATE"
  // storage
  | "CORRUPT_DB"
  | "WRONG_CHAIN"
  // configuration
  | "BAD_CONFIG"
  // a broken invariant of the node itself (a bug, or state that no longer matches a quorum)
  | "INVARIANT";

/** A refusal of the node layer, or (code INVARIANT) a node bug. */
export class NodeError extends Error {
  /** Always "NodeError". */
  override readonly name = "NodeError";
  /**
   * A refusal with a stable code.
   * @param code stable reason code
   * @param message what is wrong, for a user
   */
  constructor(readonly code: NodeErrorCode, message: string) {
    super(message);
  }
}

/**
 * Asserts an invariant of the node; a failure throws `NodeError("INVARIANT")` (the actor crashes
 * and restarts from its database).
 *
 * @example
 * ```ts
 * nodeInvariant(1 + 1 === 2, "arithmetic");
 * ```
 */
export function nodeInvariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new NodeError("INVARIANT", `node invariant broken: ${message}`);
}
