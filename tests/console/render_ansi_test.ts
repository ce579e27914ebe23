import assert from "node:assert/strict";
import { ansiPreview, ansiRows, rgb565ToRgb888 } from "../../console/render/mod.ts";
import { Prng } from "../_util/prng.ts";

/** Parses a preview back into cells of [fg, bg] RGB triples, checking its structure. */
function parse(text: string): [number[], number[]][][] {
  return text.split("\n").map((line) => {
    assert.ok(line.endsWith("\x1b[0m"), "each line resets colours");
    const cells: [number[], number[]][] = [];
    let fg: number[] = [];
    let bg: number[] = [];
    // deno-lint-ignore no-control-regex -- the escape character is what is being parsed
    const re = /\x1b\[(38|48);2;(\d+);(\d+);(\d+)m|\x1b\[0m|\u2580/gy;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = re.exec(line)) !== null) {
      consumed = re.lastIndex;
      if (m[0] === "\u2580") cells.push([fg, bg]);
      else if (m[1] === "38") fg = [+m[2], +m[3], +m[4]];
      else if (m[1] === "48") bg = [+m[2], +m[3], +m[4]];
    }
    assert.equal(consumed, line.length, "nothing but escapes and half-blocks");
    return cells;
  });
}

Deno.test("ANSI preview: shape — ceil(cols·9/32) lines of cols half-blocks", () => {
  const fb = new Uint16Array(320 * 180);
  for (const cols of [1, 7, 32, 80, 160, 320]) {
    const rows = parse(ansiPreview(fb, cols));
    assert.equal(rows.length, ansiRows(cols));
    assert.equal(rows.length, Math.ceil((cols * 9) / 32));
    for (const r of rows) assert.equal(r.length, cols);
  }
  assert.equal(ansiRows(80), 23);
  assert.equal(ansiRows(320), 90);
  for (const bad of [0, 321, 2.5]) assert.throws(() => ansiPreview(fb, bad), RangeError);
});

Deno.test("ANSI preview: cells show the documented nearest source pixels (top = fg, bottom = bg)", () => {
  const rng = new Prng(99);
  const fb = new Uint16Array(320 * 180);
  for (let i = 0; i < fb.length; i++) fb[i] = rng.u32() & 0xffff;
  for (const cols of [80, 320, 33]) {
    const rows = parse(ansiPreview(fb, cols));
    const oh = rows.length * 2;
    rows.forEach((cells, row) => {
      cells.forEach(([fg, bg], ox) => {
        const sx = Math.floor(((2 * ox + 1) * 320) / (2 * cols));
        const top = Math.min(179, Math.floor(((4 * row + 1) * 180) / (2 * oh)));
        const bottom = Math.min(179, Math.floor(((4 * row + 3) * 180) / (2 * oh)));
        assert.deepEqual(fg, rgb565ToRgb888(fb[top * 320 + sx]), `fg ${ox},${row} @${cols}`);
        assert.deepEqual(bg, rgb565ToRgb888(fb[bottom * 320 + sx]), `bg ${ox},${row} @${cols}`);
      });
    });
  }
});

Deno.test("ANSI preview: full size of a two-colour frame is exactly the halves, escapes only on change", () => {
  const fb = new Uint16Array(320 * 180);
  fb.fill(0xf800, 0, 320 * 90); // top half red
  fb.fill(0x001f, 320 * 90); // bottom half blue
  const text = ansiPreview(fb, 320);
  const rows = parse(text);
  assert.equal(rows.length, 90);
  assert.deepEqual(rows[44][0], [[255, 0, 0], [255, 0, 0]]);
  assert.deepEqual(rows[45][319], [[0, 0, 255], [0, 0, 255]]);
  // One fg and one bg escape per line (a line never changes colour), so 2 × 90 escapes in all.
  // deno-lint-ignore no-control-regex -- counting escape sequences
  assert.equal(text.match(/\x1b\[[34]8;2;/g)?.length, 180);
});
