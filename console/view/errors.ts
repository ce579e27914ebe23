/**
 * The error the viewers throw for a bad output option — a `--png` folder that cannot be
 * written, a `--wav` file that cannot be created, a `--serve` port that is taken or out of range.
 * The CLI prints `cartridge: CODE: message` and exits 2 (usage).
 *
 * @example
 * ```ts
 * import { ViewError } from "./errors.ts";
 * new ViewError("PNG_DIR", "out/png: permission denied").code; // "PNG_DIR"
 * ```
 * @module
 */

/** Stable codes of {@link ViewError}. */
export type ViewErrorCode = "PNG_DIR" | "WAV_FILE" | "BAD_PORT" | "PORT_IN_USE" | "BAD_OPTION";

/** A viewer option that cannot be honoured. */
export class ViewError extends Error {
  /** @param code stable reason code @param message what is wrong, naming the path or port */
  constructor(readonly code: ViewErrorCode, message: string) {
    super(message);
    this.name = "ViewError";
  }
}
