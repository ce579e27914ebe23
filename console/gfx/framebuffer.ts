/**
 * The double-buffered 320×180 RGB565 framebuffer. Drawing goes to `back`; `present()` swaps the
 * two buffers (nothing is copied), so after it `back` holds the frame before the one just
 * presented. Pixel (x, y) is at index `y * SCREEN_WIDTH + x`.
 *
 * @example
 * ```ts
 * import { Framebuffer } from "./framebuffer.ts";
 * const fb = new Framebuffer();
 * fb.back.fill(0xf800);
 * fb.present();
 * fb.front[0]; // 0xf800
 * ```
 * @module
 */

import { PIXEL_COUNT } from "./constants.ts";

/** Two RGB565 buffers: one being drawn (`back`), one shown (`front`). */
export class Framebuffer {
  #back = new Uint16Array(PIXEL_COUNT);
  #front = new Uint16Array(PIXEL_COUNT);
  #presented = 0;

  /** The buffer drawing goes to. */
  get back(): Uint16Array {
    return this.#back;
  }

  /** The last presented frame. */
  get front(): Uint16Array {
    return this.#front;
  }

  /** How many times `present` was called. */
  get presented(): number {
    return this.#presented;
  }

  /** Swaps back and front. */
  present(): void {
    const t = this.#back;
    this.#back = this.#front;
    this.#front = t;
    this.#presented++;
  }
}
