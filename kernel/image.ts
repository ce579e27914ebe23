/**
 * Images: what an Instance runs. An Image declares its PVM code, its endpoints, its memory
 * mappings, which slots hold its gas meters and storage quotas, its pinned slots (contents fixed
 * by the Image), its initial slots, and its yield-marker slot. This module holds the type, the
 * canonical encoding (ENCODING.md §Image) and the validation every Image passes before it can
 * exist as a cap — at genesis, and in MAKE_IMAGE.
 *
 * @example
 * ```ts
 * import { decodeImage, encodeImage, type Image } from "./image.ts";
 * const image: Image = {
 *   code: new Uint8Array([0, 0, 2, 10, 0, 0b11]), // ecalli 0 (REPLY)
 *   endpoints: [{ index: 0, pc: 0, argRegisters: 4, initialRegisters: [] }],
 *   mappings: [], gasSlots: [7], quotaSlots: [], pinnedSlots: [], initialSlots: [],
 *   yieldMarkerSlot: null,
 * };
 * decodeImage(encodeImage(image)).endpoints.length; // 1
 * ```
 * @module
 */

import {
  decodeProgram,
  LOW_GUARD,
  PAGE_SIZE,
  type Program,
  ProgramDecodeError,
} from "../vm/mod.ts";
import { bytesEqual, Reader, stripTrailingZeros, Writer } from "./bytes.ts";
import { KernelError } from "./errors.ts";
import { hash, TAG } from "./hash.ts";
import { LIMITS } from "./limits.ts";

/** One endpoint: where a CALL with this index starts. */
export interface Endpoint {
  /** Endpoint index (0…255), the CALL's φ12. */
  index: number;
  /** Entry pc: must be a basic-block start of the code. */
  pc: number;
  /** How many of the caller's φ7…φ10 are passed (0…4); the rest start at zero. */
  argRegisters: number;
  /** Registers set before the arguments (register 0…12 → value), sorted by register. */
  initialRegisters: { register: number; value: bigint }[];
}

/** One memory mapping: a page-aligned range backed by a slot's Data cap, or ephemeral zeros. */
export interface Mapping {
  /** Start address (page-aligned, ≥ 0x10000). */
  start: number;
  /** Size in bytes (a positive multiple of 4096). */
  size: number;
  /** The slot whose Data backs it, or null for an ephemeral zeroed region (stack, heap). */
  slot: number | null;
}

/** A pinned slot's content: inline Data bytes, or an Image by hash. */
export type PinnedContent =
  | { kind: "data"; bytes: Uint8Array }
  | { kind: "image"; imageHash: Uint8Array };

/** An Image (see the module doc). */
export interface Image {
  /** PVM program blob (Gray Paper deblob format). */
  code: Uint8Array;
  /** Endpoints, sorted by index. */
  endpoints: Endpoint[];
  /** Memory mappings, sorted by start, non-overlapping. */
  mappings: Mapping[];
  /** Slots that may hold the gas meter, in priority order. */
  gasSlots: number[];
  /** Slots that may hold the storage quota, in priority order. */
  quotaSlots: number[];
  /** Pinned slots, sorted by slot. */
  pinnedSlots: { slot: number; content: PinnedContent }[];
  /** Initial Data slots for a fresh Instance (genesis, DERIVE_SPAWN), sorted by slot. */
  initialSlots: { slot: number; bytes: Uint8Array }[];
  /** The slot holding this Instance's YieldCatcher, or null. */
  yieldMarkerSlot: number | null;
}

/** Why an Image is invalid: the numeric reason MAKE_IMAGE reports in φ8. */
export const IMAGE_REASON = {
  /** The bytes do not parse as an Image (truncated, trailing bytes, bad tag or version). */
  ENCODING: 1,
  /** The code is not a valid PVM program blob, or too large. */
  CODE: 2,
  /** An endpoint is unsorted, duplicated, not at a basic-block start, or has bad registers. */
  ENDPOINT: 3,
  /** A mapping is unaligned, below 0x10000, overlapping, too large, or names a bad slot. */
  MAPPING: 4,
  /** Gas, quota, pinned, initial or yield slots collide or are out of range. */
  SLOTS: 5,
  /** A pinned or initial Data is not canonical or too large, or a pinned Image is unknown. */
  CONTENT: 6,
  /** Too many entries, or the encoding is too large. */
  LIMIT: 7,
} as const;

/** An Image that fails validation. */
export class ImageError extends KernelError {
  /** @param reason IMAGE_REASON value @param message what is wrong */
  constructor(readonly reason: number, message: string) {
    super("BAD_IMAGE", message);
  }
}

const IMAGE_VERSION = 1;

function fail(reason: number, message: string): never {
  throw new ImageError(reason, message);
}

/**
 * The canonical encoding of an Image (ENCODING.md §Image), starting with tag 0x21. Validates
 * first (throws `ImageError`), so only valid Images have encodings.
 *
 * @example
 * ```ts
 * encodeImage(image)[0]; // 0x21
 * ```
 */
export function encodeImage(image: Image): Uint8Array {
  validateImageShape(image);
  const w = new Writer(64 + image.code.length);
  w.u8(TAG.IMAGE_OBJECT).u8(IMAGE_VERSION);
  w.varBytes(image.code);
  w.u16(image.endpoints.length);
  for (const e of image.endpoints) {
    w.u8(e.index).u32(e.pc).u8(e.argRegisters).u8(e.initialRegisters.length);
    for (const r of e.initialRegisters) w.u8(r.register).u64(BigInt.asUintN(64, r.value));
  }
  w.u8(image.mappings.length);
  for (const m of image.mappings) {
    w.u32(m.start).u32(m.size).u8(m.slot === null ? 0 : 1).u8(m.slot ?? 0);
  }
  w.u8(image.gasSlots.length);
  for (const s of image.gasSlots) w.u8(s);
  w.u8(image.quotaSlots.length);
  for (const s of image.quotaSlots) w.u8(s);
  w.u8(image.pinnedSlots.length);
  for (const p of image.pinnedSlots) {
    w.u8(p.slot);
    if (p.content.kind === "data") w.u8(1).varBytes(p.content.bytes);
    else w.u8(2).bytes32(p.content.imageHash);
  }
  w.u8(image.initialSlots.length);
  for (const s of image.initialSlots) w.u8(s.slot).varBytes(s.bytes);
  w.u8(image.yieldMarkerSlot === null ? 0 : 1).u8(image.yieldMarkerSlot ?? 0);
  const out = w.finish();
  if (out.length > LIMITS.IMAGE_BYTES) {
    fail(
      IMAGE_REASON.LIMIT,
      `image encoding is ${out.length} bytes; the limit is ${LIMITS.IMAGE_BYTES}`,
    );
  }
  return out;
}

/**
 * Decodes and validates an Image encoding (tag 0x21 first). Throws `ImageError` (code BAD_IMAGE,
 * with a numeric `reason`) for anything malformed or non-canonical.
 *
 * @example
 * ```ts
 * decodeImage(encodeImage(image)).gasSlots; // [7]
 * ```
 */
export function decodeImage(bytes: Uint8Array): Image {
  if (bytes.length > LIMITS.IMAGE_BYTES) {
    fail(
      IMAGE_REASON.LIMIT,
      `image encoding is ${bytes.length} bytes; the limit is ${LIMITS.IMAGE_BYTES}`,
    );
  }
  let image: Image;
  try {
    const r = new Reader(bytes, "image");
    if (r.u8("the tag") !== TAG.IMAGE_OBJECT) r.bad("tag is not 0x21", "BAD_TAG");
    if (r.u8("the version") !== IMAGE_VERSION) r.bad(`version is not ${IMAGE_VERSION}`);
    const code = r.varBytes(LIMITS.IMAGE_CODE_BYTES, "the code");
    const endpoints: Endpoint[] = [];
    const ne = r.u16("the endpoint count");
    for (let i = 0; i < ne; i++) {
      const index = r.u8(), pc = r.u32(), argRegisters = r.u8(), n = r.u8();
      const initialRegisters = [];
      for (let j = 0; j < n; j++) initialRegisters.push({ register: r.u8(), value: r.u64() });
      endpoints.push({ index, pc, argRegisters, initialRegisters });
    }
    const mappings: Mapping[] = [];
    const nm = r.u8("the mapping count");
    for (let i = 0; i < nm; i++) {
      const start = r.u32(), size = r.u32(), kind = r.u8(), slot = r.u8();
      if (kind > 1 || (kind === 0 && slot !== 0)) {
        r.bad(`mapping ${i} has a bad kind/slot`, "NOT_CANONICAL");
      }
      mappings.push({ start, size, slot: kind === 1 ? slot : null });
    }
    const gasSlots = Array.from({ length: r.u8("the gas slot count") }, () => r.u8());
    const quotaSlots = Array.from({ length: r.u8("the quota slot count") }, () => r.u8());
    const pinnedSlots: Image["pinnedSlots"] = [];
    const np = r.u8("the pinned slot count");
    for (let i = 0; i < np; i++) {
      const slot = r.u8(), kind = r.u8();
      if (kind === 1) {
        pinnedSlots.push({ slot, content: { kind: "data", bytes: r.varBytes(LIMITS.DATA_BYTES) } });
      } else if (kind === 2) {
        pinnedSlots.push({ slot, content: { kind: "image", imageHash: r.bytes32() } });
      } else r.bad(`pinned slot ${slot} has unknown kind ${kind}`, "BAD_TAG");
    }
    const initialSlots: Image["initialSlots"] = [];
    const ni = r.u8("the initial slot count");
    for (let i = 0; i < ni; i++) {
      initialSlots.push({ slot: r.u8(), bytes: r.varBytes(LIMITS.DATA_BYTES) });
    }
    const hasYield = r.u8(), ys = r.u8();
    if (hasYield > 1 || (hasYield === 0 && ys !== 0)) {
      r.bad("bad yield marker slot flag", "NOT_CANONICAL");
    }
    r.end();
    image = {
      code,
      endpoints,
      mappings,
      gasSlots,
      quotaSlots,
      pinnedSlots,
      initialSlots,
      yieldMarkerSlot: hasYield === 1 ? ys : null,
    };
  } catch (e) {
    if (e instanceof ImageError) throw e;
    if (e instanceof KernelError) {
      fail(e.code === "LIMIT" ? IMAGE_REASON.LIMIT : IMAGE_REASON.ENCODING, e.message);
    }
    throw e;
  }
  validateImageShape(image);
  return image;
}

function slotOk(s: number): boolean {
  return Number.isInteger(s) && s >= 0 && s < LIMITS.CNODE_SLOTS;
}

function strictlyIncreasing(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i] > xs[i - 1])) return false;
  return true;
}

/**
 * Validates everything about an Image that needs no store: the code decodes, endpoints sit at
 * basic-block starts, mappings and slots are consistent, contents canonical, limits held. Returns
 * the decoded program. (Pinned Image hashes are checked against the store by the caller.)
 *
 * @example
 * ```ts
 * validateImageShape(image).instructionCount; // 1
 * ```
 */
export function validateImageShape(image: Image): Program {
  if (image.code.length > LIMITS.IMAGE_CODE_BYTES) {
    fail(
      IMAGE_REASON.CODE,
      `code is ${image.code.length} bytes; the limit is ${LIMITS.IMAGE_CODE_BYTES}`,
    );
  }
  let program: Program;
  try {
    program = decodeProgram(image.code);
  } catch (e) {
    if (e instanceof ProgramDecodeError) {
      fail(IMAGE_REASON.CODE, `code does not decode: ${e.message}`);
    }
    throw e;
  }
  // Endpoints.
  if (image.endpoints.length > 256) fail(IMAGE_REASON.LIMIT, "more than 256 endpoints");
  if (!strictlyIncreasing(image.endpoints.map((e) => e.index))) {
    fail(IMAGE_REASON.ENDPOINT, "endpoints must be sorted by index without duplicates");
  }
  for (const e of image.endpoints) {
    if (!Number.isInteger(e.index) || e.index < 0 || e.index > 255) {
      fail(IMAGE_REASON.ENDPOINT, `endpoint index ${e.index} is not 0…255`);
    }
    if (
      !Number.isInteger(e.pc) || e.pc < 0 || e.pc >= program.code.length ||
      program.blockStarts[e.pc] !== 1
    ) {
      fail(
        IMAGE_REASON.ENDPOINT,
        `endpoint ${e.index}: pc ${e.pc} is not a basic-block start of the code`,
      );
    }
    if (!Number.isInteger(e.argRegisters) || e.argRegisters < 0 || e.argRegisters > 4) {
      fail(IMAGE_REASON.ENDPOINT, `endpoint ${e.index}: argRegisters ${e.argRegisters} is not 0…4`);
    }
    if (e.initialRegisters.length > 13) {
      fail(IMAGE_REASON.ENDPOINT, `endpoint ${e.index}: more than 13 initial registers`);
    }
    if (!strictlyIncreasing(e.initialRegisters.map((r) => r.register))) {
      fail(
        IMAGE_REASON.ENDPOINT,
        `endpoint ${e.index}: initial registers must be sorted without duplicates`,
      );
    }
    for (const r of e.initialRegisters) {
      if (!Number.isInteger(r.register) || r.register < 0 || r.register > 12) {
        fail(IMAGE_REASON.ENDPOINT, `endpoint ${e.index}: register ${r.register} is not 0…12`);
      }
      if (typeof r.value !== "bigint" || r.value < 0n || r.value >= 1n << 64n) {
        fail(IMAGE_REASON.ENDPOINT, `endpoint ${e.index}: r${r.register} value is not a u64`);
      }
    }
  }
  // Slot lists.
  const allSlots = [
    ...image.gasSlots,
    ...image.quotaSlots,
    ...image.pinnedSlots.map((p) => p.slot),
    ...image.initialSlots.map((p) => p.slot),
    ...image.mappings.filter((m) => m.slot !== null).map((m) => m.slot as number),
    ...(image.yieldMarkerSlot === null ? [] : [image.yieldMarkerSlot]),
  ];
  for (const s of allSlots) if (!slotOk(s)) fail(IMAGE_REASON.SLOTS, `slot ${s} is not 0…255`);
  if (allSlots.includes(0)) {
    fail(IMAGE_REASON.SLOTS, "slot 0 is the scratchpad; an Image cannot claim it");
  }
  if (
    image.gasSlots.length > LIMITS.IMAGE_GAS_SLOTS ||
    image.quotaSlots.length > LIMITS.IMAGE_GAS_SLOTS
  ) {
    fail(IMAGE_REASON.LIMIT, `more than ${LIMITS.IMAGE_GAS_SLOTS} gas or quota slots`);
  }
  if (new Set(image.gasSlots).size !== image.gasSlots.length) {
    fail(IMAGE_REASON.SLOTS, "duplicate gas slot");
  }
  if (new Set(image.quotaSlots).size !== image.quotaSlots.length) {
    fail(IMAGE_REASON.SLOTS, "duplicate quota slot");
  }
  if (image.pinnedSlots.length + image.initialSlots.length > LIMITS.IMAGE_PRESET_SLOTS) {
    fail(IMAGE_REASON.LIMIT, `more than ${LIMITS.IMAGE_PRESET_SLOTS} pinned and initial slots`);
  }
  const pinned = image.pinnedSlots.map((p) => p.slot);
  const initial = image.initialSlots.map((p) => p.slot);
  if (!strictlyIncreasing(pinned)) {
    fail(IMAGE_REASON.SLOTS, "pinned slots must be sorted without duplicates");
  }
  if (!strictlyIncreasing(initial)) {
    fail(IMAGE_REASON.SLOTS, "initial slots must be sorted without duplicates");
  }
  for (const s of initial) {
    if (pinned.includes(s)) fail(IMAGE_REASON.SLOTS, `slot ${s} is both pinned and initial`);
  }
  const special = [
    ...image.gasSlots,
    ...image.quotaSlots,
    ...(image.yieldMarkerSlot === null ? [] : [image.yieldMarkerSlot]),
  ];
  for (const s of special) {
    if (pinned.includes(s) || initial.includes(s)) {
      fail(IMAGE_REASON.SLOTS, `gas/quota/yield slot ${s} cannot be pinned or initial`);
    }
  }
  if (
    image.yieldMarkerSlot !== null &&
    (image.gasSlots.includes(image.yieldMarkerSlot) ||
      image.quotaSlots.includes(image.yieldMarkerSlot))
  ) {
    fail(
      IMAGE_REASON.SLOTS,
      `yield marker slot ${image.yieldMarkerSlot} is also a gas or quota slot`,
    );
  }
  for (const g of image.gasSlots) {
    if (image.quotaSlots.includes(g)) {
      fail(IMAGE_REASON.SLOTS, `slot ${g} is both a gas and a quota slot`);
    }
  }
  // Contents.
  for (const p of image.pinnedSlots) {
    if (p.content.kind === "data") checkData(p.content.bytes, `pinned slot ${p.slot}`);
    else if (!(p.content.imageHash instanceof Uint8Array) || p.content.imageHash.length !== 32) {
      fail(IMAGE_REASON.CONTENT, `pinned slot ${p.slot}: image hash must be 32 bytes`);
    }
  }
  for (const s of image.initialSlots) checkData(s.bytes, `initial slot ${s.slot}`);
  // Mappings.
  if (image.mappings.length > LIMITS.IMAGE_MAPPINGS) {
    fail(IMAGE_REASON.LIMIT, `more than ${LIMITS.IMAGE_MAPPINGS} mappings`);
  }
  let pages = 0;
  let end = 0;
  const mappedSlots = new Set<number>();
  for (const m of image.mappings) {
    if (!Number.isInteger(m.start) || m.start % PAGE_SIZE !== 0 || m.start < LOW_GUARD) {
      fail(
        IMAGE_REASON.MAPPING,
        `mapping at 0x${m.start.toString(16)} is not page-aligned at or above 0x10000`,
      );
    }
    if (
      !Number.isInteger(m.size) || m.size <= 0 || m.size % PAGE_SIZE !== 0 ||
      m.start + m.size > 2 ** 32
    ) {
      fail(IMAGE_REASON.MAPPING, `mapping at 0x${m.start.toString(16)} has a bad size ${m.size}`);
    }
    if (m.start < end) {
      fail(
        IMAGE_REASON.MAPPING,
        `mapping at 0x${m.start.toString(16)} overlaps or is out of order`,
      );
    }
    end = m.start + m.size;
    pages += m.size / PAGE_SIZE;
    if (m.slot !== null) {
      if (mappedSlots.has(m.slot)) fail(IMAGE_REASON.MAPPING, `slot ${m.slot} is mapped twice`);
      if (special.includes(m.slot)) {
        fail(IMAGE_REASON.MAPPING, `slot ${m.slot} is a gas/quota/yield slot and cannot be mapped`);
      }
      mappedSlots.add(m.slot);
      if (!pinned.includes(m.slot) && image.quotaSlots.length === 0) {
        fail(
          IMAGE_REASON.MAPPING,
          `slot ${m.slot} is mapped read-write, so the Image needs a quota slot to pay for its write-back`,
        );
      }
    }
  }
  if (pages > LIMITS.IMAGE_MAPPED_PAGES) {
    fail(
      IMAGE_REASON.LIMIT,
      `mappings cover ${pages} pages; the limit is ${LIMITS.IMAGE_MAPPED_PAGES}`,
    );
  }
  for (const p of image.pinnedSlots) {
    if (p.content.kind === "image" && mappedSlots.has(p.slot)) {
      fail(IMAGE_REASON.MAPPING, `slot ${p.slot} pins an Image and cannot be mapped`);
    }
  }
  return program;
}

function checkData(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array)) fail(IMAGE_REASON.CONTENT, `${what}: data must be bytes`);
  if (bytes.length > LIMITS.DATA_BYTES) {
    fail(IMAGE_REASON.CONTENT, `${what}: ${bytes.length} bytes exceed ${LIMITS.DATA_BYTES}`);
  }
  if (!bytesEqual(stripTrailingZeros(bytes), bytes)) {
    fail(IMAGE_REASON.CONTENT, `${what}: data has trailing zero bytes (not canonical)`);
  }
}

/**
 * The hash of an Image encoding: H(encoding) (the encoding starts with tag 0x21).
 *
 * @example
 * ```ts
 * imageHashOf(encodeImage(image)).length; // 32
 * ```
 */
export function imageHashOf(encoding: Uint8Array): Uint8Array {
  return hash(encoding);
}
