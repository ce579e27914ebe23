/**
 * The terminal view: the picture is the half-block preview of the framebuffer, redrawn in place
 * (cursor home, no scrolling); a redraw without a picture keeps the last one and writes below
 * it; the preview shrinks to fit the terminal and is off when it cannot fit; the summary meter
 * reports the last interval.
 * @module
 */

import assert from "node:assert/strict";
import {
  ansiPreview,
  ansiRows,
  type InstanceStatus,
  previewColumns,
  SummaryMeter,
  TerminalView,
} from "../../console/mod.ts";

Deno.test("terminal view: preview in place, kept without a new picture, summary and log tail", () => {
  const out: string[] = [];
  const view = new TerminalView({ columns: 80, rows: 40, logLines: 2, write: (t) => out.push(t) });
  assert.equal(view.previewColumns, 80);
  assert.ok(view.due(0));
  const fb = new Uint16Array(320 * 180).map((_, i) => (i * 7) & 0xffff);
  view.log("one");
  view.log("two");
  view.log("three"); // only the last two are kept
  view.render(fb, "frame 1", 0);
  assert.ok(!view.due(10)); // 20 redraws a second at most
  assert.ok(out[0].startsWith("\x1b[?25l\x1b[2J\x1b[H")); // hide the cursor, clear, home
  assert.ok(out[0].includes(ansiPreview(fb, 80) + "\n"));
  assert.ok(
    out[0].endsWith("\x1b[2Kframe 1\n\x1b[2Ktwo\n\x1b[2Kthree\n"),
    JSON.stringify(out[0].slice(-60)),
  );
  view.render(null, "frame 2", 100);
  assert.equal(out[1], `\x1b[H\x1b[${ansiRows(80)}B\x1b[2Kframe 2\n\x1b[2Ktwo\n\x1b[2Kthree\n`);
  view.close();
  assert.equal(out[2], "\x1b[?25h");
});

Deno.test("terminal view: the preview fits the terminal, or is off", () => {
  assert.equal(previewColumns(300, 100, 6), 160); // never wider than 160
  const c = previewColumns(200, 30, 6); // 30 rows: 24 for the picture
  assert.ok(ansiRows(c) + 6 <= 30 && ansiRows(c + 1) + 6 > 30, `${c}`);
  assert.equal(previewColumns(80, 8, 6), 0); // no room
});

Deno.test("summary meter: frames/s, gas and syscalls per frame of the last interval", () => {
  const status = (gas: number, syscalls: number): InstanceStatus => ({
    index: 0,
    name: "cart/0",
    title: "t",
    source: "s",
    state: "yielded",
    frames: 0,
    hash: "",
    gas,
    syscalls,
    overruns: 2,
    telemetry: { "gfx.presents": 5, "gfx.sprites": 12, "audio.voices": 3 },
    exit: null,
    memcardDir: null,
  });
  const m = new SummaryMeter(1000);
  const first = m.line(60, [status(6000, 120)], 2000);
  assert.match(
    first,
    /^\[1\.0 s\] frame 60 · 60 frames\/s × 1 · gas\/frame 100 · syscalls\/frame 2\.0 · overruns 2/,
  );
  assert.match(first, /sprites 12 · voices 3 · memcard 0 committed · yielded$/);
  const second = m.line(90, [status(9000, 150)], 2500);
  assert.match(second, /frame 90 · 60 frames\/s × 1 · gas\/frame 100 · syscalls\/frame 1\.0/);
});
