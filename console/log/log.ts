/**
 * The log device: lines a guest writes with `log.write`, at most 32 per frame (more return
 * LOG_FULL), each at most 256 bytes of UTF-8. Lines go into the frame hash and the frame report
 * (the CLI prints them).
 *
 * @example
 * ```ts
 * import { LogDevice } from "./log.ts";
 * const log = new LogDevice();
 * log.write(1, "hello"); // LOG_STATUS.OK
 * log.lines; // [{ level: 1, text: "hello" }]
 * ```
 * @module
 */

import type { Device, FrameEnd } from "../abi/types.ts";
import { ByteWriter } from "../bytes.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** Log levels (guest-visible numbers). */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** Statuses of `log.write`. */
export const LOG_STATUS = { OK: 0, LOG_FULL: 1 } as const;

/** One line. */
export interface LogLine {
  /** 0 debug, 1 info, 2 warn, 3 error. */
  level: number;
  /** The text. */
  text: string;
}

/** The log of one instance. */
export class LogDevice implements Device {
  /** Device name. */
  readonly name = "log";
  /** This frame's lines. */
  lines: LogLine[] = [];
  #total = 0;
  #refused = 0;
  readonly #enc = new TextEncoder();

  /** Adds a line (level 0…3, text ≤ 256 bytes: the syscall layer checked), or LOG_FULL. */
  write(level: number, text: string): number {
    if (this.lines.length >= CONSOLE_LIMITS.maxLogLinesPerFrame) {
      this.#refused++;
      return LOG_STATUS.LOG_FULL;
    }
    this.lines.push({ level, text });
    this.#total++;
    return LOG_STATUS.OK;
  }

  /** Starts a frame: no lines yet. */
  beginFrame(): void {
    this.lines = [];
  }

  /** Adds this frame's lines to the frame hash. */
  endFrame(end: FrameEnd): void {
    if (this.lines.length === 0) return;
    const w = new ByteWriter();
    for (const l of this.lines) w.u8(l.level).blob(this.#enc.encode(l.text));
    end.hash(w.view());
  }

  /** Lines written and refused so far. */
  telemetry(): Record<string, number> {
    return { lines: this.#total, refused: this.#refused };
  }
}
