import assert from "node:assert/strict";
import { parseVector, runVector } from "../../vm/conformance.ts";

const DIR = new URL("../fixtures/pvm-vectors/", import.meta.url);

Deno.test("all 307 PVM conformance vectors pass", async () => {
  const failures: string[] = [];
  let count = 0;
  for await (const e of Deno.readDir(DIR)) {
    if (!e.isFile || !e.name.endsWith(".json")) continue;
    count++;
    const r = runVector(parseVector(await Deno.readTextFile(new URL(e.name, DIR))));
    if (r.mismatches.length > 0) failures.push(`${r.name}: ${r.mismatches.join("; ")}`);
  }
  assert.equal(count, 307);
  assert.deepEqual(failures, []);
});

Deno.test("vector parsing keeps u64 values above 2^53 exact", () => {
  const text = `{"name":"x","initial-regs":[18446744073709551615,0,0,0,0,0,0,0,0,0,0,0,0],
    "initial-pc":0,"initial-page-map":[],"initial-memory":[],"initial-gas":1,"program":[0,0,0],
    "expected-status":"panic","expected-regs":[9007199254740993,0,0,0,0,0,0,0,0,0,0,0,0],
    "expected-pc":0,"expected-memory":[],"expected-gas":0}`;
  const c = parseVector(text);
  assert.equal(c.initialRegs[0], 18446744073709551615n);
  assert.equal(c.expectedRegs[0], 9007199254740993n);
});
