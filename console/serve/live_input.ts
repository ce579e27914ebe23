/**
 * The live input of a `--serve` session: the page's keyboard and pointer set the current pad
 * mask and touch point at any time; the console latches them at frame boundaries through
 * {@link LiveInput.at}, which is asked exactly once per frame, in order. Every change is recorded
 * with the frame that first saw it, so the session's input is exactly an input script
 * (`--input` format): replaying it gives the same frames and the same hash.
 *
 * Bounds: at most `CONSOLE_LIMITS.maxInputEntries` changes are recorded; past that the input still
 * applies but the recording is marked truncated and cannot be downloaded.
 *
 * @example
 * ```ts
 * import { LiveInput } from "./live_input.ts";
 * const live = new LiveInput();
 * live.at(0);                       // nothing held: recorded as { frame: 0, pad: [] }
 * live.set(0b10000, null);          // "a" held from the next latch
 * live.at(1).pad;                   // 16
 * live.script();                    // the canonical input script text
 * ```
 * @module
 */

import { SCREEN_HEIGHT, SCREEN_WIDTH } from "../gfx/constants.ts";
import { ALL_BUTTONS, type InputFrame, NO_INPUT } from "../input/pad.ts";
import { encodeInputScript, type InputEntry } from "../input/script.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import type { InputSource } from "../runtime/console.ts";

/** A live, recording input source. */
export class LiveInput implements InputSource {
  #current: InputFrame = NO_INPUT;
  #last: InputFrame | null = null;
  #lastFrame = -1;
  readonly #entries: InputEntry[] = [];
  #truncated = false;

  /**
   * Sets what is held from the next frame boundary on. Throws RangeError for a mask outside the
   * 12 buttons or a touch point off the 320 × 180 screen (the server answers the page with it).
   */
  set(pad: number, touch: readonly [number, number] | null): void {
    if (!Number.isInteger(pad) || pad < 0 || pad > ALL_BUTTONS) {
      throw new RangeError(`pad mask must be an integer 0…${ALL_BUTTONS}, got ${pad}`);
    }
    if (touch !== null) {
      const [x, y] = touch;
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0) {
        throw new RangeError(`touch must be integer [x, y] on the screen, got ${touch}`);
      }
      if (x >= SCREEN_WIDTH || y >= SCREEN_HEIGHT) {
        throw new RangeError(
          `touch [${x}, ${y}] is off the ${SCREEN_WIDTH}×${SCREEN_HEIGHT} screen`,
        );
      }
    }
    this.#current = { pad, touch: touch === null ? null : [touch[0], touch[1]] };
  }

  /** The input of `frame` (frames must come in increasing order); records changes. */
  at(frame: number): InputFrame {
    if (frame <= this.#lastFrame) {
      throw new Error(`live input: frame ${frame} latched after frame ${this.#lastFrame}`);
    }
    this.#lastFrame = frame;
    const cur = this.#current;
    if (this.#last === null || !sameInput(cur, this.#last)) {
      if (this.#entries.length < CONSOLE_LIMITS.maxInputEntries) {
        this.#entries.push({ frame, input: cur });
      } else this.#truncated = true;
      this.#last = cur;
    }
    return cur;
  }

  /** Changes recorded so far. */
  get entries(): readonly InputEntry[] {
    return this.#entries;
  }

  /** True when more changes happened than a script may hold. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The recording as input-script text (throws when truncated). */
  script(): string {
    if (this.#truncated) {
      throw new RangeError(
        `the session changed its input more than ${CONSOLE_LIMITS.maxInputEntries} times; restart to record again`,
      );
    }
    return encodeInputScript(this.#entries);
  }
}

/** Whether two inputs are the same. */
export function sameInput(a: InputFrame, b: InputFrame): boolean {
  if (a.pad !== b.pad) return false;
  if (a.touch === null || b.touch === null) return a.touch === b.touch;
  return a.touch[0] === b.touch[0] && a.touch[1] === b.touch[1];
}
