/**
 * One `--serve` session: a console running one cartridge instance with a {@link LiveInput},
 * asking for the `framebuffer` and `audio` streams every frame, restartable from boot (each
 * restart is a new session with a fresh recording, frame 0 again). `step()` runs exactly one
 * frame and returns what the page needs; the server decides when to call it (60 Hz on the wall
 * clock), which changes only when frames are shown, never what they contain.
 *
 * @example
 * ```ts
 * import { ServeSession } from "./session.ts";
 * // const s = await ServeSession.start({ cartridge, mode: "workers", memcard: "memory" });
 * // const f = await s.step(); f?.framebuffer.length; // 115,200
 * // await s.restart(); await s.shutdown();
 * ```
 * @module
 */

import type { LoadedCartridge } from "../cartridge/loader.ts";
import { Console, type InstanceStatus } from "../runtime/console.ts";
import type { FrameReportBody } from "../runtime/wire.ts";
import { LiveInput } from "./live_input.ts";

/** Options of {@link ServeSession.start}. */
export interface SessionOptions {
  /** The validated cartridge. */
  cartridge: LoadedCartridge;
  /** Workers (default) or the main thread. */
  mode?: "workers" | "inprocess";
  /** Gas per frame (console default when absent). */
  gasPerFrame?: number;
  /** Memcard folder base, or "memory" (fresh and empty every session). */
  memcard: { dir: string } | "memory";
  /** Stop each session after this many frames (null: until it halts or traps). */
  frames?: number | null;
}

/** What one frame gave the page. */
export interface SessionFrame {
  /** The frame report of instance 0. */
  report: FrameReportBody;
  /** The instance's status after the frame. */
  status: InstanceStatus;
}

/** A restartable console session with live input. */
export class ServeSession {
  #con: Console;
  #input: LiveInput;
  #generation = 1;
  #busy: Promise<unknown> = Promise.resolve();

  private constructor(readonly options: SessionOptions, con: Console, input: LiveInput) {
    this.#con = con;
    this.#input = input;
  }

  static async #boot(o: SessionOptions, input: LiveInput): Promise<Console> {
    return await Console.start({
      cartridges: [o.cartridge],
      mode: o.mode ?? "workers",
      gasPerFrame: o.gasPerFrame,
      memcard: o.memcard,
      input,
      outputs: () => ["framebuffer", "audio"],
    });
  }

  /** Boots the first session. Throws what `Console.start` throws (a rejected preload…). */
  static async start(o: SessionOptions): Promise<ServeSession> {
    const input = new LiveInput();
    return new ServeSession(o, await ServeSession.#boot(o, input), input);
  }

  /** The live input of the current session. */
  get input(): LiveInput {
    return this.#input;
  }

  /** 1 for the first session, +1 per restart. */
  get generation(): number {
    return this.#generation;
  }

  /** Frames run in this session. */
  get frame(): number {
    return this.#con.frame;
  }

  /** The instance's status. */
  get status(): InstanceStatus {
    return this.#con.instances[0];
  }

  /** True while the instance runs and the frame cap (if any) is not reached. */
  get running(): boolean {
    const cap = this.options.frames ?? null;
    return this.#con.running && (cap === null || this.#con.frame < cap);
  }

  /** Runs one frame (null when the session is over). Calls never overlap. */
  step(): Promise<SessionFrame | null> {
    return this.#serial(async () => {
      if (!this.running) return null;
      const f = await this.#con.step();
      const report = f.reports[0];
      if (report === undefined) return null;
      return { report, status: this.status };
    });
  }

  /**
   * The session's input so far as a script, with the frames run and the hash after them — taken
   * between two frames, so replaying the script for `frames` frames gives `hash`.
   */
  recording(): Promise<{ script: string; frames: number; hash: string; changes: number }> {
    return this.#serial(() =>
      Promise.resolve({
        script: this.#input.script(),
        frames: this.#con.frame,
        hash: this.status.hash,
        changes: this.#input.entries.length,
      })
    );
  }

  /** Shuts the session down and boots a fresh one (frame 0, new recording). */
  restart(): Promise<void> {
    return this.#serial(async () => {
      await this.#con.shutdown();
      const input = new LiveInput();
      this.#con = await ServeSession.#boot(this.options, input);
      this.#input = input;
      this.#generation++;
    });
  }

  /** Stops the console. */
  shutdown(): Promise<void> {
    return this.#serial(() => this.#con.shutdown());
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }
}
