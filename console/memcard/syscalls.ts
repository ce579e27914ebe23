/**
 * The `mem.*` syscalls (capability `memcard`): slot count and state, all-or-nothing reads and
 * writes through guest windows, commit and clear. Status first in φ7, always.
 *
 * @example
 * ```ts
 * import { MEMCARD_MODULE } from "./syscalls.ts";
 * MEMCARD_MODULE.syscalls.map((s) => s.name); // ["slot_count", "slot_stat", …]
 * ```
 * @module
 */

import type { SyscallCall } from "../abi/call.ts";
import type { DeviceModule, StatusDoc, SyscallSpec } from "../abi/types.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { MEM_STATUS, Memcard } from "./memcard.ts";

const SLOT_BYTES = CONSOLE_LIMITS.memcardSlotBytes;
const SLOTS = CONSOLE_LIMITS.memcardSlots;

const S = (code: number, name: string, when: string): StatusDoc => ({ code, name, when });
const OK = S(MEM_STATUS.OK, "OK", "done");
const SLOT_ARG = { name: "slot", doc: `slot index 0…${SLOTS - 1} (else trap BAD_ARGUMENT)` };
const BAD_SLOT = {
  code: "BAD_ARGUMENT",
  when: `slot ≥ ${SLOTS}, or a value that does not fit 32 bits`,
};

function card(call: SyscallCall): Memcard {
  return call.device<Memcard>("memcard");
}

function slotArg(call: SyscallCall): number {
  return call.int(0, "slot", 0, SLOTS - 1);
}

const common = { module: "mem", version: 1, capability: "memcard" } as const;

/** The memcard syscalls. */
export const MEMCARD_SYSCALLS: readonly SyscallSpec[] = [
  {
    ...common,
    name: "slot_count",
    summary: "how many slots the card has",
    args: [],
    results: [{ name: "status", doc: "OK" }, { name: "count", doc: `${SLOTS}` }],
    statuses: [OK],
    gas: { base: 5 },
    traps: [],
    handler: (call) => [MEM_STATUS.OK, card(call).slotCount],
  },
  {
    ...common,
    name: "slot_stat",
    summary: "a slot's state, used bytes, generation and checksum",
    args: [SLOT_ARG],
    results: [
      { name: "status", doc: "OK" },
      { name: "state", doc: "0 EMPTY, 1 STAGED, 2 COMMITTED, 3 CORRUPT" },
      {
        name: "used_bytes",
        doc: "bytes in use (the staged contents while STAGED; 0 when EMPTY or CORRUPT)",
      },
      { name: "generation", doc: "successful commits of this slot (0 when EMPTY or CORRUPT)" },
      {
        name: "checksum",
        doc:
          "u32: first 4 bytes (LE) of blake2b-256 of the current contents (0 when EMPTY or CORRUPT)",
      },
    ],
    statuses: [OK],
    gas: { base: 20 },
    traps: [BAD_SLOT],
    handler: (call) => {
      const st = card(call).stat(slotArg(call));
      return [MEM_STATUS.OK, st.state, st.used, st.generation, st.checksum];
    },
  },
  {
    ...common,
    name: "slot_read",
    summary:
      "copies up to `max` bytes from `offset` of the slot's current contents to guest memory",
    args: [
      SLOT_ARG,
      { name: "dst_ptr", doc: "guest address of the destination" },
      { name: "offset", doc: "first byte of the slot to read (u32)" },
      { name: "max", doc: "most bytes to copy (u32; at most 32768 are ever copied)" },
    ],
    results: [
      { name: "status", doc: "see statuses" },
      { name: "bytes_read", doc: "bytes copied (0 unless OK)" },
      { name: "eof", doc: "1 when the read reached the end of the contents, else 0" },
    ],
    statuses: [
      OK,
      S(MEM_STATUS.EMPTY, "EMPTY", "the slot is EMPTY"),
      S(MEM_STATUS.CORRUPT, "CORRUPT", "the slot is CORRUPT"),
      S(MEM_STATUS.BAD_OFFSET, "BAD_OFFSET", "offset > used_bytes"),
    ],
    gas: { base: 20, perByte: 1, bytesArg: 3, maxBytes: SLOT_BYTES },
    traps: [
      BAD_SLOT,
      {
        code: "BAD_WINDOW",
        when: "dst_ptr … dst_ptr + min(max, 32768) is not all writable (checked first)",
      },
    ],
    handler: (call) => {
      const slot = slotArg(call);
      const dst = call.u32(1, "dst_ptr");
      const offset = call.u32(2, "offset");
      const max = call.u32(3, "max");
      call.checkWritable(dst, Math.min(max, SLOT_BYTES), "dst window");
      const r = card(call).read(slot, offset, max);
      if (r.status !== MEM_STATUS.OK) return [r.status, 0, 0];
      call.write(dst, r.bytes);
      return [MEM_STATUS.OK, r.bytes.length, r.eof ? 1 : 0];
    },
  },
  {
    ...common,
    name: "slot_write",
    summary: "stages `len` guest bytes at `offset` of the slot, all or nothing",
    args: [
      SLOT_ARG,
      { name: "src_ptr", doc: "guest address of the bytes" },
      { name: "offset", doc: "where in the slot (u32; at most used_bytes: no gaps)" },
      { name: "len", doc: "how many bytes (u32)" },
    ],
    results: [
      { name: "status", doc: "see statuses" },
      { name: "bytes_written", doc: "len when OK, else 0 (never partial)" },
    ],
    statuses: [
      OK,
      S(MEM_STATUS.CORRUPT, "CORRUPT", "the slot is CORRUPT (clear it first)"),
      S(MEM_STATUS.NO_SPACE, "NO_SPACE", "offset + len > 32768"),
      S(MEM_STATUS.BAD_OFFSET, "BAD_OFFSET", "offset > used_bytes (a write may not leave a gap)"),
    ],
    gas: { base: 20, perByte: 1, bytesArg: 3, maxBytes: SLOT_BYTES },
    traps: [
      BAD_SLOT,
      {
        code: "BAD_WINDOW",
        when: "len ≤ 32768 and src_ptr … src_ptr + len is not all readable (checked first)",
      },
    ],
    handler: (call) => {
      const slot = slotArg(call);
      const offset = call.u32(2, "offset");
      const len = call.u32(3, "len");
      if (len > SLOT_BYTES) return [MEM_STATUS.NO_SPACE, 0];
      const bytes = call.read(1, 3, SLOT_BYTES, "src window");
      const status = card(call).write(slot, offset, bytes);
      return [status, status === MEM_STATUS.OK ? len : 0];
    },
  },
  {
    ...common,
    name: "slot_commit",
    summary: "makes the staged bytes the slot's committed contents and persists them atomically",
    args: [SLOT_ARG],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [
      OK,
      S(MEM_STATUS.NOT_STAGED, "NOT_STAGED", "nothing is staged in the slot"),
      S(
        MEM_STATUS.STORAGE_ERROR,
        "STORAGE_ERROR",
        "the store could not write; slot and file unchanged, still STAGED",
      ),
    ],
    gas: { base: 2000 },
    traps: [BAD_SLOT],
    handler: (call) => [card(call).commit(slotArg(call))],
  },
  {
    ...common,
    name: "slot_clear",
    summary: "empties the slot: staged and committed contents and its file",
    args: [SLOT_ARG],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [
      OK,
      S(MEM_STATUS.EMPTY, "EMPTY", "the slot was already EMPTY; nothing changed"),
      S(
        MEM_STATUS.STORAGE_ERROR,
        "STORAGE_ERROR",
        "the store could not remove the file; slot unchanged",
      ),
    ],
    gas: { base: 500 },
    traps: [BAD_SLOT],
    handler: (call) => [card(call).clear(slotArg(call))],
  },
];

/** The memcard module: its syscalls and the per-instance card (when `memcard` is declared). */
export const MEMCARD_MODULE: DeviceModule = {
  name: "memcard",
  summary: `save memory: ${SLOTS} slots of ${
    SLOT_BYTES / 1024
  } KiB per app_id, persisted atomically`,
  syscalls: MEMCARD_SYSCALLS,
  device: (env) => {
    if (!env.capabilities.has("memcard")) return null;
    return Memcard.open(env.appId, env.memcardStore);
  },
};
