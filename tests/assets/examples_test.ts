import assert from "node:assert/strict";
import { generateDemo } from "../../assets/examples/generate.ts";

const DEMO = new URL("../../assets/examples/demo/", import.meta.url);

Deno.test("the committed demo sources are exactly what the generator writes", async () => {
  const files = generateDemo();
  const committed: string[] = [];
  for await (const e of Deno.readDir(DEMO)) committed.push(e.name);
  assert.deepEqual(committed.sort(), files.map((f) => f.name).sort());
  for (const f of files) {
    assert.deepEqual(await Deno.readFile(new URL(f.name, DEMO)), f.bytes, f.name);
  }
});
