/**
 * console/render — pure helpers to look at and listen to console output: RGB565 framebuffers as
 * RGBA (exact bit-replicated expansion, integer scale), as PNG (`fast-png`), as an ANSI
 * truecolour half-block preview; mixed audio as a streaming WAV (RIFF PCM16 stereo 48 kHz); and
 * hashes of both for determinism checks.
 *
 * @example
 * ```ts
 * import { ansiPreview, encodeFramePng, encodeWav } from "./mod.ts";
 * const fb = new Uint16Array(320 * 180);
 * const png = encodeFramePng(fb, 3);
 * const wav = encodeWav([new Int16Array(1600)]);
 * console.log(ansiPreview(fb, 64));
 * ```
 * @module
 */

export * from "./rgba.ts";
export * from "./png.ts";
export * from "./wav.ts";
export * from "./ansi.ts";
export * from "./digest.ts";
export * from "./bench.ts";
