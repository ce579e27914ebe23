// The disassembler on hand-built corner cases: what it prints, and that the text assembles
// back to the same blob.

import assert from "node:assert/strict";
import { assemble } from "../../vm/assembler.ts";
import { detectFormat, disassemble } from "../../vm/disassembler.ts";
import { ProgramDecodeError } from "../../vm/errors.ts";
import { encodeStandardProgram } from "../../vm/standard.ts";

/** A plain blob from code bytes, the offsets whose opcode bit is set, and a jump table. */
function blob(code: number[], starts: number[], jumpTable: number[] = [], z = 1): Uint8Array {
  const bitmask = new Array(Math.ceil(code.length / 8)).fill(0);
  for (const s of starts) bitmask[s >> 3] |= 1 << (s & 7);
  const table: number[] = [];
  for (const e of jumpTable) for (let i = 0; i < z; i++) table.push(Math.floor(e / 256 ** i) % 256);
  assert.ok(jumpTable.length < 128 && code.length < 128);
  return Uint8Array.from([jumpTable.length, z, code.length, ...table, ...code, ...bitmask]);
}

/** Disassembles, checks the round trip, returns the instruction lines (no header). */
function lines(b: Uint8Array): string[] {
  const text = disassemble(b);
  assert.deepEqual(assemble(text).blob, b, text);
  return text.split("\n").filter((l) => l !== "" && !l.startsWith(";"));
}

Deno.test("disasm: empty code", () => {
  assert.deepEqual(lines(blob([], [], [], 0)), [".jump_table_entry_size 0"]);
});

Deno.test("disasm: bytes before the first opcode print as .bytes", () => {
  const l = lines(blob([7, 8, 0], [2], [], 0));
  assert.match(l[1], /^ {4}\.bytes 0x07, 0x08 +; bytes before the first opcode$/);
  assert.equal(l[2], "    trap");
});

Deno.test("disasm: a skip capped at 24 keeps every byte of the chunk in one .raw", () => {
  const code = [1, ...Array(30).fill(0x11), 0];
  const l = lines(blob(code, [0, 31], [], 0));
  assert.match(l[1], /^ {4}\.raw 0x01, 0x11, .*; fallthrough \(30 bytes past the operands\)$/);
  assert.equal(l[1].match(/0x11/g)!.length, 30);
});

Deno.test("disasm: register nibbles 13–15 and a whole-byte third register clamp to r12 (raw)", () => {
  const l = lines(blob([100, 0xd1, 200, 0x21, 0x0d, 200, 0x21, 0xff], [0, 2, 5], [], 0));
  assert.match(
    l[1],
    /\.raw 0x64, 0xd1 +; move_reg r1, r12 \(unused operand bits set, or a register number above 12\)/,
  );
  assert.match(l[2], /\.raw 0xc8, 0x21, 0x0d +; add_64 r12, r1, r2/);
  assert.match(l[3], /\.raw 0xc8, 0x21, 0xff +; add_64 r12, r1, r2/);
});

Deno.test("disasm: an immediate length field with bit 3 set is raw; without it, canonical", () => {
  // store_imm_ind_u8 [r1 + 5], 7: length nibble 1 (canonical) vs 9 (bit 3 set, same meaning)
  const l = lines(blob([70, 0x11, 5, 7, 70, 0x91, 5, 7], [0, 4], [], 0));
  assert.equal(l[1], "    store_imm_ind_u8 [r1 + 5], 7");
  assert.match(l[2], /\.raw 0x46, 0x91, 0x05, 0x07 +; store_imm_ind_u8 \[r1 \+ 5\], 7/);
});

Deno.test("disasm: non-minimal immediates, trailing bytes and operands read past the end are raw", () => {
  const l = lines(blob([51, 1, 5, 0, 0, 0, 0, 9, 9, 200, 0x21], [0, 6, 9], [], 0));
  assert.match(
    l[1],
    /\.raw 0x33, 0x01, 0x05, 0x00, 0x00, 0x00 +; load_imm r1, 5 \(immediate or offset longer than needed\)/,
  );
  assert.match(l[2], /\.raw 0x00, 0x09, 0x09 +; trap \(2 bytes past the operands\)/);
  assert.match(
    l[3],
    /\.raw 0xc8, 0x21 +; add_64 r0, r1, r2 \(operands read past the instruction's bytes\)/,
  );
});

Deno.test("disasm: undefined opcodes are raw", () => {
  const l = lines(blob([255, 1, 2, 0], [0, 3], [], 0));
  assert.match(l[1], /\.raw 0xff, 0x01, 0x02 +; opcode 255 \(undefined opcode: runs as trap\)/);
});

Deno.test("disasm: jump-table entries and targets anywhere: labels at instruction starts, @n elsewhere", () => {
  // 0: jump +5 → 5 (start) · 2: load_imm r1, 1 (ends at 5) · 5: branch_eq_imm r1, 1, −2 → 3 (mid)
  // 9: trap · entries: 0, 3 (mid), 10 (end of code), 200 (beyond)
  const code = [40, 5, 51, 1, 1, 81, 0x11, 1, 0xfe, 0];
  const l = lines(blob(code, [0, 2, 5, 9], [0, 3, 10, 200], 1));
  assert.deepEqual(l, [
    ".jump_table_entry_size 1",
    ".jump_table L0, @3, L10, @200",
    "L0:",
    "    jump L5",
    "    load_imm r1, 1",
    "L5:",
    "    branch_eq_imm r1, 1, @3",
    "    trap",
    "L10:",
  ]);
});

Deno.test("disasm: a zero-byte entry size keeps its all-zero entries", () => {
  const l = lines(blob([0], [0], [0, 0], 0));
  assert.deepEqual(l.slice(0, 2), [".jump_table_entry_size 0", ".jump_table L0, L0"]);
});

Deno.test("disasm: negative and far targets print as @n", () => {
  const l = lines(blob([40, 0xf6, 40, 0xff, 0xff, 0xff, 0x7f], [0, 2], [], 0));
  assert.equal(l[1], "    jump @-10");
  assert.equal(l[2], "    jump @2147483649");
});

Deno.test("disasm: standard programs print their data and settings; format detection", () => {
  const code = blob([0], [0], [], 0);
  const text = 'hello, world; "quoted" \\ path\n';
  const std = encodeStandardProgram({
    roData: new TextEncoder().encode(text),
    rwData: Uint8Array.from([1, 2, 3, ...Array(20).fill(0), 4]),
    heapPages: 2,
    stackSize: 8192,
    code,
  });
  assert.equal(detectFormat(std), "standard");
  assert.equal(detectFormat(code), "plain");
  const l = lines(std);
  assert.deepEqual(l.slice(0, 10), [
    ".standard",
    ".stack_size 8192",
    ".heap_pages 2",
    ".ro_data                                ; 0x10000, 30 bytes",
    '    .ascii "hello, world; \\"quoted\\" \\\\ path\\n"',
    ".rw_data                                ; 0x30000, 24 bytes",
    "    .byte 0x01, 0x02, 0x03",
    "    .zero 20",
    "    .byte 0x04",
    ".code",
  ]);
  assert.throws(() => disassemble(Uint8Array.from([1, 2, 3])), ProgramDecodeError);
  assert.throws(() => disassemble(code, { format: "standard" }), ProgramDecodeError);
});

Deno.test("disasm: non-canonical header varints are kept with .varint_sizes", () => {
  // jump-table length 0 as two bytes (0x80 0x00), code length 1 as two bytes (0x80 0x01)
  const b = Uint8Array.from([0x80, 0x00, 0, 0x80, 0x01, 0, 1]);
  const l = lines(b);
  assert.equal(l[0], ".varint_sizes 2, 2");
});
