// Every `pasm` example in vm/ASSEMBLY.md assembles, round-trips, and the two worked examples
// run to the results the document states.

import assert from "node:assert/strict";
import { assemble } from "../../vm/assembler.ts";
import { disassemble } from "../../vm/disassembler.ts";
import { HALT_ADDRESS, Status, Vm } from "../../vm/interpreter.ts";
import { decodeProgram } from "../../vm/program.ts";
import { instantiateStandardProgram } from "../../vm/standard.ts";

const DOC = new URL("../../vm/ASSEMBLY.md", import.meta.url);

async function examples(): Promise<string[]> {
  const text = await Deno.readTextFile(DOC);
  return [...text.matchAll(/```pasm\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function example(all: string[], firstLine: string): string {
  const found = all.find((e) => e.startsWith(firstLine));
  assert.ok(found !== undefined, `ASSEMBLY.md has no example starting "${firstLine}"`);
  return found;
}

Deno.test("docs: every pasm example assembles without warnings and round-trips", async () => {
  const all = await examples();
  assert.ok(all.length >= 3, `found ${all.length} examples`);
  for (const src of all) {
    const a = assemble(src, { fileName: "ASSEMBLY.md" });
    assert.deepEqual(a.warnings, [], src);
    assert.deepEqual(assemble(disassemble(a.blob)).blob, a.blob);
  }
});

Deno.test("docs: the sum-of-squares example halts with a0 = 385", async () => {
  const src = example(await examples(), "; sum of squares");
  const a = assemble(src);
  assert.equal(a.standard, false);
  const vm = new Vm(decodeProgram(a.blob), { gas: 10_000n });
  vm.setRegister(0, HALT_ADDRESS);
  assert.equal(vm.run(), Status.Halt);
  let expected = 0n;
  for (let n = 1n; n <= 10n; n++) expected += n * n;
  assert.equal(vm.getRegister(7), expected);
  // The document's `asm` line states the size and instruction count.
  const doc = await Deno.readTextFile(DOC);
  const line = new RegExp(
    `wrote squares\\.pvm: ${a.blob.length} bytes \\(plain program\\), ${a.instructionCount} instructions`,
  );
  assert.match(doc, line);
});

Deno.test("docs: the checksum example sums its string into a0 and into result", async () => {
  const src = example(await examples(), "; checksum");
  const a = assemble(src);
  assert.equal(a.standard, true);
  const vm = instantiateStandardProgram(a.blob, new Uint8Array(0), { gas: 10_000n });
  assert.equal(vm.run(), Status.Halt);
  const expected = new TextEncoder().encode("hello, PVM").reduce((s, b) => s + b, 0);
  assert.equal(vm.getRegister(7), BigInt(expected));
  const stored = vm.memory.read(a.labels.get("result")!, 8);
  assert.equal(
    new DataView(stored.buffer, stored.byteOffset, 8).getBigUint64(0, true),
    BigInt(expected),
  );
  assert.equal(a.jumpTable.length, 1); // the call's return point
});
