/**
 * The persistent Merkle map: agrees with a plain Map under random operations, keeps old versions
 * intact, and its root depends only on the final contents (not the order of operations).
 */
import assert from "node:assert/strict";
import { PMap, toHex } from "../../kernel/mod.ts";
import { Prng } from "../_util/prng.ts";

const enc = (v: number) => new Uint8Array([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24]);

function key(rng: Prng, len: number, space: number): Uint8Array {
  const k = new Uint8Array(len);
  const n = rng.int(space);
  k[0] = n & 255;
  k[1] = (n >>> 8) & 255;
  for (let i = 2; i < len; i++) k[i] = (n * 31 + i) & 255;
  return k;
}

Deno.test("random sets and deletes agree with a Map; old versions are unchanged", () => {
  const rng = new Prng(11);
  let m = PMap.empty<number>(8, enc);
  const model = new Map<string, number>();
  const versions: [PMap<number>, Map<string, number>][] = [];
  for (let i = 0; i < 3000; i++) {
    const k = key(rng, 8, 400);
    if (rng.int(3) === 0) {
      m = m.delete(k);
      model.delete(toHex(k));
    } else {
      const v = rng.int(1 << 30);
      m = m.set(k, v);
      model.set(toHex(k), v);
    }
    assert.equal(m.size, model.size);
    if (i % 300 === 0) versions.push([m, new Map(model)]);
  }
  const got = new Map([...m.entries()].map(([k, v]) => [toHex(k), v]));
  assert.deepEqual(got, model);
  for (const [old, snapshot] of versions) {
    assert.equal(old.size, snapshot.size);
    for (const [k, v] of snapshot) {
      assert.equal(old.get(Uint8Array.from(k.match(/../g)!, (h) => parseInt(h, 16))), v);
    }
  }
});

Deno.test("the root depends only on the contents: any insertion order, with deletions, same root", () => {
  const rng = new Prng(5);
  const keys = Array.from({ length: 500 }, (_, i) => {
    const k = new Uint8Array(32);
    k.set(rng.bytes(32));
    k[0] = i & 255;
    return k;
  });
  let a = PMap.empty<number>(32, enc);
  keys.forEach((k, i) => (a = a.set(k, i)));
  let b = PMap.empty<number>(32, enc);
  for (let i = keys.length - 1; i >= 0; i--) b = b.set(keys[i], i);
  assert.deepEqual(a.root(), b.root());
  // Insert extra keys into b and delete them again: back to the same root and shape.
  const extra = Array.from({ length: 200 }, () => rng.bytes(32));
  for (const k of extra) b = b.set(k, 1);
  assert.notDeepEqual(a.root(), b.root());
  for (const k of extra) b = b.delete(k);
  assert.deepEqual(a.root(), b.root());
  assert.deepEqual(a.shape(), b.shape());
  // Changing one value changes the root; changing it back restores it.
  const c = a.set(keys[7], 999);
  assert.notDeepEqual(c.root(), a.root());
  assert.deepEqual(c.set(keys[7], 7).root(), a.root());
});

Deno.test("deleting an absent key returns the same map; a one-key map's root is its leaf", () => {
  const m = PMap.empty<number>(2, enc).set(new Uint8Array([1, 2]), 3);
  assert.equal(m.delete(new Uint8Array([2, 2])), m);
  assert.equal(m.delete(new Uint8Array([1, 2])).size, 0);
  assert.deepEqual(m.delete(new Uint8Array([1, 2])).root(), new Uint8Array(32));
  assert.throws(() => m.get(new Uint8Array([1])), /key of 1 bytes/);
});
