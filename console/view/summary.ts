/**
 * The per-second summary of a running console, for the CLI and the terminal view: frames/s
 * (wall clock: display only), gas and syscalls per frame, overruns, asset loads by state, bank
 * bytes, sprites, voices and memcard commits. {@link SummaryMeter} remembers the totals of its
 * previous line so each line reports the last interval.
 *
 * @example
 * ```ts
 * import { SummaryMeter } from "./summary.ts";
 * const meter = new SummaryMeter(performance.now());
 * // meter.line(con.frame, con.instances, performance.now()) → "[1.0 s] frame 612 · 611 frames/s × 1 · …"
 * ```
 * @module
 */

import type { InstanceStatus } from "../runtime/console.ts";

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** Builds summary lines over wall-clock intervals. */
export class SummaryMeter {
  #lastTime: number;
  #lastFrame = 0;
  #lastGas = 0;
  #lastCalls = 0;

  /** @param started wall-clock ms when the run started */
  constructor(readonly started: number) {
    this.#lastTime = started;
  }

  /** Milliseconds since the previous line (or the start). */
  since(now: number): number {
    return now - this.#lastTime;
  }

  /** The line for the interval ending at `now`, and starts the next interval. */
  line(frame: number, instances: readonly InstanceStatus[], now: number): string {
    const count = instances.length;
    const frames = frame - this.#lastFrame;
    const gas = instances.reduce((s, i) => s + i.gas, 0);
    const calls = instances.reduce((s, i) => s + i.syscalls, 0);
    const t = instances[0].telemetry;
    const perFrame = (v: number) => (frames === 0 ? 0 : v / frames / count);
    const ms = Math.max(1, now - this.#lastTime);
    const parts = [
      `[${((now - this.started) / 1000).toFixed(1)} s] frame ${frame}`,
      `${Math.round((frames * 1000) / ms)} frames/s × ${count}`,
      `gas/frame ${Math.round(perFrame(gas - this.#lastGas))}`,
      `syscalls/frame ${perFrame(calls - this.#lastCalls).toFixed(1)}`,
      `overruns ${instances.reduce((s, i) => s + i.overruns, 0)}`,
      `loads ${t["asset.pending"] ?? 0}/${t["asset.loading"] ?? 0}/${t["asset.ready"] ?? 0}`,
      `TILES ${kib(t["asset.tiles_used_bytes"] ?? 0)}`,
      `SOUNDS ${kib(t["asset.sounds_used_bytes"] ?? 0)}`,
    ];
    if (t["gfx.presents"] !== undefined) parts.push(`sprites ${t["gfx.sprites"]}`);
    if (t["audio.voices"] !== undefined) parts.push(`voices ${t["audio.voices"]}`);
    parts.push(`memcard ${t["memcard.committed"] ?? 0} committed`, `${instances[0].state}`);
    this.#lastTime = now;
    this.#lastFrame = frame;
    this.#lastGas = gas;
    this.#lastCalls = calls;
    return parts.join(" · ");
  }
}
