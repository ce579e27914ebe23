/**
 * The audio device of one instance: a {@link Mixer} (the pure sound chip) playing samples
 * committed in the instance's SOUNDS bank. The chip runs whatever the guest does: every frame —
 * synced, overrun, even the last one — mixes the next 800 stereo frames (48 kHz), so the audio
 * stream has exactly 800 frames per console frame. `endFrame` adds the 8-byte fast digest
 * (`quickHash64`) of the frame's 1,600 samples to the frame hash and, when the embedder asked for
 * the `audio` stream, attaches them (interleaved L R, little-endian i16: 3,200 bytes).
 * Telemetry: voices playing after the mix.
 *
 * @example
 * ```ts
 * import { AudioDevice } from "./audio_device.ts";
 * const dev = new AudioDevice(null); // no assets.pa: every SOUNDS slot is empty
 * dev.mixer.play(0, 255, 255, 128, 256, 0).status; // 1 (SLOT_EMPTY)
 * ```
 * @module
 */

import { DEFAULT_BANKS } from "../../assets/bank_config.ts";
import type { AssetManager } from "../../assets/manager/manager.ts";
import type { Device, FrameEnd } from "../abi/types.ts";
import { SAMPLES_PER_TICK } from "../audio/constants.ts";
import { Mixer } from "../audio/mixer.ts";
import { pcmBytes, quickHash64 } from "../render/digest.ts";
import { digestBytes } from "./gfx_device.ts";

/** The `audio` output stream's name. */
export const AUDIO_STREAM = "audio";

/** The audio device (module `audio`). */
export class AudioDevice implements Device {
  /** Device name (and frame-hash section name). */
  readonly name = "audio";
  /** The sound chip. */
  readonly mixer: Mixer;
  readonly #pcm = new Int16Array(SAMPLES_PER_TICK);

  /** @param assets the instance's asset manager (null: no assets.pa, every slot empty) */
  constructor(assets: AssetManager | null) {
    const slotCount = assets?.banksConfig.SOUNDS.slots ?? DEFAULT_BANKS.SOUNDS.slots;
    this.mixer = new Mixer({ slotCount, sound: (s) => assets?.sound(s) ?? null });
  }

  /** The samples mixed at the end of the latest frame (a view, overwritten every frame). */
  get lastMix(): Int16Array {
    return this.#pcm;
  }

  /** Mixes this frame's 800 stereo frames, hashes them, attaches them when asked. */
  endFrame(end: FrameEnd): void {
    this.mixer.mixFrame(this.#pcm);
    const bytes = pcmBytes(this.#pcm);
    end.hash(digestBytes(quickHash64(bytes)));
    if (end.wants(AUDIO_STREAM)) end.put(AUDIO_STREAM, bytes);
  }

  /** `voices`: voices playing after the latest mix. */
  telemetry(): Record<string, number> {
    return { voices: this.mixer.activeVoices };
  }
}
