/**
 * Yields: out of gas caught by a YieldCatcher (one and two frames down), topped up and resumed;
 * uncaught OOG faults the event; HOST_YIELD with a chain-defined marker, caught and uncaught;
 * DROP_PAUSED and dropped effects; storage exhaustion caught, topped up and retried, and
 * uncaught.
 */
import assert from "node:assert/strict";
import { CALL_STATUS, fileOf, PAUSE_CAUSE, RESULT, UserInstanceCap } from "../../kernel/mod.ts";
import {
  callOp,
  chain,
  chainImage,
  childImage,
  event,
  li,
  logged,
  op,
  pinImages,
  raw,
  runLogged,
  slot,
  spawn,
} from "./_harness.ts";

/** Sums 0…n−1 (n in φ7): about 4 gas per step. */
const SUMMER = childImage(`
    load_imm r2, 0
    load_imm r3, 0
    fallthrough
loop:
    branch_ge_u r3, r7, done
    fallthrough
step:
    add_64 r2, r2, r3
    add_imm_64 r3, r3, 1
    jump loop
done:
    move_reg r7, r2
    ecalli REPLY
`);

/** Calls the Instance in slot 5 with φ7; on an OOG pause tops its meter up by 2000 (SetGasMeter in slot 10) and resumes. Replies result + top-ups << 40. */
const TOPPER = childImage(`
    load_imm r6, 0
    load_imm r11, 5
    load_imm r12, 0
    ecalli CALL
    fallthrough
check:
    branch_eq_imm r8, CALL_OK, ok
    fallthrough
not_ok:
    branch_ne_imm r8, PAUSED, bad
    fallthrough
topup:
    move_reg r4, r7
    load_imm r7, 2000
    load_imm r11, 10
    load_imm r12, 0
    ecalli CALL
    add_imm_64 r6, r6, 1
    move_reg r11, r4
    ecalli CALL_RESUME
    jump check
ok:
    shlo_l_imm_64 r6, r6, 40
    add_64 r7, r7, r6
    ecalli REPLY
    trap
bad:
    load_imm r7, -1
    ecalli REPLY
`);

/** Just calls the Instance in slot 5 with φ7 and replies what it got. */
const PASSER = childImage(`
    load_imm r11, 5
    load_imm r12, 0
    ecalli CALL
    ecalli REPLY
`);

/** Chain code: meter 2 with `gas`, its handle in slot 42. */
function meter(gas: number): string {
  return [
    li(7, 2),
    li(11, 12),
    li(12, 0),
    "    ecalli CALL",
    li(7, gas),
    li(11, 10),
    li(12, 0),
    "    ecalli CALL",
    raw("MOVE", 0, 42),
  ].join("\n");
}

const N = 1000;
const SUM = BigInt((N * (N - 1)) / 2);

Deno.test("nested OOG catch: the middle Instance's YieldCatcher catches its callee's OOG, tops it up and resumes it", () => {
  const { r, log } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      meter(100),
      spawn(20, 41, { meterSlot: 42 }),
      spawn(21, 40, { copies: [[41, 5], [9, 3], [10, 10]] }),
      callOp(40, 0, N),
    ].join("\n"),
    { image: pinImages([SUMMER, TOPPER]), images: [SUMMER, TOPPER], trace: true },
  );
  assert.equal(log[0] & ((1n << 40n) - 1n), SUM);
  const topups = Number(log[0] >> 40n);
  assert.ok(topups >= 1, "the callee needed more than its 100 gas");
  assert.equal(log[1], CALL_STATUS.OK);
  assert.ok(r.outcome.kind === "halt");
  assert.equal(r.outcome.stats.pauses, topups);
  assert.equal(r.outcome.stats.resumes, topups);
  const summer = (r.outcome.trace ?? []).filter((s) => s.activation === "a3").map((s) => s.event);
  assert.deepEqual(summer, [
    "BOOT",
    "BOOTED",
    ...Array(topups).fill(["OUT_OF_GAS", "RESUME", "RUN"]).flat(),
    "HALT",
  ]);
});

Deno.test("OOG two frames down: the chain catches a paused segment [A, B], tops B up and resumes; A then returns to it", () => {
  const { r, log } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      meter(100),
      spawn(20, 41, { meterSlot: 42 }),
      spawn(21, 40, { copies: [[41, 5]] }),
      li(6, 0),
      li(7, N),
      li(11, 40),
      li(12, 0),
      "    ecalli CALL",
      "    fallthrough",
      "check:",
      "    branch_eq_imm r8, CALL_OK, done",
      "    fallthrough",
      "topup:",
      "    move_reg r4, r7",
      "    move_reg r7, r9", // the cause
      "!log",
      li(7, 2000),
      li(11, 10),
      li(12, 0),
      "    ecalli CALL",
      "    add_imm_64 r6, r6, 1",
      "    move_reg r11, r4",
      "    ecalli CALL_RESUME",
      "    jump check",
      "done:",
      "!log",
      "    move_reg r7, r6",
      "!log",
    ].join("\n"),
    { image: pinImages([SUMMER, PASSER]), images: [SUMMER, PASSER] },
  );
  // Each `!log` line has its own word: the last pause's cause, then the sum and the count.
  assert.ok(r.outcome.kind === "halt");
  const topups = r.outcome.stats.resumes;
  assert.ok(topups >= 1);
  assert.equal(r.outcome.stats.pauses, topups);
  assert.deepEqual(log, [PAUSE_CAUSE.OUT_OF_GAS, SUM, BigInt(topups)]);
});

Deno.test("uncaught OOG faults the event: the chain took OOG off its YieldCatcher; σ is unchanged", () => {
  const body = logged([
    "    load_imm r7, 0\n    ecalli DROP",
    op("COPY", 17, 0), // the OOG marker
    li(11, 9),
    li(12, 1),
    "    ecalli CALL", // YieldCatcher.remove
    "!log",
    raw("DROP", 0),
    meter(100),
    spawn(20, 41, { meterSlot: 42 }),
    callOp(41, 0, N),
  ].join("\n"));
  const s = chain(chainImage(body.source, pinImages([SUMMER])), { images: [SUMMER] });
  const r = event(s);
  assert.ok(
    r.outcome.kind === "faulted" && r.outcome.reason === "OUT_OF_GAS",
    JSON.stringify(r.outcome.kind),
  );
  assert.equal(r.state, s);
  assert.ok(r.outcome.gasUsed > 0n);
});

Deno.test("the chain itself running out of the event's gas faults the event", () => {
  const s = chain(chainImage("loop:\n    jump loop"), { eventGas: 5000n });
  const r = event(s);
  assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "OUT_OF_GAS");
  assert.equal(r.outcome.gasUsed, 5000n);
});

/** Puts Data [0x5A] in slot 0, saves a file from it, yields the marker in slot 4 with value 77; replies φ7 + φ8 + first byte of slot 0. */
const YIELDER = childImage(`
    store_imm_u8 [0x10000], 0x5A
    load_imm r7, 0x10000
    load_imm r8, 1
    load_imm r9, 2
    load_imm r10, 6
    ecalli MINT_DATA_CAP
    load_imm r7, 6
    load_imm r8, 2
    load_imm r9, 8
    load_imm r10, 7
    ecalli HOST_SAVE
    load_imm r7, 0
    ecalli DROP
    load_imm r7, 6
    load_imm r8, 0
    ecalli MOVE
    load_imm r7, 4
    load_imm r8, 77
    ecalli HOST_YIELD
    move_reg r5, r7
    move_reg r6, r8
    load_imm r7, 0
    load_imm r8, 0x10100
    load_imm r9, 1
    ecalli READ_DATA_CAP
    load_u8 r7, [0x10100]
    add_64 r7, r7, r5
    add_64 r7, r7, r6
    ecalli REPLY
`);

/** Chain code: a marker Instance (a spawn of slot 21's Image) in slot 44, added to the chain's catcher when `catchIt`. */
function marker(catchIt: boolean): string {
  return [
    spawn(21, 44),
    ...(catchIt
      ? [raw("COPY", 44, 0), li(11, 9), li(12, 0), "    ecalli CALL", raw("DROP", 0)]
      : []),
  ].join("\n");
}

const TRIVIAL = childImage("    ecalli REPLY");

Deno.test("HOST_YIELD with a chain-defined marker: caught with the value and slot 0; CALL_RESUME hands back a value and slot 0", () => {
  const { r, log } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      marker(true),
      spawn(20, 40, { copies: [[44, 4], [16, 7]] }),
      callOp(40, 0),
      "    move_reg r7, r9\n!log",
      "    move_reg r7, r10\n!log",
      op("READ_DATA_CAP", 0, 0x10100, 1),
      "    load_u8 r7, [0x10100]\n!log",
      op("DROP", 0),
      "    store_imm_u8 [0x10000], 3",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 0),
      li(7, 5),
      li(11, 0),
      "    ecalli CALL_RESUME",
      "!log",
      "    move_reg r7, r8\n!log",
    ].join("\n"),
    { image: pinImages([YIELDER, TRIVIAL]), images: [YIELDER, TRIVIAL] },
  );
  assert.deepEqual(log, [
    0n, // the paused handle
    CALL_STATUS.PAUSED,
    PAUSE_CAUSE.HOST_YIELD,
    77n,
    1n,
    0x5an,
    RESULT.OK,
    1n,
    RESULT.OK + 5n + 3n, // yielder: φ7 = OK, φ8 = 5, slot 0 = [3]
    CALL_STATUS.OK,
  ]);
  assert.ok(fileOf(r.state, 0n) !== undefined, "the resumed callee halted: its file is kept");
});

Deno.test("HOST_YIELD that nobody catches faults the event; a non-Instance marker is refused", () => {
  const body = logged(
    [marker(false), spawn(20, 40, { copies: [[44, 4]] }), callOp(40, 0)].join("\n"),
  );
  const s = chain(chainImage(body.source, pinImages([YIELDER, TRIVIAL])), {
    images: [YIELDER, TRIVIAL],
  });
  const r = event(s);
  assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "UNCAUGHT_YIELD");
  assert.equal(r.state, s);
  const { log } = runLogged([op("HOST_YIELD", 41, 0), op("HOST_YIELD", 0, 0)].join("\n"));
  assert.deepEqual(log, [RESULT.E_EMPTY, RESULT.E_KIND]);
});

Deno.test("DROP_PAUSED discards the paused callee and all it did; its handle is then unknown", () => {
  const { r, log } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      marker(true),
      spawn(20, 40, { copies: [[44, 4], [16, 7]] }),
      callOp(40, 0),
      op("DROP_PAUSED", 0),
      op("DROP_PAUSED", 0),
      op("DROP_PAUSED", 9),
      li(11, 0),
      "    ecalli CALL_RESUME",
      "!log",
      "    move_reg r7, r8\n!log",
    ].join("\n"),
    { image: pinImages([YIELDER, TRIVIAL]), images: [YIELDER, TRIVIAL] },
  );
  assert.deepEqual(log, [
    0n,
    CALL_STATUS.PAUSED,
    RESULT.OK,
    RESULT.E_NOT_FOUND,
    RESULT.E_NOT_FOUND,
    RESULT.E_NOT_FOUND,
    CALL_STATUS.FAULTED,
  ]);
  assert.equal(fileOf(r.state, 0n), undefined, "the dropped callee's file is gone");
  const inst = slot(r.state, 40);
  assert.ok(inst instanceof UserInstanceCap && inst.cnode.slots[6] === null);
  assert.ok(r.outcome.kind === "halt" && r.outcome.stats.drops === 1);
});

Deno.test("a paused callee still held when its catcher halts is dropped with it", () => {
  const { r } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      marker(true),
      spawn(20, 40, { copies: [[44, 4], [16, 7]] }),
      callOp(40, 0),
    ].join("\n"),
    { image: pinImages([YIELDER, TRIVIAL]), images: [YIELDER, TRIVIAL] },
  );
  assert.ok(
    r.outcome.kind === "halt" && r.outcome.stats.drops === 1 && r.outcome.stats.pauses === 1,
  );
  assert.equal(r.state.files.size, 0);
});

/** Mints 8 non-zero bytes charged to its quota (slot 2) into slot 5; replies the size. */
const MINTER = childImage(`
    store_imm_u64 [0x10000], -1
    load_imm r7, 0x10000
    load_imm r8, 8
    load_imm r9, 2
    load_imm r10, 5
    ecalli MINT_DATA_CAP
    ecalli REPLY
`);

/** Chain code: quota 5 holding `bytes` (taken from the root quota), its handle in slot 43. */
function quota(bytes: number): string {
  return [
    li(7, 5),
    li(11, 13),
    li(12, 0),
    "    ecalli CALL",
    li(7, bytes),
    li(11, 11),
    li(12, 0),
    "    ecalli CALL",
    raw("MOVE", 0, 43),
  ].join("\n");
}

Deno.test("storage exhaustion is caught: the catcher gets the quota handle, tops it up, and the MINT runs again", () => {
  const { r, log } = runLogged(
    [
      "    load_imm r7, 0\n    ecalli DROP",
      quota(2),
      "    load_imm r7, 60\n    load_imm r8, 8\n    ecalli CNODE_MINT",
      `    load_imm r7, 7\n    load_imm r8, ${0x13c00 + 1}\n    ecalli COPY`,
      `    load_imm r7, 43\n    load_imm r8, ${0x13c00 + 2}\n    ecalli COPY`,
      "    load_imm r7, 20\n    load_imm r8, 60\n    load_imm r9, 40\n    ecalli DERIVE_SPAWN",
      callOp(40, 0),
      "    move_reg r7, r9\n!log",
      "    move_reg r4, r7",
      li(7, 100),
      li(11, 11),
      li(12, 0),
      "    ecalli CALL", // SetStorageQuota(slot 0 = the exhausted quota's handle, 100)
      "!log",
      li(11, 0),
      "    ecalli CALL_RESUME",
      "!log",
      "    move_reg r7, r8\n!log",
    ].join("\n"),
    { image: pinImages([MINTER]), images: [MINTER] },
  );
  assert.deepEqual(log, [
    0n,
    CALL_STATUS.PAUSED,
    PAUSE_CAUSE.STORAGE_EXHAUSTED,
    2n,
    8n,
    CALL_STATUS.OK,
  ]);
  assert.ok(r.outcome.kind === "halt");
});

Deno.test("storage exhaustion nobody catches faults the event", () => {
  const body = logged([
    "    load_imm r7, 0\n    ecalli DROP",
    op("COPY", 18, 0),
    li(11, 9),
    li(12, 1),
    "    ecalli CALL", // remove StorageExhausted from the chain's catcher
    raw("DROP", 0),
    quota(2),
    "    load_imm r7, 60\n    load_imm r8, 8\n    ecalli CNODE_MINT",
    `    load_imm r7, 7\n    load_imm r8, ${0x13c00 + 1}\n    ecalli COPY`,
    `    load_imm r7, 43\n    load_imm r8, ${0x13c00 + 2}\n    ecalli COPY`,
    "    load_imm r7, 20\n    load_imm r8, 60\n    load_imm r9, 40\n    ecalli DERIVE_SPAWN",
    callOp(40, 0),
  ].join("\n"));
  const s = chain(chainImage(body.source, pinImages([MINTER])), { images: [MINTER] });
  const r = event(s);
  assert.ok(r.outcome.kind === "faulted" && r.outcome.reason === "STORAGE_EXHAUSTED");
  assert.equal(r.state, s);
});

/** Yields the marker in slot 4, then replies. */
const PLAIN_YIELDER = childImage(`
    load_imm r7, 4
    load_imm r8, 0
    ecalli HOST_YIELD
    ecalli REPLY
`);

Deno.test("a catcher holds at most 8 paused callees: the 9th catch faults the event (PAUSED_LIMIT)", () => {
  const loop = (times: number) =>
    [
      raw("DROP", 0),
      marker(true),
      "    load_imm r6, 0",
      "    fallthrough",
      "again:",
      raw("CNODE_MINT", 60, 8),
      raw("COPY", 7, 0x13c01),
      raw("COPY", 44, 0x13c04),
      "    add_imm_64 r2, r6, 1",
      "    store_u64 [0x10000], r2",
      raw("MINT_DATA_CAP", 0x10000, 8, 8, 0x13c09), // a different cnode each time: distinct Instances
      raw("DERIVE_SPAWN", 20, 60, 40),
      li(11, 40),
      li(12, 0),
      "    ecalli CALL",
      raw("DROP", 40),
      "    add_imm_64 r6, r6, 1",
      `    branch_lt_u_imm r6, ${times}, again`,
    ].join("\n");
  const eight = runLogged(loop(8), {
    image: pinImages([PLAIN_YIELDER, TRIVIAL]),
    images: [PLAIN_YIELDER, TRIVIAL],
  });
  assert.ok(
    eight.r.outcome.kind === "halt" && eight.r.outcome.stats.pauses === 8 &&
      eight.r.outcome.stats.drops === 8,
  );
  const nine = runLogged(loop(9), {
    image: pinImages([PLAIN_YIELDER, TRIVIAL]),
    images: [PLAIN_YIELDER, TRIVIAL],
  });
  assert.ok(nine.r.outcome.kind === "faulted" && nine.r.outcome.reason === "PAUSED_LIMIT");
});

Deno.test("lifecycles: a HOST_YIELD pause is YIELD → RESUME → RUN; a fault is TRAP with its code", () => {
  const { r } = runLogged(
    [
      raw("DROP", 0),
      marker(true),
      spawn(20, 40, { copies: [[44, 4]] }),
      callOp(40, 0),
      li(11, 0),
      "    ecalli CALL_RESUME",
    ].join("\n"),
    { image: pinImages([PLAIN_YIELDER, TRIVIAL]), images: [PLAIN_YIELDER, TRIVIAL], trace: true },
  );
  assert.ok(r.outcome.kind === "halt");
  const yielder = (r.outcome.trace ?? []).filter((s) => s.activation === "a2").map((s) =>
    `${s.event}->${s.to}`
  );
  assert.deepEqual(yielder, [
    "BOOT->booting",
    "BOOTED->running",
    "YIELD->yielded",
    "RESUME->resumed",
    "RUN->running",
    "HALT->halted",
  ]);
  const faulter = childImage("    trap");
  const f = runLogged([spawn(20, 40), callOp(40, 0)].join("\n"), {
    image: pinImages([faulter]),
    images: [faulter],
    trace: true,
  });
  assert.ok(f.r.outcome.kind === "halt");
  const steps = (f.r.outcome.trace ?? []).filter((s) => s.activation === "a2").map((s) =>
    `${s.event}->${s.to}`
  );
  assert.deepEqual(steps, ["BOOT->booting", "BOOTED->running", "TRAP->trapped"]);
});
