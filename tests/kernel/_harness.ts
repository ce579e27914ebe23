/**
 * Test helpers for kernel guests: assemble with the kernel's symbols, build chain and child
 * Images with sensible defaults, make a genesis σ, run single events, and look into the chain's
 * cnode after an event.
 * @module
 */

import { assemble } from "../../vm/mod.ts";
import {
  type Cap,
  chainInstance,
  CNodeCap,
  deriveValidatorKeys,
  encodeImage,
  genesis,
  type Image,
  imageHashOf,
  type Mapping,
  runEvent,
  type State,
} from "../../kernel/mod.ts";
import { KERNEL_ASM_SYMBOLS } from "../../kernel/asm_symbols.ts";

/** Assembles guest code with the kernel symbols plus `extra`. */
export function asm(text: string, extra: Record<string, bigint> = {}): Uint8Array {
  return assemble(text, { symbols: { ...KERNEL_ASM_SYMBOLS, ...extra } }).blob;
}

/** Scratch memory every test Image maps: 0x10000, one page, ephemeral. */
export const SCRATCH = 0x10000;

/** A chain Image running `code` (endpoint 0 at pc 0; more endpoints via `labels`). */
export function chainImage(
  code: string,
  over: Partial<Image> = {},
  extra: Record<string, bigint> = {},
): Image {
  return {
    code: asm(code, extra),
    endpoints: [{ index: 0, pc: 0, argRegisters: 4, initialRegisters: [] }],
    mappings: [{ start: SCRATCH, size: 4096, slot: null } as Mapping],
    gasSlots: [7],
    quotaSlots: [8],
    pinnedSlots: [],
    initialSlots: [],
    yieldMarkerSlot: 9,
    ...over,
  };
}

/** A child Image: gas slot 1, quota slot 2, yield slot 3, scratch page. */
export function childImage(
  code: string,
  over: Partial<Image> = {},
  extra: Record<string, bigint> = {},
): Image {
  return {
    code: asm(code, extra),
    endpoints: [{ index: 0, pc: 0, argRegisters: 4, initialRegisters: [] }],
    mappings: [{ start: SCRATCH, size: 4096, slot: null }],
    gasSlots: [1],
    quotaSlots: [2],
    pinnedSlots: [],
    initialSlots: [],
    yieldMarkerSlot: 3,
    ...over,
  };
}

/** The hash a pinned-Image slot names. */
export function hashOf(image: Image): Uint8Array {
  return imageHashOf(encodeImage(image));
}

/** Validator keys used by every test (seed 7, 3 validators). */
export const KEYS = deriveValidatorKeys(7n, 3);

/** Genesis for `image` with the test validators. */
export function chain(
  image: Image,
  opts: { images?: Image[]; eventGas?: bigint; storageQuota?: bigint } = {},
): State {
  return genesis(image, { validators: KEYS.map((k) => k.publicKey), ...opts });
}

/** Runs one event and returns its outcome and σ. */
export function event(state: State, payload: Uint8Array = new Uint8Array(), endpoint = 0) {
  return runEvent(state, endpoint, payload);
}

/** The chain Instance's slot `i` after the last commit (kernel slots refilled). */
export function slot(state: State, i: number): Cap | null {
  return chainInstance(state).cnode.slots[i];
}

/** The CNode in chain slot `i`. */
export function cnodeAt(state: State, i: number): CNodeCap {
  const c = slot(state, i);
  if (!(c instanceof CNodeCap)) throw new Error(`slot ${i} holds no CNode`);
  return c;
}

/** Unwraps a halt outcome's value or throws with the fault. */
export function halted(r: ReturnType<typeof event>): bigint {
  if (r.outcome.kind !== "halt") {
    throw new Error(`event faulted: ${r.outcome.reason}: ${r.outcome.message}`);
  }
  return r.outcome.value;
}

/** 2^64 − n as the u64 a register holds. */
export function neg(n: bigint): bigint {
  return (1n << 64n) - n;
}

/** Where `!log` lines store φ7: 0x10800 + 8·i. */
export const LOG = 0x10800;
/** Chain slot where the log ends up as Data. */
export const LOG_SLOT = 250;

/**
 * A chain program: `body` with every `!log` line replaced by a store of φ7 into the next log
 * word, then an epilogue that mints the log into slot 250 and replies `reply` (default 0).
 */
export function logged(body: string, reply = 0): { source: string; entries: number } {
  let n = 0;
  const lines = body.split("\n").map((
    l,
  ) => (l.trim() === "!log" ? `    store_u64 [${LOG + 8 * n++}], r7` : l));
  return {
    entries: n,
    source: `${lines.join("\n")}
    load_imm r7, ${LOG}
    load_imm r8, ${8 * Math.max(n, 1)}
    load_imm r9, SLOT_QUOTA
    load_imm r10, ${LOG_SLOT}
    ecalli MINT_DATA_CAP
    load_imm r7, ${reply}
    ecalli REPLY
`,
  };
}

/** Loads `v` into register `r` (load_imm_64 when it does not fit a sign-extended 32-bit value). */
export function li(r: number, v: bigint | number): string {
  const b = BigInt(v);
  return b >= -(1n << 31n) && b < 1n << 31n
    ? `    load_imm r${r}, ${b}`
    : `    load_imm_64 r${r}, ${BigInt.asUintN(64, b)}`;
}

/** A host call with arguments in φ7, φ8, … then `!log`. */
export function op(name: string, ...args: (bigint | number)[]): string {
  return [...args.map((a, i) => li(7 + i, a)), `    ecalli ${name}`, "!log"].join("\n");
}

/** A CALL of the Instance in `slot` at `endpoint` with arguments φ7…, then `!log` (φ7) — and φ8 logged next. */
export function callOp(slot: number, endpoint: number, ...args: (bigint | number)[]): string {
  return [
    ...args.map((a, i) => li(7 + i, a)),
    li(11, slot),
    li(12, endpoint),
    "    ecalli CALL",
    "!log",
    "    move_reg r7, r8",
    "!log",
  ].join(
    "\n",
  );
}

/** The log a `logged` program left (entries u64 words). */
export function logOf(state: State, entries: number): bigint[] {
  const d = slot(state, LOG_SLOT);
  const bytes = new Uint8Array(8 * entries);
  if (d !== null && d.kind === "data") bytes.set(d.bytes.subarray(0, bytes.length));
  const v = new DataView(bytes.buffer);
  return Array.from({ length: entries }, (_, i) => v.getBigUint64(8 * i, true));
}

/** Runs a `logged` body as the chain program; returns the event result and the log. */
export function runLogged(
  body: string,
  opts: {
    image?: Partial<Image>;
    images?: Image[];
    storageQuota?: bigint;
    eventGas?: bigint;
    payload?: Uint8Array;
    trace?: boolean;
  } = {},
) {
  const p = logged(body);
  const s = chain(chainImage(p.source, opts.image ?? {}), {
    images: opts.images,
    storageQuota: opts.storageQuota,
    eventGas: opts.eventGas,
  });
  const r = runEvent(s, 0, opts.payload ?? new Uint8Array(), { trace: opts.trace });
  return { genesis: s, r, log: r.outcome.kind === "halt" ? logOf(r.state, p.entries) : [] };
}

/** Pins `images` in chain slots 20, 21, … (as Image caps). */
export function pinImages(images: Image[]): Partial<Image> {
  return {
    pinnedSlots: images.map((img, i) => ({
      slot: 20 + i,
      content: { kind: "image" as const, imageHash: hashOf(img) },
    })),
  };
}

/**
 * Spawns an Instance of the Image in `imageSlot` into `dst`: a fresh 256-slot cnode (built in
 * slot 60) with the gas handle from `meterSlot` (default 7, the chain's root meter) in slot 1,
 * the root quota in slot 2, and `copies` ([from, to]) copied in. Not logged.
 */
export function spawn(
  imageSlot: number,
  dst: number,
  opts: { meterSlot?: number; copies?: [number, number][] } = {},
): string {
  const lines = [
    `    load_imm r7, 60\n    load_imm r8, 8\n    ecalli CNODE_MINT`,
    `    load_imm r7, ${opts.meterSlot ?? 7}\n    load_imm r8, ${0x13c00 + 1}\n    ecalli COPY`,
    `    load_imm r7, 8\n    load_imm r8, ${0x13c00 + 2}\n    ecalli COPY`,
    ...(opts.copies ?? []).map(([from, to]) =>
      `    load_imm r7, ${from}\n    load_imm r8, ${0x13c00 + to}\n    ecalli COPY`
    ),
    `    load_imm r7, ${imageSlot}\n    load_imm r8, 60\n    load_imm r9, ${dst}\n    ecalli DERIVE_SPAWN`,
  ];
  return lines.join("\n");
}

/** An initial slot holding `image`'s encoding as Data, and its length (for MAKE_IMAGE). */
export function imageAsData(
  image: Image,
  slot: number,
): { initial: { slot: number; bytes: Uint8Array }; length: number } {
  const enc = encodeImage(image);
  let n = enc.length;
  while (n > 0 && enc[n - 1] === 0) n--;
  return { initial: { slot, bytes: enc.slice(0, n) }, length: enc.length };
}

/** Code: READ_DATA_CAP(slot, 0x10000, length) then MAKE_IMAGE(0x10000, length, root quota, dst); logs MAKE_IMAGE's φ7. */
export function makeImageFrom(slot: number, length: number, dst: number): string {
  return [
    `    load_imm r7, ${slot}\n    load_imm r8, 0x10000\n    load_imm r9, ${length}\n    ecalli READ_DATA_CAP`,
    `    load_imm r7, 0x10000\n    load_imm r8, ${length}\n    load_imm r9, 8\n    load_imm r10, ${dst}\n    ecalli MAKE_IMAGE`,
    "!log",
  ].join("\n");
}

/** A host call with arguments in φ7, φ8, …, not logged. */
export function raw(name: string, ...args: (bigint | number)[]): string {
  return [...args.map((a, i) => li(7 + i, a)), `    ecalli ${name}`].join("\n");
}
