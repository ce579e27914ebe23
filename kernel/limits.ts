/**
 * Every explicit limit of the kernel, in one place. Each is enforced with a clear result code
 * (for guests) or a `KernelError` (for embedders), and listed in README.md.
 *
 * @example
 * ```ts
 * import { LIMITS } from "./limits.ts";
 * LIMITS.CNODE_SLOTS; // 256
 * ```
 * @module
 */

/** The kernel's limits. */
export const LIMITS = {
  /** Slots in an Instance's cnode (a CNode cap has 2^k ≤ this many). */
  CNODE_SLOTS: 256,
  /** Largest `size_log` of CNODE_MINT. */
  CNODE_MAX_SIZE_LOG: 8,
  /** Instances on the call stack at once (the root chain Instance counts). */
  CALL_DEPTH: 64,
  /** Paused callees one frame may hold at once. */
  PAUSED_PER_FRAME: 8,
  /** Largest Data cap, in bytes (after stripping trailing zeros). */
  DATA_BYTES: 1 << 20,
  /** Largest PVM code blob in an Image. */
  IMAGE_CODE_BYTES: 1 << 22,
  /** Largest Image encoding. */
  IMAGE_BYTES: 1 << 23,
  /** Memory mappings per Image. */
  IMAGE_MAPPINGS: 32,
  /** Pages (4 KiB) all mappings of one Image may cover together (64 MiB). */
  IMAGE_MAPPED_PAGES: 16384,
  /** Gas slots, quota slots per Image. */
  IMAGE_GAS_SLOTS: 8,
  /** Pinned slots + initial slots per Image. */
  IMAGE_PRESET_SLOTS: 64,
  /** Markers one YieldCatcher may list. */
  CATCHER_MARKERS: 32,
  /** Events per block. */
  BLOCK_EVENTS: 4096,
  /** Bytes of one event payload. */
  EVENT_PAYLOAD_BYTES: 1 << 16,
  /** Validators in σ. */
  VALIDATORS: 1024,
  /** Largest gas or quota amount (2^62: sums of two never overflow a signed 64-bit VM counter). */
  AMOUNT_MAX: 1n << 62n,
} as const;
