import assert from "node:assert/strict";
import { runCli } from "../_util/cli.ts";

const cli = runCli;

Deno.test("pvm runs the demo: the sieve counts 1229 primes below 10000, then halts", async () => {
  const r = await cli("pvm", new URL("../../examples/pvm/demo.pasm", import.meta.url).pathname);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^1229$/m);
  assert.match(r.out, /^806515533049393$/m, "64-bit Fibonacci numbers print exactly");
  assert.match(r.out, /halt at pc \d+; gas used \d+/);
});

Deno.test("pvm reports load errors clearly and exits 2", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.pasm`, "  add_64 r1, r2, r13\n");
    const bad = await cli("pvm", `${dir}/bad.pasm`);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.pasm:1:\d+: unknown register "r13"/);
    await Deno.writeFile(`${dir}/bad.pvm`, Uint8Array.from([0, 0, 9, 1]));
    const blob = await cli("pvm", `${dir}/bad.pvm`);
    assert.equal(blob.code, 2);
    assert.match(blob.err, /ends inside the code/);
    const missing = await cli("pvm", `${dir}/nope.pvm`);
    assert.equal(missing.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pvm: an unknown host call traps the guest with a structured message", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/t.pasm`, "  ecalli 7\n  trap\n");
    const r = await cli("pvm", `${dir}/t.pasm`);
    assert.equal(r.code, 1);
    assert.match(r.out, /trap UNKNOWN_HOST_CALL at pc 0 \(ecalli\): no host call with id 7/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("unknown subcommands and help", async () => {
  const r = await cli("frobnicate");
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown subcommand: frobnicate/);
  const h = await cli("help", "pvm");
  assert.equal(h.code, 0);
  assert.match(h.out, /usage: deno task run pvm/);
});
