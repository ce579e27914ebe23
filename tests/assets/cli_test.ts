import assert from "node:assert/strict";
import { runCli } from "../_util/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DEMO = `${ROOT}assets/examples/demo`;

const run = runCli;

Deno.test("cli: pack twice in separate processes gives identical files; inspect validates them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [a, b] = await Promise.all([
      run("pack", DEMO, "-o", `${dir}/a.pa`),
      run("pack", DEMO, "-o", `${dir}/b.pa`),
    ]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    assert.deepEqual(await Deno.readFile(`${dir}/a.pa`), await Deno.readFile(`${dir}/b.pa`));
    assert.match(a.out, /tiles\.font\s+TILES\s+DEFLATE\s+font\.png/);
    assert.match(a.out, /wrote .*a\.pa: \d+ bytes, 6 assets/);
    assert.equal(a.err, "", "no progress output when stderr is not a terminal");
    const inspect = await run("inspect", `${dir}/a.pa`);
    assert.equal(inspect.code, 0, inspect.err);
    assert.match(inspect.out, /magic\s+PMAP/);
    assert.match(inspect.out, /music\.loop\s+SOUNDS\s+DEFLATE.*loop 1000\.\.11000\s+ok/);
    assert.match(inspect.out, /preload \(2\)/);
    assert.match(inspect.out, /^valid: 6 assets verified/m);
    const json = await run("inspect", `${dir}/a.pa`, "--json");
    assert.equal(json.code, 0);
    assert.deepEqual(Object.keys(JSON.parse(json.out)), ["asset_table", "preload"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: inspect reports a corrupted asset and a broken header with their codes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const packed = await run("pack", DEMO, "-o", `${dir}/a.pa`);
    assert.equal(packed.code, 0, packed.err);
    const bytes = await Deno.readFile(`${dir}/a.pa`);
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 5] ^= 0xff;
    await Deno.writeFile(`${dir}/corrupt.pa`, corrupt);
    const r1 = await run("inspect", `${dir}/corrupt.pa`);
    assert.equal(r1.code, 1);
    assert.match(r1.out, /music\.loop.*HASH_MISMATCH/);
    assert.match(r1.err, /invalid \(1 problem\(s\)\)/);
    const broken = bytes.slice();
    broken[0] = 0;
    await Deno.writeFile(`${dir}/broken.pa`, broken);
    const r2 = await run("inspect", `${dir}/broken.pa`);
    assert.equal(r2.code, 1);
    assert.match(r2.err, /BAD_MAGIC/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: usage errors exit 2, bad input exits 1 with the error code", async () => {
  assert.equal((await run("pack")).code, 2);
  assert.equal((await run("pack", DEMO, "-o")).code, 2);
  assert.equal((await run("inspect")).code, 2);
  const r = await run("pack", `${ROOT}tests/assets`, "-o", "/tmp/never-written.pa");
  assert.equal(r.code, 1);
  assert.match(r.err, /^pack: LIST_MISSING: /);
});
