/**
 * σ: canonical encoding round trips; every kind of corrupted σ bytes is refused with a stable
 * code (and the input is not modified); reference counting frees replaced objects and refunds
 * the quota that paid for them; sharing counts references.
 */
import assert from "node:assert/strict";
import {
  applyBlock,
  DataCap,
  decodeState,
  encodeState,
  genesis,
  KernelError,
  quotaOf,
  signBlock,
  type State,
  stateRoot,
} from "../../kernel/mod.ts";
import { encodeLedgerTx, generateLedgerTxs, ledgerChain } from "../../kernel/ledger.ts";
import { assemble } from "../../vm/mod.ts";
import { KERNEL_ASM_SYMBOLS } from "../../kernel/asm_symbols.ts";
import { chain, chainImage, event, KEYS, slot } from "./_harness.ts";

function ledgerState(blocks: number): State {
  const l = ledgerChain();
  let s = genesis(l.image, { validators: KEYS.map((k) => k.publicKey), images: l.images });
  for (let slotNo = 1; slotNo <= blocks; slotNo++) {
    const events = generateLedgerTxs(9n, slotNo, 12).map((t) => ({
      endpoint: 0,
      payload: encodeLedgerTx(t),
    }));
    const r = applyBlock(
      s,
      signBlock({ parent: s.head, slot: slotNo, events }, KEYS[slotNo % KEYS.length]),
    );
    assert.ok(r.accepted);
    s = r.state;
  }
  return s;
}

const S = ledgerState(3);
const BYTES = encodeState(S);

Deno.test("encodeState / decodeState round trip: same root, byte-identical re-encoding", () => {
  const d = decodeState(BYTES);
  assert.deepEqual(stateRoot(d), stateRoot(S));
  assert.deepEqual(encodeState(d), BYTES);
  assert.ok(S.files.size > 0 && S.objects.size > 0);
  // The decoded σ keeps working: the next block applies the same on both.
  const events = generateLedgerTxs(9n, 4, 5).map((t) => ({
    endpoint: 0,
    payload: encodeLedgerTx(t),
  }));
  const b = signBlock({ parent: S.head, slot: 4, events }, KEYS[1]);
  const r1 = applyBlock(S, b), r2 = applyBlock(d, b);
  assert.ok(r1.accepted && r2.accepted);
  assert.deepEqual(r1.stateRoot, r2.stateRoot);
});

/** Offset of the first object entry in the encoding. */
function firstObjectOffset(s: State): number {
  return 4 + 1 + 32 + 8 + 96 + 8 + 8 + 2 + 32 * s.validators.length + 4;
}

function expectCode(bytes: Uint8Array, code: string): void {
  const copy = bytes.slice();
  assert.throws(() => decodeState(bytes), (e) => e instanceof KernelError && e.code === code, code);
  assert.deepEqual(bytes, copy, "decoding does not modify its input");
}

/** The encoding with its first two object entries swapped (each entry stays valid). */
function swapFirstTwoObjects(): Uint8Array {
  const o = firstObjectOffset(S);
  const v = new DataView(BYTES.buffer, BYTES.byteOffset);
  const entryLength = (at: number) => 32 + 4 + 8 + 8 + 4 + v.getUint32(at + 52, true);
  const a = entryLength(o), b = entryLength(o + a);
  const out = BYTES.slice();
  out.set(BYTES.subarray(o + a, o + a + b), o);
  out.set(BYTES.subarray(o, o + a), o + b);
  return out;
}

Deno.test("corrupted σ bytes are refused with stable codes", () => {
  const mutate = (f: (b: Uint8Array, v: DataView) => void): Uint8Array => {
    const b = BYTES.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  const o = firstObjectOffset(S);
  expectCode(mutate((b) => (b[0] ^= 1)), "BAD_TAG");
  expectCode(mutate((b) => (b[4] = 2)), "BAD_VERSION");
  expectCode(BYTES.slice(0, -1), "TRUNCATED");
  expectCode(new Uint8Array([...BYTES, 0]), "TRAILING_BYTES");
  expectCode(mutate((b) => (b[b.length - 1] ^= 1)), "HASH_MISMATCH"); // the trailing root
  expectCode(
    mutate((_b, v) => v.setUint32(o + 32, v.getUint32(o + 32, true) + 1, true)),
    "REFCOUNT_MISMATCH",
  );
  expectCode(mutate((b) => (b[o + 32 + 4 + 16 + 4 + 1] ^= 0x40)), "HASH_MISMATCH"); // inside the first object's bytes
  expectCode(swapFirstTwoObjects(), "NOT_CANONICAL");
  expectCode(
    mutate((_b, v) => v.setUint16(o - 4 - 32 * S.validators.length - 2, 0, true)),
    "LIMIT",
  );
  expectCode(mutate((_b, v) => v.setBigUint64(4 + 1 + 32, 1n << 60n, true)), "BAD_VALUE"); // slot beyond 2^53
});

Deno.test("a σ missing an object another refers to is refused (MISSING_OBJECT)", () => {
  // Rebuild the encoding without one object that has references: take the state apart by hand.
  const d = decodeState(BYTES);
  let victim: Uint8Array | null = null;
  for (const [k, e] of d.objects.entries()) {
    if (e.encoding[0] === 0x31) {
      victim = k;
      break;
    }
  }
  assert.ok(victim !== null);
  const broken: State = { ...d, objects: d.objects.delete(victim) };
  assert.throws(
    () => decodeState(encodeState(broken)),
    (e) => e instanceof KernelError && e.code === "MISSING_OBJECT",
  );
});

Deno.test("replaced Data is freed and its bytes refunded to the quota that paid; σ does not grow", () => {
  const Q = 100_000n;
  // Each event reads the counter in slot 40, drops it, and mints counter + 1 (a new object).
  const program = chainImage(`
    load_imm r7, 0
    ecalli DROP
    load_imm r7, 40
    load_imm r8, 0x10000
    load_imm r9, 8
    ecalli READ_DATA_CAP
    load_u64 r2, [0x10000]
    add_imm_64 r2, r2, 1
    store_u64 [0x10000], r2
    load_imm r7, 40
    ecalli DROP
    load_imm r7, 0x10000
    load_imm r8, 8
    load_imm r9, 8
    load_imm r10, 40
    ecalli MINT_DATA_CAP
    move_reg r7, r2
    ecalli REPLY
  `);
  let s = chain(program, { storageQuota: Q });
  const base = s.objects.size;
  for (let i = 1; i <= 5; i++) {
    const r = event(s);
    assert.ok(r.outcome.kind === "halt" && r.outcome.value === BigInt(i));
    s = r.state;
    assert.equal(s.objects.size, base + 1, "one counter object at a time");
    assert.equal(quotaOf(s, 0n), Q - 1n, "only the live counter (1 byte) is charged");
  }
  const d = slot(s, 40);
  assert.ok(d instanceof DataCap && d.bytes[0] === 5);
});

Deno.test("the same Data in two slots is one object with two references; dropping both frees it and refunds it", () => {
  const Q = 10_000n;
  const a = assemble(
    `
keep:
    store_imm_u8 [0x10000], 42
    load_imm r7, 0x10000
    load_imm r8, 1
    load_imm r9, 8
    load_imm r10, 40
    ecalli MINT_DATA_CAP
    load_imm r7, 40
    load_imm r8, 41
    ecalli COPY
    ecalli REPLY
    trap
drop_one:
    load_imm r7, 41
    ecalli DROP
    ecalli REPLY
    trap
drop_other:
    load_imm r7, 40
    ecalli DROP
    ecalli REPLY
`,
    { symbols: KERNEL_ASM_SYMBOLS },
  );
  const image = chainImage("trap", {
    endpoints: ["keep", "drop_one", "drop_other"].map((l, index) => ({
      index,
      pc: a.labels.get(l)!,
      argRegisters: 0,
      initialRegisters: [],
    })),
  });
  image.code = a.blob;
  const s1 = event(chain(image, { storageQuota: Q })).state;
  const d = slot(s1, 40) as DataCap;
  assert.ok(d.equals(slot(s1, 41) as DataCap));
  assert.equal(s1.objects.get(d.dataHash)?.refs, 2);
  assert.equal(quotaOf(s1, 0n), Q - 1n);
  const s2 = event(s1, new Uint8Array(), 1).state;
  assert.equal(s2.objects.get(d.dataHash)?.refs, 1);
  assert.equal(quotaOf(s2, 0n), Q - 1n);
  const s3 = event(s2, new Uint8Array(), 2).state;
  assert.equal(s3.objects.get(d.dataHash), undefined);
  assert.equal(quotaOf(s3, 0n), Q, "released: the byte came back");
  assert.equal(s3.objects.size, s1.objects.size - 1);
});
