/**
 * `--png <dir>`: writes console frames as PNG files (8-bit RGBA through `fast-png`, optionally
 * scaled by an integer factor). Which frames: every frame (the default), every Nth
 * (`every: N` — frames 0, N, 2N, …), only the last frame of the run (`last`), or every Nth plus
 * the last. Files are `<dir>/cart<i>-frame-<frame, 6+ digits>.png`, one series per instance.
 *
 * The folder is created if needed and checked writable when the sink opens, before any frame
 * runs (`ViewError` PNG_DIR otherwise). For `last`: when the run stops at a known frame
 * (`--frames N`) that frame's picture is asked for; an instance that halts or traps earlier
 * attaches its final picture on its own (the `final:framebuffer` stream), so no other frame's
 * picture crosses from the Worker. The sink keeps each instance's latest and writes it in
 * `finish()`.
 *
 * @example
 * ```ts
 * import { PngSink } from "./png_sink.ts";
 * const sink = await PngSink.open({ dir: "out/png", every: 60, last: true, scale: 2, lastFrame: 599 });
 * sink.wants(120); // ["framebuffer", "final:framebuffer"]: frames 0, 60, 120, … and the last
 * // await sink.frame(0, 120, framebufferBytes); … await sink.finish();
 * ```
 * @module
 */

import { encodeFramePng } from "../render/png.ts";
import { FINAL_STREAM_PREFIX } from "../runtime/instance.ts";
import { FRAMEBUFFER_STREAM } from "../av/gfx_device.ts";
import { ViewError } from "./errors.ts";
import { framebufferOf } from "./streams.ts";

/** Options of {@link PngSink.open}. */
export interface PngOptions {
  /** Output folder (created when missing). */
  dir: string;
  /** Write every Nth frame (1 = every frame), or null for none but the last. */
  every: number | null;
  /** Also write each instance's last frame. */
  last: boolean;
  /** Integer scale 1…16. */
  scale: number;
  /** The run's last frame when known in advance (`--frames N` → N − 1), else null. */
  lastFrame?: number | null;
}

/** The largest scale factor. */
export const MAX_PNG_SCALE = 16;

/** The file name of instance `index`'s frame `frame`. */
export function pngName(index: number, frame: number): string {
  return `cart${index}-frame-${String(frame).padStart(6, "0")}.png`;
}

/** Writes selected frames as PNG files. */
export class PngSink {
  readonly #o: PngOptions;
  readonly #latest = new Map<number, { frame: number; bytes: Uint8Array }>();
  readonly #written = new Set<string>();

  private constructor(o: PngOptions) {
    this.#o = o;
  }

  /** Checks the options, creates the folder and proves it writable. */
  static async open(o: PngOptions): Promise<PngSink> {
    if (o.every !== null && (!Number.isSafeInteger(o.every) || o.every < 1)) {
      throw new ViewError("BAD_OPTION", `--png-every must be a positive integer, got ${o.every}`);
    }
    if (o.every === null && !o.last) {
      throw new ViewError("BAD_OPTION", "--png needs frames to write (every N, or the last)");
    }
    if (!Number.isInteger(o.scale) || o.scale < 1 || o.scale > MAX_PNG_SCALE) {
      throw new ViewError(
        "BAD_OPTION",
        `--scale must be an integer 1…${MAX_PNG_SCALE}, got ${o.scale}`,
      );
    }
    try {
      await Deno.mkdir(o.dir, { recursive: true });
      const probe = await Deno.makeTempFile({ dir: o.dir, prefix: ".png-probe-" });
      await Deno.remove(probe);
    } catch (e) {
      throw new ViewError("PNG_DIR", `--png ${o.dir}: cannot write there: ${(e as Error).message}`);
    }
    return new PngSink(o);
  }

  /** The folder. */
  get dir(): string {
    return this.#o.dir;
  }

  /** Files written so far. */
  get files(): number {
    return this.#written.size;
  }

  /** The streams to ask the console for on frame `frame`. */
  wants(frame: number): string[] {
    const out: string[] = [];
    const every = this.#o.every !== null && frame % this.#o.every === 0;
    if (every || (this.#o.last && frame === this.#o.lastFrame)) out.push(FRAMEBUFFER_STREAM);
    if (this.#o.last) out.push(`${FINAL_STREAM_PREFIX}${FRAMEBUFFER_STREAM}`);
    return out;
  }

  /** Takes instance `index`'s frame `frame` (a `framebuffer` output); writes it if selected. */
  async frame(index: number, frame: number, bytes: Uint8Array): Promise<void> {
    if (this.#o.every !== null && frame % this.#o.every === 0) {
      await this.#write(index, frame, bytes);
    }
    if (this.#o.last) this.#latest.set(index, { frame, bytes });
  }

  /** Writes each instance's last frame (when asked for); returns the files written in all. */
  async finish(): Promise<number> {
    for (const [index, l] of [...this.#latest].sort((a, b) => a[0] - b[0])) {
      await this.#write(index, l.frame, l.bytes);
    }
    this.#latest.clear();
    return this.#written.size;
  }

  async #write(index: number, frame: number, bytes: Uint8Array): Promise<void> {
    const name = pngName(index, frame);
    if (this.#written.has(name)) return;
    const png = encodeFramePng(framebufferOf(bytes), this.#o.scale);
    try {
      await Deno.writeFile(`${this.#o.dir}/${name}`, png);
    } catch (e) {
      throw new ViewError(
        "PNG_DIR",
        `--png: cannot write ${this.#o.dir}/${name}: ${(e as Error).message}`,
      );
    }
    this.#written.add(name);
  }
}
