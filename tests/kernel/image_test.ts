/**
 * Image validation without a guest: every rule with its reason, canonical decoding, and genesis
 * refusing bad options and non-chain Images.
 */
import assert from "node:assert/strict";
import {
  decodeImage,
  encodeImage,
  genesis,
  type Image,
  IMAGE_REASON,
  ImageError,
  KernelError,
} from "../../kernel/mod.ts";
import { asm, chainImage, childImage, KEYS } from "./_harness.ts";

const BASE = childImage("    load_imm r7, 1\n    ecalli REPLY\n    trap");

function reason(image: Image): number {
  try {
    encodeImage(image);
  } catch (e) {
    if (e instanceof ImageError) return e.reason;
    throw e;
  }
  return 0;
}

Deno.test("every Image rule is checked, with its reason", () => {
  const R = IMAGE_REASON;
  const cases: [string, Partial<Image>, number][] = [
    ["valid", {}, 0],
    ["code that does not decode", { code: new Uint8Array([0xff]) }, R.CODE],
    ["endpoint pc inside an instruction", {
      endpoints: [{ index: 0, pc: 1, argRegisters: 0, initialRegisters: [] }],
    }, R.ENDPOINT],
    ["endpoint pc past the code", {
      endpoints: [{ index: 0, pc: 999, argRegisters: 0, initialRegisters: [] }],
    }, R.ENDPOINT],
    ["unsorted endpoints", {
      endpoints: [{ index: 2, pc: 0, argRegisters: 0, initialRegisters: [] }, {
        index: 1,
        pc: 0,
        argRegisters: 0,
        initialRegisters: [],
      }],
    }, R.ENDPOINT],
    ["five argument registers", {
      endpoints: [{ index: 0, pc: 0, argRegisters: 5, initialRegisters: [] }],
    }, R.ENDPOINT],
    ["register 13", {
      endpoints: [{
        index: 0,
        pc: 0,
        argRegisters: 0,
        initialRegisters: [{ register: 13, value: 1n }],
      }],
    }, R.ENDPOINT],
    ["mapping below 0x10000", { mappings: [{ start: 0x8000, size: 4096, slot: null }] }, R.MAPPING],
    [
      "unaligned mapping size",
      { mappings: [{ start: 0x10000, size: 100, slot: null }] },
      R.MAPPING,
    ],
    ["overlapping mappings", {
      mappings: [{ start: 0x10000, size: 8192, slot: null }, {
        start: 0x11000,
        size: 4096,
        slot: null,
      }],
    }, R.MAPPING],
    ["slot mapped twice", {
      mappings: [{ start: 0x10000, size: 4096, slot: 9 }, { start: 0x20000, size: 4096, slot: 9 }],
    }, R.MAPPING],
    ["gas slot mapped", { mappings: [{ start: 0x10000, size: 4096, slot: 1 }] }, R.MAPPING],
    ["RW mapping without a quota slot", {
      quotaSlots: [],
      mappings: [{ start: 0x10000, size: 4096, slot: 9 }],
    }, R.MAPPING],
    ["too many pages", { mappings: [{ start: 0x10000, size: 0x4000_0000, slot: null }] }, R.LIMIT],
    ["slot 0 claimed", { gasSlots: [0] }, R.SLOTS],
    ["slot 256", { gasSlots: [256] }, R.SLOTS],
    ["duplicate gas slot", { gasSlots: [1, 1] }, R.SLOTS],
    ["gas and quota share a slot", { gasSlots: [1], quotaSlots: [1] }, R.SLOTS],
    ["pinned and initial share a slot", {
      pinnedSlots: [{ slot: 9, content: { kind: "data", bytes: new Uint8Array([1]) } }],
      initialSlots: [{ slot: 9, bytes: new Uint8Array([1]) }],
    }, R.SLOTS],
    ["the yield slot pinned", {
      pinnedSlots: [{ slot: 3, content: { kind: "data", bytes: new Uint8Array([1]) } }],
    }, R.SLOTS],
    ["pinned Data with trailing zeros", {
      pinnedSlots: [{ slot: 9, content: { kind: "data", bytes: new Uint8Array([1, 0]) } }],
    }, R.CONTENT],
    ["initial Data too large", {
      initialSlots: [{ slot: 9, bytes: new Uint8Array((1 << 20) + 1).fill(1) }],
    }, R.CONTENT],
    ["too many preset slots", {
      initialSlots: Array.from(
        { length: 65 },
        (_, i) => ({ slot: 10 + i, bytes: new Uint8Array([1]) }),
      ),
    }, R.LIMIT],
  ];
  for (const [name, over, expected] of cases) {
    assert.equal(reason({ ...BASE, ...over }), expected, name);
  }
});

Deno.test("decodeImage: round trip; truncated, trailing, bad tag or version, non-canonical flags", () => {
  const enc = encodeImage(BASE);
  assert.deepEqual(encodeImage(decodeImage(enc)), enc);
  const bad = (b: Uint8Array, r: number) =>
    assert.throws(
      () => decodeImage(b),
      (e) => e instanceof ImageError && e.code === "BAD_IMAGE" && e.reason === r,
    );
  bad(enc.slice(0, -1), IMAGE_REASON.ENCODING);
  bad(new Uint8Array([...enc, 0]), IMAGE_REASON.ENCODING);
  bad(new Uint8Array([0x20, ...enc.slice(1)]), IMAGE_REASON.ENCODING);
  bad(new Uint8Array([0x21, 2, ...enc.slice(2)]), IMAGE_REASON.ENCODING);
  const noYield = encodeImage({ ...BASE, yieldMarkerSlot: null });
  const flag = noYield.slice();
  flag[flag.length - 1] = 5; // slot byte set while the flag says "none"
  bad(flag, IMAGE_REASON.ENCODING);
});

Deno.test("genesis refuses bad options and Images that cannot be a chain", () => {
  const chain = chainImage("    ecalli REPLY");
  const v = KEYS.map((k) => k.publicKey);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof KernelError ? e.code : "other";
    }
    return "none";
  };
  assert.equal(code(() => genesis(chain, { validators: [] })), "BAD_OPTIONS");
  assert.equal(code(() => genesis(chain, { validators: [new Uint8Array(31)] })), "BAD_OPTIONS");
  assert.equal(code(() => genesis(chain, { validators: v, eventGas: 0n })), "BAD_OPTIONS");
  assert.equal(code(() => genesis(chain, { validators: v, storageQuota: -1n })), "BAD_OPTIONS");
  assert.equal(
    code(() => genesis({ ...chain, gasSlots: [1] }, { validators: v })),
    "BAD_CHAIN_IMAGE",
  );
  assert.equal(
    code(() => genesis({ ...chain, yieldMarkerSlot: null }, { validators: v })),
    "BAD_CHAIN_IMAGE",
  );
  assert.equal(
    code(() =>
      genesis({ ...chain, initialSlots: [{ slot: 12, bytes: new Uint8Array([1]) }] }, {
        validators: v,
      })
    ),
    "BAD_CHAIN_IMAGE",
  );
  const pinsUnknown: Image = {
    ...chain,
    pinnedSlots: [{ slot: 20, content: { kind: "image", imageHash: new Uint8Array(32) } }],
  };
  assert.equal(code(() => genesis(pinsUnknown, { validators: v })), "BAD_CHAIN_IMAGE");
  assert.equal(
    code(() => genesis({ ...chain, code: asm("trap").slice(1) }, { validators: v })),
    "BAD_IMAGE",
  );
  assert.equal(code(() => genesis(chain, { validators: v })), "none");
});
