/**
 * Calls to kernel-issued Instances: SetGasMeter / MintGas (gas is conserved), SetStorageQuota /
 * MintQuota (quota is conserved, and persists in σ), CreateYieldCatcher and YieldCatcher
 * add / remove / read, and the caps that are not callable.
 */
import assert from "node:assert/strict";
import {
  CALL_STATUS,
  DataCap,
  KernelCap,
  LIMITS,
  OOG_MARKER,
  quotaOf,
  RESULT,
  STORAGE_EXHAUSTED_MARKER,
} from "../../kernel/mod.ts";
import {
  callOp,
  chain,
  chainImage,
  event,
  LOG_SLOT,
  logged,
  logOf,
  op,
  raw,
  runLogged,
  slot,
} from "./_harness.ts";

const OK = CALL_STATUS.OK, FAULTED = CALL_STATUS.FAULTED;

Deno.test("MintGas / SetGasMeter: meters are minted by id, raised from the caller's own gas and harvested back", () => {
  const body = logged([
    raw("DROP", 0),
    callOp(12, 0, 3), // MintGas(3) → slot 0
    callOp(10, 0, 9000), // SetGasMeter(meter 3, 9000): from the chain's 10,000
    callOp(10, 0, 20000), // more than the chain has left
    callOp(10, 0, 400), // harvest 8,600 back
    callOp(10, 0, (1n << 62n) + 1n),
    callOp(12, 0, 3), // slot 0 is occupied
    raw("DROP", 0),
    callOp(12, 0, 3), // the same id names the same meter
    raw("DROP", 0),
    raw("COPY", 7, 0),
    callOp(10, 0, 5), // the caller's own meter
    raw("DROP", 0),
    callOp(10, 0, 5), // empty slot 0
    callOp(10, 1, 5), // no endpoint 1
  ].join("\n"));
  const r = event(chain(chainImage(body.source), { eventGas: 10_000n }));
  assert.ok(r.outcome.kind === "halt");
  assert.deepEqual(logOf(r.state, body.entries), [
    0n,
    OK,
    0n,
    OK,
    RESULT.E_GAS,
    FAULTED,
    9000n,
    OK,
    RESULT.E_INVALID,
    FAULTED,
    RESULT.E_OCCUPIED,
    FAULTED,
    400n,
    OK,
    RESULT.E_INVALID,
    FAULTED,
    RESULT.E_EMPTY,
    FAULTED,
    RESULT.E_INVALID,
    FAULTED,
  ]);
  // Gas moved into a meter is not "used": the event used far less than the 9,000 it lent out.
  assert.ok(r.outcome.gasUsed < 1_000n, `${r.outcome.gasUsed}`);
});

Deno.test("MintQuota / SetStorageQuota: quotas are conserved against the caller's quota and persist in σ", () => {
  const Q = 10_000n;
  const { r, log } = runLogged(
    [
      raw("DROP", 0),
      callOp(13, 0, 5), // MintQuota(5) → slot 0
      callOp(11, 0, 100), // SetStorageQuota(quota 5, 100) from the root quota
      callOp(11, 0, 60), // give 40 back
      callOp(11, 0, 2n * Q), // more than the root has
      callOp(11, 0, (1n << 62n) + 1n),
      raw("DROP", 0),
      raw("COPY", 8, 0),
      callOp(11, 0, 1), // the caller's own quota
      raw("DROP", 0),
      "    store_imm_u8 [0x10000], 1",
      op("MINT_DATA_CAP", 0x10000, 1, 18, 40), // a marker is not a quota handle
    ].join("\n"),
    { storageQuota: Q },
  );
  assert.deepEqual(log, [
    0n,
    OK,
    0n,
    OK,
    100n,
    OK,
    RESULT.E_QUOTA,
    FAULTED,
    RESULT.E_INVALID,
    FAULTED,
    RESULT.E_INVALID,
    FAULTED,
    RESULT.E_KIND,
  ]);
  const logSize = BigInt((slot(r.state, LOG_SLOT) as DataCap).size);
  assert.equal(quotaOf(r.state, 5n), 60n);
  assert.equal(quotaOf(r.state, 0n), Q - 60n - logSize);
});

Deno.test("CreateYieldCatcher and YieldCatcher add / remove / read", () => {
  const { r, log } = runLogged([
    raw("DROP", 0),
    callOp(14, 0), // CreateYieldCatcher → slot 0
    raw("MOVE", 0, 40),
    raw("COPY", 17, 0),
    callOp(40, 0), // add OOG
    callOp(40, 0), // again: no change
    raw("DROP", 0),
    raw("COPY", 18, 0),
    callOp(40, 0), // add StorageExhausted
    callOp(40, 1), // remove it
    raw("DROP", 0),
    callOp(40, 2), // read → slot 0
    raw("MOVE", 0, 41),
    callOp(40, 0), // add with an empty slot 0
    "    store_imm_u8 [0x10000], 1",
    raw("MINT_DATA_CAP", 0x10000, 1, 8, 0),
    callOp(40, 0), // add a Data cap
    callOp(40, 3), // no endpoint 3
    callOp(14, 0), // CreateYieldCatcher with slot 0 occupied
  ].join("\n"));
  assert.deepEqual(log, [
    0n,
    OK,
    1n,
    OK,
    1n,
    OK,
    2n,
    OK,
    1n,
    OK,
    1n,
    OK,
    RESULT.E_EMPTY,
    FAULTED,
    RESULT.E_KIND,
    FAULTED,
    RESULT.E_INVALID,
    FAULTED,
    RESULT.E_OCCUPIED,
    FAULTED,
  ]);
  const c = slot(r.state, 40);
  assert.ok(c instanceof KernelCap && c.kernel === "yield_catcher");
  assert.ok(c.catches(OOG_MARKER.id) && !c.catches(STORAGE_EXHAUSTED_MARKER.id));
  const read = slot(r.state, 41);
  assert.ok(read instanceof DataCap);
  assert.deepEqual(read.bytes, OOG_MARKER.id);
});

Deno.test(`a YieldCatcher lists at most ${LIMITS.CATCHER_MARKERS} markers`, () => {
  const { log } = runLogged([
    raw("DROP", 0),
    callOp(14, 0),
    raw("MOVE", 0, 40),
    "    load_imm r6, 0",
    "    fallthrough",
    "again:",
    "    move_reg r7, r6",
    "    load_imm r11, 12",
    "    load_imm r12, 0",
    "    ecalli CALL", // MintGas(i): a distinct Instance each time
    "    load_imm r11, 40",
    "    load_imm r12, 0",
    "    ecalli CALL",
    "    move_reg r5, r7",
    "    load_imm r7, 0",
    "    ecalli DROP",
    "    add_imm_64 r6, r6, 1",
    `    branch_lt_u_imm r6, ${LIMITS.CATCHER_MARKERS + 1}, again`,
    "    move_reg r7, r5",
    "!log",
  ].join("\n"));
  assert.equal(log[2], RESULT.E_LIMIT);
});

Deno.test("handles, markers, files and the HostOpen / HostSave authorities are not callable", () => {
  const { log } = runLogged([
    raw("DROP", 0),
    callOp(7, 0),
    callOp(8, 0),
    callOp(15, 0),
    callOp(16, 0),
    callOp(17, 0),
    callOp(18, 0),
  ].join("\n"));
  assert.deepEqual(log, Array(6).fill([RESULT.E_INVALID, FAULTED]).flat());
});
