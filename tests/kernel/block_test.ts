/**
 * Blocks: wire encoding round trip and malformed bytes; applyBlock rejects a wrong parent, an
 * old slot, a wrong author and a bad signature with σ unchanged; a faulting event rolls σ back
 * byte for byte; replaying the same blocks from genesis reproduces every state root.
 */
import assert from "node:assert/strict";
import { assemble } from "../../vm/mod.ts";
import {
  applyBlock,
  type Block,
  blockHash,
  decodeBlock,
  encodeBlock,
  encodeState,
  genesis,
  KernelError,
  runEvent,
  signBlock,
  type State,
  stateRoot,
  toHex,
  verifyBlockSignature,
} from "../../kernel/mod.ts";
import { KERNEL_ASM_SYMBOLS } from "../../kernel/asm_symbols.ts";
import { encodeLedgerTx, generateLedgerTxs, ledgerChain } from "../../kernel/ledger.ts";
import { chainImage, KEYS } from "./_harness.ts";

const LEDGER = ledgerChain();
const G = genesis(LEDGER.image, {
  validators: KEYS.map((k) => k.publicKey),
  images: LEDGER.images,
});

function ledgerBlock(s: State, slot: number, count = 6, seed = 3n): Block {
  const events = generateLedgerTxs(seed, slot, count).map((t) => ({
    endpoint: 0,
    payload: encodeLedgerTx(t),
  }));
  return signBlock({ parent: s.head, slot, events }, KEYS[slot % KEYS.length]);
}

Deno.test("block wire bytes round trip; the signature covers the block hash", () => {
  const b = ledgerBlock(G, 1);
  const d = decodeBlock(encodeBlock(b));
  assert.deepEqual(d, { ...b, events: b.events.map((e) => ({ ...e })) });
  assert.deepEqual(blockHash(d), blockHash(b));
  assert.ok(verifyBlockSignature(d));
  assert.ok(!verifyBlockSignature({ ...d, slot: 2 }), "changing the block breaks the signature");
});

Deno.test("malformed block bytes are refused with stable codes", () => {
  const good = encodeBlock(ledgerBlock(G, 1, 2));
  const m = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  const cases: [Uint8Array, string][] = [
    [m((b) => (b[0] = 0)), "BAD_TAG"],
    [m((b) => (b[4] = 0xb1)), "BAD_TAG"],
    [m((b) => (b[5] = 9)), "BAD_VERSION"],
    [good.slice(0, 40), "TRUNCATED"],
    [good.slice(0, good.length - 1), "TRUNCATED"],
    [new Uint8Array([...good, 0]), "TRAILING_BYTES"],
    [m((_b, v) => v.setUint32(4 + 2 + 32 + 8 + 32, 100_000, true)), "LIMIT"],
    [m((_b, v) => v.setBigUint64(4 + 2 + 32, 1n << 60n, true)), "BAD_VALUE"],
    [m((_b, v) => v.setUint32(4 + 2 + 32 + 8 + 32 + 4 + 1, 1 << 20, true)), "LIMIT"],
  ];
  for (const [bytes, code] of cases) {
    assert.throws(
      () => decodeBlock(bytes),
      (e) => e instanceof KernelError && e.code === code,
      code,
    );
  }
});

function rejected(s: State, b: Block, code: string): void {
  const before = encodeState(s);
  const r = applyBlock(s, b);
  assert.ok(!r.accepted, code);
  assert.equal(r.code, code);
  assert.equal(r.state, s);
  assert.deepEqual(encodeState(s), before, "σ is unchanged");
  assert.deepEqual(r.lifecycle.map((t) => t.to), [
    b.events.length === 0 ? "sealing" : "applying",
    "rejected",
  ]);
}

Deno.test("wrong parent, old slot, wrong author, bad signature: rejected, σ unchanged", () => {
  const good = ledgerBlock(G, 1);
  rejected(G, { ...good, parent: new Uint8Array(32) }, "BAD_PARENT");
  rejected(G, signBlock({ parent: G.head, slot: 0, events: good.events }, KEYS[0]), "BAD_SLOT");
  rejected(G, signBlock({ parent: G.head, slot: 1, events: good.events }, KEYS[2]), "BAD_AUTHOR");
  const sig = good.signature.slice();
  sig[5] ^= 1;
  rejected(G, { ...good, signature: sig }, "BAD_SIGNATURE");
  const forged = signBlock({ parent: G.head, slot: 1, events: good.events }, KEYS[2]);
  rejected(G, { ...forged, author: KEYS[1].publicKey }, "BAD_SIGNATURE");
  rejected(G, { ...good, signature: new Uint8Array(3) }, "BAD_SIGNATURE");
  rejected(G, signBlock({ parent: G.head, slot: 1, events: [] }, KEYS[0]), "BAD_AUTHOR");
  const r = applyBlock(G, { ...good, author: new Uint8Array(31) });
  assert.ok(!r.accepted && r.code === "BAD_VALUE" && r.state === G);
});

Deno.test("an accepted block is driven by the block-applier machine to committed", () => {
  const b = ledgerBlock(G, 1, 2);
  const r = applyBlock(G, b);
  assert.ok(r.accepted);
  assert.deepEqual(r.lifecycle.map((t) => `${t.event}:${t.to}`), [
    "BEGIN:applying",
    "EVENT_APPLIED:applying",
    "EVENT_APPLIED:sealing",
    "SEALED:committed",
  ]);
  assert.deepEqual(r.state.head, blockHash(b));
  assert.equal(r.state.slot, 1);
  assert.deepEqual(r.stateRoot, stateRoot(r.state));
  const empty = applyBlock(
    r.state,
    signBlock({ parent: r.state.head, slot: 5, events: [] }, KEYS[2]),
  );
  assert.ok(empty.accepted);
  assert.deepEqual(empty.lifecycle.map((t) => t.to), ["sealing", "committed"]);
});

/** A chain whose endpoint 0 stores work (Data, a file, a quota) and replies; endpoint 1 does the same and then traps. */
function workChain(): State {
  const a = assemble(
    `
work:
    load_imm r7, 0
    ecalli DROP
    store_imm_u32 [0x10000], 0x01020304
    load_imm r7, 0x10000
    load_imm r8, 4
    load_imm r9, SLOT_QUOTA
    load_imm r10, 40
    ecalli MINT_DATA_CAP
    load_imm r7, 40
    load_imm r8, SLOT_QUOTA
    load_imm r9, 41
    load_imm r10, SLOT_HOST_SAVE
    ecalli HOST_SAVE
    load_imm r7, 40
    ecalli DROP
    load_imm r7, 41
    load_imm r8, 42
    ecalli MOVE
    ecalli REPLY
    trap
work_then_trap:
    load_imm r7, 0
    ecalli DROP
    store_imm_u32 [0x10000], 0x0A0B0C0D
    load_imm r7, 0x10000
    load_imm r8, 4
    load_imm r9, SLOT_QUOTA
    load_imm r10, 43
    ecalli MINT_DATA_CAP
    load_imm r7, 43
    load_imm r8, SLOT_QUOTA
    load_imm r9, 44
    load_imm r10, SLOT_HOST_SAVE
    ecalli HOST_SAVE
    load_imm r7, 9
    load_imm r11, SLOT_MINT_QUOTA
    load_imm r12, 0
    ecalli CALL
    load_imm r7, 500
    load_imm r11, SLOT_SET_STORAGE_QUOTA
    load_imm r12, 0
    ecalli CALL
    trap
`,
    { symbols: KERNEL_ASM_SYMBOLS },
  );
  const image = chainImage("trap", {
    endpoints: ["work", "work_then_trap"].map((l, index) => ({
      index,
      pc: a.labels.get(l)!,
      argRegisters: 0,
      initialRegisters: [],
    })),
  });
  image.code = a.blob;
  return genesis(image, { validators: KEYS.map((k) => k.publicKey) });
}

Deno.test("a faulting event rolls σ back byte for byte (Data, files, quotas, counters)", () => {
  const s0 = workChain();
  const s1 = runEvent(s0, 0, new Uint8Array([1])).state;
  const before = encodeState(s1);
  const r = runEvent(s1, 1, new Uint8Array([2, 3]));
  assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "PANIC");
  assert.equal(r.state, s1);
  assert.deepEqual(encodeState(r.state), before);
  // In a block: [work, work-then-trap, work] ends as [work, work] does, except for the head.
  const mk = (eps: number[]) =>
    signBlock({
      parent: s0.head,
      slot: 1,
      events: eps.map((endpoint) => ({ endpoint, payload: new Uint8Array() })),
    }, KEYS[1]);
  const withFault = applyBlock(s0, mk([0, 1, 0]));
  const without = applyBlock(s0, mk([0, 0]));
  assert.ok(withFault.accepted && without.accepted);
  assert.deepEqual(withFault.outcomes.map((o) => o.kind), ["halt", "faulted", "halt"]);
  assert.deepEqual(
    withFault.lifecycle.map((t) => t.event),
    ["BEGIN", "EVENT_APPLIED", "EVENT_FAILED", "ROLLED_BACK", "EVENT_APPLIED", "SEALED"],
  );
  const sameHead = (s: State) => encodeState({ ...s, head: new Uint8Array(32) });
  assert.deepEqual(sameHead(withFault.state), sameHead(without.state));
  assert.equal(withFault.state.files.size, 2);
});

Deno.test("replaying the same blocks from genesis reproduces every state root; separate runs agree", () => {
  const blocks: Block[] = [];
  const roots: string[] = [];
  let s = G;
  for (let slot = 1; slot <= 6; slot++) {
    const b = ledgerBlock(s, slot, 8, 21n);
    const r = applyBlock(s, b);
    assert.ok(r.accepted);
    blocks.push(b);
    roots.push(toHex(r.stateRoot));
    s = r.state;
  }
  assert.equal(new Set(roots).size, roots.length, "every block moves the root");
  const fresh = genesis(ledgerChain().image, {
    validators: KEYS.map((k) => k.publicKey),
    images: LEDGER.images,
  });
  assert.deepEqual(encodeState(fresh), encodeState(G));
  let t = fresh;
  blocks.forEach((b, i) => {
    const r = applyBlock(t, b);
    assert.ok(r.accepted);
    assert.equal(toHex(r.stateRoot), roots[i]);
    t = r.state;
  });
  assert.deepEqual(encodeState(t), encodeState(s));
  // Applying a block twice is refused the second time (its parent is no longer the head).
  const again = applyBlock(t, blocks[5]);
  assert.ok(!again.accepted && again.code === "BAD_PARENT");
});
