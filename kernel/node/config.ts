/**
 * A node's input (plain data, recorded in the trace's SPAWN entry — so it holds the run seed
 * the validator key is derived from, never a secret key) and its checked form.
 *
 * @example
 * ```ts
 * import { nodeConfig } from "./config.ts";
 * const cfg = nodeConfig(input); // throws NodeError("BAD_CONFIG") naming the bad field
 * cfg.quorum; // 3 of 4
 * ```
 * @module
 */

import { bytesEqual } from "../bytes.ts";
import { KernelError } from "../errors.ts";
import { decodeState, type State } from "../state.ts";
import { deriveValidatorKeys, type ValidatorKey } from "../validators.ts";
import { NodeError } from "./errors.ts";
import { NODE_LIMITS } from "./limits.ts";
import type { ClientDirectory } from "./tx.ts";
import { type CertContext, quorumOf } from "./value.ts";

/**
 * How a test makes a node misbehave: propose bad blocks (a Byzantine proposer), or, as a
 * recovery leader, ignore what acceptors accepted and propose skip (`forgetfulLeader`: breaks
 * Paxos on purpose, so tests can show the safety checker catches it).
 */
export interface Misbehaviour {
  /** What is wrong with its ballot-0 blocks, or with its recovery ballots. */
  kind: "badSignature" | "wrongRoot" | "wrongParent" | "forgetfulLeader";
  /** The slots it misbehaves in (all of its own slots when omitted). */
  slots?: number[];
}

/** The input of a node actor. */
export interface NodeInput {
  /** Its validator index. */
  index: number;
  /** Actor names of all nodes, by validator index (who is a peer, and where to send). */
  names: string[];
  /** Run seed: validator keys are `deriveValidatorKeys(seed, names.length)`. */
  seed: bigint;
  /** `encodeState(genesis σ)`; its validators must be the derived keys. */
  genesis: Uint8Array;
  /** Who may sign transactions. */
  directory: ClientDirectory;
  /** Absolute path of its data directory (the actor may read and write only there). */
  dataDir: string;
  /** Virtual-time ticks per slot (slot = floor(time / ticksPerSlot)). */
  ticksPerSlot: number;
  /** Ticks before an unanswered sync request may be sent again (default 2). */
  retryTicks?: number;
  /** Most transactions it puts in one block (default NODE_LIMITS.BLOCK_TXS). */
  maxBlockTxs?: number;
  /** Test hook: propose bad blocks. */
  misbehave?: Misbehaviour | null;
}

/** A checked node input. */
export interface NodeConfig {
  /** Validator index. */
  readonly index: number;
  /** Actor names by validator index. */
  readonly names: readonly string[];
  /** Validator index by actor name. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Number of validators. */
  readonly n: number;
  /** Votes a decision needs. */
  readonly quorum: number;
  /** This node's key (never printed). */
  readonly key: ValidatorKey;
  /** Genesis σ. */
  readonly genesis: State;
  /** Chain id: the genesis head. */
  readonly chainId: Uint8Array;
  /** For certificate checks. */
  readonly certs: CertContext;
  /** Who may sign transactions. */
  readonly directory: ClientDirectory;
  /** Data directory. */
  readonly dataDir: string;
  /** Ticks per slot. */
  readonly ticksPerSlot: number;
  /** Ticks before a sync request is retried. */
  readonly retryTicks: number;
  /** Transactions per block at most. */
  readonly maxBlockTxs: number;
  /** Test hook, or null. */
  readonly misbehave: Misbehaviour | null;
}

const NAME = /^[A-Za-z0-9_.:\/-]{1,64}$/;

/**
 * Checks a node input. Throws `NodeError("BAD_CONFIG")`.
 *
 * @example
 * ```ts
 * nodeConfig({ ...input, index: 9 }); // BAD_CONFIG: index 9 is not a validator
 * ```
 */
export function nodeConfig(input: NodeInput): NodeConfig {
  const bad = (m: string): never => {
    throw new NodeError("BAD_CONFIG", `node input: ${m}`);
  };
  if (typeof input !== "object" || input === null) bad("not an object");
  const names = input.names;
  if (!Array.isArray(names) || names.length < 1 || names.length > NODE_LIMITS.NODES) {
    bad(`names must list 1…${NODE_LIMITS.NODES} actor names`);
  }
  if (!names.every((n) => typeof n === "string" && NAME.test(n))) bad("a name is not valid");
  if (new Set(names).size !== names.length) bad("names repeat");
  const n = names.length;
  if (!Number.isInteger(input.index) || input.index < 0 || input.index >= n) {
    bad(`index ${input.index} is not a validator`);
  }
  if (typeof input.seed !== "bigint" || input.seed < 0n || input.seed >= 1n << 64n) {
    bad("seed must be a bigint in [0, 2^64)");
  }
  if (!Number.isSafeInteger(input.ticksPerSlot) || input.ticksPerSlot < 1) {
    bad("ticksPerSlot must be a positive integer");
  }
  const retryTicks = input.retryTicks ?? 2;
  if (!Number.isSafeInteger(retryTicks) || retryTicks < 1) bad("retryTicks must be positive");
  const maxBlockTxs = input.maxBlockTxs ?? NODE_LIMITS.BLOCK_TXS;
  if (!Number.isInteger(maxBlockTxs) || maxBlockTxs < 0 || maxBlockTxs > NODE_LIMITS.BLOCK_TXS) {
    bad(`maxBlockTxs must be 0…${NODE_LIMITS.BLOCK_TXS}`);
  }
  if (typeof input.dataDir !== "string" || !input.dataDir.startsWith("/")) {
    bad("dataDir must be an absolute path");
  }
  const d = input.directory;
  if (
    typeof d !== "object" || d === null || !Array.isArray(d.accounts) ||
    !d.accounts.every((k) => k instanceof Uint8Array && k.length === 32) ||
    !(d.minter instanceof Uint8Array) || d.minter.length !== 32
  ) bad("directory must hold 32-byte public keys");
  let genesis: State;
  try {
    genesis = decodeState(input.genesis);
  } catch (e) {
    if (e instanceof KernelError) bad(`genesis: ${e.code}: ${e.message}`);
    throw e;
  }
  const keys = deriveValidatorKeys(input.seed, n);
  if (
    genesis.validators.length !== n ||
    !genesis.validators.every((v, i) => bytesEqual(v, keys[i].publicKey))
  ) bad("the genesis validators are not the keys derived from the seed");
  const m = input.misbehave ?? null;
  if (m !== null) {
    if (!["badSignature", "wrongRoot", "wrongParent", "forgetfulLeader"].includes(m.kind)) {
      bad("misbehave.kind");
    }
    if (m.slots !== undefined && !(Array.isArray(m.slots) && m.slots.every(Number.isSafeInteger))) {
      bad("misbehave.slots");
    }
  }
  const validators = genesis.validators;
  return {
    index: input.index,
    names,
    indexOf: new Map(names.map((name, i) => [name, i])),
    n,
    quorum: quorumOf(n),
    key: keys[input.index],
    genesis,
    chainId: genesis.head,
    certs: { chainId: genesis.head, validators, quorum: quorumOf(n) },
    directory: d,
    dataDir: input.dataDir,
    ticksPerSlot: input.ticksPerSlot,
    retryTicks,
    maxBlockTxs,
    misbehave: m,
  };
}
