/**
 * kernel/ — the capability microkernel and block applier: caps and cnodes, Images, Instances
 * on a call stack with gas meters, storage quotas, yield/resume and out-of-gas catch; σ with a
 * Merkle state root; genesis, blocks, `applyBlock`; and the example ledger chain.
 * Docs: README.md (overview, limits, decisions), ABI.md (host calls), ENCODING.md (bytes).
 *
 * @example
 * ```ts
 * import { applyBlock, deriveValidatorKeys, genesis, ledgerChain, signBlock, stateRoot } from "./mod.ts";
 * const keys = deriveValidatorKeys(1n, 2);
 * const chain = ledgerChain();
 * let σ = genesis(chain.image, { validators: keys.map((k) => k.publicKey), images: chain.images });
 * const block = signBlock({ parent: σ.head, slot: 1, events: [] }, keys[1]);
 * const r = applyBlock(σ, block);
 * if (r.accepted) σ = r.state;
 * stateRoot(σ).length; // 32
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "./limits.ts";
export * from "./abi.ts";
export { bytesEqual, fromHex, stripTrailingZeros, toHex } from "./bytes.ts";
export { chainExtend, hash, kernelImageHash, TAG } from "./hash.ts";
export { PMap } from "./pmap.ts";
export * from "./image.ts";
export {
  type Cap,
  CAP_KIND_NUMBER,
  CNodeCap,
  DataCap,
  ImageCap,
  type InstanceCap,
  KERNEL_CHAINS,
  KERNEL_KINDS,
  KernelCap,
  type KernelKind,
  kernelKindOf,
  type Slot,
  TypeCap,
  UserInstanceCap,
} from "./caps.ts";
export { chainImageProblem } from "./chain_image.ts";
export {
  defaultYieldCatcher,
  OOG_MARKER,
  STORAGE_EXHAUSTED_MARKER,
  yieldCatcher,
} from "./kernel_slots.ts";
export {
  type ChainRecord,
  decodeState,
  encodeState,
  type FileEntry,
  fileOf,
  type ObjectEntry,
  quotaOf,
  type State,
  stateHeader,
  stateRoot,
} from "./state.ts";
export {
  DEFAULT_EVENT_GAS,
  DEFAULT_STORAGE_QUOTA,
  genesis,
  type GenesisOptions,
} from "./genesis.ts";
export {
  chainInstance,
  type EventOptions,
  type EventOutcome,
  type EventResult,
  runEvent,
} from "./executor.ts";
export type { LifecycleStep } from "./frame.ts";
export type { EventStats } from "./context.ts";
export * from "./block.ts";
export * from "./validators.ts";
export { applyBlock, type ApplyResult } from "./apply.ts";
export { KERNEL_ASM_SYMBOLS } from "./asm_symbols.ts";
export * from "./ledger.ts";
export { SeededRng } from "./prng.ts";

// Chain nodes (issue 8): the client API and the testnet harness. The whole node layer (the
// protocol, store, messages, lifecycle machine) is in ./node/mod.ts; README.md §Nodes.
export {
  type ClientDirectory,
  clientDirectory,
  type ClientKey,
  decodeTx,
  deriveClientKeys,
  NODE_LIMITS,
  NodeError,
  type NodeErrorCode,
  SafetyChecker,
  type SignedTx,
  signTx,
  type SignTxOptions,
  type SlotReport,
  type SubmitResult,
  Testnet,
  type TestnetOptions,
  TX_BYTES,
  type TxStatus,
  verifyTx,
} from "./node/mod.ts";
