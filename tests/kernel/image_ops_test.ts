/**
 * Image host calls: DERIVE_SPAWN (image hash chain, initial and pinned slots, refusals),
 * SET_IMAGE (chain extension, pinned slots swapped, collisions, chain rules on the root), and
 * MAKE_IMAGE (a made Image runs; every validation reason; limit; quota).
 */
import assert from "node:assert/strict";
import {
  CALL_STATUS,
  chainExtend,
  DataCap,
  encodeImage,
  IMAGE_REASON,
  ImageCap,
  RESULT,
  TypeCap,
  UserInstanceCap,
} from "../../kernel/mod.ts";
import {
  callOp,
  chain,
  chainImage,
  childImage,
  event,
  hashOf,
  imageAsData,
  logged,
  logOf,
  makeImageFrom,
  op,
  pinImages,
  raw,
  runLogged,
  slot,
} from "./_harness.ts";

const PLAIN = childImage("    load_imm r7, 5\n    ecalli REPLY", {
  initialSlots: [{ slot: 5, bytes: new Uint8Array([1, 2]) }],
  pinnedSlots: [{ slot: 6, content: { kind: "data", bytes: new Uint8Array([9]) } }],
});

function cnodeIn(slotNo: number): string {
  return raw("CNODE_MINT", slotNo, 8);
}

Deno.test("DERIVE_SPAWN: the child's chain is H(spawner's chain ‖ image hash); initial and pinned slots are filled", () => {
  const { r, log, genesis } = runLogged(
    [
      cnodeIn(60),
      raw("COPY", 7, 0x13c01),
      op("DERIVE_SPAWN", 20, 60, 40),
      cnodeIn(60),
      raw("COPY", 7, 0x13c01),
      op("DERIVE_SPAWN", 20, 60, 41),
      op("SAME_TYPE", 40, 41),
      op("TYPE_OF", 40, 42),
      callOp(40, 0),
    ].join("\n"),
    { image: pinImages([PLAIN]), images: [PLAIN] },
  );
  assert.deepEqual(log, [RESULT.OK, RESULT.OK, 1n, RESULT.OK, 5n, CALL_STATUS.OK]);
  const child = slot(r.state, 40);
  assert.ok(child instanceof UserInstanceCap);
  assert.deepEqual(child.chain, chainExtend(genesis.chain.chain, hashOf(PLAIN)));
  assert.deepEqual(child.image.imageHash, hashOf(PLAIN));
  assert.deepEqual([...(child.cnode.slots[5] as DataCap).bytes], [1, 2]);
  assert.deepEqual([...(child.cnode.slots[6] as DataCap).bytes], [9]);
  assert.deepEqual((slot(r.state, 42) as TypeCap).chain, child.chain);
});

Deno.test("DERIVE_SPAWN refusals: image and cnode kinds, cnode size, pinned cnode slot, occupied destination, preset slots taken", () => {
  const { log } = runLogged(
    [
      op("DERIVE_SPAWN", 30, 60, 40), // no image
      op("DERIVE_SPAWN", 17, 60, 40), // not an image
      op("DERIVE_SPAWN", 20, 61, 40), // no cnode
      op("DERIVE_SPAWN", 20, 17, 40), // not a cnode
      raw("CNODE_MINT", 61, 4),
      op("DERIVE_SPAWN", 20, 61, 40), // 16 slots, not 256
      cnodeIn(60),
      op("DERIVE_SPAWN", 20, 60, 17), // destination occupied
      op("DERIVE_SPAWN", 20, 21, 40), // the "cnode" is a pinned slot
      "    store_imm_u8 [0x10000], 1",
      raw("MINT_DATA_CAP", 0x10000, 1, 8, 0x13c05), // the cnode's slot 5 is the Image's initial slot
      op("DERIVE_SPAWN", 20, 60, 40),
      op("DERIVE_SPAWN", 20, 60, 60), // the destination may be the consumed cnode's slot (still slot 5 taken)
    ].join("\n"),
    { image: pinImages([PLAIN, PLAIN]), images: [PLAIN] },
  );
  assert.deepEqual(log, [
    RESULT.E_EMPTY,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
    RESULT.E_KIND,
    RESULT.E_INVALID,
    RESULT.E_OCCUPIED,
    RESULT.E_PINNED,
    RESULT.E_OCCUPIED,
    RESULT.E_OCCUPIED,
  ]);
});

/** Second Image of a SET_IMAGE pair: replies 2, pins slot 6 = [2]. */
const NEXT = childImage("    load_imm r7, 2\n    ecalli REPLY", {
  pinnedSlots: [{ slot: 6, content: { kind: "data", bytes: new Uint8Array([2]) } }],
});
/** First Image: SET_IMAGE(slot 5), logs its result in φ7 ≪ 8, replies 1 + that; pins slot 7 = [1]. */
const FIRST = childImage(
  `
    load_imm r7, 5
    ecalli SET_IMAGE
    shlo_l_imm_64 r7, r7, 8
    add_imm_64 r7, r7, 1
    ecalli REPLY
`,
  { pinnedSlots: [{ slot: 7, content: { kind: "data", bytes: new Uint8Array([1]) } }] },
);

Deno.test("SET_IMAGE: the next CALL runs the new Image; the chain extends; old pinned slots cleared, new ones installed", () => {
  const d = imageAsData(NEXT, 30);
  const { r, log, genesis } = runLogged(
    [
      makeImageFrom(30, d.length, 31),
      cnodeIn(60),
      raw("COPY", 7, 0x13c01),
      raw("COPY", 31, 0x13c05),
      op("DERIVE_SPAWN", 20, 60, 40),
      callOp(40, 0),
      callOp(40, 0),
    ].join("\n"),
    { image: { ...pinImages([FIRST]), initialSlots: [d.initial] }, images: [FIRST] },
  );
  assert.deepEqual(log, [RESULT.OK, RESULT.OK, 1n, CALL_STATUS.OK, 2n, CALL_STATUS.OK]);
  const k = slot(r.state, 40);
  assert.ok(k instanceof UserInstanceCap);
  assert.deepEqual(k.image.imageHash, hashOf(NEXT));
  assert.deepEqual(
    k.chain,
    chainExtend(chainExtend(genesis.chain.chain, hashOf(FIRST)), hashOf(NEXT)),
  );
  assert.equal(k.cnode.slots[7], null);
  assert.deepEqual([...(k.cnode.slots[6] as DataCap).bytes], [2]);
});

Deno.test("SET_IMAGE refusals: a new pinned slot that holds a cap (nothing changes), not an Image, empty", () => {
  const d = imageAsData(NEXT, 30);
  const { r, log } = runLogged(
    [
      makeImageFrom(30, d.length, 31),
      cnodeIn(60),
      raw("COPY", 7, 0x13c01),
      raw("COPY", 31, 0x13c05),
      raw("COPY", 17, 0x13c06), // slot 6 taken: NEXT pins it
      op("DERIVE_SPAWN", 20, 60, 40),
      callOp(40, 0),
      op("SET_IMAGE", 17),
      op("SET_IMAGE", 99),
    ].join("\n"),
    { image: { ...pinImages([FIRST]), initialSlots: [d.initial] }, images: [FIRST] },
  );
  assert.deepEqual(log, [
    RESULT.OK,
    RESULT.OK,
    (RESULT.E_OCCUPIED << 8n) + 1n & ((1n << 64n) - 1n),
    CALL_STATUS.OK,
    RESULT.E_KIND,
    RESULT.E_EMPTY,
  ]);
  const k = slot(r.state, 40) as UserInstanceCap;
  assert.deepEqual(k.image.imageHash, hashOf(FIRST));
});

Deno.test("SET_IMAGE on the chain Instance: only chain Images; the next event runs the new code", () => {
  const next = chainImage("    load_imm r7, 99\n    ecalli REPLY");
  const bad = childImage("    ecalli REPLY");
  const body = logged([op("SET_IMAGE", 21), op("SET_IMAGE", 20)].join("\n"));
  const s0 = chain(chainImage(body.source, pinImages([next, bad])), { images: [next, bad] });
  const r1 = event(s0);
  assert.deepEqual(logOf(r1.state, body.entries), [RESULT.E_INVALID, RESULT.OK]);
  assert.deepEqual(r1.state.chain.image, hashOf(next));
  assert.deepEqual(r1.state.chain.chain, chainExtend(s0.chain.chain, hashOf(next)));
  const r2 = event(r1.state);
  assert.ok(r2.outcome.kind === "halt" && r2.outcome.value === 99n);
});

function patch(
  image: Parameters<typeof encodeImage>[0],
  f: (enc: Uint8Array, view: DataView, codeLength: number) => void,
): Uint8Array {
  const enc = encodeImage(image);
  f(enc, new DataView(enc.buffer), image.code.length);
  return enc;
}

function asData(enc: Uint8Array, slotNo: number) {
  let n = enc.length;
  while (n > 0 && enc[n - 1] === 0) n--;
  return { initial: { slot: slotNo, bytes: enc.slice(0, n) }, length: enc.length };
}

Deno.test("MAKE_IMAGE validates everything: each reason in φ8, nothing stored for an invalid Image", () => {
  const base = childImage("    load_imm r7, 5\n    ecalli REPLY\n    trap");
  const variants: [string, Uint8Array, bigint][] = [
    ["truncated", encodeImage(base).slice(0, -1), BigInt(IMAGE_REASON.ENCODING)],
    ["bad code", patch(base, (e) => e.fill(0xff, 6, 6 + 3)), BigInt(IMAGE_REASON.CODE)],
    [
      "pc not a block start",
      patch(base, (_e, v, l) => v.setUint32(9 + l, 1, true)),
      BigInt(IMAGE_REASON.ENDPOINT),
    ],
    [
      "unaligned mapping",
      patch(base, (_e, v, l) => v.setUint32(16 + l, 0x10001, true)),
      BigInt(IMAGE_REASON.MAPPING),
    ],
    ["gas slot 0", patch(base, (e, _v, l) => (e[27 + l] = 0)), BigInt(IMAGE_REASON.SLOTS)],
    [
      "unknown pinned Image",
      encodeImage({
        ...base,
        pinnedSlots: [{
          slot: 9,
          content: { kind: "image", imageHash: new Uint8Array(32).fill(7) },
        }],
      }),
      BigInt(IMAGE_REASON.CONTENT),
    ],
  ];
  const datas = variants.map(([, enc], i) => asData(enc, 30 + i));
  const good = imageAsData(base, 29);
  const lines: string[] = [];
  datas.forEach((d, i) =>
    lines.push(makeImageFrom(30 + i, d.length, 40 + i), "    move_reg r7, r8\n!log")
  );
  lines.push(makeImageFrom(29, good.length, 50));
  lines.push(cnodeIn(60), raw("COPY", 7, 0x13c01), op("DERIVE_SPAWN", 50, 60, 51), callOp(51, 0));
  lines.push(op("MAKE_IMAGE", 0x10000, (1 << 23) + 1, 8, 52));
  const { r, log } = runLogged(lines.join("\n"), {
    image: { initialSlots: [good.initial, ...datas.map((d) => d.initial)] },
  });
  variants.forEach(([name, , reason], i) => {
    assert.deepEqual(log.slice(2 * i, 2 * i + 2), [RESULT.E_INVALID, reason], name);
    assert.equal(slot(r.state, 40 + i), null, name);
  });
  const k = 2 * variants.length;
  assert.deepEqual(log.slice(k), [RESULT.OK, RESULT.OK, 5n, CALL_STATUS.OK, RESULT.E_LIMIT]);
  const made = slot(r.state, 50);
  assert.ok(made instanceof ImageCap);
  assert.deepEqual(made.imageHash, hashOf(base));
  const stored = r.state.objects.get(made.imageHash);
  assert.ok(
    stored !== undefined && stored.charged === BigInt(good.length),
    "the Image's bytes are charged to the quota",
  );
  assert.ok(r.outcome.kind === "halt" && r.outcome.gasUsed > 1000n * BigInt(variants.length + 1));
});

Deno.test("MAKE_IMAGE refusals before validation: quota slot kind, destination", () => {
  const { log } = runLogged(
    [op("MAKE_IMAGE", 0x10000, 4, 17, 40), op("MAKE_IMAGE", 0x10000, 4, 8, 17)].join("\n"),
  );
  assert.deepEqual(log, [RESULT.E_KIND, RESULT.E_OCCUPIED]);
});
