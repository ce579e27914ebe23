import assert from "node:assert/strict";
import { decodeAsset, encodeAsset, PackFormatError } from "../../assets/mod.ts";
import { Prng } from "../_util/prng.ts";

function text(n: number): Uint8Array {
  const words = ["tile", "sound", "bank", "slot", "frame", "palette"];
  const r = new Prng(7);
  return new TextEncoder().encode(Array.from({ length: n }, () => r.pick(words)).join(" "));
}

Deno.test("DEFLATE: pako output decodes with the built-in DecompressionStream", async () => {
  for (const input of [new Uint8Array(1), text(10), text(5000), new Prng(1).bytes(70_000)]) {
    const stored = encodeAsset("DEFLATE", input);
    assert.deepEqual(await decodeAsset("DEFLATE", stored, input.length, "t"), input);
  }
});

Deno.test("DEFLATE encoding is deterministic and pinned", async () => {
  const input = text(5000);
  const a = encodeAsset("DEFLATE", input);
  const b = encodeAsset("DEFLATE", input.slice());
  assert.deepEqual(a, b);
  assert.ok(a.length < input.length / 3);
  // Pins the compressor's output (pako 2.2.0, level 9) on a tiny input. If this changes, every
  // packed DEFLATE asset changes: upgrade pako deliberately and say so.
  const pinned = new Uint8Array([
    0x0b,
    0xf0,
    0x75,
    0x0c,
    0x50,
    0x08,
    0x18,
    0x25,
    0x46,
    0x12,
    0x01,
    0x00,
  ]);
  const small = new TextEncoder().encode("PMAP ".repeat(100));
  assert.deepEqual(encodeAsset("DEFLATE", small), pinned);
  assert.deepEqual(await decodeAsset("DEFLATE", pinned, small.length, "pinned"), small);
});

Deno.test("NONE passes bytes through and checks the length", async () => {
  const input = new Uint8Array([1, 2, 3]);
  assert.equal(encodeAsset("NONE", input), input);
  assert.deepEqual(await decodeAsset("NONE", input, 3, "t"), input);
  await assert.rejects(decodeAsset("NONE", input, 4, "t"), { code: "DECODED_SIZE_MISMATCH" });
});

Deno.test("DEFLATE: wrong decoded_size either way is DECODED_SIZE_MISMATCH", async () => {
  const input = text(2000);
  const stored = encodeAsset("DEFLATE", input);
  await assert.rejects(decodeAsset("DEFLATE", stored, input.length - 1, "t"), {
    code: "DECODED_SIZE_MISMATCH",
    message: /exceeds decoded_size/,
  });
  await assert.rejects(decodeAsset("DEFLATE", stored, input.length + 1, "t"), {
    code: "DECODED_SIZE_MISMATCH",
  });
});

Deno.test("DEFLATE: a small bomb cannot expand past decoded_size", async () => {
  const bomb = encodeAsset("DEFLATE", new Uint8Array(8 * 1024 * 1024));
  assert.ok(bomb.length < 16_384);
  await assert.rejects(decodeAsset("DEFLATE", bomb, 1024, "bomb"), {
    code: "DECODED_SIZE_MISMATCH",
  });
});

Deno.test("DEFLATE: truncated or trailing-garbage streams are always rejected, flips never crash", async () => {
  const input = text(3000);
  const stored = encodeAsset("DEFLATE", input);
  const r = new Prng(99);
  const rejected = [0, 0, 0];
  for (let i = 0; i < 300; i++) {
    const kind = i % 3;
    const bad = stored.slice();
    let candidate = bad;
    if (kind === 0) bad[r.int(bad.length)] ^= 1 << r.int(8);
    if (kind === 1) candidate = bad.subarray(0, r.int(bad.length));
    if (kind === 2) candidate = new Uint8Array([...bad, ...r.bytes(1 + r.int(8))]);
    try {
      const out = await decodeAsset("DEFLATE", candidate, input.length, "t");
      // raw DEFLATE has no checksum: a flipped literal can decode to other bytes of the right
      // size. That is what the blake2b-256 hash in the table is for (see reader_test.ts).
      assert.equal(kind, 0, "only a bit flip may decode");
      assert.equal(out.length, input.length);
    } catch (e) {
      assert.ok(e instanceof PackFormatError, `untyped error: ${e}`);
      assert.ok(["DECODE_FAILED", "DECODED_SIZE_MISMATCH"].includes(e.code));
      rejected[kind]++;
    }
  }
  assert.deepEqual(rejected.slice(1), [100, 100]);
  assert.ok(rejected[0] > 0);
});
