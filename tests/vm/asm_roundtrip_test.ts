// assemble(disassemble(blob)) reproduces the blob byte for byte: for every conformance vector
// program, the bench programs, seeded random plain blobs (random opcode and operand bytes and
// bitmasks, decodable but mostly malformed), mutated vector programs, and standard programs
// with data sections.

import assert from "node:assert/strict";
import { assemble } from "../../vm/assembler.ts";
import { disassemble } from "../../vm/disassembler.ts";
import { parseVector } from "../../vm/conformance.ts";
import { ALL_OPCODES } from "../../vm/opcodes.ts";
import { decodeProgram } from "../../vm/program.ts";
import { decodeStandardProgram, encodeStandardProgram } from "../../vm/standard.ts";
import { encodeVarint } from "../../vm/varint.ts";

const VECTORS = new URL("../fixtures/pvm-vectors/", import.meta.url);
const BENCH = new URL("../fixtures/pvm-bench/programs.json", import.meta.url);

/** SplitMix32: a seeded PRNG, so every run tests the same programs. */
class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  u32(): number {
    this.#s = (this.#s + 0x9e3779b9) >>> 0;
    let z = this.#s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** 0 … n−1. */
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Round-trips one blob; returns the text, or throws with the blob and the text. */
function roundTrip(blob: Uint8Array, what: string): string {
  let text = "";
  try {
    text = disassemble(blob);
    const back = assemble(text).blob;
    assert.equal(hex(back), hex(blob));
    return text;
  } catch (e) {
    throw new Error(
      `${what}: round trip failed for ${hex(blob)}\n${text}\n${(e as Error).message}`,
    );
  }
}

/** A varint of exactly `width` bytes (the decoder accepts non-shortest forms). */
function varintOfWidth(value: number, width: number): number[] {
  const len = width - 1;
  const out = [0];
  let rest = value;
  for (let i = 0; i < len; i++) {
    out.push(rest % 256);
    rest = Math.floor(rest / 256);
  }
  out[0] = len === 8 ? 255 : 256 - 2 ** (8 - len) + rest;
  return out;
}

function plainBlob(
  code: Uint8Array,
  bitmask: Uint8Array,
  jumpTable: number[],
  z: number,
  widths?: [number, number],
): Uint8Array {
  const jl = widths
    ? varintOfWidth(jumpTable.length, widths[0])
    : [...encodeVarint(jumpTable.length)];
  const cl = widths ? varintOfWidth(code.length, widths[1]) : [...encodeVarint(code.length)];
  const table: number[] = [];
  for (const e of jumpTable) for (let i = 0; i < z; i++) table.push(Math.floor(e / 256 ** i) % 256);
  return Uint8Array.from([...jl, z, ...cl, ...table, ...code, ...bitmask]);
}

/** A random, decodable plain blob: random code bytes, bitmask, jump table and header widths. */
function randomPlain(rng: Rng): Uint8Array {
  const n = rng.chance(0.05) ? 0 : rng.chance(0.6) ? 1 + rng.int(40) : 40 + rng.int(260);
  const code = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    code[i] = rng.chance(0.5) ? ALL_OPCODES[rng.int(ALL_OPCODES.length)].code : rng.int(256);
  }
  const bitmask = new Uint8Array(Math.ceil(n / 8));
  const mode = rng.int(3);
  const density = 0.05 + rng.int(90) / 100;
  for (let i = 0; i < n;) {
    bitmask[i >> 3] |= 1 << (i & 7);
    if (mode === 0) { // instruction-like spacing, sometimes past the 24-byte skip cap
      i += 1 + (rng.chance(0.03) ? 24 + rng.int(8) : rng.int(12));
    } else if (mode === 1) { // independent bits
      i++;
      while (i < n && !rng.chance(density)) i++;
    } else i++; // every byte an opcode
  }
  if (n > 0 && rng.chance(0.15)) bitmask[0] &= 0xfe; // stray bytes before the first opcode
  if (n > 0 && rng.chance(0.03)) bitmask.fill(0); // no opcode at all
  const z = rng.int(5);
  const count = rng.chance(0.5) ? 0 : rng.int(6);
  const jumpTable: number[] = [];
  for (let i = 0; i < count; i++) {
    const max = 2 ** (8 * z);
    jumpTable.push(rng.chance(0.6) && n > 0 ? Math.min(rng.int(n + 1), max - 1) : rng.u32() % max);
  }
  const widths: [number, number] | undefined = rng.chance(0.1)
    ? [encodeVarint(count).length + rng.int(3), encodeVarint(n).length + rng.int(3)]
    : undefined;
  return plainBlob(code, bitmask, jumpTable, z, widths);
}

async function vectorPrograms(): Promise<{ name: string; program: Uint8Array }[]> {
  const out: { name: string; program: Uint8Array }[] = [];
  for await (const e of Deno.readDir(VECTORS)) {
    if (!e.isFile || !e.name.endsWith(".json")) continue;
    const c = parseVector(await Deno.readTextFile(new URL(e.name, VECTORS)));
    out.push({ name: e.name, program: c.program });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

Deno.test("round trip: all 307 vector programs and the 3 bench programs, byte for byte", async () => {
  const vectors = await vectorPrograms();
  assert.equal(vectors.length, 307);
  for (const v of vectors) roundTrip(v.program, v.name);
  const bench = JSON.parse(await Deno.readTextFile(BENCH)) as {
    name: string;
    program_hex: string;
  }[];
  assert.equal(bench.length, 3);
  for (const b of bench) {
    const blob = Uint8Array.from(b.program_hex.match(/../g)!, (h) => parseInt(h, 16));
    const text = roundTrip(blob, b.name);
    // The bench programs pad branch offsets to 4 bytes, which only `.raw` reproduces.
    assert.match(text, /\.raw /);
  }
});

Deno.test("round trip: vector disassembly uses instructions, not raw bytes", async () => {
  let instructions = 0;
  for (const v of await vectorPrograms()) {
    const text = disassemble(v.program);
    assert.doesNotMatch(text, /\.raw|\.bytes/, v.name);
    instructions += text.split("\n").filter((l) => /^ {4}[a-z]/.test(l)).length;
  }
  assert.ok(instructions > 600, `only ${instructions} instructions printed`);
});

Deno.test("round trip: 3000 seeded random plain blobs (malformed but decodable)", () => {
  const rng = new Rng(0x5eed_0001);
  const seen = { raw: 0, insn: 0, bytes: 0, labels: 0, at: 0, varint: 0, empty: 0 };
  for (let i = 0; i < 3000; i++) {
    const blob = randomPlain(rng);
    decodeProgram(blob); // the generator only makes decodable blobs
    const text = roundTrip(blob, `random plain #${i}`);
    seen.raw += (text.match(/^ {4}\.raw /gm) ?? []).length;
    seen.insn += (text.match(/^ {4}[a-z]/gm) ?? []).length;
    seen.bytes += (text.match(/^ {4}\.bytes /gm) ?? []).length;
    seen.labels += (text.match(/^L\d+:/gm) ?? []).length;
    seen.at += (text.match(/[ ,]@-?\d+/g) ?? []).length;
    seen.varint += text.includes(".varint_sizes") ? 1 : 0;
    seen.empty += decodeProgram(blob).code.length === 0 ? 1 : 0;
  }
  // Every path of the disassembler was taken many times.
  for (const [k, v] of Object.entries(seen)) assert.ok(v >= 20, `${k}: only ${v}`);
});

Deno.test("round trip: 1000 mutated vector programs", async () => {
  const rng = new Rng(0x5eed_0002);
  const vectors = await vectorPrograms();
  for (let i = 0; i < 1000; i++) {
    const p = decodeProgram(vectors[rng.int(vectors.length)].program);
    const code = p.code.slice();
    const bitmask = p.bitmask.slice();
    for (let m = 1 + rng.int(4); m > 0 && code.length > 0; m--) {
      const at = rng.int(code.length);
      if (rng.chance(0.5)) code[at] ^= 1 << rng.int(8);
      else bitmask[at >> 3] ^= 1 << (at & 7);
    }
    const blob = plainBlob(code, bitmask, [...p.jumpTable], p.jumpTableEntrySize);
    roundTrip(blob, `mutated #${i}`);
  }
});

function randomData(rng: Rng): Uint8Array {
  const out: number[] = [];
  for (let parts = rng.int(5); parts > 0; parts--) {
    const kind = rng.int(3);
    const len = rng.int(kind === 0 ? 300 : 40);
    for (let i = 0; i < len; i++) {
      out.push(kind === 0 ? 0 : kind === 1 ? 0x20 + rng.int(95) : rng.int(256));
    }
  }
  if (rng.chance(0.2)) {
    out.push(...'quote " and \\ backslash\n\ttab'.split("").map((c) => c.charCodeAt(0)));
  }
  return Uint8Array.from(out);
}

Deno.test("round trip: 500 seeded random standard programs with data sections", () => {
  const rng = new Rng(0x5eed_0003);
  for (let i = 0; i < 500; i++) {
    const blob = encodeStandardProgram({
      roData: randomData(rng),
      rwData: randomData(rng),
      heapPages: rng.chance(0.5) ? 0 : rng.int(300),
      stackSize: rng.chance(0.3) ? 0 : rng.int(1 << 20),
      code: randomPlain(rng),
    });
    const text = roundTrip(blob, `random standard #${i}`);
    assert.match(text, /^\.standard$/m);
    // Explicitly selected format gives the same text.
    assert.equal(disassemble(blob, { format: "standard" }), text);
    const std = decodeStandardProgram(assemble(text).blob);
    assert.equal(std.stackSize, decodeStandardProgram(blob).stackSize);
  }
});

Deno.test("round trip: pc comments change nothing", async () => {
  for (const v of (await vectorPrograms()).slice(0, 40)) {
    const text = disassemble(v.program, { pcComments: true });
    assert.match(text, /; @0/);
    assert.equal(hex(assemble(text).blob), hex(v.program));
  }
});

Deno.test("round trip: two branches whose long offsets hold each other up (not the shortest layout)", () => {
  // B (a backward jump) and A (a forward branch over B) each need a 2-byte offset only because
  // the other has one; with both short, both fit in 1 byte. The assembler picks the short
  // layout, so the disassembler must print these branches as .raw to reproduce the blob.
  const fill = (n: number) => Array(n).fill(1); // fallthrough
  const code = [
    ...fill(25), // 0..24; L0 at 0
    170,
    0x21,
    0x80,
    0x00, // 25: branch_eq r1, r2, +128 → 153
    ...fill(100), // 29..128
    40,
    0x7f,
    0xff, // 129: jump −129 → 0
    ...fill(21), // 132..152
    0, // 153: trap
  ];
  const bitmask = new Uint8Array(Math.ceil(code.length / 8)).fill(0xff);
  const clear = (i: number) => bitmask[i >> 3] &= ~(1 << (i & 7));
  for (const i of [26, 27, 28, 130, 131]) clear(i);
  for (let i = code.length; i < bitmask.length * 8; i++) clear(i);
  const blob = plainBlob(Uint8Array.from(code), bitmask, [], 0);
  const p = decodeProgram(blob);
  assert.equal(p.code[153], 0);
  const text = roundTrip(blob, "mutual long offsets");
  assert.match(text, /\.raw 0xaa, 0x21, 0x80, 0x00|\.raw 0x28, 0x7f, 0xff/);
  // Written as plain instructions, the same program assembles to the short layout.
  const short =
    assemble(text.replace(/^ {4}\.raw .*; (branch_eq .*|jump .*) \(.*$/gm, "    $1")).code;
  assert.equal(short.length, code.length - 2);
});

Deno.test("round trip: 300 seeded random programs written as text, with labels and branches", () => {
  const rng = new Rng(0x5eed_0004);
  const reg = () => `r${rng.int(13)}`;
  const imm = () => [0, 1, -1, 127, 128, -129, 40000, -70000, 0x7fffffff][rng.int(9)];
  for (let p = 0; p < 300; p++) {
    const labels = Array.from({ length: 1 + rng.int(6) }, (_, i) => `l${i}`);
    const lines: string[] = [
      `.jump_table ${labels.slice(0, 1 + rng.int(labels.length)).join(", ")}`,
    ];
    const placed = new Set<string>();
    for (let i = 0, n = 5 + rng.int(200); i < n; i++) {
      if (rng.chance(0.1) && placed.size < labels.length) {
        const l = labels[placed.size];
        placed.add(l);
        lines.push(`${l}:`);
      }
      const target = () => rng.chance(0.9) ? labels[rng.int(labels.length)] : `@${rng.int(300)}`;
      const pick = rng.int(6);
      if (pick === 0) lines.push(`  branch_lt_u ${reg()}, ${reg()}, ${target()}`);
      else if (pick === 1) lines.push(`  branch_ne_imm ${reg()}, ${imm()}, ${target()}`);
      else if (pick === 2) lines.push(`  jump ${target()}`);
      else if (pick === 3) lines.push(`  add_imm_64 ${reg()}, ${reg()}, ${imm()}`);
      else if (pick === 4) lines.push(`  store_imm_ind_u32 [${reg()} + ${imm()}], ${imm()}`);
      else lines.push(...Array(rng.int(150)).fill("  fallthrough"));
    }
    for (const l of labels) if (!placed.has(l)) lines.push(`${l}:`);
    lines.push("  trap");
    const blob = assemble(lines.join("\n")).blob;
    const text = roundTrip(blob, `text program #${p}`);
    // What the assembler wrote is canonical: the disassembly needs no .raw at all.
    assert.doesNotMatch(text, /\.raw/, `text program #${p}`);
  }
});
