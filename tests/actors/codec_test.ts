// The wire: message bodies (msgpack with BigInt and attachment extensions), the batch and reply
// envelopes, and trace entries all round-trip exactly; bad input is a typed error.
import assert from "node:assert/strict";
import { decode, encode } from "@msgpack/msgpack";
import {
  ActorError,
  ActorSystem,
  ATTACH_THRESHOLD,
  decodeBody,
  decodeEntries,
  encodeBody,
  MAX_BIGINT_BITS,
  MAX_BODY_BYTES,
  TraceLog,
} from "../../actors/mod.ts";
import { decodeBatch, decodeReply, encodeBatch, encodeReply } from "../../actors/protocol.ts";
import { MsgReader, MsgWriter } from "../../actors/wire.ts";
import { refs } from "./helpers.ts";

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const EXTREMES = [
  0n,
  1n,
  -1n,
  (1n << 32n) - 1n,
  1n << 32n,
  (1n << 53n) + 1n,
  (1n << 63n) - 1n,
  1n << 63n,
  U64_MAX,
  I64_MIN,
  1n << 64n, // plain msgpack would silently wrap this to 0
  -(1n << 64n),
  (1n << BigInt(MAX_BIGINT_BITS)) - 1n,
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActorError) return e.code;
    throw e;
  }
  throw new Error("expected an ActorError");
}

Deno.test("bodies: BigInt extremes, numbers, strings, bytes, nesting round-trip exactly", () => {
  const value = {
    extremes: EXTREMES,
    numbers: [0, -1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1), 1.5, -0.25, Infinity],
    text: ["", "ascii", "ünïcødé ✓", "x".repeat(300)],
    bytes: new Uint8Array([0, 255, 7]),
    nested: { a: [null, true, false, { b: [[1n]] }] },
    ["__proto__"]: { polluted: true },
  };
  const back = decodeBody(encodeBody(value));
  assert.deepEqual(back, value);
  for (const x of EXTREMES) assert.equal(decodeBody(encodeBody(x)), x, `${x}`);
  assert.equal(decodeBody(encodeBody(undefined)), null, "undefined becomes null, as in msgpack");
  assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype pollution");
});

Deno.test("bodies: the output is standard msgpack (the reference decoder agrees)", () => {
  const plain = {
    ints: [
      0,
      1,
      -1,
      -32,
      -33,
      127,
      128,
      -128,
      -129,
      65535,
      -32769,
      2 ** 32,
      -(2 ** 40),
      2 ** 53 - 1,
    ],
    floats: [0.5, -1e300, NaN],
    s: ["", "x".repeat(40), "ü".repeat(200), "y".repeat(70000)],
    bin: new Uint8Array(300).fill(4),
    arr: Array.from({ length: 20 }, (_, i) => i),
    map: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
  };
  const ours = encodeBody(plain);
  assert.deepEqual(decode(ours), plain);
  assert.deepEqual(decodeBody(encode(plain, { sortKeys: true })), plain);
  assert.deepEqual(ours, encode(plain, { sortKeys: true }), "byte-identical for plain data");
});

Deno.test("bodies: encoding is canonical (key order does not matter)", () => {
  assert.deepEqual(
    encodeBody({ b: 1, a: { d: 2, c: 3 } }),
    encodeBody({ a: { c: 3, d: 2 }, b: 1 }),
  );
});

Deno.test("bodies: values msgpack would change are refused with a code", () => {
  assert.equal(code(() => encodeBody({ m: new Map() })), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(new Set([1]))), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(new Uint32Array(2))), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(new ArrayBuffer(2))), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(() => 1)), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(Symbol("s"))), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(new (class Point {})())), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody({ when: new Date(0) })), "UNSUPPORTED_VALUE");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(code(() => encodeBody(cyclic)), "UNSUPPORTED_VALUE");
  assert.equal(code(() => encodeBody(1n << BigInt(MAX_BIGINT_BITS))), "BIGINT_TOO_LARGE");
  assert.equal(code(() => encodeBody("x".repeat(MAX_BODY_BYTES + 1))), "PAYLOAD_TOO_LARGE");
});

Deno.test("bodies: malformed bytes are MALFORMED_MESSAGE", () => {
  assert.equal(code(() => decodeBody(new Uint8Array([0xc1]))), "MALFORMED_MESSAGE");
  assert.equal(code(() => decodeBody(new Uint8Array([0x92, 0x01]))), "MALFORMED_MESSAGE");
  // BigInt ext with a non-canonical leading zero, and negative zero
  assert.equal(code(() => decodeBody(new Uint8Array([0xd5, 1, 0, 0]))), "MALFORMED_MESSAGE");
  assert.equal(code(() => decodeBody(new Uint8Array([0xd4, 1, 1]))), "MALFORMED_MESSAGE");
  // attachment reference without attachments
  assert.equal(code(() => decodeBody(new Uint8Array([0xd6, 2, 0, 0, 0, 0]))), "MALFORMED_MESSAGE");
});

Deno.test("bodies: large byte arrays travel as attachments", () => {
  const big = new Uint8Array(ATTACH_THRESHOLD).fill(9);
  const small = new Uint8Array(ATTACH_THRESHOLD - 1).fill(1);
  const atts: Uint8Array[] = [];
  const bytes = encodeBody({ big, small }, atts);
  assert.equal(atts.length, 1);
  assert.equal(atts[0], big, "the same buffer, not a copy");
  assert.ok(bytes.length < ATTACH_THRESHOLD + 64);
  const back = decodeBody(bytes, atts) as { big: Uint8Array; small: Uint8Array };
  assert.deepEqual(back.big, big);
  assert.deepEqual(back.small, small);
});

Deno.test("envelopes: every batch operation and a full reply round-trip", () => {
  const payload = encodeBody({ x: U64_MAX });
  const att = new Uint8Array(ATTACH_THRESHOLD).fill(3);
  const batch = {
    time: 2 ** 40,
    round: 77,
    ops: [
      {
        op: "spawn" as const,
        name: "a",
        parent: "$ext",
        url: "file:///x.ts",
        exportName: "behaviour",
        seedWords: [0, 1, 0xffffffff, 42],
        incarnation: 3,
        input: payload,
        checkpoint: null,
      },
      {
        op: "deliver" as const,
        name: "a",
        messages: [
          { from: "$ext", seq: 0, type: "t", payload, attachments: [] },
          { from: "b", seq: 2 ** 33, type: "ünï", payload, attachments: [att] },
        ],
      },
      { op: "stop" as const, name: "a", reason: "done" },
    ],
  };
  const e = encodeBatch(batch);
  assert.equal(e.attachments.length, 1);
  assert.deepEqual(decodeBatch(e.bytes, e.attachments), batch);

  const reply = {
    results: [{
      name: "a",
      processed: 2,
      sends: [{ to: "b", type: "t", payload, delay: 5, attachments: [att] }],
      states: ["running", "yielded"],
      checkpoint: payload,
      error: "Error: x",
      stopped: null,
      spawns: [encodeBody({ name: "k" })],
    }],
  };
  const r = encodeReply(reply);
  assert.deepEqual(decodeReply(r.bytes, r.attachments), reply);
  assert.equal(code(() => decodeReply(r.bytes, [])), "MALFORMED_MESSAGE");
  assert.equal(
    code(() => decodeBatch(e.bytes.subarray(0, e.bytes.length - 1), e.attachments)),
    "MALFORMED_MESSAGE",
  );
  assert.equal(code(() => decodeBatch(encode([1, 2, [[9, "x"]]]), [])), "MALFORMED_MESSAGE");
});

Deno.test("wire subset: uints up to 2^53-1 and strings of every header size", () => {
  const w = new MsgWriter(4);
  const nums = [0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER];
  const strs = [
    "",
    "a".repeat(31),
    "b".repeat(32),
    "c".repeat(255),
    "d".repeat(256),
    "é".repeat(40000),
  ];
  for (const n of nums) w.uint(n);
  for (const s of strs) w.str(s);
  const r = new MsgReader(w.finish());
  assert.deepEqual(nums.map(() => r.uint()), nums);
  assert.deepEqual(strs.map(() => r.str()), strs);
  assert.ok(r.done);
  assert.equal(code(() => new MsgWriter().uint(-1)), "BAD_ARGUMENT");
});

Deno.test("trace entries: every kind encodes and decodes with names resolved", () => {
  const t = new TraceLog(1n);
  const p = encodeBody(U64_MAX);
  t.round(0, 1);
  t.spawn(2, "a", 1, "test/x", 0, p);
  t.input(2, 0, "go", p, null);
  t.deliver(1, 2, 0, "go", p, new Uint8Array(16));
  t.drop(2, 2, 1);
  t.bounce(2, "zz", 2, "UNKNOWN_ACTOR");
  t.delay(2, 2, 3, 4);
  t.state(2, "running");
  t.supervision(2, "running", "CRASH", "crashed");
  t.crash(2, "Error: x", true);
  t.checkpoint(2, new Uint8Array(16).fill(1));
  t.stop(2, "bye", false);
  t.advance(9);
  const events = decodeEntries(t.bytes());
  assert.deepEqual(events.map((e) => e.kind), [
    "round",
    "spawn",
    "input",
    "deliver",
    "drop",
    "bounce",
    "delay",
    "state",
    "supervision",
    "crash",
    "checkpoint",
    "stop",
    "advance",
  ]);
  const d = events[3];
  assert.ok(d.kind === "deliver");
  assert.deepEqual([d.from, d.to, d.seq, d.type, decodeBody(d.body)], [
    "$ext",
    "a",
    0,
    "go",
    U64_MAX,
  ]);
  assert.equal(events[12].time, 9);
});

for (const mode of ["inprocess", "workers"] as const) {
  Deno.test(`${mode}: u64 extremes survive a trip through an actor`, async () => {
    const sys = new ActorSystem({ seed: 1n, mode });
    try {
      await sys.spawn({ name: "e", behaviour: refs.echoOut });
      const big = new Uint8Array(ATTACH_THRESHOLD * 2).map((_, i) => i & 0xff);
      const copy = big.slice();
      sys.send("e", "x", { extremes: EXTREMES, big });
      await sys.runUntilIdle();
      const [out] = sys.takeOutbox();
      assert.deepEqual(out.body, { extremes: EXTREMES, big: copy });
    } finally {
      await sys.shutdown();
    }
  });
}
