/**
 * Type and data host calls: SAME_TYPE, TYPE_OF, READ_DATA_CAP, MINT_DATA_CAP, HOST_OPEN,
 * HOST_SAVE — success paths, every refusal, traps, and the storage quota they charge.
 */
import assert from "node:assert/strict";
import {
  DataCap,
  fileOf,
  KERNEL_CHAINS,
  KernelCap,
  quotaOf,
  RESULT,
  TypeCap,
} from "../../kernel/mod.ts";
import { chain, chainImage, event, LOG_SLOT, logged, op, runLogged, slot } from "./_harness.ts";

const Q = 1n << 20n;

Deno.test("TYPE_OF and SAME_TYPE: Types carry the chain; kinds and empties are refused", () => {
  const { r, log } = runLogged([
    op("TYPE_OF", 17, 40),
    op("TYPE_OF", 17, 40),
    op("SAME_TYPE", 40, 17),
    op("SAME_TYPE", 17, 18),
    op("SAME_TYPE", 17, 41),
    "    store_imm_u8 [0x10000], 1",
    op("MINT_DATA_CAP", 0x10000, 1, 8, 42),
    op("SAME_TYPE", 42, 17),
    op("TYPE_OF", 42, 43),
    op("TYPE_OF", 41, 43),
  ].join("\n"));
  assert.deepEqual(log, [
    RESULT.OK,
    RESULT.E_OCCUPIED,
    1n,
    0n,
    RESULT.E_EMPTY,
    1n,
    RESULT.E_KIND,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
  ]);
  const t = slot(r.state, 40);
  assert.ok(t instanceof TypeCap);
  assert.deepEqual(t.chain, KERNEL_CHAINS.oog_marker);
  assert.equal(slot(r.state, 43), null);
});

Deno.test("READ_DATA_CAP: copies min(len, size), zero-pads, returns the size", () => {
  const { log } = runLogged([
    "    store_imm_u32 [0x10000], 0x030201",
    op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
    "    store_imm_u64 [0x10100], -1",
    op("READ_DATA_CAP", 40, 0x10100, 2),
    "    load_u64 r7, [0x10100]",
    "!log",
    op("READ_DATA_CAP", 40, 0x10100, 6),
    "    load_u64 r7, [0x10100]",
    "!log",
    op("READ_DATA_CAP", 17, 0x10100, 6),
    op("READ_DATA_CAP", 41, 0x10100, 6),
    op("READ_DATA_CAP", 40, 0x10100, (1 << 20) + 1),
  ].join("\n"));
  assert.deepEqual(log, [
    3n,
    3n,
    0xffff_ffff_ffff_0201n,
    3n,
    0xffff_0000_0003_0201n,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
    RESULT.E_LIMIT,
  ]);
});

Deno.test("READ_DATA_CAP and MINT_DATA_CAP trap on a window outside the Image's memory", () => {
  for (
    const body of [op("MINT_DATA_CAP", 0x50000, 4, 8, 40), op("MINT_DATA_CAP", 0x10ff0, 32, 8, 40)]
  ) {
    const { r } = runLogged(body);
    assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "BAD_WINDOW");
  }
  const { r } = runLogged([
    "    store_imm_u8 [0x10000], 1",
    op("MINT_DATA_CAP", 0x10000, 1, 8, 40),
    op("READ_DATA_CAP", 40, 0x50000, 4),
  ].join("\n"));
  assert.ok(
    r.outcome.kind === "faulted" && r.outcome.reason === "BAD_WINDOW",
    JSON.stringify(r.outcome.kind),
  );
});

Deno.test("MINT_DATA_CAP: strips trailing zeros, charges the quota; data not kept is refunded at commit", () => {
  const { r, log, genesis } = runLogged(
    [
      "    store_imm_u32 [0x10000], 0x04030201",
      "    store_imm_u8 [0x10004], 5",
      op("MINT_DATA_CAP", 0x10000, 16, 8, 40),
      op("MINT_DATA_CAP", 0x10000, 3, 8, 41),
      op("DROP", 41),
      op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
      op("MINT_DATA_CAP", 0x10000, 8, 17, 42),
      op("MINT_DATA_CAP", 0x10000, 8, 43, 42),
      op("MINT_DATA_CAP", 0x10000, (1 << 20) + 1, 8, 42),
      op("MINT_DATA_CAP", 0x10100, 64, 8, 44),
    ].join("\n"),
    { storageQuota: Q },
  );
  assert.deepEqual(log, [
    5n,
    3n,
    RESULT.OK,
    RESULT.E_OCCUPIED,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
    RESULT.E_LIMIT,
    0n,
  ]);
  const d = slot(r.state, 40);
  assert.ok(d instanceof DataCap);
  assert.deepEqual([...d.bytes], [1, 2, 3, 4, 5]);
  const zero = slot(r.state, 44);
  assert.ok(zero instanceof DataCap && zero.size === 0);
  const logData = slot(r.state, LOG_SLOT) as DataCap;
  // Kept: the 5 bytes in slot 40 and the log; the 3 dropped bytes came back.
  assert.equal(quotaOf(r.state, 0n), Q - 5n - BigInt(logData.size));
  assert.equal(quotaOf(genesis, 0n), Q);
  const entry = r.state.objects.get(d.dataHash);
  assert.ok(entry !== undefined);
  assert.equal(entry.charged, 5n);
  assert.equal(entry.payer, 0n);
});

Deno.test("storage exhaustion in the chain itself is uncaught: the event faults, σ unchanged", () => {
  const p = logged([
    "    store_imm_u64 [0x10000], -1",
    op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
  ].join("\n"));
  const s = chain(chainImage(p.source), { storageQuota: 7n });
  const r = event(s);
  assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "STORAGE_EXHAUSTED");
  assert.equal(r.state, s);
});

Deno.test("HOST_SAVE / HOST_OPEN: new file, read back, overwrite in place, delete; quota follows", () => {
  const { r, log, genesis } = runLogged(
    [
      "    store_imm_u32 [0x10000], 0x04030201",
      op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
      op("HOST_SAVE", 40, 8, 41, 16),
      op("HOST_OPEN", 41, 42, 15),
      op("SAME_TYPE", 41, 41),
      "    store_imm_u16 [0x10000], 0x0909",
      "    store_imm_u16 [0x10002], 0",
      op("MINT_DATA_CAP", 0x10000, 8, 8, 43),
      op("HOST_SAVE", 43, 8, 41, 16),
      op("HOST_OPEN", 41, 44, 15),
      op("DROP", 40),
      op("DROP", 42),
      op("DROP", 43),
    ].join("\n"),
    { storageQuota: Q },
  );
  assert.deepEqual(log, [
    4n,
    RESULT.OK,
    4n,
    1n,
    2n,
    RESULT.OK,
    2n,
    RESULT.OK,
    RESULT.OK,
    RESULT.OK,
  ]);
  const f = slot(r.state, 41);
  assert.ok(f instanceof KernelCap && f.kernel === "file" && f.id64 === 0n);
  const file = fileOf(r.state, 0n);
  assert.ok(file !== undefined);
  assert.equal(file.size, 2);
  const d = slot(r.state, 44);
  assert.ok(d instanceof DataCap);
  assert.deepEqual([...d.bytes], [9, 9]);
  assert.equal(r.state.nextFileId, 1n);
  assert.equal(fileOf(genesis, 0n), undefined);
  // Quota: the file holds 2 bytes (its first 4 were refunded on overwrite); the Data in slot 44
  // was minted (2 bytes, kept), the 4-byte Data was dropped (refunded); plus the log.
  const logSize = BigInt((slot(r.state, LOG_SLOT) as DataCap).size);
  assert.equal(quotaOf(r.state, 0n), Q - 2n - 2n - logSize);
});

Deno.test("HOST_SAVE of empty Data deletes the file: HOST_OPEN then finds nothing", () => {
  const { r, log } = runLogged(
    [
      "    store_imm_u8 [0x10000], 7",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 40),
      op("HOST_SAVE", 40, 8, 41, 16),
      op("MINT_DATA_CAP", 0x10100, 8, 8, 42),
      op("HOST_SAVE", 42, 8, 41, 16),
      op("HOST_OPEN", 41, 43, 15),
      op("HOST_SAVE", 42, 8, 44, 16),
    ].join("\n"),
    { storageQuota: Q },
  );
  assert.deepEqual(log, [1n, RESULT.OK, 0n, RESULT.OK, RESULT.E_NOT_FOUND, RESULT.OK]);
  assert.equal(r.state.files.size, 0);
  assert.ok(slot(r.state, 41) instanceof KernelCap);
  assert.equal(slot(r.state, 44), null); // saving nothing into an empty slot makes no file
});

Deno.test("HOST_OPEN / HOST_SAVE refusals: authority, kinds, occupied destination", () => {
  const { log } = runLogged([
    "    store_imm_u8 [0x10000], 7",
    op("MINT_DATA_CAP", 0x10000, 1, 8, 40),
    op("HOST_SAVE", 40, 8, 41, 15),
    op("HOST_SAVE", 40, 8, 41, 99),
    op("HOST_SAVE", 40, 8, 41, 16),
    op("HOST_OPEN", 41, 42, 16),
    op("HOST_OPEN", 40, 42, 15),
    op("HOST_OPEN", 43, 42, 15),
    op("HOST_OPEN", 41, 40, 15),
    op("HOST_SAVE", 41, 8, 44, 16),
    op("HOST_SAVE", 40, 17, 44, 16),
    op("HOST_SAVE", 40, 8, 40, 16),
  ].join("\n"));
  assert.deepEqual(log, [
    1n,
    RESULT.E_DENIED,
    RESULT.E_DENIED,
    RESULT.OK,
    RESULT.E_DENIED,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
    RESULT.E_OCCUPIED,
    RESULT.E_KIND,
    RESULT.E_KIND,
    RESULT.E_OCCUPIED,
  ]);
});
