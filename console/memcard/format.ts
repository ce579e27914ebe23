/**
 * The on-disk form of one committed memcard slot, `slot-NN.mcs` (NN = 00…31):
 *
 * | offset | size | field |
 * |-------:|-----:|-------|
 * | 0 | 4 | magic `PMCS` |
 * | 4 | 4 | format version, u32 = 1 |
 * | 8 | 4 | `app_id`, u32 |
 * | 12 | 4 | slot index, u32 (must match the file name) |
 * | 16 | 4 | generation, u32 (commits so far, ≥ 1) |
 * | 20 | 4 | payload length, u32 ≤ 32768 |
 * | 24 | 32 | blake2b-256 of bytes 0…23 followed by the payload |
 * | 56 | n | payload |
 *
 * A file whose length, magic, version, `app_id`, slot, payload length or digest does not match
 * decodes as CORRUPT — never as wrong data. The guest-visible checksum of a payload is the first
 * four bytes (little-endian u32) of blake2b-256 of the payload alone.
 *
 * @example
 * ```ts
 * import { decodeSlotFile, encodeSlotFile } from "./format.ts";
 * const file = encodeSlotFile({ appId: 7, slot: 3, generation: 1, payload: new Uint8Array([1, 2]) });
 * decodeSlotFile(file, 7, 3); // { appId: 7, slot: 3, generation: 1, payload: [1, 2] }
 * decodeSlotFile(file.subarray(0, 40), 7, 3); // null: torn
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ByteWriter } from "../bytes.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** Magic of a slot file. */
export const SLOT_MAGIC = "PMCS";
/** Format version of a slot file. */
export const SLOT_FILE_VERSION = 1;
/** Header size (bytes before the payload). */
export const SLOT_HEADER_SIZE = 56;

/** A committed slot as stored. */
export interface SlotFile {
  appId: number;
  slot: number;
  generation: number;
  payload: Uint8Array;
}

/** The file name of slot `slot`. */
export function slotFileName(slot: number): string {
  return `slot-${String(slot).padStart(2, "0")}.mcs`;
}

/** The guest-visible checksum of a payload (u32). */
export function payloadChecksum(payload: Uint8Array): number {
  const d = blake2b(payload, { dkLen: 32 });
  return (d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24)) >>> 0;
}

function digest(head: Uint8Array, payload: Uint8Array): Uint8Array {
  return blake2b.create({ dkLen: 32 }).update(head).update(payload).digest();
}

/** Encodes a slot file. */
export function encodeSlotFile(f: SlotFile): Uint8Array {
  if (f.payload.length > CONSOLE_LIMITS.memcardSlotBytes) {
    throw new RangeError(`payload of ${f.payload.length} bytes exceeds a slot`);
  }
  const head = new ByteWriter(24)
    .bytes(new TextEncoder().encode(SLOT_MAGIC))
    .u32(SLOT_FILE_VERSION)
    .u32(f.appId)
    .u32(f.slot)
    .u32(f.generation)
    .u32(f.payload.length)
    .finish();
  return new ByteWriter(SLOT_HEADER_SIZE + f.payload.length)
    .bytes(head)
    .bytes(digest(head, f.payload))
    .bytes(f.payload)
    .finish();
}

/**
 * Decodes a slot file written for (`appId`, `slot`), or returns null when it is torn, corrupted
 * or belongs elsewhere (the slot then reads as CORRUPT).
 */
export function decodeSlotFile(bytes: Uint8Array, appId: number, slot: number): SlotFile | null {
  if (bytes.length < SLOT_HEADER_SIZE) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== SLOT_MAGIC || v.getUint32(4, true) !== SLOT_FILE_VERSION) return null;
  if (v.getUint32(8, true) !== appId >>> 0 || v.getUint32(12, true) !== slot) return null;
  const generation = v.getUint32(16, true);
  const n = v.getUint32(20, true);
  if (generation < 1 || n > CONSOLE_LIMITS.memcardSlotBytes) return null;
  if (bytes.length !== SLOT_HEADER_SIZE + n) return null;
  const payload = bytes.slice(SLOT_HEADER_SIZE);
  const want = digest(bytes.subarray(0, 24), payload);
  for (let i = 0; i < 32; i++) if (bytes[24 + i] !== want[i]) return null;
  return { appId, slot, generation, payload };
}
