/**
 * Guest memory: a 32-bit address space of 4 KiB pages, each inaccessible, read-only or
 * read-write. Backed by one growable buffer and two two-level page tables (page → byte offset
 * in the buffer, 0 = no access): a 1024-entry directory of 1024-entry leaves, leaves allocated
 * on first mapping, so a new address space costs a few kilobytes and the interpreter's fast
 * path is two loads and one compare.
 *
 * @example
 * ```ts
 * import { Access, Memory } from "./memory.ts";
 * const mem = new Memory();
 * mem.map(0x20000, 4096, Access.Write);
 * mem.write(0x20010, new Uint8Array([1, 2, 3]));
 * mem.read(0x20010, 3); // Uint8Array [1, 2, 3]
 * ```
 * @module
 */

import { VmUsageError } from "./errors.ts";

/** Page size in bytes (Gray Paper Z_P). */
export const PAGE_SIZE = 4096;
/** log2 of the page size. */
export const PAGE_SHIFT = 12;
/** Pages in the 32-bit address space. */
export const PAGE_COUNT = 1 << 20;
/** Accesses below this address always panic (Gray Paper Z_Z). */
export const LOW_GUARD = 0x10000;
/** Entries per page-table leaf (and leaves per directory). */
export const LEAF_SIZE = 1024;
/** Default limit on mapped memory: 1 GiB (262,144 pages). */
export const DEFAULT_MAX_PAGES = 1 << 18;

/** The shared leaf of unmapped pages; never written. */
const EMPTY_LEAF = new Int32Array(LEAF_SIZE);

/** Page access: none, read-only, read-write. */
export const Access = { None: 0, Read: 1, Write: 2 } as const;
/** A page access value. */
export type Access = typeof Access[keyof typeof Access];

/** A guest memory access that is not allowed; `address` is the lowest offending byte. */
export class MemoryAccessError extends Error {
  override readonly name = "MemoryAccessError";
  /** @param address lowest inaccessible byte @param write whether the access was a write */
  constructor(readonly address: number, readonly write: boolean) {
    super(
      `${write ? "write to" : "read from"} 0x${
        address.toString(16).padStart(8, "0")
      } is not allowed`,
    );
  }
}

/** A contiguous run of mapped pages with the same access, with its bytes. */
export interface PageRun {
  /** Start address (page-aligned). */
  address: number;
  /** Page access of the whole run. */
  access: Access;
  /** The bytes of the run (length is a multiple of the page size). */
  data: Uint8Array;
}

/** Options for a new memory. */
export interface MemoryOptions {
  /** Most pages that may be mapped at once (default `DEFAULT_MAX_PAGES`). */
  maxPages?: number;
}

/** The guest address space. */
export class Memory {
  /** Backing bytes; a mapped page lives at its `readOffset` (offset 0 is a never-used dummy page). */
  bytes: Uint8Array;
  /** A DataView over `bytes`. Replaced whenever `bytes` grows. */
  view: DataView;
  /**
   * Readable pages: `readDir[page >>> 10][page & 1023]` is the page's byte offset in `bytes`,
   * or 0. Leaves never written are the shared all-zero `EMPTY_LEAF`.
   */
  readonly readDir: Int32Array[] = new Array(LEAF_SIZE).fill(EMPTY_LEAF);
  /** Writable pages, same shape as `readDir`. */
  readonly writeDir: Int32Array[] = new Array(LEAF_SIZE).fill(EMPTY_LEAF);
  /** Current heap break (next address `sbrk` hands out); 0 when there is no heap. */
  heapTop = 0;
  /** `sbrk` fails rather than grow the heap past this address. */
  heapLimit = 0;
  /** Most pages that may be mapped at once. */
  readonly maxPages: number;
  #usedSlots = 1; // slot 0 is the dummy page
  #mappedPages = 0;
  #free: number[] = [];

  /** An empty address space: every page inaccessible. */
  constructor(options: MemoryOptions = {}) {
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.bytes = new Uint8Array(16 * PAGE_SIZE);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Byte offset of `page` in `bytes` if readable, else 0. */
  readOffset(page: number): number {
    return this.readDir[page >>> 10][page & 1023];
  }

  /** Byte offset of `page` in `bytes` if writable, else 0. */
  writeOffset(page: number): number {
    return this.writeDir[page >>> 10][page & 1023];
  }

  #setEntry(page: number, read: number, write: number): void {
    const d = page >>> 10;
    if (this.readDir[d] === EMPTY_LEAF) {
      this.readDir[d] = new Int32Array(LEAF_SIZE);
      this.writeDir[d] = new Int32Array(LEAF_SIZE);
    }
    this.readDir[d][page & 1023] = read;
    this.writeDir[d][page & 1023] = write;
  }

  /** Number of pages currently mapped. */
  get mappedPages(): number {
    return this.#mappedPages;
  }

  /** Access of the page holding `address`. */
  accessAt(address: number): Access {
    const page = (address >>> 0) >>> PAGE_SHIFT;
    return this.writeOffset(page) !== 0
      ? Access.Write
      : this.readOffset(page) !== 0
      ? Access.Read
      : Access.None;
  }

  /**
   * Sets the access of the pages covering [address, address + length) and optionally fills
   * them with `data` (zero-padded). `address` must be page-aligned and at least 0x10000.
   * Pages that were already mapped keep their contents unless `data` is given; newly mapped
   * pages read as zero; `Access.None` unmaps.
   */
  map(address: number, length: number, access: Access, data?: Uint8Array): void {
    if (!Number.isInteger(address) || address % PAGE_SIZE !== 0) {
      throw new VmUsageError(
        "BAD_MAP",
        `map address 0x${address.toString(16)} is not page-aligned`,
      );
    }
    if (address < LOW_GUARD) {
      throw new VmUsageError(
        "BAD_MAP",
        `cannot map below 0x10000 (asked 0x${address.toString(16)})`,
      );
    }
    if (!Number.isInteger(length) || length < 0 || address + length > 2 ** 32) {
      throw new VmUsageError(
        "BAD_MAP",
        `map range of ${length} bytes at 0x${address.toString(16)} leaves the 32-bit space`,
      );
    }
    if (data !== undefined && data.length > length) {
      throw new VmUsageError(
        "BAD_MAP",
        `${data.length} bytes of data do not fit a ${length}-byte mapping`,
      );
    }
    const first = address >>> PAGE_SHIFT;
    const count = Math.ceil(length / PAGE_SIZE);
    if (access !== Access.None) {
      let fresh = 0;
      for (let p = first; p < first + count; p++) if (this.readOffset(p) === 0) fresh++;
      if (this.#mappedPages + fresh > this.maxPages) {
        throw new VmUsageError(
          "MEMORY_LIMIT",
          `mapping ${fresh} more pages exceeds the limit of ${this.maxPages} pages`,
        );
      }
    }
    for (let p = first; p < first + count; p++) {
      if (access === Access.None) {
        const off = this.readOffset(p);
        if (off !== 0) {
          this.#free.push(off);
          this.#mappedPages--;
          this.#setEntry(p, 0, 0);
        }
        continue;
      }
      let off = this.readOffset(p);
      if (off === 0) {
        off = this.#allocPage();
        this.#mappedPages++;
      }
      this.#setEntry(p, off, access === Access.Write ? off : 0);
    }
    if (data !== undefined) {
      for (let i = 0; i < count; i++) {
        const off = this.readOffset(first + i);
        const chunk = data.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
        this.bytes.fill(0, off, off + PAGE_SIZE);
        this.bytes.set(chunk, off);
      }
    }
  }

  /**
   * The lowest address in [address, address + length) that may not be read (or written, when
   * `write`), or -1 when the whole range is allowed. The range wraps modulo 2^32.
   */
  firstInaccessible(address: number, length: number, write: boolean): number {
    const dir = write ? this.writeDir : this.readDir;
    let lowest = -1;
    let a = address >>> 0;
    let left = length;
    while (left > 0) {
      const inPage = Math.min(left, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      const page = a >>> PAGE_SHIFT;
      if (dir[page >>> 10][page & 1023] === 0 && (lowest === -1 || a < lowest)) lowest = a;
      left -= inPage;
      a = (a + inPage) >>> 0;
    }
    return lowest;
  }

  /** Whether the guest may read every byte of [address, address + length). */
  isReadable(address: number, length: number): boolean {
    return this.firstInaccessible(address, length, false) === -1;
  }

  /** Whether the guest may write every byte of [address, address + length). */
  isWritable(address: number, length: number): boolean {
    return this.firstInaccessible(address, length, true) === -1;
  }

  /** Copies out [address, address + length) under guest read rules, or throws MemoryAccessError. */
  read(address: number, length: number): Uint8Array {
    const bad = this.firstInaccessible(address, length, false);
    if (bad !== -1) throw new MemoryAccessError(bad, false);
    return this.#copyOut(address, length);
  }

  /** Writes `data` at `address` under guest write rules, all or nothing, or throws MemoryAccessError. */
  write(address: number, data: Uint8Array): void {
    const bad = this.firstInaccessible(address, data.length, true);
    if (bad !== -1) throw new MemoryAccessError(bad, true);
    this.#copyIn(address, data);
  }

  /** Writes `data` into mapped pages regardless of write protection (for embedders). */
  initialize(address: number, data: Uint8Array): void {
    const bad = this.firstInaccessible(address, data.length, false);
    if (bad !== -1) throw new MemoryAccessError(bad, true);
    this.#copyIn(address, data);
  }

  /**
   * Grows the heap by `size` bytes: returns the old break and maps the new pages read-write,
   * or returns 0 (and changes nothing) when the heap would pass `heapLimit` or the page limit.
   */
  sbrk(size: number): number {
    const top = this.heapTop;
    if (size === 0 || top === 0) return top;
    const end = top + size;
    if (end > this.heapLimit) return 0;
    const firstPage = Math.ceil(top / PAGE_SIZE);
    const endPage = Math.ceil(end / PAGE_SIZE);
    let fresh = 0;
    for (let p = firstPage; p < endPage; p++) if (this.writeOffset(p) === 0) fresh++;
    if (this.#mappedPages + fresh > this.maxPages) return 0;
    for (let p = firstPage; p < endPage; p++) {
      if (this.writeOffset(p) !== 0) continue;
      let off = this.readOffset(p);
      if (off === 0) {
        off = this.#allocPage();
        this.#mappedPages++;
      }
      this.#setEntry(p, off, off);
    }
    this.heapTop = end;
    return top;
  }

  /** Every mapped page, as runs of contiguous pages with equal access, in address order. */
  runs(): PageRun[] {
    const out: PageRun[] = [];
    let p = 0;
    while (p < PAGE_COUNT) {
      if (this.readDir[p >>> 10] === EMPTY_LEAF) {
        p += LEAF_SIZE;
        continue;
      }
      if (this.readOffset(p) === 0) {
        p++;
        continue;
      }
      const access = this.accessAt(p * PAGE_SIZE);
      const start = p;
      while (
        p < PAGE_COUNT && this.readOffset(p) !== 0 && this.accessAt(p * PAGE_SIZE) === access
      ) {
        p++;
      }
      out.push({
        address: start * PAGE_SIZE,
        access,
        data: this.#copyOut(start * PAGE_SIZE, (p - start) * PAGE_SIZE),
      });
    }
    return out;
  }

  #allocPage(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) {
      this.bytes.fill(0, reused, reused + PAGE_SIZE);
      return reused;
    }
    const slot = this.#usedSlots++;
    const needed = (slot + 1) * PAGE_SIZE;
    if (needed > this.bytes.length) {
      let size = this.bytes.length;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bytes);
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    return slot * PAGE_SIZE;
  }

  #copyOut(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let a = address >>> 0;
    let done = 0;
    while (done < length) {
      const inPage = Math.min(length - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      const off = this.readOffset(a >>> PAGE_SHIFT) + (a & (PAGE_SIZE - 1));
      out.set(this.bytes.subarray(off, off + inPage), done);
      done += inPage;
      a = (a + inPage) >>> 0;
    }
    return out;
  }

  #copyIn(address: number, data: Uint8Array): void {
    let a = address >>> 0;
    let done = 0;
    while (done < data.length) {
      const inPage = Math.min(data.length - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      const off = this.readOffset(a >>> PAGE_SHIFT) + (a & (PAGE_SIZE - 1));
      this.bytes.set(data.subarray(done, done + inPage), off);
      done += inPage;
      a = (a + inPage) >>> 0;
    }
  }
}
