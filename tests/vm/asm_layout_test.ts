// Every opcode assembled from text and checked by decoding the result with the engine's own
// decoder (`decodeProgram` + `readOperands`), against expectations written here from the
// Gray Paper's operand layouts — never against bytes the assembler produced.

import assert from "node:assert/strict";
import { assemble } from "../../vm/assembler.ts";
import { ALL_OPCODES, opcodeByName, type OpcodeInfo } from "../../vm/opcodes.ts";
import { newOperands, readOperands, skipAt } from "../../vm/operands.ts";
import { decodeProgram } from "../../vm/program.ts";
import { Status } from "../../vm/interpreter.ts";
import { instantiateStandardProgram } from "../../vm/standard.ts";

/** Shortest sign-extended length of an int32, computed independently of the assembler. */
function minLen(v: number): number {
  for (let n = 0; n < 4; n++) {
    const bits = 8 * n;
    if (n === 0 ? v === 0 : v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1)) return n;
  }
  return 4;
}

const int32 = (v: bigint) => Number(BigInt.asIntN(32, v));

interface Expect {
  a?: number;
  b?: number;
  d?: number;
  x?: number;
  y?: number;
  target?: number;
  wide?: bigint;
  /** Operand bytes the canonical encoding has (skip of the instruction). */
  skip: number;
}

interface Sample {
  r: [number, number, number];
  i1: bigint;
  i2: bigint;
  wide: bigint;
  /** Where the target label goes (see `check`). */
  rel: number;
}

/** The text of `info`'s operands and what decoding must give, from the Gray Paper layouts. */
function spec(info: OpcodeInfo, s: Sample, label: string): { text: string; expect: Expect } {
  const [r1, r2, r3] = s.r;
  const x = int32(s.i1), y = int32(s.i2);
  const c = info.code;
  const ind = (r: number, v: bigint) => v < 0n ? `[r${r} - ${-v}]` : `[r${r} + ${v}]`;
  switch (info.layout) {
    case "A":
      return { text: "", expect: { skip: 0 } };
    case "B":
      return { text: `${s.i1}`, expect: { x, skip: minLen(x) } };
    case "C":
      return { text: `r${r1}, ${s.wide}`, expect: { a: r1, wide: s.wide, skip: 9 } };
    case "D":
      return {
        text: `[${s.i1}], ${s.i2}`,
        expect: { x, y, skip: 1 + minLen(x) + minLen(y) },
      };
    case "E":
      return { text: label, expect: { target: s.rel, skip: minLen(s.rel) } };
    case "F": {
      const expect = { a: r1, x, skip: 1 + minLen(x) };
      if (c <= 51) return { text: `r${r1}, ${s.i1}`, expect }; // jump_ind, load_imm
      if (c <= 58) return { text: `r${r1}, [${s.i1}]`, expect }; // load_uN rA, [x]
      return { text: `[${s.i1}], r${r1}`, expect }; // store_uN [x], rA
    }
    case "G":
      return {
        text: `${ind(r1, s.i1)}, ${s.i2}`,
        expect: { a: r1, x, y, skip: 1 + minLen(x) + minLen(y) },
      };
    case "H":
      return {
        text: `r${r1}, ${s.i1}, ${label}`,
        expect: { a: r1, x, target: s.rel, skip: 1 + minLen(x) + minLen(s.rel) },
      };
    case "I": // rD (low nibble) ← rA (high nibble)
      return { text: `r${r1}, r${r2}`, expect: { d: r1, a: r2, skip: 1 } };
    case "J": {
      const expect = { a: r1, b: r2, x, skip: 1 + minLen(x) };
      if (c <= 123) return { text: `${ind(r2, s.i1)}, r${r1}`, expect }; // [rB + x] ← rA
      if (c <= 130) return { text: `r${r1}, ${ind(r2, s.i1)}`, expect }; // rA ← [rB + x]
      return { text: `r${r1}, r${r2}, ${s.i1}`, expect }; // rA ← rB op x
    }
    case "K":
      return {
        text: `r${r1}, r${r2}, ${label}`,
        expect: { a: r1, b: r2, target: s.rel, skip: 1 + minLen(s.rel) },
      };
    case "L":
      return {
        text: `r${r1}, ${s.i1}, r${r2}, ${s.i2}`,
        expect: { a: r1, b: r2, x, y, skip: 2 + minLen(x) + minLen(y) },
      };
    case "M": // rD ← rA op rB
      return { text: `r${r1}, r${r2}, r${r3}`, expect: { d: r1, a: r2, b: r3, skip: 2 } };
  }
}

/**
 * Assembles the instruction with its target label placed by `s.rel`: rel ≤ 0 puts the label
 * −rel bytes before it (filled with `fallthrough`s); rel > 0 puts rel − 1 `fallthrough`s
 * between the instruction and the label. Returns the decoded operands and what is expected.
 */
function check(info: OpcodeInfo, s: Sample): void {
  const lines: string[] = [];
  const before = s.rel <= 0 ? -s.rel : 0;
  if (s.rel <= 0) lines.push("tgt:");
  for (let i = 0; i < before; i++) lines.push("fallthrough");
  const probe = spec(info, s, "tgt");
  lines.push(`    ${info.name} ${probe.text}`);
  if (s.rel > 0) lines.push(...Array(s.rel - 1).fill("fallthrough"), "tgt: trap");
  const program = decodeProgram(assemble(lines.join("\n")).blob);
  const pc = before;
  assert.equal(program.code[pc], info.code, `${info.name}: opcode byte`);
  const skip = skipAt(program.bitmask, program.code.length, pc);
  const ops = readOperands(program.code, pc, skip, info.layout, newOperands());
  // A forward label's offset depends on the instruction's own size: take it from the decoded
  // code (the trap after the fill) and derive the expectation from that position.
  const rel = s.rel > 0 ? 1 + skip + (s.rel - 1) : s.rel;
  if (s.rel > 0) assert.equal(program.code[pc + rel], 0, `${info.name}: trap at the label`);
  const { text, expect } = spec(info, { ...s, rel }, "tgt");
  const what = `${info.name} ${text}`;
  if (expect.target !== undefined) expect.target = pc + rel;
  assert.equal(skip, expect.skip, `${what}: operand length`);
  for (const k of ["a", "b", "d", "x", "y", "target"] as const) {
    if (expect[k] !== undefined) assert.equal(ops[k], expect[k], `${what}: field ${k}`);
  }
  if (expect.wide !== undefined) {
    const wide = (BigInt(ops.xHi >>> 0) << 32n) | BigInt(ops.x >>> 0);
    assert.equal(wide, expect.wide, `${what}: 64-bit immediate`);
  }
}

const IMMS = [
  0n,
  1n,
  -1n,
  127n,
  128n,
  -128n,
  -129n,
  255n,
  32767n,
  -32768n,
  32768n,
  0x7fffffn,
  -0x800000n,
  0x800000n,
  0x7fffffffn,
  -0x80000000n,
];
const WIDE = [0n, 1n, 0x7fn, 1n << 63n, (1n << 64n) - 1n, 0x123456789abcdef0n];
const RELS = [1, 0, -3, 100, 124, 125, 126, -128, -129, 40000, 2, 120];

Deno.test("every opcode: operands written in text decode to the same values", () => {
  let checked = 0;
  for (const info of ALL_OPCODES) {
    for (let k = 0; k < IMMS.length; k++) {
      const r: [number, number, number] = [
        (info.code + k) % 13,
        (info.code * 7 + k) % 13,
        (k * 5 + 3) % 13,
      ];
      const hasTarget = "EHK".includes(info.layout);
      check(info, {
        r,
        i1: IMMS[k],
        i2: IMMS[(k * 5 + 3) % IMMS.length],
        wide: WIDE[k % WIDE.length],
        rel: hasTarget ? RELS[k % RELS.length] : 0,
      });
      checked++;
    }
  }
  assert.equal(checked, ALL_OPCODES.length * IMMS.length);
});

Deno.test("u32 fields take addresses above 2^31 as written; their decoded value is the same mod 2^32", () => {
  const src = `
    load_u64 r1, [0xFEFE0000]
    store_imm_u32 [0xFFFF_FFF8], 0xFFFFFFFF
    store_imm_ind_u8 [r2 + 0x8000_0000], 255
    jump_ind r0, 0xFFFFFFFE
    ecalli 4294967295
    add_imm_32 r1, r2, 0xFFFFFFFF
  `;
  const program = decodeProgram(assemble(src).blob);
  const ops = newOperands();
  const at = (pc: number) => {
    const info = [...ALL_OPCODES].find((o) => o.code === program.code[pc])!;
    readOperands(
      program.code,
      pc,
      skipAt(program.bitmask, program.code.length, pc),
      info.layout,
      ops,
    );
    return { ...ops };
  };
  const pcs = [...program.pcs].slice(0, 6);
  assert.equal(at(pcs[0]).x >>> 0, 0xfefe0000);
  assert.equal(at(pcs[1]).x >>> 0, 0xfffffff8);
  assert.equal(at(pcs[1]).y, -1); // 0xFFFFFFFF stored as 4 bytes: same bytes as -1
  assert.equal(at(pcs[1]).lenY, 1);
  assert.equal(at(pcs[2]).x >>> 0, 0x80000000);
  assert.equal(at(pcs[2]).y, 255);
  assert.equal(at(pcs[3]).x >>> 0, 0xfffffffe);
  assert.equal(at(pcs[4]).x >>> 0, 0xffffffff);
  assert.equal(at(pcs[5]).x, -1);
});

Deno.test("register aliases, number forms and expressions decode to the intended values", () => {
  const src = `
.equ BASE, 0x1000
.jump_table back
    add_imm_64 a0, sp, 0b1010_1010
    add_imm_64 a5, ra, -0x10
    load_imm s1, BASE + 16 - 4
    load_imm t2, jt(back)
    load_imm r4, 9_999
    load_imm_64 a2, -1
back:
    trap
`;
  const program = decodeProgram(assemble(src).blob);
  const ops = newOperands();
  const get = (i: number) => {
    const pc = program.pcs[i];
    const info = ALL_OPCODES.find((o) => o.code === program.code[pc])!;
    readOperands(
      program.code,
      pc,
      skipAt(program.bitmask, program.code.length, pc),
      info.layout,
      ops,
    );
    return { ...ops };
  };
  assert.deepEqual([get(0).a, get(0).b, get(0).x], [7, 1, 170]);
  assert.deepEqual([get(1).a, get(1).b, get(1).x], [12, 0, -16]);
  assert.deepEqual([get(2).a, get(2).x], [6, 0x100c]);
  assert.deepEqual([get(3).a, get(3).x], [4, 2]);
  assert.deepEqual([get(4).a, get(4).x], [4, 9999]);
  assert.deepEqual([get(5).a, get(5).x, get(5).xHi], [9, -1, -1]);
  assert.deepEqual(program.jumpTable, [program.pcs[6]]);
});

Deno.test("branch offsets: sizes settle on the shortest encoding for forward and backward labels", () => {
  // A chain of branches whose offsets straddle the 1/2-byte boundary: each branch's size
  // moves the others' targets.
  for (const fill of [118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130]) {
    const src = [
      "top:",
      "    branch_eq r1, r2, end",
      "    jump top",
      ...Array(fill).fill("    fallthrough"),
      "    branch_ne r1, r2, top",
      "end:",
      "    trap",
    ].join("\n");
    const a = assemble(src);
    const program = decodeProgram(a.blob);
    const ops = newOperands();
    const end = a.labels.get("end")!;
    assert.equal(program.code[end], 0, "end label lands on the trap");
    for (const [i, target] of [[0, 0], [1, 0], [2 + fill, 0]] as const) {
      const pc = program.pcs[i];
      const info = ALL_OPCODES.find((o) => o.code === program.code[pc])!;
      const skip = skipAt(program.bitmask, program.code.length, pc);
      readOperands(program.code, pc, skip, info.layout, ops);
      const expected = i === 0 ? end : target;
      assert.equal(ops.target, expected, `fill ${fill}: branch ${i} target`);
      assert.equal(
        skip,
        (info.layout === "K" ? 1 : 0) + minLen(expected - pc),
        `fill ${fill}: branch ${i} size`,
      );
    }
  }
});

Deno.test("@n targets give absolute offsets, including ones that are not instruction starts", () => {
  const program = decodeProgram(assemble("jump @7\nbranch_eq_imm r1, 5, @-3\ntrap").blob);
  const ops = newOperands();
  readOperands(program.code, 0, skipAt(program.bitmask, program.code.length, 0), "E", ops);
  assert.equal(ops.target, 7);
  const pc = program.pcs[1];
  readOperands(program.code, pc, skipAt(program.bitmask, program.code.length, pc), "H", ops);
  assert.equal(ops.target, -3);
  assert.equal(opcodeByName("branch_eq_imm")!.code, program.code[pc]);
});

Deno.test("operand roles: programs written in text do what the text says when run", () => {
  const a = assemble(`
.rw_data
buf: .zero 64
.code
    load_imm r1, buf
    load_imm r2, 7
    load_imm r3, 5
    sub_64 r4, r2, r3                 ; r4 = 7 - 5
    move_reg r5, r2                   ; r5 = 7
    store_ind_u32 [r1 + 8], r2        ; [buf + 8] = 7
    load_ind_u32 r6, [r1 + 8]         ; r6 = 7
    neg_add_imm_64 r8, r3, 10         ; r8 = 10 - 5
    store_imm_ind_u16 [r1 + 16], 0x1234
    load_u16 r9, [buf + 16]           ; r9 = 0x1234
    store_u8 [buf + 20], r2
    load_ind_u8 r10, [r1 + 20]        ; r10 = 7
    shlo_l_imm_alt_64 r7, r3, 3       ; r7 = 3 << 5
    load_imm_jump_ind r11, 99, r0, 0  ; r11 = 99, then jump via [r0 + 0]: halt
`);
  const vm = instantiateStandardProgram(a.blob, new Uint8Array(0), { gas: 1000n });
  assert.equal(vm.run(), Status.Halt);
  const regs = [4, 5, 6, 8, 9, 10, 7, 11].map((r) => vm.getRegister(r));
  assert.deepEqual(regs, [2n, 7n, 7n, 5n, 0x1234n, 7n, 96n, 99n]);
});
