/**
 * CALL / REPLY between Instances: arguments, slot 0 going in and coming back (halt and fault),
 * Instance values updated at HALT and untouched on fault (with everything the callee did),
 * mapped Data written back, refusals (empty, kind, nested, endpoint, meter, mapping, depth,
 * re-entrancy), and the lifecycle of each activation.
 */
import assert from "node:assert/strict";
import {
  CALL_STATUS,
  CNodeCap,
  DataCap,
  FAULT,
  fileOf,
  quotaOf,
  RESULT,
  UserInstanceCap,
} from "../../kernel/mod.ts";
import {
  callOp,
  chain,
  chainImage,
  childImage,
  event,
  imageAsData,
  logged,
  logOf,
  makeImageFrom,
  op,
  pinImages,
  runLogged,
  slot,
  spawn,
} from "./_harness.ts";

/** Child: replies φ7 + φ8 + r5 + (first byte of its slot-0 Data); puts Data [0xAB] in slot 0. */
const ADDER = childImage(
  `
    load_imm r7, 0
    load_imm r8, 0x10000
    load_imm r9, 1
    move_reg r2, r7
    move_reg r3, r8
    ecalli READ_DATA_CAP
    load_u8 r4, [0x10000]
    load_imm r7, 0
    ecalli DROP
    store_imm_u8 [0x10000], 0xAB
    load_imm r7, 0x10000
    load_imm r8, 1
    load_imm r9, 2
    load_imm r10, 0
    ecalli MINT_DATA_CAP
    add_64 r7, r2, r3
    add_64 r7, r7, r4
    add_64 r7, r7, r5
    ecalli REPLY
`.replace("    move_reg r2, r7\n    move_reg r3, r8\n", "").replace(
    "    load_imm r7, 0\n    load_imm r8, 0x10000",
    "    move_reg r2, r7\n    move_reg r3, r8\n    load_imm r7, 0\n    load_imm r8, 0x10000",
  ),
  {
    endpoints: [
      { index: 0, pc: 0, argRegisters: 2, initialRegisters: [{ register: 5, value: 100n }] },
      { index: 1, pc: 0, argRegisters: 1, initialRegisters: [] },
    ],
  },
);

Deno.test("CALL passes φ7…φ10 (as many as the endpoint takes), initial registers and slot 0; REPLY returns φ7 and slot 0", () => {
  const { r, log } = runLogged(
    [
      spawn(20, 40),
      "    load_imm r7, 0\n    ecalli DROP", // slot 0 holds the (empty) payload
      "    store_imm_u8 [0x10000], 7",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 0),
      callOp(40, 0, 5, 6),
      op("READ_DATA_CAP", 0, 0x10100, 1),
      "    load_u8 r7, [0x10100]",
      "!log",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 0),
      callOp(40, 1, 5, 6),
    ].join("\n"),
    { image: pinImages([ADDER]), images: [ADDER] },
  );
  assert.deepEqual(log, [
    1n,
    5n + 6n + 100n + 7n,
    CALL_STATUS.OK,
    1n,
    0xabn,
    RESULT.E_OCCUPIED, // slot 0 came back holding the child's Data
    5n + 0n + 0n + 0xabn, // endpoint 1 takes one argument and no initial registers; its slot 0 is 0xAB
    CALL_STATUS.OK,
  ]);
  assert.ok(slot(r.state, 40) instanceof UserInstanceCap);
});

/** Child: a counter in its mapped slot 10 (RW at 0x30000); replies the new count. */
const COUNTER = childImage(
  `
    load_u64 r7, [0x30000]
    add_imm_64 r7, r7, 1
    store_u64 [0x30000], r7
    ecalli REPLY
`,
  {
    mappings: [{ start: 0x10000, size: 4096, slot: null }, {
      start: 0x30000,
      size: 4096,
      slot: 10,
    }],
  },
);

Deno.test("an Instance's mapped Data is written back at HALT: the new value lands in the caller's slot and in σ", () => {
  const body = logged([
    spawn(20, 40),
    callOp(40, 0),
    callOp(40, 0),
  ].join("\n"));
  const s0 = chain(chainImage(body.source, pinImages([COUNTER])), { images: [COUNTER] });
  const r1 = event(s0);
  assert.deepEqual(logOf(r1.state, body.entries), [1n, CALL_STATUS.OK, 2n, CALL_STATUS.OK]);
  const inst = slot(r1.state, 40);
  assert.ok(inst instanceof UserInstanceCap);
  const counter = inst.cnode.slots[10];
  assert.ok(counter instanceof DataCap);
  assert.deepEqual([...counter.bytes], [2]);
  // The same program run on a fresh σ again gives the same state root: deterministic.
  assert.deepEqual(event(s0).state.objects.root(), r1.state.objects.root());
});

/** Child: saves a file, puts Data [0xEE] in slot 0, then traps. */
const FAULTER = childImage(`
    store_imm_u8 [0x10000], 0xEE
    load_imm r7, 0x10000
    load_imm r8, 1
    load_imm r9, 2
    load_imm r10, 5
    ecalli MINT_DATA_CAP
    load_imm r7, 5
    load_imm r8, 2
    load_imm r9, 6
    load_imm r10, 7
    ecalli HOST_SAVE
    load_imm r7, 0
    ecalli DROP
    load_imm r7, 5
    load_imm r8, 0
    ecalli MOVE
    trap
`);

Deno.test("a faulting callee: caller sees FAULTED with the fault code and gets its slot 0; everything it did is discarded", () => {
  const { r, log, genesis } = runLogged(
    [
      spawn(20, 40, { copies: [[16, 7]] }),
      "    load_imm r7, 0\n    ecalli DROP",
      "    store_imm_u8 [0x10000], 1",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 0),
      callOp(40, 0),
      op("READ_DATA_CAP", 0, 0x10100, 1),
      "    load_u8 r7, [0x10100]",
      "!log",
    ].join("\n"),
    { image: pinImages([FAULTER]), images: [FAULTER] },
  );
  assert.deepEqual(log, [1n, FAULT.PANIC, CALL_STATUS.FAULTED, 1n, 0xeen]);
  assert.equal(fileOf(r.state, 0n), undefined, "the file the callee saved is gone");
  assert.equal(r.state.nextFileId, 1n, "file ids are not reused, even after a fault");
  const inst = slot(r.state, 40);
  assert.ok(inst instanceof UserInstanceCap);
  assert.equal(inst.cnode.slots[5], null, "the faulted activation left its Instance as it was");
  // Quota: only the chain's own kept Data (slot 0's byte and the log) is charged.
  assert.ok(quotaOf(r.state, 0n) > quotaOf(genesis, 0n) - 64n);
});

Deno.test("fault codes: page fault, bad window, unknown host call, write to a pinned (read-only) mapping", () => {
  const cases: [string, Partial<Parameters<typeof childImage>[1]>, bigint][] = [
    ["    load_u8 r7, [0x70000]\n    ecalli REPLY", {}, FAULT.PAGE_FAULT],
    [
      "    load_imm r7, 0x70000\n    load_imm r8, 4\n    load_imm r9, 2\n    load_imm r10, 9\n    ecalli MINT_DATA_CAP\n    ecalli REPLY",
      {},
      FAULT.BAD_WINDOW,
    ],
    ["    ecalli 99\n    ecalli REPLY", {}, FAULT.UNKNOWN_HOST_CALL],
    ["    load_imm r7, 300\n    ecalli DROP\n    ecalli REPLY", {}, FAULT.BAD_SLOT],
    [
      "    store_imm_u8 [0x30000], 1\n    ecalli REPLY",
      {
        mappings: [{ start: 0x30000, size: 4096, slot: 10 }],
        pinnedSlots: [{ slot: 10, content: { kind: "data", bytes: new Uint8Array([1]) } }],
      },
      FAULT.PAGE_FAULT,
    ],
  ];
  for (const [code, over, expected] of cases) {
    const child = childImage(code, over);
    const { log } = runLogged([spawn(20, 40), callOp(40, 0)].join("\n"), {
      image: pinImages([child]),
      images: [child],
    });
    assert.deepEqual(log, [expected, CALL_STATUS.FAULTED], code);
  }
});

Deno.test("CALL refusals come back as FAULTED with a result code, and slot 0 stays with the caller", () => {
  const noMeter = childImage("    ecalli REPLY", { gasSlots: [4] });
  const mapped = childImage("    ecalli REPLY", {
    mappings: [{ start: 0x30000, size: 4096, slot: 10 }],
  });
  const { log } = runLogged(
    [
      spawn(20, 40),
      spawn(21, 41),
      spawn(22, 42, { copies: [[7, 10]] }),
      "    load_imm r7, 0\n    ecalli DROP",
      "    store_imm_u8 [0x10000], 1",
      op("MINT_DATA_CAP", 0x10000, 1, 8, 0),
      callOp(43, 0),
      callOp(0, 0),
      callOp(0x12800, 0),
      callOp(40, 9),
      callOp(40, 256),
      callOp(41, 0),
      callOp(42, 0),
      op("DROP", 0),
    ].join("\n"),
    { image: pinImages([ADDER, noMeter, mapped]), images: [ADDER, noMeter, mapped] },
  );
  assert.deepEqual(log, [
    1n,
    RESULT.E_EMPTY,
    CALL_STATUS.FAULTED,
    RESULT.E_KIND,
    CALL_STATUS.FAULTED,
    RESULT.E_INVALID,
    CALL_STATUS.FAULTED,
    RESULT.E_INVALID,
    CALL_STATUS.FAULTED,
    RESULT.E_INVALID,
    CALL_STATUS.FAULTED,
    RESULT.E_GAS,
    CALL_STATUS.FAULTED,
    RESULT.E_KIND, // slot 10 of the child holds a gas handle, not Data
    CALL_STATUS.FAULTED,
    RESULT.OK, // slot 0 still held the caller's Data
  ]);
});

/** Child: calls the Instance it was handed in slot 0 (a copy of itself). */
const SELF_CALLER = childImage(`
    load_imm r7, 0
    load_imm r8, 20
    ecalli MOVE
    load_imm r11, 20
    load_imm r12, 0
    ecalli CALL
    ecalli REPLY
`);

Deno.test("no re-entrancy: calling an Instance that is on the call stack is refused with E_BUSY", () => {
  const { log } = runLogged(
    [
      spawn(20, 40),
      "    load_imm r7, 0\n    ecalli DROP",
      op("COPY", 40, 0),
      callOp(40, 0),
    ].join("\n"),
    { image: pinImages([SELF_CALLER]), images: [SELF_CALLER] },
  );
  assert.deepEqual(log.slice(1), [RESULT.E_BUSY, CALL_STATUS.OK]);
});

/** Child: spawns a child of its own Image (held in slot 20) and calls it; replies depth. */
const RECURSER = childImage(`
    load_imm r7, 60
    load_imm r8, 8
    ecalli CNODE_MINT
    load_imm r7, 20
    load_imm r8, ${0x13c00 + 20}
    ecalli COPY
    load_imm r7, 1
    load_imm r8, ${0x13c00 + 1}
    ecalli COPY
    load_imm r7, 20
    load_imm r8, 60
    load_imm r9, 61
    ecalli DERIVE_SPAWN
    load_imm r11, 61
    load_imm r12, 0
    ecalli CALL
    branch_eq_imm r8, CALL_OK, deeper
    load_imm r7, 1
    ecalli REPLY
    trap
deeper:
    add_imm_64 r7, r7, 1
    ecalli REPLY
`);

Deno.test("the call depth is limited (64 activations, the root included): the deepest CALL gets E_LIMIT", () => {
  // A pinned Image cannot be copied out, so the chain makes a copyable one from Data.
  const d = imageAsData(RECURSER, 30);
  const { log, r } = runLogged(
    [
      makeImageFrom(30, d.length, 31),
      spawn(31, 40, { copies: [[31, 20]] }),
      callOp(40, 0),
    ].join("\n"),
    { image: { initialSlots: [d.initial] } },
  );
  assert.deepEqual(log, [RESULT.OK, 63n, CALL_STATUS.OK]);
  assert.equal(r.outcome.kind === "halt" && r.outcome.stats.activations, 64);
});

Deno.test("each activation's lifecycle is tracked by the VM-instance machine", () => {
  const { r } = runLogged([spawn(20, 40), callOp(40, 0, 1, 2)].join("\n"), {
    image: pinImages([ADDER]),
    images: [ADDER],
    trace: true,
  });
  assert.ok(r.outcome.kind === "halt");
  const steps = (r.outcome.trace ?? []).map((s) => `${s.activation}:${s.from}-${s.event}->${s.to}`);
  assert.deepEqual(steps, [
    "a1:created-BOOT->booting",
    "a1:booting-BOOTED->running",
    "a2:created-BOOT->booting",
    "a2:booting-BOOTED->running",
    "a2:running-HALT->halted",
    "a1:running-HALT->halted",
  ]);
});

Deno.test("a CNode handed to DERIVE_SPAWN is consumed; a child's cnode keeps what it was given", () => {
  const { r } = runLogged([spawn(20, 40, { copies: [[17, 9]] })].join("\n"), {
    image: pinImages([ADDER]),
    images: [ADDER],
  });
  assert.equal(slot(r.state, 60), null);
  const inst = slot(r.state, 40);
  assert.ok(inst instanceof UserInstanceCap);
  assert.ok(inst.cnode instanceof CNodeCap);
  assert.equal(inst.cnode.slots[9]?.kind, "instance");
});
