/**
 * The node database (kernel/node/store.ts): commits survive a reopen (snapshot + replay), a
 * failing commit leaves nothing half-written, and every kind of corruption — a flipped byte in
 * a block record or a state snapshot, a garbage header, a truncated file, a missing row, a
 * foreign chain — is detected on open: the file is set aside unchanged and a fresh database
 * starts at genesis with the amnesia horizon at the clock slot. A corrupt row is never served.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { encodeState, stateRoot, toHex } from "../../kernel/mod.ts";
import {
  DB_FILE,
  decodeTx,
  encodeDecision,
  encodeValue,
  NodeError,
  NodeStore,
  openNodeStore,
  peekHeadSlot,
  SKIP,
  type StoreOptions,
} from "../../kernel/node/mod.ts";
import { buildChain, signedTxs, testChain } from "./_chain.ts";

const c = testChain();
const { decisions, states } = buildChain(c, 10, { txs: 3, skips: [6] });
const options = (clockSlot: number, chainId = c.chainId): StoreOptions => ({
  genesis: c.genesis,
  chainId,
  certs: c.certs,
  clockSlot,
});

/** A database holding slots 1…10, an acceptor record, a proposal and two mempool txs. */
function filledDir(): string {
  const dir = Deno.makeTempDirSync({ prefix: "node-store-" });
  const { store, chain } = openNodeStore(dir, options(0));
  assert.equal(chain.origin, "created");
  decisions.forEach((d, i) =>
    store.commit(d, encodeDecision(d), states[i + 1], stateRoot(states[i + 1]), [])
  );
  store.saveAcceptor(11, { promised: 2, accepted: { ballot: 1, value: SKIP } });
  store.saveProposal(11, 2, SKIP);
  const txs = signedTxs(c, 11, 2, 900).map((b) => decodeTx(b, c.chainId));
  store.addTxs(txs.map((t, i) => ({ id: t.id, bytes: t.bytes, client: i === 0 })));
  store.close();
  return dir;
}

/** Flips a byte at `offset` into every copy of `needle` in the file (stale page copies too). */
function flipIn(dir: string, needle: Uint8Array, offset: number): void {
  const path = `${dir}/${DB_FILE}`;
  const bytes = Deno.readFileSync(path);
  let hits = 0;
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((x, k) => bytes[i + k] === x)) {
      bytes[i + offset] ^= 0x5a;
      hits++;
    }
  }
  assert.ok(hits > 0, "the bytes are in the file");
  Deno.writeFileSync(path, bytes);
}

Deno.test("store: committed slots, snapshot, acceptor, proposal and mempool survive a reopen", () => {
  const dir = filledDir();
  try {
    const { store, chain, corruption } = openNodeStore(dir, options(12));
    assert.equal(corruption, null);
    assert.equal(chain.origin, "loaded");
    assert.equal(chain.committed, 10);
    assert.deepEqual(chain.root, stateRoot(states[10]));
    assert.deepEqual(chain.state.head, states[10].head);
    assert.equal(chain.replayed, 2, "snapshot at slot 8, slots 9 and 10 replayed");
    assert.equal(chain.horizon, 0);
    assert.equal(chain.included.size, 9 * 3, "nine blocks of three transactions (slot 6 skipped)");
    assert.deepEqual(chain.acceptors.get(11), {
      promised: 2,
      accepted: { ballot: 1, value: SKIP },
    });
    assert.equal(chain.proposals.get("11:2")?.kind, "skip");
    assert.deepEqual(chain.mempool.map((t) => t.client), [true, false]);
    const served = store.readDecisions(9, 5, 1 << 20);
    assert.deepEqual(served, decisions.slice(8).map(encodeDecision));
    assert.equal(
      store.readDecisions(1, 10, 1).length,
      1,
      "at least one record, then the byte limit",
    );
    store.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("store: a commit that fails half-way leaves nothing written", () => {
  const dir = filledDir();
  try {
    const { store } = openNodeStore(dir, options(12));
    const next = buildChain(c, 11, { txs: 1 });
    const d = next.decisions[10];
    // The decision row and head are written, then a bad mempool id makes the transaction fail.
    assert.throws(() =>
      store.commit(d, encodeDecision(d), next.states[11], stateRoot(next.states[11]), [
        (2n ** 70n) as unknown as Uint8Array, // cannot be bound: SQLite throws
      ])
    );
    // The same slot twice is refused by the table itself.
    assert.throws(() =>
      store.commit(
        decisions[9],
        encodeDecision(decisions[9]),
        states[10],
        stateRoot(states[10]),
        [],
      )
    );
    store.close();
    const again = openNodeStore(dir, options(12));
    assert.equal(again.corruption, null);
    assert.equal(again.chain.committed, 10);
    assert.deepEqual(again.chain.root, stateRoot(states[10]));
    assert.ok(again.chain.acceptors.has(11), "the acceptor row the commit dropped is back");
    assert.equal(again.chain.proposals.size, 1);
    again.store.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

const CORRUPTIONS: [string, (dir: string) => void, RegExp][] = [
  [
    "a flipped byte in a block record",
    (d) => flipIn(d, encodeDecision(decisions[4]).subarray(0, 64), 40),
    /decision row of slot 5: checksum mismatch/,
  ],
  [
    "a flipped byte in the state snapshot",
    (d) => flipIn(d, encodeState(states[8]).subarray(0, 64), 50),
    /snapshot of slot 8: checksum/,
  ],
  ["a garbage header", (d) => {
    const p = `${d}/${DB_FILE}`;
    const b = Deno.readFileSync(p);
    b.fill(0x41, 0, 16);
    Deno.writeFileSync(p, b);
  }, /sqlite: file is not a database/],
  ["a truncated file", (d) => {
    const p = `${d}/${DB_FILE}`;
    const b = Deno.readFileSync(p);
    Deno.writeFileSync(p, b.subarray(0, Math.floor(b.length / 3)));
  }, /sqlite|quick_check|decided slots|missing/],
  ["a deleted block row", (d) => {
    const db = new DatabaseSync(`${d}/${DB_FILE}`);
    db.exec("DELETE FROM decisions WHERE slot = 10");
    db.close();
  }, /9 decided slots stored, the head says 10/],
  ["a rewritten head", (d) => {
    const db = new DatabaseSync(`${d}/${DB_FILE}`);
    db.prepare("UPDATE head SET root = ?").run(new Uint8Array(32));
    db.close();
  }, /head row: checksum mismatch/],
  ["a swapped block record", (d) => {
    const db = new DatabaseSync(`${d}/${DB_FILE}`);
    const r = db.prepare("SELECT record, chk FROM decisions WHERE slot = 3").get() as Record<
      string,
      Uint8Array
    >;
    db.prepare("UPDATE decisions SET record = ?, chk = ? WHERE slot = 4").run(r.record, r.chk);
    db.close();
  }, /decision row of slot 4: checksum mismatch/],
];

for (const [what, corrupt, reason] of CORRUPTIONS) {
  Deno.test(`store: ${what} is detected; the file is set aside and the node starts over`, () => {
    const dir = filledDir();
    try {
      corrupt(dir);
      const before = Deno.readFileSync(`${dir}/${DB_FILE}`);
      const { store, chain, corruption, quarantined } = openNodeStore(dir, options(13));
      assert.ok(corruption instanceof NodeError);
      assert.equal(corruption.code, "CORRUPT_DB");
      assert.match(corruption.message, reason);
      assert.equal(chain.origin, "reset");
      assert.equal(chain.committed, 0);
      assert.deepEqual(chain.root, stateRoot(c.genesis));
      assert.equal(chain.horizon, 13, "no votes for slots it may have voted in");
      assert.equal(quarantined, `${DB_FILE}.corrupt-1`);
      assert.deepEqual(Deno.readFileSync(`${dir}/${quarantined}`), before, "kept unchanged");
      store.close();
      const again = openNodeStore(dir, options(20));
      assert.equal(again.chain.origin, "loaded");
      assert.equal(again.chain.horizon, 13, "the horizon is durable");
      again.store.close();
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

Deno.test("store: a database of another chain is WRONG_CHAIN and set aside", () => {
  const dir = filledDir();
  try {
    const other = testChain(6n);
    const r = openNodeStore(dir, {
      ...options(3, other.chainId),
      genesis: other.genesis,
      certs: other.certs,
    });
    assert.equal(r.corruption?.code, "WRONG_CHAIN");
    assert.equal(r.chain.origin, "reset");
    r.store.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("store: a row corrupted while open is never served (CORRUPT_DB)", () => {
  const dir = filledDir();
  try {
    const { store } = openNodeStore(dir, options(12));
    const db = new DatabaseSync(`${dir}/${DB_FILE}`);
    db.prepare("UPDATE decisions SET record = ? WHERE slot = 5").run(encodeValue(SKIP));
    db.close();
    assert.equal(store.readDecisions(1, 4, 1 << 20).length, 4);
    assert.throws(
      () => store.readDecisions(1, 10, 1 << 20),
      (e: NodeError) => e.code === "CORRUPT_DB",
    );
    store.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("store: a database missing after genesis time means amnesia up to the clock slot", () => {
  const dir = Deno.makeTempDirSync({ prefix: "node-store-" });
  try {
    const r = openNodeStore(dir, options(7));
    assert.equal(r.chain.origin, "created");
    assert.equal(r.chain.horizon, 7);
    assert.equal(toHex(r.chain.root), toHex(stateRoot(c.genesis)));
    r.store.close();
    assert.equal(typeof NodeStore.connect, "function");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("store: peekHeadSlot reads the head without checks, null without a readable file", () => {
  const dir = filledDir();
  try {
    assert.equal(peekHeadSlot(dir), 10);
    const p = `${dir}/${DB_FILE}`;
    const b = Deno.readFileSync(p);
    b.fill(0, 0, 100);
    Deno.writeFileSync(p, b);
    assert.equal(peekHeadSlot(dir), null);
    Deno.removeSync(p);
    assert.equal(peekHeadSlot(dir), null);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
