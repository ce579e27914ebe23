/**
 * The PVM instruction set of Gray Paper v0.7.2: every opcode's number, mnemonic and operand
 * layout. The decoder, the assembler and the disassembler all read this one table.
 *
 * @example
 * ```ts
 * import { OPCODES, opcodeByName } from "./opcodes.ts";
 * opcodeByName("add_64")!.code; // 200
 * OPCODES[200]!.layout; // "M"
 * ```
 * @module
 */

/**
 * Operand layouts (Gray Paper A.5.1–A.5.13), named by letter:
 *
 * - `A` no operands · `B` one immediate · `C` register + 64-bit immediate · `D` two immediates
 * - `E` one offset · `F` register + immediate · `G` register + two immediates
 * - `H` register + immediate + offset · `I` two registers · `J` two registers + immediate
 * - `K` two registers + offset · `L` two registers + two immediates · `M` three registers
 */
export type Layout = "A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I" | "J" | "K" | "L" | "M";

/** One opcode of the instruction set. */
export interface OpcodeInfo {
  /** The byte value in the code. */
  readonly code: number;
  /** Mnemonic, as in the Gray Paper (snake case). */
  readonly name: string;
  /** Operand layout. */
  readonly layout: Layout;
  /** Whether the instruction ends a basic block (Gray Paper set T). */
  readonly terminator: boolean;
}

const TABLE: ReadonlyArray<readonly [number, string, Layout]> = [
  [0, "trap", "A"],
  [1, "fallthrough", "A"],
  [10, "ecalli", "B"],
  [20, "load_imm_64", "C"],
  [30, "store_imm_u8", "D"],
  [31, "store_imm_u16", "D"],
  [32, "store_imm_u32", "D"],
  [33, "store_imm_u64", "D"],
  [40, "jump", "E"],
  [50, "jump_ind", "F"],
  [51, "load_imm", "F"],
  [52, "load_u8", "F"],
  [53, "load_i8", "F"],
  [54, "load_u16", "F"],
  [55, "load_i16", "F"],
  [56, "load_u32", "F"],
  [57, "load_i32", "F"],
  [58, "load_u64", "F"],
  [59, "store_u8", "F"],
  [60, "store_u16", "F"],
  [61, "store_u32", "F"],
  [62, "store_u64", "F"],
  [70, "store_imm_ind_u8", "G"],
  [71, "store_imm_ind_u16", "G"],
  [72, "store_imm_ind_u32", "G"],
  [73, "store_imm_ind_u64", "G"],
  [80, "load_imm_jump", "H"],
  [81, "branch_eq_imm", "H"],
  [82, "branch_ne_imm", "H"],
  [83, "branch_lt_u_imm", "H"],
  [84, "branch_le_u_imm", "H"],
  [85, "branch_ge_u_imm", "H"],
  [86, "branch_gt_u_imm", "H"],
  [87, "branch_lt_s_imm", "H"],
  [88, "branch_le_s_imm", "H"],
  [89, "branch_ge_s_imm", "H"],
  [90, "branch_gt_s_imm", "H"],
  [100, "move_reg", "I"],
  [101, "sbrk", "I"],
  [102, "count_set_bits_64", "I"],
  [103, "count_set_bits_32", "I"],
  [104, "leading_zero_bits_64", "I"],
  [105, "leading_zero_bits_32", "I"],
  [106, "trailing_zero_bits_64", "I"],
  [107, "trailing_zero_bits_32", "I"],
  [108, "sign_extend_8", "I"],
  [109, "sign_extend_16", "I"],
  [110, "zero_extend_16", "I"],
  [111, "reverse_bytes", "I"],
  [120, "store_ind_u8", "J"],
  [121, "store_ind_u16", "J"],
  [122, "store_ind_u32", "J"],
  [123, "store_ind_u64", "J"],
  [124, "load_ind_u8", "J"],
  [125, "load_ind_i8", "J"],
  [126, "load_ind_u16", "J"],
  [127, "load_ind_i16", "J"],
  [128, "load_ind_u32", "J"],
  [129, "load_ind_i32", "J"],
  [130, "load_ind_u64", "J"],
  [131, "add_imm_32", "J"],
  [132, "and_imm", "J"],
  [133, "xor_imm", "J"],
  [134, "or_imm", "J"],
  [135, "mul_imm_32", "J"],
  [136, "set_lt_u_imm", "J"],
  [137, "set_lt_s_imm", "J"],
  [138, "shlo_l_imm_32", "J"],
  [139, "shlo_r_imm_32", "J"],
  [140, "shar_r_imm_32", "J"],
  [141, "neg_add_imm_32", "J"],
  [142, "set_gt_u_imm", "J"],
  [143, "set_gt_s_imm", "J"],
  [144, "shlo_l_imm_alt_32", "J"],
  [145, "shlo_r_imm_alt_32", "J"],
  [146, "shar_r_imm_alt_32", "J"],
  [147, "cmov_iz_imm", "J"],
  [148, "cmov_nz_imm", "J"],
  [149, "add_imm_64", "J"],
  [150, "mul_imm_64", "J"],
  [151, "shlo_l_imm_64", "J"],
  [152, "shlo_r_imm_64", "J"],
  [153, "shar_r_imm_64", "J"],
  [154, "neg_add_imm_64", "J"],
  [155, "shlo_l_imm_alt_64", "J"],
  [156, "shlo_r_imm_alt_64", "J"],
  [157, "shar_r_imm_alt_64", "J"],
  [158, "rot_r_64_imm", "J"],
  [159, "rot_r_64_imm_alt", "J"],
  [160, "rot_r_32_imm", "J"],
  [161, "rot_r_32_imm_alt", "J"],
  [170, "branch_eq", "K"],
  [171, "branch_ne", "K"],
  [172, "branch_lt_u", "K"],
  [173, "branch_lt_s", "K"],
  [174, "branch_ge_u", "K"],
  [175, "branch_ge_s", "K"],
  [180, "load_imm_jump_ind", "L"],
  [190, "add_32", "M"],
  [191, "sub_32", "M"],
  [192, "mul_32", "M"],
  [193, "div_u_32", "M"],
  [194, "div_s_32", "M"],
  [195, "rem_u_32", "M"],
  [196, "rem_s_32", "M"],
  [197, "shlo_l_32", "M"],
  [198, "shlo_r_32", "M"],
  [199, "shar_r_32", "M"],
  [200, "add_64", "M"],
  [201, "sub_64", "M"],
  [202, "mul_64", "M"],
  [203, "div_u_64", "M"],
  [204, "div_s_64", "M"],
  [205, "rem_u_64", "M"],
  [206, "rem_s_64", "M"],
  [207, "shlo_l_64", "M"],
  [208, "shlo_r_64", "M"],
  [209, "shar_r_64", "M"],
  [210, "and", "M"],
  [211, "xor", "M"],
  [212, "or", "M"],
  [213, "mul_upper_s_s", "M"],
  [214, "mul_upper_u_u", "M"],
  [215, "mul_upper_s_u", "M"],
  [216, "set_lt_u", "M"],
  [217, "set_lt_s", "M"],
  [218, "cmov_iz", "M"],
  [219, "cmov_nz", "M"],
  [220, "rot_l_64", "M"],
  [221, "rot_l_32", "M"],
  [222, "rot_r_64", "M"],
  [223, "rot_r_32", "M"],
  [224, "and_inv", "M"],
  [225, "or_inv", "M"],
  [226, "xnor", "M"],
  [227, "max", "M"],
  [228, "max_u", "M"],
  [229, "min", "M"],
  [230, "min_u", "M"],
];

const TERMINATORS = new Set<number>([
  0,
  1,
  40,
  50,
  80,
  81,
  82,
  83,
  84,
  85,
  86,
  87,
  88,
  89,
  90,
  170,
  171,
  172,
  173,
  174,
  175,
  180,
]);

/** Opcode info indexed by byte value; `undefined` for the 117 undefined byte values. */
export const OPCODES: ReadonlyArray<OpcodeInfo | undefined> = (() => {
  const out: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
  for (const [code, name, layout] of TABLE) {
    out[code] = Object.freeze({ code, name, layout, terminator: TERMINATORS.has(code) });
  }
  return Object.freeze(out);
})();

/** Every defined opcode, in numeric order. */
export const ALL_OPCODES: ReadonlyArray<OpcodeInfo> = OPCODES.filter(
  (o): o is OpcodeInfo => o !== undefined,
);

const BY_NAME = new Map<string, OpcodeInfo>(ALL_OPCODES.map((o) => [o.name, o]));

/** Looks an opcode up by mnemonic. */
export function opcodeByName(name: string): OpcodeInfo | undefined {
  return BY_NAME.get(name);
}

/** 1 for each byte value that is a defined opcode (the Gray Paper set U), else 0. */
export const IS_DEFINED: Uint8Array = Uint8Array.from(
  { length: 256 },
  (_, i) => OPCODES[i] ? 1 : 0,
);

/** 1 for each byte value that terminates a basic block (the Gray Paper set T), else 0. */
export const IS_TERMINATOR: Uint8Array = Uint8Array.from(
  { length: 256 },
  (_, i) => TERMINATORS.has(i) ? 1 : 0,
);
