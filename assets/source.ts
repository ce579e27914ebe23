/**
 * Byte sources the reader pulls slices from: an open `Deno.FsFile` (seek + read, reads
 * serialised so concurrent callers never interleave a seek with another read) or bytes already in
 * memory (tests, fuzzing). Every read is bounds-checked against the real size before anything is
 * allocated.
 *
 * @example
 * ```ts
 * import { MemorySource } from "./source.ts";
 * const src = new MemorySource(new Uint8Array([1, 2, 3]));
 * await src.read(1, 2); // Uint8Array [2, 3]
 * ```
 * @module
 */

import { PackFormatError } from "./errors.ts";

/** Random access to a fixed-size byte sequence. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`; throws `READ_FAILED` when it cannot. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the source. */
  close(): void;
}

function checkRange(size: number, offset: number, length: number): void {
  if (
    !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 ||
    offset + length > size
  ) {
    throw new PackFormatError(
      "READ_FAILED",
      `read of ${length} bytes at ${offset} is outside the source (${size} bytes)`,
    );
  }
}

/** A source over bytes in memory. Slices are copies, so callers may keep or transfer them. */
export class MemorySource implements ByteSource {
  readonly #bytes: Uint8Array;
  /** Creates it. @param bytes the whole file */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }
  /** Total size in bytes. */
  get size(): number {
    return this.#bytes.length;
  }
  /** Reads a copy of `length` bytes at `offset`. */
  read(offset: number, length: number): Promise<Uint8Array> {
    try {
      checkRange(this.#bytes.length, offset, length);
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve(this.#bytes.slice(offset, offset + length));
  }
  /** Nothing to release. */
  close(): void {}
}

/** A source over an open file. Its size is taken once, at open. */
export class FileSource implements ByteSource {
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(private readonly file: Deno.FsFile, readonly size: number) {}

  /** Opens `path` read-only. */
  static async open(path: string | URL): Promise<FileSource> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true });
    } catch (e) {
      throw new PackFormatError(
        "READ_FAILED",
        `cannot open ${String(path)}: ${(e as Error).message}`,
      );
    }
    const stat = await file.stat();
    if (!stat.isFile) {
      file.close();
      throw new PackFormatError("READ_FAILED", `${String(path)} is not a file`);
    }
    return new FileSource(file, stat.size);
  }

  /** Reads exactly `length` bytes at `offset` (seek + read loop). */
  read(offset: number, length: number): Promise<Uint8Array> {
    const run = async () => {
      if (this.#closed) throw new PackFormatError("READ_FAILED", "source is closed");
      checkRange(this.size, offset, length);
      const out = new Uint8Array(length);
      try {
        await this.file.seek(offset, Deno.SeekMode.Start);
        let filled = 0;
        while (filled < length) {
          const n = await this.file.read(out.subarray(filled));
          if (n === null || n === 0) break;
          filled += n;
        }
        if (filled !== length) {
          throw new Error(`file ended after ${filled} of ${length} bytes (changed on disk?)`);
        }
      } catch (e) {
        throw new PackFormatError("READ_FAILED", `read at ${offset}: ${(e as Error).message}`);
      }
      return out;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** Closes the file; later reads fail with `READ_FAILED`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.file.close();
  }
}
