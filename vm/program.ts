/**
 * Program decoding: the Gray Paper "deblob" format, validated once and pre-decoded into fixed
 * records that the interpreter trusts.
 *
 * Blob: `varint(|j|) ++ u8(z) ++ varint(|c|) ++ j (z-byte LE entries) ++ c ++ k (bitmask)`.
 *
 * @example
 * ```ts
 * import { decodeProgram } from "./program.ts";
 * const program = decodeProgram(new Uint8Array([0, 0, 3, 190, 0x87, 9, 1]));
 * program.code.length; // 3
 * program.instructionCount; // 2 (add_32, then the implicit trap at the end)
 * ```
 * @module
 */

import { ProgramDecodeError } from "./errors.ts";
import { IS_DEFINED, IS_TERMINATOR, OPCODES } from "./opcodes.ts";
import { isOpcodeBit, newOperands, readOperands, skipAt } from "./operands.ts";
import { decodeVarint } from "./varint.ts";

/** Words per pre-decoded instruction record. */
export const STRIDE = 8;
/** Record field: opcode (0 = trap, also for undefined opcodes and non-instruction bytes). */
export const F_OP = 0;
/** Record field: register operand A. */
export const F_A = 1;
/** Record field: register operand B. */
export const F_B = 2;
/** Record field: register operand D. */
export const F_D = 3;
/** Record field: immediate X, low 32 bits. */
export const F_XLO = 4;
/** Record field: immediate X, high 32 bits. */
export const F_XHI = 5;
/**
 * Record field: the second operand — a resolved target (record offset, or -1 when the target is
 * not a basic-block start), or the low 32 bits of a second immediate / an address.
 */
export const F_Y = 6;
/** Record field: gas charged when execution enters the block at this record. */
export const F_COST = 7;

/** Largest code section accepted (64 MiB); larger blobs are rejected, not allocated. */
export const MAX_CODE_LENGTH = 1 << 26;
/** Largest jump table accepted, in entries. */
export const MAX_JUMP_TABLE_LENGTH = 1 << 24;

/** A validated, pre-decoded program. Immutable; share it between VM instances. */
export interface Program {
  /** The blob it was decoded from. */
  readonly blob: Uint8Array;
  /** The code section c. */
  readonly code: Uint8Array;
  /** The opcode bitmask k (⌈|c|/8⌉ bytes). */
  readonly bitmask: Uint8Array;
  /** Jump-table entries as encoded (code offsets). */
  readonly jumpTable: readonly number[];
  /** Jump-table entry size z in bytes. */
  readonly jumpTableEntrySize: number;
  /** Pre-decoded records, `STRIDE` words each (see the `F_*` fields). */
  readonly records: Int32Array;
  /** pc of each record. */
  readonly pcs: Uint32Array;
  /** Number of records. */
  readonly instructionCount: number;
  /** Record offset (index × STRIDE) for each pc in [0, |c|], or -1 where no record starts. */
  readonly recordAt: Int32Array;
  /** For each jump-table entry: its record offset, or -1 when it is not a basic-block start. */
  readonly jumpTargets: Int32Array;
  /** 1 for each code offset that is a basic-block start (the Gray Paper set ϖ). */
  readonly blockStarts: Uint8Array;
}

/**
 * Decodes and validates a program blob. Throws `ProgramDecodeError` naming what is wrong and
 * where; never anything else for any input.
 */
export function decodeProgram(blob: Uint8Array): Program {
  const jl = decodeVarint(blob, 0);
  if (jl === undefined) {
    throw new ProgramDecodeError("TRUNCATED", "blob ends inside the jump-table length", 0);
  }
  if (jl.value > MAX_JUMP_TABLE_LENGTH) {
    throw new ProgramDecodeError(
      "TOO_LARGE",
      `jump table has ${jl.value} entries; the limit is ${MAX_JUMP_TABLE_LENGTH}`,
      0,
    );
  }
  if (jl.next >= blob.length) {
    throw new ProgramDecodeError(
      "TRUNCATED",
      "blob ends before the jump-table entry size",
      jl.next,
    );
  }
  const z = blob[jl.next];
  if (z > 4) {
    throw new ProgramDecodeError(
      "BAD_ENTRY_SIZE",
      `jump-table entry size is ${z} bytes; at most 4 are allowed`,
      jl.next,
    );
  }
  const cl = decodeVarint(blob, jl.next + 1);
  if (cl === undefined) {
    throw new ProgramDecodeError("TRUNCATED", "blob ends inside the code length", jl.next + 1);
  }
  if (cl.value > MAX_CODE_LENGTH) {
    throw new ProgramDecodeError(
      "TOO_LARGE",
      `code length is ${cl.value} bytes; the limit is ${MAX_CODE_LENGTH}`,
      jl.next + 1,
    );
  }
  const jumpCount = jl.value;
  const codeLength = cl.value;
  const tableStart = cl.next;
  const codeStart = tableStart + jumpCount * z;
  const maskStart = codeStart + codeLength;
  const maskLength = Math.ceil(codeLength / 8);
  const end = maskStart + maskLength;
  if (end > blob.length) {
    const part = blob.length < codeStart
      ? "jump table"
      : blob.length < maskStart
      ? "code"
      : "opcode bitmask";
    throw new ProgramDecodeError(
      "TRUNCATED",
      `blob is ${blob.length} bytes but its header needs ${end} (${jumpCount} jump-table entries of ${z} bytes, ${codeLength} code bytes, ${maskLength} bitmask bytes); it ends inside the ${part}`,
      blob.length,
    );
  }
  if (end < blob.length) {
    throw new ProgramDecodeError(
      "TRAILING_BYTES",
      `${blob.length - end} unexpected bytes after the opcode bitmask`,
      end,
    );
  }
  const code = blob.subarray(codeStart, maskStart);
  const bitmask = blob.subarray(maskStart, end);
  if (codeLength % 8 !== 0 && (bitmask[maskLength - 1] >> (codeLength % 8)) !== 0) {
    throw new ProgramDecodeError(
      "BITMASK_PADDING",
      "padding bits after the last code byte in the opcode bitmask are not zero",
      end - 1,
    );
  }

  const jumpTable: number[] = new Array(jumpCount);
  for (let i = 0; i < jumpCount; i++) {
    let v = 0;
    for (let b = z - 1; b >= 0; b--) v = v * 256 + blob[tableStart + i * z + b];
    jumpTable[i] = v;
  }

  // Pass 1: record positions and basic-block starts.
  const positions: number[] = [];
  const blockStarts = new Uint8Array(codeLength);
  // ϖ = ({0} ∪ {next(n) : c_n ∈ T}) ∩ {n : k_n = 1 ∧ c_n ∈ U}. `startCandidate` is the one
  // position that may start a block next: 0 at first, then next(n) after a terminator n.
  let startCandidate = 0;
  for (let n = 0; n < codeLength; n++) {
    if (!isOpcodeBit(bitmask, codeLength, n)) continue;
    if (positions.length === 0 || positions[positions.length - 1] !== n) positions.push(n);
    const op = code[n];
    if (n === startCandidate && IS_DEFINED[op] === 1) blockStarts[n] = 1;
    const next = n + 1 + skipAt(bitmask, codeLength, n);
    // A skip capped at 24 can land on a byte that is not an opcode: it executes as trap.
    if (next < codeLength && !isOpcodeBit(bitmask, codeLength, next)) positions.push(next);
    startCandidate = IS_TERMINATOR[op] === 1 ? next : -1;
  }
  if (positions.length === 0 || positions[positions.length - 1] !== codeLength) {
    positions.push(codeLength);
  }

  const count = positions.length;
  const records = new Int32Array(count * STRIDE);
  const pcs = new Uint32Array(count);
  const recordAt = new Int32Array(codeLength + 1).fill(-1);
  const targets = new Float64Array(count).fill(NaN);
  const ops = newOperands();
  for (let i = 0; i < count; i++) {
    const pc = positions[i];
    const r = i * STRIDE;
    pcs[i] = pc;
    recordAt[pc] = r;
    records[r + F_Y] = 0;
    if (pc >= codeLength || !isOpcodeBit(bitmask, codeLength, pc)) continue; // trap
    const info = OPCODES[code[pc]];
    if (info === undefined) continue; // undefined opcode: trap
    readOperands(code, pc, skipAt(bitmask, codeLength, pc), info.layout, ops);
    records[r + F_OP] = info.code;
    records[r + F_A] = ops.a;
    records[r + F_B] = ops.b;
    records[r + F_D] = ops.d;
    switch (info.layout) {
      case "D": // store_imm_uN [x] = y
      case "G": // store_imm_ind_uN [rA + x] = y
        records[r + F_XLO] = ops.y;
        records[r + F_XHI] = ops.y >> 31;
        records[r + F_Y] = ops.x;
        break;
      case "E":
      case "H":
      case "K":
        records[r + F_XLO] = ops.x;
        records[r + F_XHI] = ops.xHi;
        targets[i] = ops.target;
        break;
      default:
        records[r + F_XLO] = ops.x;
        records[r + F_XHI] = ops.xHi;
        records[r + F_Y] = ops.y;
    }
  }

  // Pass 2: resolve static targets; only basic-block starts are valid targets.
  const resolve = (t: number): number =>
    t >= 0 && t < codeLength && blockStarts[t] === 1 ? recordAt[t] : -1;
  for (let i = 0; i < count; i++) {
    if (!Number.isNaN(targets[i])) records[i * STRIDE + F_Y] = resolve(targets[i]);
  }
  const jumpTargets = new Int32Array(jumpCount);
  for (let i = 0; i < jumpCount; i++) jumpTargets[i] = resolve(jumpTable[i]);

  // Pass 3: block cost from each record = instructions up to and including the next terminator.
  // Every record whose opcode field is 0 (trap, undefined, non-instruction byte) terminates.
  for (let i = count - 1; i >= 0; i--) {
    const r = i * STRIDE;
    const op = records[r + F_OP];
    records[r + F_COST] = op === 0 || IS_TERMINATOR[op] === 1 || i === count - 1
      ? 1
      : 1 + records[r + STRIDE + F_COST];
  }

  return {
    blob,
    code,
    bitmask,
    jumpTable,
    jumpTableEntrySize: z,
    records,
    pcs,
    instructionCount: count,
    recordAt,
    jumpTargets,
    blockStarts,
  };
}
