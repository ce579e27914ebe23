import assert from "node:assert/strict";
import { ActorSystem } from "../../actors/mod.ts";
import { attachmentDigest } from "../../actors/trace.ts";
import { quickHash64 } from "../../actors/quick_hash.ts";
import { refs } from "./helpers.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("attachment digests tell content, length, splits and order apart", () => {
  const a = new Uint8Array(1 << 17).fill(3);
  const b = a.slice();
  b[70_000] ^= 1;
  const seen = new Set([
    hex(attachmentDigest([a])),
    hex(attachmentDigest([b])),
    hex(attachmentDigest([a.subarray(1)])),
    hex(attachmentDigest([a.subarray(0, 5), a.subarray(5)])),
    hex(attachmentDigest([a.subarray(5), a.subarray(0, 5)])),
    hex(attachmentDigest([new Uint8Array(0)])),
    hex(attachmentDigest([new Uint8Array(0), new Uint8Array(0)])),
  ]);
  assert.equal(seen.size, 7);
  assert.equal(hex(attachmentDigest([a])), hex(attachmentDigest([a.slice()])), "stable");
  // quickHash64 reads unaligned views the same as aligned copies.
  const unaligned = new Uint8Array(1 << 10).fill(9).subarray(1, 1001);
  assert.equal(quickHash64(unaligned), quickHash64(unaligned.slice()));
});

Deno.test("one changed byte in a 128 KiB attachment changes the trace hash", async () => {
  const run = async (flip: boolean) => {
    const sys = new ActorSystem({ seed: 5n, mode: "inprocess" });
    await sys.spawn({ name: "e", behaviour: refs.echo });
    const big = new Uint8Array(1 << 17).fill(42);
    if (flip) big[99_999] = 43;
    assert.equal(sys.send("e", "ping", big), "OK");
    await sys.runUntilIdle();
    const hash = sys.traceHash;
    await sys.shutdown();
    return hash;
  };
  const same1 = await run(false), same2 = await run(false), other = await run(true);
  assert.equal(same1, same2);
  assert.notEqual(same1, other);
});
