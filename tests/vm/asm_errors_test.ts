// Assembler errors: stable codes, file:line:column, the offending text, every error of a file
// at once; warnings; limits; predefined symbols and directive hooks.

import assert from "node:assert/strict";
import { assemble, AssemblyError, MAX_SOURCE_LENGTH } from "../../vm/assembler.ts";
import { VmUsageError } from "../../vm/errors.ts";
import { decodeStandardProgram } from "../../vm/standard.ts";
import { decodeProgram } from "../../vm/program.ts";
import { newOperands, readOperands, skipAt } from "../../vm/operands.ts";

function errorOf(src: string, options = {}): AssemblyError {
  try {
    assemble(src, { fileName: "program.pasm", ...options });
  } catch (e) {
    if (e instanceof AssemblyError) return e;
    throw e;
  }
  assert.fail(`expected an AssemblyError for:\n${src}`);
}

/** [code, line, column, text] of every diagnostic. */
const summary = (e: AssemblyError) => e.diagnostics.map((d) => [d.code, d.line, d.column, d.text]);

Deno.test("errors: bad register, with file:line:column and the offending text", () => {
  const e = errorOf("trap\n  move_reg r13, r1");
  assert.equal(e.code, "UNKNOWN_REGISTER");
  assert.deepEqual([e.line, e.column, e.text], [2, 12, "r13"]);
  assert.match(e.message, /^program\.pasm:2:12: unknown register "r13"/);
});

Deno.test("errors: unknown mnemonic, with a suggestion when one is close", () => {
  const e = errorOf("add64 r1, r2, r3\nfrobnicate");
  assert.deepEqual(summary(e), [
    ["UNKNOWN_MNEMONIC", 1, 1, "add64"],
    ["UNKNOWN_MNEMONIC", 2, 1, "frobnicate"],
  ]);
  assert.match(e.diagnostics[0].message, /did you mean "add_64"/);
  assert.doesNotMatch(e.diagnostics[1].message, /did you mean/);
});

Deno.test("errors: immediates out of range for their field", () => {
  const e = errorOf([
    "load_imm r1, 0xFFFFFFFF", // i32 field: would sign-extend to 0xFFFF…FFFF
    "add_imm_64 r1, r2, 0x8000_0000",
    "load_u8 r1, [0x1_0000_0000]", // address beyond 32 bits
    "load_imm_64 r1, 0x1_0000_0000_0000_0000", // literal beyond 64 bits
    "load_imm r1, -0x8000_0001",
  ].join("\n"));
  assert.deepEqual(summary(e), [
    ["IMMEDIATE_RANGE", 1, 14, "0xFFFFFFFF"],
    ["IMMEDIATE_RANGE", 2, 20, "0x8000_0000"],
    ["IMMEDIATE_RANGE", 3, 14, "0x1_0000_0000"],
    ["BAD_NUMBER", 4, 17, "0x1_0000_0000_0000_0000"],
    ["IMMEDIATE_RANGE", 5, 14, "-0x8000_0001"],
  ]);
  assert.match(e.diagnostics[0].message, /use load_imm_64/);
  // The same values are fine where they fit.
  assemble("load_imm r1, -1\nload_imm_64 r1, 0xFFFF_FFFF_FFFF_FFFF\nload_u8 r1, [0xFFFF_FFFF]");
});

Deno.test("errors: undefined labels and symbols, wherever they are used", () => {
  const e = errorOf([
    "jump nowhere",
    "load_imm r1, missing + 4",
    "load_imm_jump ra, jt(gone), nowhere",
    ".jump_table lost",
  ].join("\n"));
  assert.deepEqual(summary(e), [
    ["UNDEFINED_SYMBOL", 1, 6, "nowhere"],
    ["UNDEFINED_SYMBOL", 2, 14, "missing"],
    ["UNDEFINED_SYMBOL", 3, 19, "gone"],
    ["UNDEFINED_SYMBOL", 3, 29, "nowhere"],
    ["UNDEFINED_SYMBOL", 4, 13, "lost"],
  ]);
});

Deno.test("errors: duplicate labels, and names that clash with registers or predefined symbols", () => {
  const e = errorOf("x: trap\nx: trap\nsp: trap\nlog: trap\n.equ x, 1", { symbols: { log: 1n } });
  assert.deepEqual(summary(e), [
    ["DUPLICATE_SYMBOL", 2, 1, "x"],
    ["DUPLICATE_SYMBOL", 3, 1, "sp"],
    ["DUPLICATE_SYMBOL", 4, 1, "log"],
    ["DUPLICATE_SYMBOL", 5, 6, "x"],
  ]);
  assert.match(e.diagnostics[0].message, /already defined at line 1/);
  assert.match(e.diagnostics[2].message, /predefined/);
});

Deno.test("errors: syntax — operand count, commas, brackets, strings, stray characters", () => {
  const e = errorOf([
    "add_64 r1, r2", // too few
    "trap r1", // too many
    "load_u8 r1, 0x20000", // missing brackets
    "store_ind_u8 [r1 + 4 r2", // missing ]
    "load_imm r1 5", // missing comma
    ".ro_data",
    '.ascii "open',
    ".code",
    "trap # nope",
  ].join("\n"));
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.line]), [
    ["SYNTAX", 1],
    ["BAD_OPERANDS", 2],
    ["SYNTAX", 3],
    ["SYNTAX", 4],
    ["SYNTAX", 5],
    ["SYNTAX", 7],
    ["SYNTAX", 9],
  ]);
  assert.equal(e.diagnostics[0].column, 14);
});

Deno.test("errors: directives — unknown, wrong section, bad values, misused symbols", () => {
  const e = errorOf([
    ".frobnicate 3",
    ".byte 1", // data directive in code
    ".jump_table_entry_size 5",
    ".rw_data",
    "buf: .zero 16",
    "trap", // instruction in data
    ".u8 256",
    ".code",
    "jump buf", // data label as a target
    "f: load_imm r1, f", // code label as a value
  ].join("\n"));
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.line]), [
    ["UNKNOWN_DIRECTIVE", 1],
    ["BAD_DIRECTIVE", 2],
    ["BAD_DIRECTIVE", 3],
    ["BAD_OPERANDS", 6],
    ["IMMEDIATE_RANGE", 7],
    ["BAD_SYMBOL_USE", 9],
    ["BAD_SYMBOL_USE", 10],
  ]);
  assert.match(e.diagnostics[6].message, /use jt\(f\)/);
});

Deno.test("errors: jump-table entries that do not fit the chosen entry size", () => {
  const src = `.jump_table_entry_size 1\n.jump_table far\n${"fallthrough\n".repeat(300)}far: trap`;
  const e = errorOf(src);
  assert.deepEqual(summary(e), [["TARGET_RANGE", 2, 13, ""]]);
  // Without an explicit size the smallest that fits is chosen.
  assert.equal(assemble(src.replace(".jump_table_entry_size 1\n", "")).jumpTableEntrySize, 2);
});

Deno.test("errors: every error of a file is reported, up to maxErrors", () => {
  const src = Array.from({ length: 30 }, (_, i) => `move_reg r${13 + i}, r0`).join("\n");
  assert.equal(errorOf(src).diagnostics.length, 30);
  const capped = errorOf(src, { maxErrors: 5 });
  assert.equal(capped.diagnostics.length, 5);
  assert.equal(capped.omitted, 25);
  assert.match(capped.message, /… and 25 more errors$/);
});

Deno.test("errors: source size limit", () => {
  const e = errorOf(";".repeat(MAX_SOURCE_LENGTH + 1));
  assert.equal(e.code, "TOO_LARGE");
  assert.equal(e.line, 0);
});

Deno.test("warnings: a jump target that is not a basic-block start", () => {
  const bad = assemble(
    "load_imm r1, 3\nloop: add_imm_64 r1, r1, -1\nbranch_ne_imm r1, 0, loop\ntrap",
  );
  assert.deepEqual(bad.warnings.map((w) => [w.code, w.line, w.column, w.text]), [
    ["NOT_BLOCK_START", 3, 22, "loop"],
  ]);
  assert.match(bad.warnings[0].message, /fallthrough/);
  const good = assemble(
    "load_imm r1, 3\nfallthrough\nloop: add_imm_64 r1, r1, -1\nbranch_ne_imm r1, 0, loop\ntrap",
  );
  assert.deepEqual(good.warnings, []);
  // A label at the very end of the code has no instruction to run.
  assert.equal(assemble("jump end\nend:").warnings.length, 1);
});

Deno.test("predefined symbols are usable in immediates; bad ones are the embedder's error", () => {
  const a = assemble("ecalli log.write\nload_imm r7, LIMIT - 1", {
    symbols: new Map<string, bigint | number>([["log.write", 100n], ["LIMIT", 64]]),
  });
  const p = decodeProgram(a.blob);
  const ops = newOperands();
  readOperands(p.code, 0, skipAt(p.bitmask, p.code.length, 0), "B", ops);
  assert.equal(ops.x, 100);
  readOperands(p.code, p.pcs[1], skipAt(p.bitmask, p.code.length, p.pcs[1]), "F", ops);
  assert.equal(ops.x, 63);
  assert.throws(() => assemble("trap", { symbols: { "bad name": 1n } }), VmUsageError);
  assert.throws(() => assemble("trap", { symbols: { r3: 1n } }), VmUsageError);
  assert.throws(() => assemble("trap", { symbols: { big: 1n << 64n } }), VmUsageError);
});

Deno.test("directive hooks: handle unknown directives, define symbols, emit data, report errors", () => {
  const imports: string[] = [];
  const hook = {
    onDirective(d: import("../../vm/assembler.ts").DirectiveContext): boolean {
      if (d.name === "import") {
        if (!/^[a-z.]+@\d+$/.test(d.text)) d.fail(`bad import "${d.text}"`);
        imports.push(d.text);
        d.defineSymbol(d.text.split("@")[0], 0x100 + imports.length);
        return true;
      }
      if (d.name === "magic") {
        d.emitData(new Uint8Array([0xca, 0xfe]));
        return true;
      }
      return false;
    },
  };
  const a = assemble(
    ".import log.write@1 ; comment\n.import gfx.clear@2\necalli gfx.clear\n.ro_data\nm: .magic\n.u8 7",
    hook,
  );
  assert.deepEqual(imports, ["log.write@1", "gfx.clear@2"]);
  assert.deepEqual([...decodeStandardProgram(a.blob).roData], [0xca, 0xfe, 7]);
  assert.equal(a.labels.get("m"), 0x10000);
  assert.equal(decodeStandardProgram(a.blob).program.code[1], 0x02); // ecalli 0x102: 2 bytes
  const e = errorOf(".import ???\n.magic\n.other", hook);
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.line, d.column]), [
    ["BAD_DIRECTIVE", 1, 1],
    ["BAD_DIRECTIVE", 2, 1], // emitData in the code section
    ["UNKNOWN_DIRECTIVE", 3, 1],
  ]);
});

Deno.test("data sections: label addresses follow the standard layout", () => {
  const a = assemble(`
.ro_data
hello: .ascii "hi\\n"
table: .u32 hello, table + 4
.rw_data
counter: .u64 -1
.code
    load_imm r1, counter
    trap
`);
  assert.equal(a.standard, true);
  assert.equal(a.labels.get("hello"), 0x10000);
  assert.equal(a.labels.get("table"), 0x10003);
  assert.equal(a.labels.get("counter"), 0x30000); // 0x20000 + Z(3 bytes of ro data) = 0x30000
  const std = decodeStandardProgram(a.blob);
  assert.deepEqual([...std.roData], [
    0x68,
    0x69,
    10,
    0x00,
    0x00,
    0x01,
    0x00,
    0x07,
    0x00,
    0x01,
    0x00,
  ]);
  assert.deepEqual([...std.rwData], Array(8).fill(0xff));
  const big = assemble(".ro_data\n.zero 0x10001\nx: .byte 1\n.rw_data\ny: .byte 2\n.code\ntrap");
  assert.equal(big.labels.get("y"), 0x20000 + 0x20000); // ro data spans two 64 KiB zones
  const noRo = assemble(".rw_data\nz: .byte 2\n.code\ntrap");
  assert.equal(noRo.labels.get("z"), 0x20000);
});
