/**
 * The console's graphics + audio micro-benchmark, for `bench/console.ts` to call: runs the
 * typical-frame workloads of console/gfx and console/audio (clear, tile background, 100 sprites,
 * primitives, text, present; four voices mixed) and, separately, the render helpers. The clock is
 * passed in, so this module itself reads no time and stays deterministic.
 *
 * @example
 * ```ts
 * import { benchAvFrames } from "./bench.ts";
 * let ticks = 0;
 * const clock = () => ticks++; // the bench passes a real millisecond clock here
 * const r = benchAvFrames(10, clock);
 * console.log(r.gfxMsPerFrame, r.audioMsPerFrame, r.framesPerSecond);
 * ```
 * @module
 */

import { audioBenchWorkload } from "../audio/bench.ts";
import { gfxBenchWorkload } from "../gfx/bench.ts";
import { ansiPreview } from "./ansi.ts";
import { audioHash, blake2bHex, frameBytes, frameHash } from "./digest.ts";
import { encodeFramePng } from "./png.ts";

/** What {@link benchAvFrames} measured. */
export interface AvBenchResult {
  /** Frames run per phase. */
  frames: number;
  /** Milliseconds per frame of drawing + composition + present. */
  gfxMsPerFrame: number;
  /** Milliseconds per frame of the same with the background as one scrolled tile layer. */
  gfxLayerMsPerFrame: number;
  /** Milliseconds per frame of mixing (800 stereo frames, 4 voices). */
  audioMsPerFrame: number;
  /** Frames per second for gfx + audio together (`1000 / (gfx + audio)`). */
  framesPerSecond: number;
  /** Milliseconds to quick-hash one framebuffer and one audio frame (`frameHash`, `audioHash`). */
  hashMsPerFrame: number;
  /** Milliseconds for blake2b-256 of one framebuffer. */
  blake2bMsPerFrame: number;
  /** Milliseconds to encode one frame as PNG at scale 1. */
  pngMs: number;
  /** Milliseconds for one 80-column ANSI preview. */
  ansiMs: number;
  /** Quick hash of the last frame (the same on every run). */
  frameHash: string;
  /** Quick hash of the last audio frame (the same on every run). */
  audioHash: string;
}

/** Runs each workload for `frames` frames (after a short warm-up), timing with `now` (ms). */
export function benchAvFrames(frames: number, now: () => number): AvBenchResult {
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError("bench: frames must be ≥ 1");
  const gfxFrame = gfxBenchWorkload();
  const audioFrame = audioBenchWorkload();
  const warm = Math.min(60, frames);
  for (let i = 0; i < warm; i++) {
    gfxFrame(i);
    audioFrame(i);
  }
  let t = now();
  let gfx = gfxFrame(warm);
  for (let i = 1; i < frames; i++) gfx = gfxFrame(warm + i);
  const gfxMs = (now() - t) / frames;
  const layerFrame = gfxBenchWorkload("layer");
  for (let i = 0; i < warm; i++) layerFrame(i);
  t = now();
  for (let i = 0; i < frames; i++) layerFrame(warm + i);
  const layerMs = (now() - t) / frames;
  t = now();
  let pcm = audioFrame(warm);
  for (let i = 1; i < frames; i++) pcm = audioFrame(warm + i);
  const audioMs = (now() - t) / frames;
  const reps = Math.max(1, Math.min(frames, 60));
  t = now();
  let fh = "";
  let ah = "";
  for (let i = 0; i < reps; i++) {
    fh = frameHash(gfx.front);
    ah = audioHash(pcm);
  }
  const hashMs = (now() - t) / reps;
  t = now();
  for (let i = 0; i < reps; i++) blake2bHex(frameBytes(gfx.front));
  const blakeMs = (now() - t) / reps;
  t = now();
  for (let i = 0; i < reps; i++) encodeFramePng(gfx.front);
  const pngMs = (now() - t) / reps;
  t = now();
  for (let i = 0; i < reps; i++) ansiPreview(gfx.front, 80);
  const ansiMs = (now() - t) / reps;
  return {
    frames,
    gfxMsPerFrame: gfxMs,
    gfxLayerMsPerFrame: layerMs,
    audioMsPerFrame: audioMs,
    framesPerSecond: 1000 / (gfxMs + audioMs),
    hashMsPerFrame: hashMs,
    blake2bMsPerFrame: blakeMs,
    pngMs,
    ansiMs,
    frameHash: fh,
    audioHash: ah,
  };
}
