/**
 * An audio workload for benchmarks: four voices (a looping 22,050 Hz tone, a looping 48 kHz
 * noise, two one-shots restarted now and then) mixed one console frame per call. No timing here;
 * the caller times it.
 *
 * @example
 * ```ts
 * import { audioBenchWorkload } from "./bench.ts";
 * const tick = audioBenchWorkload();
 * for (let i = 0; i < 60; i++) tick(i); // one second of audio
 * ```
 * @module
 */

import type { SoundSample } from "../../assets/sounds.ts";
import { PITCH_ONE } from "./constants.ts";
import { Mixer } from "./mixer.ts";

/** Four deterministic samples: tone (looped), noise (looped), blip and thud (one-shots). */
export function benchSamples(): SoundSample[] {
  const tone = new Int16Array(2205).map((_, i) =>
    Math.round(12000 * Math.sin((i * 2 * Math.PI) / 50))
  );
  let x = 12345;
  const noise = new Int16Array(4800).map(() => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 16) - 32768;
  });
  const blip = new Int16Array(3000).map((_, i) => ((i % 40) < 20 ? 8000 : -8000));
  const thud = new Int16Array(6000).map((_, i) =>
    Math.round(20000 * Math.exp(-i / 1500) * Math.sin(i / 9))
  );
  return [
    {
      sampleRate: 22_050,
      frameCount: tone.length,
      loop: { start: 0, end: tone.length },
      samples: tone,
    },
    {
      sampleRate: 48_000,
      frameCount: noise.length,
      loop: { start: 800, end: 4800 },
      samples: noise,
    },
    { sampleRate: 44_100, frameCount: blip.length, loop: null, samples: blip },
    { sampleRate: 22_050, frameCount: thud.length, loop: null, samples: thud },
  ];
}

/** Returns a function that issues benchmark frame `n`'s commands and mixes it. */
export function audioBenchWorkload(): (n: number) => Int16Array {
  const samples = benchSamples();
  const mixer = new Mixer({ slotCount: 64, sound: (s) => samples[s] ?? null });
  const out = new Int16Array(1600);
  mixer.play(0, 0, 160, 64, PITCH_ONE, 50);
  mixer.play(1, 1, 40, 200, PITCH_ONE, 10);
  return (n: number) => {
    if (n % 20 === 0) mixer.play(2, 2, 200, (n * 7) & 255, PITCH_ONE + (n & 63), 100);
    if (n % 45 === 0) mixer.play(3, 3, 255, 128, 200, 120);
    return mixer.mixFrame(out);
  };
}
