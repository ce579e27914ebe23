/**
 * Every explicit limit of the console: cartridge files, the program container, the host ABI,
 * the memcard, the log, input scripts and the frame loop. Each buffer or queue the console keeps
 * is bounded by one of these, and each length a file or a guest claims is checked against one
 * before anything is allocated for it.
 *
 * @example
 * ```ts
 * import { CONSOLE_LIMITS } from "./limits.ts";
 * CONSOLE_LIMITS.memcardSlotBytes; // 32768
 * ```
 * @module
 */

/** The console's numeric limits. */
export const CONSOLE_LIMITS = {
  /** Largest `manifest.json`, in bytes. */
  maxManifestBytes: 64 * 1024,
  /** Longest manifest `title`, in characters. */
  maxTitleLength: 64,
  /** Longest manifest `app_version`, in characters. */
  maxVersionLength: 64,
  /** Largest `program.pvm`, in bytes. */
  maxProgramBytes: 64 * 1024 * 1024,
  /** Most syscall imports of one program (`ecalli` 0 … 255). */
  maxImports: 256,
  /** Most exports of one program. */
  maxExports: 1024,
  /** Longest import module, import name or export name, in bytes. */
  maxNameBytes: 32,
  /** Largest `assets.pa` inside a `.pmc`, in bytes. */
  maxPackedAssetsBytes: 1024 * 1024 * 1024,
  /** Most arguments of a syscall (φ7 … φ12). */
  maxSyscallArgs: 6,
  /** Most results of a syscall (φ7 … φ12). */
  maxSyscallResults: 6,
  /** Memcard slots per `app_id`. */
  memcardSlots: 32,
  /** Payload bytes per memcard slot. */
  memcardSlotBytes: 32 * 1024,
  /** Longest log line, in bytes of UTF-8. */
  maxLogLineBytes: 256,
  /** Most log lines one frame may write (more: status LOG_FULL). */
  maxLogLinesPerFrame: 32,
  /** Longest asset name a guest may pass (the `assets.pa` limit). */
  maxAssetNameBytes: 128,
  /** Largest input script file, in bytes. */
  maxInputScriptBytes: 16 * 1024 * 1024,
  /** Most entries in an input script. */
  maxInputEntries: 1_000_000,
  /** Largest frame number anywhere (input scripts, `--frames`). */
  maxFrame: 2 ** 31 - 1,
  /** Most cartridge instances one console runs at once. */
  maxInstances: 64,
  /** Smallest and largest gas budget per frame. */
  minFrameGas: 100_000,
  maxFrameGas: 1_000_000_000,
  /** Loads asked of the loader actor per instance per frame (the manager's handle table bounds it too). */
  maxLoadRequestsPerFrame: 64,
} as const;

/** Logical frames per second of the console clock. */
export const FRAMES_PER_SECOND = 60;

/** Default gas budget of one frame (unused gas does not carry over). */
export const DEFAULT_FRAME_GAS = 1_000_000;
