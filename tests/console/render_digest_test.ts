import assert from "node:assert/strict";
import {
  audioHash,
  blake2bHex,
  frameBytes,
  frameHash,
  pcmBytes,
  quickHash64,
} from "../../console/render/mod.ts";
import { blake2b } from "@noble/hashes/blake2.js";

Deno.test("frame and pcm bytes are little-endian", () => {
  assert.deepEqual(Array.from(frameBytes(Uint16Array.from([0x1234, 0xabcd]))), [
    0x34,
    0x12,
    0xcd,
    0xab,
  ]);
  assert.deepEqual(Array.from(pcmBytes(Int16Array.from([-2, 258]))), [0xfe, 0xff, 0x02, 0x01]);
});

Deno.test("quickHash64: 16 hex digits, stable, sensitive to every byte, length and tail", () => {
  const fb = new Uint16Array(320 * 180);
  const h0 = frameHash(fb);
  assert.match(h0, /^[0-9a-f]{16}$/);
  assert.equal(frameHash(new Uint16Array(320 * 180)), h0);
  const seen = new Set([h0]);
  for (const i of [0, 1, 160, 57_599]) {
    const f = new Uint16Array(320 * 180);
    f[i] = 1;
    seen.add(frameHash(f));
  }
  assert.equal(seen.size, 5, "one changed pixel anywhere changes the hash");
  const lengths = new Set<string>();
  for (let n = 0; n <= 9; n++) lengths.add(quickHash64(new Uint8Array(n)));
  assert.equal(lengths.size, 10, "zero bytes of different lengths differ");
  const unaligned = new Uint8Array(11).fill(7).subarray(1);
  assert.equal(
    quickHash64(unaligned),
    quickHash64(new Uint8Array(10).fill(7)),
    "offset does not matter",
  );
  assert.notEqual(
    audioHash(new Int16Array(1600)),
    audioHash(Int16Array.from({ length: 1600 }, (_, i) => (i === 799 ? 1 : 0))),
  );
});

Deno.test("blake2bHex is blake2b-256", () => {
  const data = new TextEncoder().encode("prometeu");
  const direct = Array.from(blake2b(data, { dkLen: 32 }), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  assert.equal(blake2bHex(data), direct);
  assert.equal(blake2bHex(data).length, 64);
});
