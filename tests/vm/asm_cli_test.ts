// The asm and disasm subcommands: files in, files out, exit codes.

import assert from "node:assert/strict";
import { main as asm } from "../../cli/asm.ts";
import { main as disasm } from "../../cli/disasm.ts";
import { decodeProgram } from "../../vm/program.ts";
import { parseVector } from "../../vm/conformance.ts";

const VECTOR = new URL("../fixtures/pvm-vectors/inst_branch_eq_ok.json", import.meta.url);

/** Runs `f` with console output swallowed (the commands print summaries and errors). */
async function quiet<T>(f: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("cli: asm writes <input>.pvm by default; disasm -o and asm give back the same bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/p.pasm`, "load_imm r7, 42\njump_ind r0, 0\n");
    assert.equal(await quiet(() => asm([`${dir}/p.pasm`])), 0);
    const blob = await Deno.readFile(`${dir}/p.pvm`);
    assert.equal(decodeProgram(blob).code[0], 51);
    assert.equal(await quiet(() => disasm([`${dir}/p.pvm`, "--pc", "-o", `${dir}/q.pasm`])), 0);
    assert.match(await Deno.readTextFile(`${dir}/q.pasm`), /load_imm r7, 42 +; @0/);
    assert.equal(await quiet(() => asm([`${dir}/q.pasm`, "-o", `${dir}/q.bin`])), 0);
    assert.deepEqual(await Deno.readFile(`${dir}/q.bin`), blob);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: disasm reads a conformance vector's program and --hex input", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await quiet(() => disasm([VECTOR.pathname, "-o", `${dir}/v.pasm`])), 0);
    assert.equal(await quiet(() => asm([`${dir}/v.pasm`])), 0);
    const program = parseVector(await Deno.readTextFile(VECTOR)).program;
    assert.deepEqual(await Deno.readFile(`${dir}/v.pvm`), program);
    assert.equal(
      await quiet(() => disasm(["--hex", "0x00 00 01 00 01", "-o", `${dir}/h.pasm`])),
      0,
    );
    assert.match(await Deno.readTextFile(`${dir}/h.pasm`), /^ {4}trap$/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: failures exit non-zero and write nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.pasm`, "move_reg r13, r0\n");
    assert.equal(await quiet(() => asm([`${dir}/bad.pasm`])), 1);
    await assert.rejects(() => Deno.stat(`${dir}/bad.pvm`));
    assert.equal(await quiet(() => asm([`${dir}/missing.pasm`])), 2);
    assert.equal(await quiet(() => asm([])), 2);
    assert.equal(await quiet(() => asm(["a.pasm", "--bogus"])), 2);
    assert.equal(await quiet(() => disasm(["--hex", "00 00 01 ff"])), 1); // does not decode
    assert.equal(await quiet(() => disasm(["--hex", "0g"])), 2);
    assert.equal(await quiet(() => disasm([])), 2);
    assert.equal(await quiet(() => disasm([`${dir}/missing.pvm`])), 2);
    assert.equal(await quiet(() => disasm(["--hex", "000001000100", "--format", "zip"])), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
