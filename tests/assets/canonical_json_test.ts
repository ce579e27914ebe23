import assert from "node:assert/strict";
import { canonicalJson, CanonicalJsonError } from "../../assets/mod.ts";

Deno.test("canonical JSON sorts keys at every level and keeps array order", () => {
  assert.equal(
    canonicalJson({ z: [3, 1, { b: null, a: false }], a: "x", m: { y: 1, x: -2 } }),
    '{"a":"x","m":{"x":-2,"y":1},"z":[3,1,{"a":false,"b":null}]}',
  );
});

Deno.test("canonical JSON has no whitespace and escapes strings like JSON.stringify", () => {
  const s = 'tab\tquote"slash\\nl\n\u0001é😀';
  assert.equal(canonicalJson({ s }), `{"s":${JSON.stringify(s)}}`);
  assert.ok(!/\s/.test(canonicalJson({ a: [1, 2], b: { c: 3 } })));
});

Deno.test("canonical JSON refuses floats, -0, unsafe integers, undefined and deep nesting", () => {
  for (const bad of [1.5, -0, 2 ** 53, NaN, Infinity]) {
    assert.throws(() => canonicalJson({ a: [bad] }), CanonicalJsonError);
  }
  assert.throws(() => canonicalJson({ a: undefined }), /cannot encode a undefined/);
  assert.throws(() => canonicalJson(new Map()), CanonicalJsonError);
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  assert.throws(() => canonicalJson(deep), /nested too deeply/);
});

Deno.test("canonical JSON is stable under key insertion order", () => {
  const a = { b: 1, a: { d: 2, c: 3 } };
  const b = { a: { c: 3, d: 2 }, b: 1 };
  assert.equal(canonicalJson(a), canonicalJson(b));
});
