/**
 * kernel/node — chain nodes as actors: each node is a Worker actor with its own SQLite database
 * (blocks, state snapshots, head, consensus records, mempool), a mempool of signed transactions,
 * its validator key, and the node lifecycle machine (idle, proposing, verifying, applying,
 * committed, rejected, syncing). Nodes agree slot by slot (a Paxos instance per slot with a fast
 * path for the slot's proposer; node.ts explains the protocol and why it is safe), sync from
 * each other, recover from disk, and set aside a corrupt database. The testnet harness runs N of
 * them through the deterministic scheduler with seeded faults, a safety checker and a liveness
 * phase. Docs: kernel/README.md §Nodes.
 *
 * Client API: {@link Testnet.signTx} / {@link signTx} build signed transactions,
 * {@link Testnet.submit} answers accepted or rejected (with a code) per transaction,
 * {@link Testnet.txStatus} then says included in block N (or expired), {@link Testnet.query}
 * asks a node directly.
 *
 * @example
 * ```ts
 * import { Testnet } from "./mod.ts";
 * const net = await Testnet.start({ nodes: 4, seed: 1n, mode: "inprocess" });
 * const tx = net.signTx({ op: "transfer", from: 1, to: 2, amount: 5n, work: 10 });
 * const [r] = await net.submit(0, [tx]); // { id, status: "accepted" }
 * for (let s = 1; s <= 5; s++) await net.runSlot();
 * net.txStatus(r.id!); // { status: "included", slot: … }
 * net.checker.violations; // []
 * await net.close();
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "./limits.ts";
export { NODE_TAG } from "./tags.ts";
export {
  checkTxWindow,
  type ClientDirectory,
  clientDirectory,
  type ClientKey,
  decodeTx,
  deriveClientKeys,
  MINTER_INDEX,
  type SignedTx,
  signTx,
  type SignTxOptions,
  TX_BYTES,
  txSigner,
  verifyTx,
} from "./tx.ts";
export {
  type BlockValue,
  blockValue,
  type CertContext,
  type CertVote,
  checkDecision,
  type Decision,
  decodeDecision,
  decodeValue,
  encodeDecision,
  encodeValue,
  quorumOf,
  signVote,
  SKIP,
  type SkipValue,
  type Value,
  valueId,
  verifyVote,
  type VoteClaim,
  voteDigest,
} from "./value.ts";
export {
  type Applied,
  applyNodeBlock,
  applyValue,
  blockTxIds,
  checkBlockTxs,
  type TxRules,
} from "./chain.ts";
export { Mempool, type PoolEntry } from "./mempool.ts";
export {
  CLIENT_TYPES,
  type ClientMessage,
  parseClientMessage,
  parsePeerMessage,
  PEER_TYPES,
  type PeerMessage,
} from "./messages.ts";
export {
  NODE_MACHINE_SAMPLES,
  type NodeLifecycleContext,
  type NodeLifecycleEvent,
  type NodeLifecycleSnapshot,
  nodeMachine,
} from "../../machines/chain_node.ts";
export {
  type AcceptorRecord,
  DB_FILE,
  type LoadedChain,
  NodeStore,
  type OpenedStore,
  openNodeStore,
  peekHeadSlot,
  type StoredTx,
  type StoreOptions,
} from "./store.ts";
export { type Misbehaviour, type NodeConfig, nodeConfig, type NodeInput } from "./config.ts";
export { ChainNode, type NodeContext } from "./node.ts";
export { type CommitRecord, type NodeHead, SafetyChecker } from "./checker.ts";
export {
  type DecidedSlot,
  type SlotReport,
  type SubmitResult,
  Testnet,
  type TestnetEvent,
  type TestnetOptions,
  type TxCounts,
  type TxStatus,
} from "./testnet.ts";
