// The transfer list of one postMessage: attachments are always handed over, the envelope only
// when it is large; views on part of a buffer are copied first, never detaching what they don't own.
import assert from "node:assert/strict";
import { TRANSFER_MIN_BYTES, transferList } from "../../actors/transfer.ts";
import { ATTACH_THRESHOLD } from "../../actors/codec.ts";

Deno.test("a small envelope is copied by the post, an attachment is transferred", () => {
  const env = new Uint8Array([1, 2, 3]);
  const att = new Uint8Array(ATTACH_THRESHOLD).fill(7);
  const r = transferList(env, [att]);
  assert.equal(r.bytes, env, "a whole small envelope is posted as it is");
  assert.deepEqual(r.list, [att.buffer]);
  assert.equal(r.attachments[0], att);
  // A real post: the attachment's buffer is detached, the envelope stays usable.
  const { port1, port2 } = new MessageChannel();
  port1.postMessage({ bytes: r.bytes, attachments: r.attachments }, r.list);
  port1.close();
  port2.close();
  assert.equal(att.byteLength, 0, "attachment detached");
  assert.deepEqual([...env], [1, 2, 3], "envelope kept");
});

Deno.test("an envelope of at least TRANSFER_MIN_BYTES is transferred", () => {
  const big = new Uint8Array(TRANSFER_MIN_BYTES);
  assert.deepEqual(transferList(big, []).list, [big.buffer]);
  const small = new Uint8Array(TRANSFER_MIN_BYTES - 1);
  assert.deepEqual(transferList(small, []).list, []);
});

Deno.test("views on part of a buffer are copied, never detaching the rest", () => {
  const backing = new Uint8Array(TRANSFER_MIN_BYTES * 4).map((_, i) => i & 0xff);
  // Small envelope view: copied to its own exact buffer (a clone of the view would carry it all).
  const smallView = backing.subarray(10, 20);
  const a = transferList(smallView, []);
  assert.notEqual(a.bytes.buffer, backing.buffer);
  assert.equal(a.bytes.buffer.byteLength, 10);
  assert.deepEqual([...a.bytes], [...smallView]);
  // Large envelope view and an attachment view: both copied, then transferred.
  const bigView = backing.subarray(0, TRANSFER_MIN_BYTES * 2);
  const attView = backing.subarray(TRANSFER_MIN_BYTES * 2);
  const b = transferList(bigView, [attView]);
  assert.equal(b.list.length, 2);
  assert.ok(!b.list.includes(backing.buffer as ArrayBuffer), "the shared buffer is not listed");
  assert.deepEqual([...b.attachments[0]], [...attView]);
});

Deno.test("two attachments on one buffer: the second is copied, the buffer listed once", () => {
  const one = new Uint8Array(ATTACH_THRESHOLD);
  const r = transferList(new Uint8Array(1), [one, one]);
  assert.equal(r.list.length, 2);
  assert.equal(new Set(r.list).size, 2, "no buffer listed twice");
  assert.equal(r.attachments[0], one);
  assert.notEqual(r.attachments[1].buffer, one.buffer);
});

Deno.test("an attachment sharing the small envelope's buffer is copied, not detaching it", () => {
  const shared = new Uint8Array(8);
  const r = transferList(shared, [shared]);
  assert.equal(r.bytes, shared);
  assert.equal(r.list.length, 1);
  assert.notEqual(r.list[0], shared.buffer, "the envelope's buffer is not transferred");
  assert.notEqual(r.attachments[0], shared);
});
