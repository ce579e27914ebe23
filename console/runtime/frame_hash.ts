/**
 * The per-frame determinism hash. At the end of every frame the instance builds one canonical
 * record of what the guest produced — the frame number, how the frame ended, gas used, syscalls,
 * overruns, then each device's section (log lines, memcard writes, asset telemetry, and the
 * framebuffer and audio digests once gfx/audio devices exist) — and chains it:
 * `H(n) = blake2b-256(H(n−1) ‖ record(n))`, `H(−1)` = 32 zero bytes. Same cartridge, same input,
 * same starting memcard → same chain, whatever the Worker or instance count.
 *
 * Record layout: `u32 frame, u8 end, u64 gas_used, u32 syscalls, u32 overruns`, then per device
 * that added bytes, in module order: `u8 name_len, name, u32 len, bytes`.
 *
 * @example
 * ```ts
 * import { FrameHasher } from "./frame_hash.ts";
 * const h = new FrameHasher();
 * h.begin(0, 0, 1234, 2, 0);
 * h.section("log", new Uint8Array([1, 65]));
 * h.finish(); // 64 hex digits
 * ```
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ByteWriter, toHex } from "../bytes.ts";

/** How a frame ended, as recorded in the hash. */
export const FRAME_END = { sync: 0, overrun: 1, halt: 2, trap: 3, panic: 4 } as const;
/** A frame end kind. */
export type FrameEndKind = keyof typeof FRAME_END;

/** Builds the chain of frame records. */
export class FrameHasher {
  #prev: Uint8Array = new Uint8Array(32);
  readonly #record = new ByteWriter(8 * 1024 * 1024);
  readonly #enc = new TextEncoder();

  /** The chain value so far (hex), or 64 zeros before the first frame. */
  get current(): string {
    return toHex(this.#prev);
  }

  /** Starts frame `frame`'s record. */
  begin(frame: number, end: number, gasUsed: number, syscalls: number, overruns: number): void {
    this.#record.reset();
    this.#record.u32(frame).u8(end).u64(gasUsed).u32(syscalls).u32(overruns);
  }

  /** Adds a device's bytes to the record. */
  section(name: string, bytes: Uint8Array): void {
    const n = this.#enc.encode(name);
    this.#record.u8(n.length).bytes(n).blob(bytes);
  }

  /** Chains the record and returns the new chain value (hex). */
  finish(): string {
    this.#prev = blake2b.create({ dkLen: 32 }).update(this.#prev).update(this.#record.view())
      .digest();
    return toHex(this.#prev);
  }
}

/**
 * A device's per-frame log of what the guest did, bounded: past `foldAt` bytes the log so far is
 * replaced by its blake2b-256 digest (tag byte 0xFF + 32 bytes), so a busy frame costs memory
 * proportional to `foldAt`, never to what the guest wrote, and the hash still covers every byte.
 */
export class FoldingLog {
  readonly #w: ByteWriter;

  /** @param foldAt bytes kept before folding (default 256 KiB) */
  constructor(readonly foldAt = 256 * 1024) {
    this.#w = new ByteWriter(foldAt * 2 + 1024);
  }

  /** The writer to append one entry to (entries must stay below `foldAt` bytes each). */
  entry(): ByteWriter {
    if (this.#w.length > this.foldAt) {
      const d = blake2b(this.#w.view(), { dkLen: 32 });
      this.#w.reset();
      this.#w.u8(0xff).bytes(d);
    }
    return this.#w;
  }

  /** Bytes logged this frame (a view). */
  get length(): number {
    return this.#w.length;
  }

  /** The log (a view, valid until the next entry or reset). */
  view(): Uint8Array {
    return this.#w.view();
  }

  /** Starts a new frame's log. */
  reset(): void {
    this.#w.reset();
  }
}
