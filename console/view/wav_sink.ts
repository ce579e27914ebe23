/**
 * `--wav <file>`: streams one instance's mixed audio to a WAV file (RIFF PCM16 stereo 48 kHz) as
 * the run goes — the header first with zero sizes, then 3,200 bytes per console frame appended,
 * and the header rewritten with the real sizes on `close()`. Memory use does not grow with the
 * run's length. The file is created (or truncated) when the sink opens, before any frame runs
 * (`ViewError` WAV_FILE when it cannot be).
 *
 * @example
 * ```ts
 * import { WavSink } from "./wav_sink.ts";
 * const wav = await WavSink.open("out/run.wav");
 * // await wav.frame(audioBytes); … await wav.close();
 * ```
 * @module
 */

import { WavStream } from "../render/wav.ts";
import { ViewError } from "./errors.ts";
import { pcmOf } from "./streams.ts";

/** Writes console audio to a WAV file, frame by frame. */
export class WavSink {
  readonly #file: Deno.FsFile;
  readonly #stream = new WavStream();
  #frames = 0;
  #closed = false;

  private constructor(readonly path: string, file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) `path` and writes the provisional header. */
  static async open(path: string): Promise<WavSink> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, create: true, truncate: true });
    } catch (e) {
      throw new ViewError("WAV_FILE", `--wav ${path}: cannot create it: ${(e as Error).message}`);
    }
    const sink = new WavSink(path, file);
    await sink.#writeAll(sink.#stream.header());
    return sink;
  }

  /** Console frames written. */
  get frames(): number {
    return this.#frames;
  }

  /** Appends one frame's `audio` output (3,200 bytes). */
  async frame(bytes: Uint8Array): Promise<void> {
    if (this.#closed) throw new Error(`wav: ${this.path} is closed`);
    await this.#writeAll(this.#stream.chunk(pcmOf(bytes)));
    this.#frames++;
  }

  /** Rewrites the header with the real sizes and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#file.seek(0, Deno.SeekMode.Start);
      await this.#writeAll(this.#stream.header());
    } finally {
      this.#file.close();
    }
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += await this.#file.write(bytes.subarray(at));
  }
}
