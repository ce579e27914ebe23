/**
 * Input: the latch (pressed / released / hold per button, the pointer) and input scripts
 * (replay semantics, the canonical text, every rejection with its code).
 * @module
 */

import assert from "node:assert/strict";
import {
  BUTTONS,
  encodeInputScript,
  InputLatch,
  InputScript,
  InputScriptError,
  maskNames,
  padMask,
} from "../../console/mod.ts";

Deno.test("input latch: pressed, released and hold follow the frames", () => {
  const l = new InputLatch();
  const a = BUTTONS.indexOf("a");
  const seq = [padMask(["a"]), padMask(["a", "b"]), padMask(["b"]), 0, padMask(["a"])];
  const got = seq.map((pad) => {
    l.latch({ pad, touch: null });
    return l.button(a);
  });
  assert.deepEqual(got.map((s) => [s.down, s.pressed, s.released, s.hold]), [
    [true, true, false, 1],
    [true, false, false, 2],
    [false, false, true, 0],
    [false, false, false, 0],
    [true, true, false, 1],
  ]);
  l.latch({ pad: 0, touch: [3, 4] });
  l.latch({ pad: 0, touch: [5, 6] });
  assert.deepEqual(l.touch(), { down: true, pressed: false, released: false, hold: 2, x: 5, y: 6 });
  l.latch({ pad: 0, touch: null });
  assert.deepEqual(l.touch(), { down: false, pressed: false, released: true, hold: 0, x: 5, y: 6 });
  assert.throws(() => l.latch({ pad: 1 << 12, touch: null }), RangeError);
  assert.throws(() => l.latch({ pad: 0, touch: [320, 0] }), RangeError);
  assert.deepEqual(maskNames(padMask(["select", "up"])), ["up", "select"]);
});

Deno.test("input script: state holds from each entry's frame until the next", () => {
  const s = InputScript.parse(
    '{"format":"pvm-console-input","version":1,"entries":[{"frame":3,"pad":["a"]},{"frame":5,"touch":[1,2]},{"frame":9}]}',
  );
  const frames = [0, 2, 3, 4, 5, 8, 9, 100].map((f) => s.at(f));
  assert.deepEqual(frames.map((f) => f.pad), [0, 0, 16, 16, 0, 0, 0, 0]);
  assert.deepEqual(frames.map((f) => f.touch), [
    null,
    null,
    null,
    null,
    [1, 2],
    [1, 2],
    null,
    null,
  ]);
  assert.equal(s.at(3).pad, 16); // going back works too
  const text = encodeInputScript(s.entries);
  assert.deepEqual(InputScript.parse(text).entries, s.entries);
  assert.deepEqual(InputScript.fromEntries(s.entries).entries, s.entries);
});

Deno.test("input script: every malformed script is refused with a code naming the entry", () => {
  const wrap = (entries: unknown) =>
    JSON.stringify({ format: "pvm-console-input", version: 1, entries });
  const cases: [string, string, RegExp][] = [
    ["{", "NOT_JSON", /not JSON/],
    ["[]", "BAD_FORMAT", /object/],
    ['{"format":"x","version":1,"entries":[]}', "BAD_FORMAT", /format/],
    ['{"format":"pvm-console-input","version":2,"entries":[]}', "BAD_FORMAT", /version/],
    ['{"format":"pvm-console-input","version":1}', "BAD_FORMAT", /entries/],
    ['{"format":"pvm-console-input","version":1,"entries":[],"x":1}', "BAD_FORMAT", /unknown key/],
    [wrap([{ frame: -1 }]), "BAD_ENTRY", /entries\[0\]\.frame/],
    [wrap([{ frame: 1.5 }]), "BAD_ENTRY", /entries\[0\]\.frame/],
    [wrap([{ frame: 2 }, { frame: 2 }]), "UNSORTED", /entries\[1\]\.frame/],
    [wrap([{ frame: 0, pad: ["jump"] }]), "BAD_ENTRY", /entries\[0\]\.pad\[0\]/],
    [wrap([{ frame: 0, pad: ["a", "a"] }]), "BAD_ENTRY", /twice/],
    [wrap([{ frame: 0, pad: "a" }]), "BAD_ENTRY", /pad/],
    [wrap([{ frame: 0, touch: [320, 1] }]), "BAD_ENTRY", /touch/],
    [wrap([{ frame: 0, touch: [1] }]), "BAD_ENTRY", /touch/],
    [wrap([{ frame: 0, buttons: [] }]), "BAD_ENTRY", /unknown key/],
    [wrap([7]), "BAD_ENTRY", /entries\[0\]/],
  ];
  for (const [text, code, re] of cases) {
    try {
      InputScript.parse(text, "in.json");
      assert.fail(`accepted ${text}`);
    } catch (e) {
      assert.ok(e instanceof InputScriptError, String(e));
      assert.equal(e.code, code, `${text}: ${e.message}`);
      assert.match(e.message, re);
    }
  }
});

Deno.test("input script: a missing or oversized file is refused", async () => {
  await assert.rejects(
    InputScript.load("/nonexistent/in.json"),
    (e) => e instanceof InputScriptError && e.code === "FILE_MISSING",
  );
  const tmp = await Deno.makeTempFile();
  try {
    await Deno.writeFile(tmp, new Uint8Array(16 * 1024 * 1024 + 1));
    await assert.rejects(
      InputScript.load(tmp),
      (e) => e instanceof InputScriptError && e.code === "FILE_TOO_LARGE",
    );
  } finally {
    await Deno.remove(tmp);
  }
});
