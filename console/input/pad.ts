/**
 * The console's input: a 12-button pad and one touch pointer, latched once at the start of each
 * frame and read by the guest through the `input.*` intrinsics (VM-owned: no capability). For
 * each button the latch keeps `down`, `pressed` (went down this frame), `released` (went up this
 * frame) and `hold` (consecutive frames down, this one included; 0 when up).
 *
 * @example
 * ```ts
 * import { BUTTONS, InputLatch, padMask } from "./pad.ts";
 * const latch = new InputLatch();
 * latch.latch({ pad: padMask(["a"]), touch: null });
 * latch.button(BUTTONS.indexOf("a")); // { down: true, pressed: true, released: false, hold: 1 }
 * ```
 * @module
 */

import { SCREEN_HEIGHT, SCREEN_WIDTH } from "../gfx/constants.ts";

/** The pad's buttons in their fixed order (bit i of a mask = button i). */
export const BUTTONS = [
  "up",
  "down",
  "left",
  "right",
  "a",
  "b",
  "x",
  "y",
  "l",
  "r",
  "start",
  "select",
] as const;
/** A button name. */
export type Button = typeof BUTTONS[number];
/** Mask with every button bit set. */
export const ALL_BUTTONS = (1 << BUTTONS.length) - 1;

/** What the firmware hands the console for one frame: which buttons are down, and the pointer. */
export interface InputFrame {
  /** Bit i set = button `BUTTONS[i]` is down. */
  pad: number;
  /** The pointer when it is down (framebuffer coordinates), or null when it is up. */
  touch: readonly [number, number] | null;
}

/** The idle input: nothing down. */
export const NO_INPUT: InputFrame = Object.freeze({ pad: 0, touch: null });

/** The mask of `names`. */
export function padMask(names: readonly Button[]): number {
  let m = 0;
  for (const n of names) {
    const i = BUTTONS.indexOf(n);
    if (i < 0) throw new RangeError(`unknown button ${n}`);
    m |= 1 << i;
  }
  return m;
}

/** The names of the buttons in `mask`. */
export function maskNames(mask: number): Button[] {
  return BUTTONS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The latched state of one button (or of the pointer's contact). */
export interface ButtonState {
  down: boolean;
  pressed: boolean;
  released: boolean;
  hold: number;
}

/** The input as the guest sees it during one frame. */
export class InputLatch {
  #down = 0;
  #pressed = 0;
  #released = 0;
  readonly #hold = new Uint32Array(BUTTONS.length);
  #touchDown = false;
  #touchPressed = false;
  #touchReleased = false;
  #touchHold = 0;
  #x = 0;
  #y = 0;

  /**
   * Latches `input` as this frame's state. Throws RangeError for a mask with unknown bits or a
   * pointer outside the screen (the firmware validated it; this is an invariant).
   */
  latch(input: InputFrame): void {
    const pad = input.pad;
    if (!Number.isInteger(pad) || pad < 0 || pad > ALL_BUTTONS) {
      throw new RangeError(`pad mask ${pad} has bits outside the 12 buttons`);
    }
    this.#pressed = pad & ~this.#down;
    this.#released = this.#down & ~pad;
    this.#down = pad;
    for (let i = 0; i < BUTTONS.length; i++) {
      const h = this.#hold[i];
      this.#hold[i] = (pad & (1 << i)) !== 0 ? Math.min(h + 1, 0xffffffff) : 0;
    }
    const t = input.touch;
    const down = t !== null;
    if (t !== null) {
      const [x, y] = t;
      if (
        !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= SCREEN_WIDTH ||
        y >= SCREEN_HEIGHT
      ) {
        throw new RangeError(
          `touch (${x}, ${y}) is outside the ${SCREEN_WIDTH}×${SCREEN_HEIGHT} screen`,
        );
      }
      this.#x = x;
      this.#y = y;
    }
    this.#touchPressed = down && !this.#touchDown;
    this.#touchReleased = !down && this.#touchDown;
    this.#touchDown = down;
    this.#touchHold = down ? this.#touchHold + 1 : 0;
  }

  /** Button `i`'s state this frame. */
  button(i: number): ButtonState {
    const bit = 1 << i;
    return {
      down: (this.#down & bit) !== 0,
      pressed: (this.#pressed & bit) !== 0,
      released: (this.#released & bit) !== 0,
      hold: this.#hold[i],
    };
  }

  /** Masks of buttons down, pressed and released this frame. */
  masks(): { down: number; pressed: number; released: number } {
    return { down: this.#down, pressed: this.#pressed, released: this.#released };
  }

  /** The pointer: contact state and last position (kept while up). */
  touch(): ButtonState & { x: number; y: number } {
    return {
      down: this.#touchDown,
      pressed: this.#touchPressed,
      released: this.#touchReleased,
      hold: this.#touchHold,
      x: this.#x,
      y: this.#y,
    };
  }
}
