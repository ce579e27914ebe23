/**
 * Where committed memcard slots live. {@link FileStore} keeps one file per slot in a folder of
 * its own (one folder per `app_id` and instance) and writes each atomically: a temporary file in
 * the same folder, written in full, `fsync`ed, closed, then renamed over the slot file — so after
 * a crash a slot holds either its old or its new contents, and a torn write can only ever leave
 * a temporary file (removed at the next boot). {@link MemoryStore} keeps them in memory (tests,
 * `--memcard none`) and can be told to fail, to exercise STORAGE_ERROR.
 *
 * Writes are synchronous: they run inside the `mem.slot_commit` syscall, so its status says
 * whether the slot reached the disk.
 *
 * @example
 * ```ts
 * import { FileStore, MemoryStore } from "./store.ts";
 * const store = new FileStore("/tmp/card/7");
 * store.write(0, new Uint8Array([1, 2, 3]));
 * (await store.readAll())[0]; // Uint8Array [1, 2, 3]
 * const mem = new MemoryStore();
 * ```
 * @module
 */

import { CONSOLE_LIMITS } from "../limits.ts";
import { SLOT_HEADER_SIZE, slotFileName } from "./format.ts";

/** Persistent storage of slot files (encoded by format.ts). */
export interface MemcardStore {
  /** What it is, for messages. */
  readonly description: string;
  /** Every slot's file bytes (null where there is none), slot 0 first. */
  readAll(): Promise<(Uint8Array | null)[]>;
  /** Replaces slot `slot`'s file atomically. Throws when it could not (nothing changed then). */
  write(slot: number, bytes: Uint8Array): void;
  /** Removes slot `slot`'s file (no error when there is none). Throws when it could not. */
  remove(slot: number): void;
}

const MAX_FILE = SLOT_HEADER_SIZE + CONSOLE_LIMITS.memcardSlotBytes;

/** Slot files in a folder, written atomically. */
export class FileStore implements MemcardStore {
  /** @param dir the folder (created on first write) */
  constructor(readonly dir: string) {}

  /** The folder. */
  get description(): string {
    return this.dir;
  }

  /** Reads each slot file (a file larger than a slot can be is read as its first bytes + 1, i.e. corrupt). */
  async readAll(): Promise<(Uint8Array | null)[]> {
    const out: (Uint8Array | null)[] = [];
    try {
      for await (const e of Deno.readDir(this.dir)) {
        if (e.isFile && e.name.startsWith(".slot-") && e.name.endsWith(".tmp")) {
          await Deno.remove(`${this.dir}/${e.name}`).catch(() => {});
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    for (let s = 0; s < CONSOLE_LIMITS.memcardSlots; s++) {
      out.push(await readBounded(`${this.dir}/${slotFileName(s)}`));
    }
    return out;
  }

  /** temp file → write → fsync → close → rename. */
  write(slot: number, bytes: Uint8Array): void {
    Deno.mkdirSync(this.dir, { recursive: true });
    const path = `${this.dir}/${slotFileName(slot)}`;
    const tmp = `${this.dir}/.${slotFileName(slot)}.tmp`;
    try {
      const f = Deno.openSync(tmp, { write: true, create: true, truncate: true });
      try {
        let done = 0;
        while (done < bytes.length) done += f.writeSync(bytes.subarray(done));
        f.syncDataSync();
      } finally {
        f.close();
      }
      Deno.renameSync(tmp, path);
    } catch (e) {
      try {
        Deno.removeSync(tmp);
      } catch { /* it may not exist */ }
      throw e;
    }
  }

  /** Removes the slot file. */
  remove(slot: number): void {
    try {
      Deno.removeSync(`${this.dir}/${slotFileName(slot)}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}

async function readBounded(path: string): Promise<Uint8Array | null> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    const buf = new Uint8Array(MAX_FILE + 1);
    let n = 0;
    while (n < buf.length) {
      const r = await f.read(buf.subarray(n));
      if (r === null) break;
      n += r;
    }
    return buf.slice(0, n);
  } finally {
    f.close();
  }
}

/** Slot files in memory. */
export class MemoryStore implements MemcardStore {
  /** Slot files by index. */
  readonly files = new Map<number, Uint8Array>();
  /** When true, `write` and `remove` throw (a full or failing disk). */
  failWrites = false;

  /** "memory". */
  get description(): string {
    return "memory";
  }

  /** Copies of the files. */
  readAll(): Promise<(Uint8Array | null)[]> {
    return Promise.resolve(
      Array.from(
        { length: CONSOLE_LIMITS.memcardSlots },
        (_, s) => this.files.get(s)?.slice() ?? null,
      ),
    );
  }

  /** Stores a copy (or throws when `failWrites`). */
  write(slot: number, bytes: Uint8Array): void {
    if (this.failWrites) throw new Error("simulated storage failure");
    this.files.set(slot, bytes.slice());
  }

  /** Forgets the file (or throws when `failWrites`). */
  remove(slot: number): void {
    if (this.failWrites) throw new Error("simulated storage failure");
    this.files.delete(slot);
  }
}
