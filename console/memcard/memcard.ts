/**
 * The memcard device: 32 slots of 32 KiB for one `app_id`, each EMPTY, STAGED, COMMITTED or
 * CORRUPT. Writes go to a staging copy (all or nothing); `commit` makes the staged bytes the
 * slot's committed contents, bumps its generation, recomputes its checksum and persists it
 * through the store before reporting OK; `clear` empties it. Slots come from the store at boot:
 * a file that does not decode is CORRUPT until the guest clears or rewrites it.
 *
 * Reads see the slot's current contents: the staged bytes while STAGED, else the committed ones.
 *
 * @example
 * ```ts
 * import { Memcard } from "./memcard.ts";
 * import { MemoryStore } from "./store.ts";
 * const card = await Memcard.open(7, new MemoryStore());
 * card.write(0, 0, new Uint8Array([1, 2, 3])); // MEM_STATUS.OK
 * card.commit(0); // OK: generation 1, persisted
 * card.stat(0).state; // SLOT_STATE.COMMITTED
 * ```
 * @module
 */

import type { Device, FrameEnd } from "../abi/types.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { decodeSlotFile, encodeSlotFile, payloadChecksum } from "./format.ts";
import type { MemcardStore } from "./store.ts";
import { FoldingLog } from "../runtime/frame_hash.ts";

/** Slot states (guest-visible numbers). */
export const SLOT_STATE = { EMPTY: 0, STAGED: 1, COMMITTED: 2, CORRUPT: 3 } as const;
/** A slot state. */
export type SlotState = typeof SLOT_STATE[keyof typeof SLOT_STATE];

/** Statuses of the `mem.*` syscalls (guest-visible numbers). */
export const MEM_STATUS = {
  /** Done. */
  OK: 0,
  /** Read: the slot is EMPTY. Clear: it was already EMPTY (nothing changed). */
  EMPTY: 1,
  /** Read or write: the slot is CORRUPT (clear it first). */
  CORRUPT: 2,
  /** Write: `offset + len` passes the 32 KiB slot; nothing written. */
  NO_SPACE: 3,
  /** Read or write: `offset` is past the slot's used bytes (a write may not leave a gap). */
  BAD_OFFSET: 4,
  /** Commit: nothing is staged. */
  NOT_STAGED: 5,
  /** Commit or clear: the store failed; the slot and its file are as before. */
  STORAGE_ERROR: 6,
} as const;
/** A `mem.*` status. */
export type MemStatus = typeof MEM_STATUS[keyof typeof MEM_STATUS];

/** What `slot_stat` reports. */
export interface SlotStat {
  state: SlotState;
  /** Bytes in use (staged contents while STAGED). */
  used: number;
  /** Successful commits (0 when EMPTY or CORRUPT). */
  generation: number;
  /** Checksum of the current contents (0 when EMPTY or CORRUPT). */
  checksum: number;
}

interface Slot {
  corrupt: boolean;
  committed: Uint8Array | null;
  generation: number;
  checksum: number;
  staged: Uint8Array | null;
  stagedLen: number;
}

const SLOT_BYTES = CONSOLE_LIMITS.memcardSlotBytes;
const OP = { WRITE: 1, COMMIT: 2, CLEAR: 3 } as const;

/** The memcard of one instance. */
export class Memcard implements Device {
  /** Device name. */
  readonly name = "memcard";
  readonly #slots: Slot[];
  readonly #log = new FoldingLog();
  #bytesWritten = 0;
  #commits = 0;

  private constructor(readonly appId: number, readonly store: MemcardStore, slots: Slot[]) {
    this.#slots = slots;
  }

  /** Opens the card of `appId` in `store` (slot files that do not decode are CORRUPT). */
  static async open(appId: number, store: MemcardStore): Promise<Memcard> {
    const files = await store.readAll();
    const slots = files.map((bytes, i): Slot => {
      const empty = {
        corrupt: false,
        committed: null,
        generation: 0,
        checksum: 0,
        staged: null,
        stagedLen: 0,
      };
      if (bytes === null) return empty;
      const f = decodeSlotFile(bytes, appId, i);
      if (f === null) return { ...empty, corrupt: true };
      return {
        ...empty,
        committed: f.payload,
        generation: f.generation,
        checksum: payloadChecksum(f.payload),
      };
    });
    return new Memcard(appId, store, slots);
  }

  /** Number of slots. */
  get slotCount(): number {
    return this.#slots.length;
  }

  #state(s: Slot): SlotState {
    if (s.corrupt) return SLOT_STATE.CORRUPT;
    if (s.staged !== null) return SLOT_STATE.STAGED;
    if (s.committed !== null) return SLOT_STATE.COMMITTED;
    return SLOT_STATE.EMPTY;
  }

  #contents(s: Slot): Uint8Array | null {
    if (s.staged !== null) return s.staged.subarray(0, s.stagedLen);
    return s.committed;
  }

  /** The state of `slot` (0…31; the syscall layer checked it). */
  stat(slot: number): SlotStat {
    const s = this.#slots[slot];
    const state = this.#state(s);
    if (state === SLOT_STATE.EMPTY || state === SLOT_STATE.CORRUPT) {
      return { state, used: 0, generation: 0, checksum: 0 };
    }
    const c = this.#contents(s)!;
    const checksum = state === SLOT_STATE.STAGED ? payloadChecksum(c) : s.checksum;
    return { state, used: c.length, generation: s.generation, checksum };
  }

  /**
   * Reads up to `max` bytes from `offset`. Returns the status and the bytes (empty unless OK);
   * `eof` when the read reached the end of the contents.
   */
  read(
    slot: number,
    offset: number,
    max: number,
  ): { status: MemStatus; bytes: Uint8Array; eof: boolean } {
    const s = this.#slots[slot];
    const state = this.#state(s);
    const none = new Uint8Array(0);
    if (state === SLOT_STATE.CORRUPT) {
      return { status: MEM_STATUS.CORRUPT, bytes: none, eof: false };
    }
    if (state === SLOT_STATE.EMPTY) return { status: MEM_STATUS.EMPTY, bytes: none, eof: false };
    const c = this.#contents(s)!;
    if (offset > c.length) return { status: MEM_STATUS.BAD_OFFSET, bytes: none, eof: false };
    const end = Math.min(c.length, offset + max);
    return { status: MEM_STATUS.OK, bytes: c.subarray(offset, end), eof: end === c.length };
  }

  /**
   * The status a write of `len` bytes at `offset` would get, without writing: NO_SPACE past
   * 32 KiB, CORRUPT on a corrupt slot, BAD_OFFSET past the used bytes, else OK.
   */
  checkWrite(slot: number, offset: number, len: number): MemStatus {
    const s = this.#slots[slot];
    if (offset + len > SLOT_BYTES) return MEM_STATUS.NO_SPACE;
    if (s.corrupt) return MEM_STATUS.CORRUPT;
    const used = this.#contents(s)?.length ?? 0;
    if (offset > used) return MEM_STATUS.BAD_OFFSET;
    return MEM_STATUS.OK;
  }

  /** Writes `bytes` at `offset` into the staging copy, all or nothing (see {@link checkWrite}). */
  write(slot: number, offset: number, bytes: Uint8Array): MemStatus {
    const status = this.checkWrite(slot, offset, bytes.length);
    if (status !== MEM_STATUS.OK) return status;
    const s = this.#slots[slot];
    if (s.staged === null) {
      s.staged = new Uint8Array(SLOT_BYTES);
      if (s.committed !== null) s.staged.set(s.committed);
      s.stagedLen = s.committed?.length ?? 0;
    }
    s.staged.set(bytes, offset);
    s.stagedLen = Math.max(s.stagedLen, offset + bytes.length);
    this.#bytesWritten += bytes.length;
    this.#log.entry().u8(OP.WRITE).u8(slot).u32(offset).blob(bytes);
    return MEM_STATUS.OK;
  }

  /** Commits the staged bytes: persisted, then generation + 1. NOT_STAGED, STORAGE_ERROR. */
  commit(slot: number): MemStatus {
    const s = this.#slots[slot];
    if (s.staged === null) return MEM_STATUS.NOT_STAGED;
    const payload = s.staged.slice(0, s.stagedLen);
    const generation = s.generation + 1;
    try {
      this.store.write(slot, encodeSlotFile({ appId: this.appId, slot, generation, payload }));
    } catch {
      return MEM_STATUS.STORAGE_ERROR;
    }
    s.committed = payload;
    s.generation = generation;
    s.checksum = payloadChecksum(payload);
    s.staged = null;
    s.stagedLen = 0;
    this.#commits++;
    this.#log.entry().u8(OP.COMMIT).u8(slot).u32(generation).u32(s.checksum);
    return MEM_STATUS.OK;
  }

  /** Empties a slot (staged and committed contents, its file). EMPTY when it already was. */
  clear(slot: number): MemStatus {
    const s = this.#slots[slot];
    if (this.#state(s) === SLOT_STATE.EMPTY) return MEM_STATUS.EMPTY;
    try {
      this.store.remove(slot);
    } catch {
      return MEM_STATUS.STORAGE_ERROR;
    }
    s.corrupt = false;
    s.committed = null;
    s.generation = 0;
    s.checksum = 0;
    s.staged = null;
    s.stagedLen = 0;
    this.#log.entry().u8(OP.CLEAR).u8(slot);
    return MEM_STATUS.OK;
  }

  /** Adds this frame's writes, commits and clears to the frame hash. */
  endFrame(end: FrameEnd): void {
    if (this.#log.length > 0) end.hash(this.#log.view());
    this.#log.reset();
  }

  /** Slots by state, bytes written and commits so far. */
  telemetry(): Record<string, number> {
    const t = {
      committed: 0,
      staged: 0,
      corrupt: 0,
      bytes_written: this.#bytesWritten,
      commits: this.#commits,
    };
    for (const s of this.#slots) {
      const st = this.#state(s);
      if (st === SLOT_STATE.COMMITTED) t.committed++;
      else if (st === SLOT_STATE.STAGED) t.staged++;
      else if (st === SLOT_STATE.CORRUPT) t.corrupt++;
    }
    return t;
  }
}
