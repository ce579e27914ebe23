/**
 * Test helper: a small ledger chain with validators, client keys, signed transactions and
 * certified decisions, built without actors (for store, value and rule tests).
 */
import {
  deriveValidatorKeys,
  encodeBlock,
  genesis,
  ledgerChain,
  signBlock,
  type State,
  stateRoot,
  type ValidatorKey,
} from "../../kernel/mod.ts";
import { generateLedgerTxs } from "../../kernel/ledger.ts";
import {
  applyNodeBlock,
  blockValue,
  type CertContext,
  type ClientDirectory,
  clientDirectory,
  type ClientKey,
  type Decision,
  deriveClientKeys,
  quorumOf,
  signTx,
  signVote,
  SKIP,
  type Value,
  valueId,
} from "../../kernel/node/mod.ts";

/** Everything a test chain needs. */
export interface TestChain {
  keys: ValidatorKey[];
  genesis: State;
  chainId: Uint8Array;
  clients: { accounts: ClientKey[]; minter: ClientKey };
  directory: ClientDirectory;
  certs: CertContext;
}

let ledger: ReturnType<typeof ledgerChain> | null = null;

/** A chain of `n` validators for `seed`. */
export function testChain(seed = 5n, n = 4): TestChain {
  ledger ??= ledgerChain();
  const keys = deriveValidatorKeys(seed, n);
  const g = genesis(ledger.image, {
    validators: keys.map((k) => k.publicKey),
    images: ledger.images,
  });
  const clients = deriveClientKeys(seed, 8);
  return {
    keys,
    genesis: g,
    chainId: g.head,
    clients,
    directory: clientDirectory(clients),
    certs: { chainId: g.head, validators: g.validators, quorum: quorumOf(n) },
  };
}

/** `count` generated transactions for `slot`, signed by their rightful signers. */
export function signedTxs(c: TestChain, slot: number, count: number, nonce = 0): Uint8Array[] {
  return generateLedgerTxs(9n, slot, count, { accounts: 8 }).map((tx, i) =>
    signTx(
      tx,
      tx.op === "mint"
        ? c.clients.minter
        : c.clients.accounts[tx.op === "transfer" ? tx.from : tx.account],
      { chainId: c.chainId, expiry: slot + 10, nonce: nonce + i },
    )
  );
}

/** A decision for `value` with votes of the first `voters` validators (a quorum by default). */
export function certify(
  c: TestChain,
  slot: number,
  ballot: number,
  value: Value,
  root: Uint8Array,
  voters = c.certs.quorum,
): Decision {
  const claim = { slot, ballot, id: valueId(value), root };
  return {
    slot,
    ballot,
    value,
    root,
    votes: c.keys.slice(0, voters).map((k) => ({
      validator: k.index,
      signature: signVote(k, c.chainId, claim),
    })),
  };
}

/** The block value of `slot` on top of `state` with `txs` (signed by the slot's validator). */
export function blockOn(
  c: TestChain,
  state: State,
  slot: number,
  txs: Uint8Array[],
): { value: Value; state: State; root: Uint8Array } {
  const block = signBlock(
    { parent: state.head, slot, events: txs.map((payload) => ({ endpoint: 0, payload })) },
    c.keys[slot % c.keys.length],
  );
  const applied = applyNodeBlock(state, block);
  return { value: blockValue(encodeBlock(block), applied.root), ...applied };
}

/** `slots` certified decisions from genesis (a skip at each slot in `skips`), with the states. */
export function buildChain(
  c: TestChain,
  slots: number,
  o: { txs?: number; skips?: number[] } = {},
): { decisions: Decision[]; states: State[] } {
  const decisions: Decision[] = [];
  const states: State[] = [c.genesis];
  let state = c.genesis;
  for (let s = 1; s <= slots; s++) {
    if (o.skips?.includes(s)) {
      decisions.push(certify(c, s, 1, SKIP, stateRoot(state)));
    } else {
      const b = blockOn(c, state, s, signedTxs(c, s, o.txs ?? 3, s * 100));
      decisions.push(certify(c, s, 0, b.value, b.root));
      state = b.state;
    }
    states.push(state);
  }
  return { decisions, states };
}
