// Every register/immediate ALU opcode and every branch, checked against a BigInt reference
// model written from the Gray Paper text (independent of the interpreter's 32-bit-halves code),
// on edge-biased random operands.
import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { Vm } from "../../vm/interpreter.ts";
import { OPCODES } from "../../vm/opcodes.ts";
import { blob, imm } from "../_util/blob.ts";
import { Prng } from "../_util/prng.ts";

const MASK = (1n << 64n) - 1n;
const u = (x: bigint) => x & MASK;
const s = (x: bigint) => BigInt.asIntN(64, x);
const s32 = (x: bigint) => BigInt.asUintN(64, BigInt.asIntN(32, x));
const lo32 = (x: bigint) => x & 0xffffffffn;
const i32 = (x: bigint) => BigInt.asIntN(32, x);
const rotl64 = (x: bigint, n: bigint) => u((x << n) | (x >> ((64n - n) % 64n)));
const rotr64 = (x: bigint, n: bigint) => u((x >> n) | (x << ((64n - n) % 64n)));
const rotr32 = (x: bigint, n: bigint) => lo32((lo32(x) >> n) | (lo32(x) << ((32n - n) % 32n)));
const popcount = (x: bigint) => BigInt([...x.toString(2)].filter((c) => c === "1").length);
const clz = (x: bigint, w: number) => BigInt(x === 0n ? w : w - x.toString(2).length);
const ctz = (x: bigint, w: number) => {
  if (x === 0n) return BigInt(w);
  let n = 0n;
  while (((x >> n) & 1n) === 0n) n++;
  return n;
};
const MIN64 = -(1n << 63n);
const MIN32 = -(1n << 31n);

/** rD = f(rA, rB, old rD) for three-register opcodes. */
const THREE: Record<number, (a: bigint, b: bigint, d: bigint) => bigint> = {
  190: (a, b) => s32(a + b),
  191: (a, b) => s32(a - b),
  192: (a, b) => s32(a * b),
  193: (a, b) => lo32(b) === 0n ? MASK : s32(lo32(a) / lo32(b)),
  194: (a, b) =>
    i32(b) === 0n ? MASK : i32(a) === MIN32 && i32(b) === -1n ? s32(a) : s32(i32(a) / i32(b)),
  195: (a, b) => lo32(b) === 0n ? s32(a) : s32(lo32(a) % lo32(b)),
  196: (a, b) =>
    i32(b) === 0n ? s32(a) : i32(a) === MIN32 && i32(b) === -1n ? 0n : s32(i32(a) % i32(b)),
  197: (a, b) => s32(a << (b % 32n)),
  198: (a, b) => s32(lo32(a) >> (b % 32n)),
  199: (a, b) => s32(i32(a) >> (b % 32n)),
  200: (a, b) => u(a + b),
  201: (a, b) => u(a - b),
  202: (a, b) => u(a * b),
  203: (a, b) => b === 0n ? MASK : a / b,
  204: (a, b) => b === 0n ? MASK : s(a) === MIN64 && s(b) === -1n ? a : u(s(a) / s(b)),
  205: (a, b) => b === 0n ? a : a % b,
  206: (a, b) => b === 0n ? a : s(a) === MIN64 && s(b) === -1n ? 0n : u(s(a) % s(b)),
  207: (a, b) => u(a << (b % 64n)),
  208: (a, b) => a >> (b % 64n),
  209: (a, b) => u(s(a) >> (b % 64n)),
  210: (a, b) => a & b,
  211: (a, b) => a ^ b,
  212: (a, b) => a | b,
  213: (a, b) => u((s(a) * s(b)) >> 64n),
  214: (a, b) => (a * b) >> 64n,
  215: (a, b) => u((s(a) * b) >> 64n),
  216: (a, b) => a < b ? 1n : 0n,
  217: (a, b) => s(a) < s(b) ? 1n : 0n,
  218: (a, b, d) => b === 0n ? a : d,
  219: (a, b, d) => b !== 0n ? a : d,
  220: (a, b) => rotl64(a, b % 64n),
  221: (a, b) => s32(rotr32(a, (32n - (b % 32n)) % 32n)),
  222: (a, b) => rotr64(a, b % 64n),
  223: (a, b) => s32(rotr32(a, b % 32n)),
  224: (a, b) => a & u(~b),
  225: (a, b) => a | u(~b),
  226: (a, b) => u(~(a ^ b)),
  227: (a, b) => s(a) > s(b) ? a : b,
  228: (a, b) => a > b ? a : b,
  229: (a, b) => s(a) < s(b) ? a : b,
  230: (a, b) => a < b ? a : b,
};

/** rA = f(rB, x, old rA) for two-register + immediate opcodes (x already sign-extended). */
const TWO_IMM: Record<number, (b: bigint, x: bigint, a: bigint) => bigint> = {
  131: (b, x) => s32(b + x),
  132: (b, x) => b & x,
  133: (b, x) => b ^ x,
  134: (b, x) => b | x,
  135: (b, x) => s32(b * x),
  136: (b, x) => b < x ? 1n : 0n,
  137: (b, x) => s(b) < s(x) ? 1n : 0n,
  138: (b, x) => s32(b << (x % 32n)),
  139: (b, x) => s32(lo32(b) >> (x % 32n)),
  140: (b, x) => s32(i32(b) >> (x % 32n)),
  141: (b, x) => s32(x - b),
  142: (b, x) => b > x ? 1n : 0n,
  143: (b, x) => s(b) > s(x) ? 1n : 0n,
  144: (b, x) => s32(x << (b % 32n)),
  145: (b, x) => s32(lo32(x) >> (b % 32n)),
  146: (b, x) => s32(i32(x) >> (b % 32n)),
  147: (b, x, a) => b === 0n ? x : a,
  148: (b, x, a) => b !== 0n ? x : a,
  149: (b, x) => u(b + x),
  150: (b, x) => u(b * x),
  151: (b, x) => u(b << (x % 64n)),
  152: (b, x) => b >> (x % 64n),
  153: (b, x) => u(s(b) >> (x % 64n)),
  154: (b, x) => u(x - b),
  155: (b, x) => u(x << (b % 64n)),
  156: (b, x) => x >> (b % 64n),
  157: (b, x) => u(s(x) >> (b % 64n)),
  158: (b, x) => rotr64(b, x % 64n),
  159: (b, x) => rotr64(x, b % 64n),
  160: (b, x) => s32(rotr32(b, x % 32n)),
  161: (b, x) => s32(rotr32(x, b % 32n)),
};

/** rD = f(rA) for two-register opcodes. */
const TWO: Record<number, (a: bigint) => bigint> = {
  100: (a) => a,
  102: (a) => popcount(a),
  103: (a) => popcount(lo32(a)),
  104: (a) => clz(a, 64),
  105: (a) => clz(lo32(a), 32),
  106: (a) => ctz(a, 64),
  107: (a) => ctz(lo32(a), 32),
  108: (a) => u(BigInt.asIntN(8, a)),
  109: (a) => u(BigInt.asIntN(16, a)),
  110: (a) => a & 0xffffn,
  111: (a) => {
    let r = 0n;
    for (let i = 0n; i < 8n; i++) r |= ((a >> (8n * i)) & 0xffn) << (8n * (7n - i));
    return r;
  },
};

/** Branch condition on (rA, other) where other is rB or the immediate. */
const BRANCH: Record<number, (a: bigint, b: bigint) => boolean> = {
  81: (a, b) => a === b,
  82: (a, b) => a !== b,
  83: (a, b) => a < b,
  84: (a, b) => a <= b,
  85: (a, b) => a >= b,
  86: (a, b) => a > b,
  87: (a, b) => s(a) < s(b),
  88: (a, b) => s(a) <= s(b),
  89: (a, b) => s(a) >= s(b),
  90: (a, b) => s(a) > s(b),
  170: (a, b) => a === b,
  171: (a, b) => a !== b,
  172: (a, b) => a < b,
  173: (a, b) => s(a) < s(b),
  174: (a, b) => a >= b,
  175: (a, b) => s(a) >= s(b),
};

const ROUNDS = 300;

function run(code: number[][], regs: Record<number, bigint>): Vm {
  const vm = new Vm(decodeProgram(blob(code)), { gas: 100n });
  for (const [r, v] of Object.entries(regs)) vm.setRegister(Number(r), v);
  vm.run();
  return vm;
}

Deno.test("three-register opcodes match the BigInt reference", () => {
  const rng = new Prng(1);
  for (const [op, f] of Object.entries(THREE)) {
    for (let i = 0; i < ROUNDS; i++) {
      const a = rng.u64(), b = rng.u64(), d = rng.u64();
      const vm = run([[Number(op), (2 << 4) | 1, 3], [0]], { 1: a, 2: b, 3: d });
      assert.equal(
        vm.getRegister(3),
        f(a, b, d),
        `${OPCODES[Number(op)]!.name}(${a}, ${b}) with old rD ${d}`,
      );
    }
  }
});

Deno.test("two-register + immediate opcodes match the BigInt reference", () => {
  const rng = new Prng(2);
  for (const [op, f] of Object.entries(TWO_IMM)) {
    for (let i = 0; i < ROUNDS; i++) {
      const b = rng.u64(), a = rng.u64();
      const x32 = rng.int(4) === 0 ? rng.pick([0, 1, -1, 31, 32, 63, 64, -2147483648]) : rng.u32();
      const x = u(BigInt(x32 | 0));
      const vm = run([[Number(op), (2 << 4) | 1, ...imm(x32)], [0]], { 1: a, 2: b });
      assert.equal(vm.getRegister(1), f(b, x, a), `${OPCODES[Number(op)]!.name}(${b}, ${x})`);
    }
  }
});

Deno.test("two-register opcodes match the BigInt reference", () => {
  const rng = new Prng(3);
  for (const [op, f] of Object.entries(TWO)) {
    for (let i = 0; i < ROUNDS; i++) {
      const a = rng.u64();
      const vm = run([[Number(op), (2 << 4) | 3], [0]], { 2: a });
      assert.equal(vm.getRegister(3), f(a), `${OPCODES[Number(op)]!.name}(${a})`);
    }
  }
});

Deno.test("branches are taken exactly when the reference condition holds", () => {
  const rng = new Prng(4);
  for (const [op, cond] of Object.entries(BRANCH)) {
    const code = Number(op);
    for (let i = 0; i < ROUNDS; i++) {
      const a = rng.u64();
      let other: bigint, ins: number[];
      if (code >= 170) {
        other = rng.int(3) === 0 ? a : rng.u64();
        ins = [code, (2 << 4) | 1];
      } else {
        const x32 = rng.int(3) === 0 ? Number(BigInt.asIntN(32, a)) : rng.u32() | 0;
        other = u(BigInt(x32));
        const bytes = imm(x32);
        ins = [code, (bytes.length << 4) | 1, ...bytes];
      }
      // branch → +L+1 ; trap at L (not taken) ; trap at L+1 (taken)
      const len = ins.length + 1;
      ins.push(len + 1);
      const vm = run([ins, [0], [0]], { 1: a, 2: other });
      const taken = cond(a, other);
      assert.equal(
        vm.exitPc,
        taken ? len + 1 : len,
        `${OPCODES[code]!.name}(${a}, ${other}) should ${taken ? "" : "not "}branch`,
      );
    }
  }
});
