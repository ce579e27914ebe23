/**
 * The live terminal view of `deno task run cartridge` when stdout is a terminal: a preview of
 * instance 0's screen in ANSI truecolour half-blocks (`ansiPreview`), the per-second summary line
 * and the latest guest log lines under it, redrawn in place (cursor home, no scrolling). Display
 * only: when it redraws is decided by the wall clock (at most `fps` times a second), which
 * changes which frames are shown, never what a frame contains.
 *
 * The preview is as wide as the terminal allows (at most 160 columns; 9 text rows per 32
 * columns, plus the summary and log lines below), and off when the terminal is too small.
 *
 * @example
 * ```ts
 * import { TerminalView } from "./terminal.ts";
 * const view = new TerminalView({ columns: 100, rows: 40, logLines: 4 });
 * view.due(performance.now()); // true the first time
 * // view.render(framebuffer, "frame 60 · 61 frames/s", ["[f59] info: hello"]); … view.close();
 * ```
 * @module
 */

import { ansiPreview, ansiRows } from "../render/ansi.ts";

/** Options of {@link TerminalView}. */
export interface TerminalOptions {
  /** Terminal width in characters. */
  columns: number;
  /** Terminal height in lines. */
  rows: number;
  /** Log lines kept under the summary (default 4). */
  logLines?: number;
  /** Redraws per second at most (default 20). */
  fps?: number;
  /** Where text goes (default: stdout, synchronously). */
  write?: (text: string) => void;
}

/** The widest preview, in characters. */
export const MAX_PREVIEW_COLUMNS = 160;

const ESC = "\x1b[";
const enc = new TextEncoder();

/** The preview width for a terminal (0 = too small for a preview). */
export function previewColumns(columns: number, rows: number, reserved: number): number {
  let c = Math.min(MAX_PREVIEW_COLUMNS, columns);
  while (c >= 16 && ansiRows(c) + reserved > rows) c--;
  return c >= 16 ? c : 0;
}

/** In-place terminal preview, summary and log tail. */
export class TerminalView {
  readonly #write: (text: string) => void;
  readonly #logLines: number;
  readonly #interval: number;
  readonly #columns: number;
  readonly #width: number;
  readonly #log: string[] = [];
  #last = -Infinity;
  #started = false;
  #pictureRows = 0;

  /** @param o terminal size and limits */
  constructor(o: TerminalOptions) {
    this.#write = o.write ?? ((t) => Deno.stdout.writeSync(enc.encode(t)));
    this.#logLines = o.logLines ?? 4;
    this.#interval = 1000 / (o.fps ?? 20);
    this.#width = o.columns;
    this.#columns = previewColumns(o.columns, o.rows, 2 + this.#logLines);
  }

  /** Preview width in characters (0: no preview, the terminal is too small). */
  get previewColumns(): number {
    return this.#columns;
  }

  /** Whether a redraw is due at wall-clock time `now` (ms). */
  due(now: number): boolean {
    return now - this.#last >= this.#interval;
  }

  /** Keeps a log line for the tail. */
  log(line: string): void {
    this.#log.push(line);
    if (this.#log.length > this.#logLines) this.#log.shift();
  }

  /**
   * Redraws: the picture (when given and there is room; without one the last picture stays),
   * the summary, the log tail.
   */
  render(framebuffer: Uint16Array | null, summary: string, now = performance.now()): void {
    this.#last = now;
    let out = this.#started ? `${ESC}H` : `${ESC}?25l${ESC}2J${ESC}H`;
    this.#started = true;
    if (framebuffer !== null && this.#columns > 0) {
      out += ansiPreview(framebuffer, this.#columns) + "\n";
      this.#pictureRows = ansiRows(this.#columns);
    } else if (this.#pictureRows > 0) {
      out += `${ESC}${this.#pictureRows}B`; // keep the last picture: go below it
    }
    const clip = (s: string) => (s.length > this.#width ? s.slice(0, this.#width - 1) + "…" : s);
    out += `${ESC}2K${clip(summary)}\n`;
    for (let i = 0; i < this.#logLines; i++) out += `${ESC}2K${clip(this.#log[i] ?? "")}\n`;
    this.#write(out);
  }

  /** Shows the cursor again (the final report prints below the view). */
  close(): void {
    if (this.#started) this.#write(`${ESC}?25h`);
  }
}
