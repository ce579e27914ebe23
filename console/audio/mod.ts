/**
 * console/audio — the pure sound chip of the console: 16 voices playing PCM16 mono samples with
 * volume, pan, 8.8 pitch (linear interpolation) and loop points into 48 kHz stereo PCM16, 800
 * frames per 60 Hz frame, saturating. Integer arithmetic only, so output is bit-exact. No I/O; the
 * syscall layer wraps {@link Mixer}: {@link AudioArgumentError} → Trap, {@link AUDIO_STATUS} → φ7.
 *
 * @example
 * ```ts
 * import { ANY_VOICE, Mixer, PITCH_ONE } from "./mod.ts";
 * const mixer = new Mixer({ slotCount: 64, sound: () => null });
 * mixer.play(0, ANY_VOICE, 255, 128, PITCH_ONE, 0).status; // 1 (SLOT_EMPTY)
 * mixer.mixFrame().length; // 1600: 800 silent stereo frames
 * ```
 * @module
 */

export * from "./constants.ts";
export * from "./status.ts";
export * from "./errors.ts";
export * from "./law.ts";
export * from "./mixer.ts";
export * from "./bench.ts";
