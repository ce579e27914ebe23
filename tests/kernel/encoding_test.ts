/**
 * Pinned encodings (ENCODING.md): each canonical encoding the kernel defines is checked against
 * bytes built by hand from the documented layout, and its hash pinned, so any change to an
 * encoding is caught here.
 */
import assert from "node:assert/strict";
import { blake2b } from "@noble/hashes/blake2.js";
import {
  blockHash,
  chainExtend,
  CNodeCap,
  DataCap,
  deriveValidatorKeys,
  encodeImage,
  encodeState,
  genesis,
  type Image,
  ImageCap,
  KERNEL_CHAINS,
  KernelCap,
  kernelImageHash,
  OOG_MARKER,
  PMap,
  stateHeader,
  stateRoot,
  toHex,
  TypeCap,
  unsignedBlockBytes,
  UserInstanceCap,
  yieldCatcher,
} from "../../kernel/mod.ts";
import { encodeLedgerTx } from "../../kernel/ledger.ts";

const H = (...parts: (number[] | Uint8Array)[]): Uint8Array =>
  blake2b(cat(...parts), { dkLen: 32 });
function cat(...parts: (number[] | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return new Uint8Array(out);
}
const u32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
const u64 = (v: bigint) => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 255n));

const IMAGE: Image = {
  code: new Uint8Array([0, 0, 2, 10, 0, 0b11]),
  endpoints: [{
    index: 0,
    pc: 0,
    argRegisters: 4,
    initialRegisters: [{ register: 1, value: 0xfeedn }],
  }],
  mappings: [{ start: 0x10000, size: 4096, slot: null }, { start: 0x20000, size: 4096, slot: 26 }],
  gasSlots: [7],
  quotaSlots: [8],
  pinnedSlots: [{ slot: 20, content: { kind: "data", bytes: new Uint8Array([1]) } }],
  initialSlots: [{ slot: 21, bytes: new Uint8Array([2, 3]) }],
  yieldMarkerSlot: 9,
};

Deno.test("Image encoding: tag 0x21, version, code, endpoints, mappings, slots (pinned bytes)", () => {
  const expected = cat(
    [0x21, 1],
    u32(6),
    IMAGE.code,
    [1, 0], // one endpoint
    [0],
    u32(0),
    [4, 1, 1],
    u64(0xfeedn),
    [2], // mappings
    u32(0x10000),
    u32(4096),
    [0, 0],
    u32(0x20000),
    u32(4096),
    [1, 26],
    [1, 7], // gas slots
    [1, 8], // quota slots
    [1, 20, 1],
    u32(1),
    [1], // pinned: slot 20, data [1]
    [1, 21],
    u32(2),
    [2, 3], // initial: slot 21, [2, 3]
    [1, 9], // yield marker slot
  );
  const enc = encodeImage(IMAGE);
  assert.deepEqual(enc, expected);
  assert.equal(
    toHex(enc),
    "2101060000000000020a000301000000000000040101edfe00000000000002000001000010000000000000020000100000011a01070108011401010000000101150200000002030109",
  );
  assert.deepEqual(ImageCap.fromImage(IMAGE).imageHash, H(enc));
});

Deno.test("cap descriptors and identities: Data, Image, CNode, Instance (user and kernel), Type", () => {
  const d = DataCap.fromBytes(new Uint8Array([1, 2, 0]));
  assert.deepEqual(d.descriptor(), cat([0x30], u32(2), H([0x31, 1, 2])));
  assert.equal(toHex(d.id), "cdc47e2ba3077ce6db91c78933f675e68dcb1d8ecf083c56714c51e135e1926f");

  const img = ImageCap.fromImage(IMAGE);
  assert.deepEqual(img.descriptor(), cat([0x20], img.imageHash));

  const t = new TypeCap(new Uint8Array(32));
  assert.deepEqual(t.descriptor(), cat([0x50], new Uint8Array(32)));
  assert.equal(toHex(t.id), "a8e465dfc04b5edc963fd724d3ae4ebd7f370102c2f5c6d086bd31fe67043049");

  const c = CNodeCap.empty(1).with(1, t);
  const cobj = cat([0x41, 1], [1, 0], [1], t.descriptor());
  assert.deepEqual(c.objectEncoding(), cobj);
  assert.deepEqual(c.descriptor(), cat([0x40, 1], H(cobj)));
  assert.deepEqual(CNodeCap.empty(0).objectEncoding(), new Uint8Array([0x41, 0, 0, 0]));

  const g = new KernelCap("gas_meter", 5n);
  assert.deepEqual(
    g.descriptor(),
    cat([0x10], KERNEL_CHAINS.gas_meter, u64(5n), new Uint8Array(24)),
  );
  assert.equal(toHex(g.id), "ec14512062556574c014cefd1defdda1897dcb8f6a399f6dd3013312c9d1796b");
  assert.deepEqual(
    OOG_MARKER.descriptor(),
    cat([0x10], KERNEL_CHAINS.oog_marker, new Uint8Array(32)),
  );

  const inst = UserInstanceCap.create(new Uint8Array(32).fill(3), img, CNodeCap.empty(8));
  const iobj = cat([0x11], img.imageHash, CNodeCap.empty(8).cnodeHash);
  assert.deepEqual(inst.objectEncoding(), iobj);
  assert.deepEqual(inst.descriptor(), cat([0x10], new Uint8Array(32).fill(3), H(iobj)));
  assert.equal(toHex(inst.id), "49d0d41c46b2af287ef37e37720766f1d3873b3a31faa76fb39cffba260edd38");
});

Deno.test("kernel image hashes, the YieldCatcher object, and the image hash chain step", () => {
  const name = new TextEncoder().encode("pvm-actors/kernel/oog_marker");
  assert.deepEqual(kernelImageHash("oog_marker"), H([0x70], name));
  assert.equal(
    toHex(kernelImageHash("oog_marker")),
    "2df5b08bb1c5854c5fa74189bdd4bf3e47e9badc89954ac1c95022302db9fe6f",
  );
  const y = yieldCatcher([OOG_MARKER.id]);
  assert.deepEqual(y.catcherObject(), cat([0x61, 1, 0], OOG_MARKER.id));
  assert.deepEqual(y.descriptor(), cat([0x10], KERNEL_CHAINS.yield_catcher, H(y.catcherObject())));
  const z = new Uint8Array(32);
  assert.deepEqual(chainExtend(z, z), H([0x22], z, z));
  assert.equal(
    toHex(chainExtend(z, z)),
    "fd114469751a687f988b481cdf21fe2bbb39d1e453f9122b86b916e4825055b4",
  );
});

Deno.test("Merkle map: leaf = H(0x80 ‖ key ‖ value), branch = H(0x81 ‖ u16 bitmap ‖ children), empty = zeros", () => {
  const enc = (v: number) => new Uint8Array([v]);
  const empty = PMap.empty<number>(1, enc);
  assert.deepEqual(empty.root(), new Uint8Array(32));
  const one = empty.set(new Uint8Array([0x21]), 7);
  const leafA = H([0x80, 0x21, 7]);
  assert.deepEqual(one.root(), leafA);
  const two = one.set(new Uint8Array([0x32]), 8);
  const leafB = H([0x80, 0x32, 8]);
  // First nibbles (low nibble of byte 0): 1 and 2 → bitmap 0b110.
  assert.deepEqual(two.root(), H([0x81, 0b110, 0], leafA, leafB));
  assert.equal(
    toHex(two.root()),
    "766f50051c4d2b0603cbe7d02eaef295f93037e03b7b94416b27cc8040ed0510",
  );
  // Same low nibble (1): the branch nests one level.
  const three = empty.set(new Uint8Array([0x11]), 1).set(new Uint8Array([0x21]), 2);
  assert.deepEqual(
    three.root(),
    H([0x81, 0b10, 0], H([0x81, 0b110, 0], H([0x80, 0x11, 1]), H([0x80, 0x21, 2]))),
  );
});

Deno.test("state header and root of a fixed genesis, and the full encoding's frame", () => {
  const [key] = deriveValidatorKeys(7n, 1);
  assert.equal(
    toHex(key.publicKey),
    "3e0bac7fd9275396de5adc011650c09abc73d303f09a9e9f3344259b593fa771",
  );
  const s = genesis(IMAGE, { validators: [key.publicKey], eventGas: 1000n, storageQuota: 5000n });
  const header = stateHeader(s);
  const expected = cat(
    [0x90, 1],
    s.head,
    u64(0n),
    s.chain.chain,
    s.chain.image,
    s.chain.cnode,
    u64(1000n),
    u64(0n),
    [1, 0],
    key.publicKey,
    s.objects.root(),
    s.files.root(),
    s.quotas.root(),
    u32(s.objects.size),
    u32(0),
    u32(1),
  );
  assert.deepEqual(header, expected);
  assert.deepEqual(stateRoot(s), H(header));
  assert.equal(
    toHex(stateRoot(s)),
    "7b16df8f6b89995e70cc420e6392e06b00a5b5486d7b967776ec9786712c7f1c",
  );
  assert.deepEqual(s.head, H([0x91], stateRoot({ ...s, head: new Uint8Array(32) })));
  assert.deepEqual(s.quotas.root(), H([0x80], u64(0n), u64(5000n)));
  const bytes = encodeState(s);
  assert.deepEqual(bytes.subarray(0, 5), cat(new TextEncoder().encode("PKS1"), [1]));
  assert.deepEqual(bytes.subarray(bytes.length - 32), stateRoot(s));
});

Deno.test("block: unsigned encoding (tag 0xB0) and hash", () => {
  const b = {
    parent: new Uint8Array(32).fill(1),
    slot: 3,
    author: new Uint8Array(32).fill(2),
    events: [{ endpoint: 5, payload: new Uint8Array([9, 8]) }],
  };
  const expected = cat([0xb0, 1], b.parent, u64(3n), b.author, u32(1), [5], u32(2), [9, 8]);
  assert.deepEqual(unsignedBlockBytes(b), expected);
  assert.equal(
    toHex(blockHash(b)),
    "d507ca2d5492fffb4f1935e6483c7f3d09ca4d94f18786ec5e2ea954635e182c",
  );
});

Deno.test("ledger transaction payload: u8 op, u8 from, u8 to, u8 0, u32 work, u64 amount", () => {
  assert.deepEqual(
    encodeLedgerTx({ op: "transfer", from: 1, to: 2, amount: 300n, work: 70 }),
    cat([2, 1, 2, 0], u32(70), u64(300n)),
  );
  assert.equal(
    toHex(encodeLedgerTx({ op: "transfer", from: 1, to: 2, amount: 300n, work: 70 })),
    "02010200460000002c01000000000000",
  );
});
