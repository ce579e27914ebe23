import assert from "node:assert/strict";
import { deriveRng, deriveSeedWords, Rng } from "../../actors/mod.ts";

Deno.test("xoshiro128** matches the reference sequence for state {1, 2, 3, 4}", () => {
  const r = new Rng([1, 2, 3, 4]);
  assert.deepEqual([r.u32(), r.u32(), r.u32(), r.u32()], [11520, 0, 5927040, 70819200]);
});

Deno.test("derived streams: same (seed, label, n) same numbers; any change, other numbers", () => {
  const take = (r: Rng) => Array.from({ length: 8 }, () => r.u32());
  const base = take(deriveRng(42n, "node-1", 0));
  assert.deepEqual(take(deriveRng(42, "node-1", 0)), base);
  assert.notDeepEqual(take(deriveRng(43n, "node-1", 0)), base);
  assert.notDeepEqual(take(deriveRng(42n, "node-2", 0)), base);
  assert.notDeepEqual(take(deriveRng(42n, "node-1", 1)), base);
  assert.equal(deriveSeedWords((1n << 64n) - 1n, "x", 0).length, 4);
});

Deno.test("below(n) stays in range and hits every value; chance(p) is about p", () => {
  const r = deriveRng(1n, "t", 0);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const v = r.below(7);
    assert.ok(v >= 0 && v < 7);
    seen.add(v);
  }
  assert.equal(seen.size, 7);
  let hits = 0;
  for (let i = 0; i < 10000; i++) if (r.chance(0.25)) hits++;
  assert.ok(hits > 2300 && hits < 2700, `${hits}`);
  const f = r.float();
  assert.ok(f >= 0 && f < 1);
  assert.throws(() => r.below(0));
});
