/**
 * The mixer: 16 voices playing committed SOUNDS samples (PCM16 mono at their own rate) into
 * 48 kHz stereo signed 16-bit output, 800 frames per 60 Hz console frame. This is what the
 * `audio.*` syscalls call: an argument outside its domain throws {@link AudioArgumentError} (the
 * syscall layer makes it a Trap); an operational failure returns an {@link AUDIO_STATUS} code and
 * changes nothing. Commands take effect from the next `mixFrame`.
 *
 * Playback, exactly:
 * - A voice holds a 16.16 position in source frames, starting at 0, and a step
 *   (`rateStep(sampleRate, pitch)`, see `law.ts`).
 * - Output frame value (before gain), with `i` the integer and `f` the fractional part (0..65535):
 *   `v = s[i] + floor((s[i+1] − s[i]) × f / 65536)` (linear interpolation). The neighbour
 *   `s[i+1]` past the end is `s[loop.start]` for a looping sample (at `loop.end`) and `s[i]`
 *   itself for a one-shot.
 * - After each output frame the position advances by the step. A looping sample that reaches
 *   `loop.end` wraps to `loop.start + (i − loop.start) mod (loop.end − loop.start)` (it plays
 *   0..loop.end once, then loops); a one-shot that reaches `frameCount` stops (the voice is free
 *   again; that frame and the rest of the tick get nothing from it).
 * - Mix: `L = clamp(floor(Σ v × volume × weightL / 65,025))`, same for R with `weightR`, summed
 *   over playing voices, clamped (saturating) to −32,768..32,767.
 *
 * Voice allocation for `play(…, ANY_VOICE, …)`: the lowest-numbered free voice; if none is free,
 * steal policy **lowest priority**: the busy voice with the lowest priority, ties broken by the
 * oldest `play` (then by voice number, which cannot tie); it is stolen only when its priority is
 * ≤ the new sound's priority, otherwise the status is `NO_VOICE`. `play` on an explicit voice
 * always replaces whatever that voice was playing.
 *
 * A voice keeps the sample it started with: committing another asset into the slot later does
 * not change sounds already playing.
 *
 * @example
 * ```ts
 * import { ANY_VOICE, AUDIO_STATUS, Mixer, PITCH_ONE } from "./mod.ts";
 * const beep = { sampleRate: 48_000, frameCount: 4, loop: null, samples: new Int16Array([0, 1000, 2000, 1000]) };
 * const mixer = new Mixer({ slotCount: 64, sound: (s) => (s === 3 ? beep : null) });
 * const r = mixer.play(3, ANY_VOICE, 255, 0, PITCH_ONE, 10); // { status: 0, voice: 0 }
 * const pcm = mixer.mixFrame(); // Int16Array(1600): L, R, L, R, …
 * pcm[2]; // 1000 (hard left, full volume)
 * r.status === AUDIO_STATUS.OK;
 * ```
 * @module
 */

import type { SoundSample } from "../../assets/sounds.ts";
import {
  ANY_VOICE,
  BYTE_MAX,
  FRAMES_PER_TICK,
  GAIN_DIVISOR,
  PITCH_MAX,
  PITCH_MIN,
  SAMPLES_PER_TICK,
  VOICE_COUNT,
} from "./constants.ts";
import { checkAudioInt } from "./errors.ts";
import { panWeights, rateStep } from "./law.ts";
import { AUDIO_STATUS, type AudioStatus } from "./status.ts";

/**
 * Where samples come from: the SOUNDS bank. `sound(slot)` returns the committed sample, or
 * null/undefined. The asset manager fits with `{ slotCount: 64, sound: (s) => manager.sound(s) }`.
 */
export interface SoundSource {
  /** Number of SOUNDS slots; slot arguments must be below it. */
  readonly slotCount: number;
  /** The committed sample in `slot`, if any. */
  sound(slot: number): SoundSample | null | undefined;
}

/** Result of {@link Mixer.play}: the status and, when OK, the voice now playing (else ANY_VOICE). */
export interface PlayResult {
  /** `OK`, `SLOT_EMPTY` or `NO_VOICE`. */
  status: AudioStatus;
  /** The voice that plays the sound (0..15), or `ANY_VOICE` when the status is not OK. */
  voice: number;
}

/** A read-only view of one voice, for inspection and telemetry. */
export interface VoiceInfo {
  /** Whether the voice is playing. */
  playing: boolean;
  /** SOUNDS slot it was started from (-1 when never used). */
  slot: number;
  /** Volume 0..255. */
  volume: number;
  /** Pan 0..255. */
  pan: number;
  /** 8.8 pitch. */
  pitch: number;
  /** Priority 0..255. */
  priority: number;
  /** Integer position in source frames. */
  position: number;
  /** Fractional position, 0..65535 (1/65536 frames). */
  fraction: number;
  /** Order of the `play` that started it (higher = newer). */
  started: number;
}

interface Voice {
  sample: SoundSample | null;
  slot: number;
  pos: number;
  frac: number;
  step: number;
  volume: number;
  pan: number;
  pitch: number;
  priority: number;
  seq: number;
  gainL: number;
  gainR: number;
}

function newVoice(): Voice {
  return {
    sample: null,
    slot: -1,
    pos: 0,
    frac: 0,
    step: 0,
    volume: 0,
    pan: 0,
    pitch: 0,
    priority: 0,
    seq: 0,
    gainL: 0,
    gainR: 0,
  };
}

function setGains(v: Voice): void {
  const [wl, wr] = panWeights(v.pan);
  v.gainL = v.volume * wl;
  v.gainR = v.volume * wr;
}

/** One console's sound chip. */
export class Mixer {
  readonly #source: SoundSource;
  readonly #voices: Voice[] = Array.from({ length: VOICE_COUNT }, newVoice);
  readonly #accL = new Float64Array(FRAMES_PER_TICK);
  readonly #accR = new Float64Array(FRAMES_PER_TICK);
  #plays = 0;
  #ticks = 0;

  /** `source` resolves SOUNDS slots. */
  constructor(source: SoundSource) {
    if (!Number.isInteger(source.slotCount) || source.slotCount < 0) {
      throw new RangeError(
        `audio: slotCount must be a non-negative integer, got ${source.slotCount}`,
      );
    }
    this.#source = source;
  }

  /** Console frames mixed so far. */
  get ticks(): number {
    return this.#ticks;
  }

  /** Number of voices playing. */
  get activeVoices(): number {
    let n = 0;
    for (const v of this.#voices) if (v.sample !== null) n++;
    return n;
  }

  #voiceArg(voice: number): Voice {
    return this.#voices[checkAudioInt("voice", voice, 0, VOICE_COUNT - 1)];
  }

  /**
   * Starts the sample in SOUNDS slot `slot` on `voice` (0..15) or on `ANY_VOICE`, with volume,
   * pan and priority 0..255 and an 8.8 `pitch` 1..65535. Statuses: SLOT_EMPTY, NO_VOICE.
   */
  play(
    slot: number,
    voice: number,
    volume: number,
    pan: number,
    pitch: number,
    priority: number,
  ): PlayResult {
    checkAudioInt("slot", slot, 0, this.#source.slotCount - 1);
    if (voice !== ANY_VOICE) checkAudioInt("voice", voice, 0, VOICE_COUNT - 1);
    checkAudioInt("volume", volume, 0, BYTE_MAX);
    checkAudioInt("pan", pan, 0, BYTE_MAX);
    checkAudioInt("pitch", pitch, PITCH_MIN, PITCH_MAX);
    checkAudioInt("priority", priority, 0, BYTE_MAX);
    const sample = this.#source.sound(slot) ?? null;
    if (sample === null || sample.frameCount === 0) {
      return { status: AUDIO_STATUS.SLOT_EMPTY, voice: ANY_VOICE };
    }
    if (sample.samples.length < sample.frameCount) {
      throw new Error(`audio invariant: slot ${slot} sample shorter than its frameCount`);
    }
    const chosen = voice === ANY_VOICE ? this.#allocate(priority) : voice;
    if (chosen < 0) return { status: AUDIO_STATUS.NO_VOICE, voice: ANY_VOICE };
    const v = this.#voices[chosen];
    v.sample = sample;
    v.slot = slot;
    v.pos = 0;
    v.frac = 0;
    v.volume = volume;
    v.pan = pan;
    v.pitch = pitch;
    v.step = rateStep(sample.sampleRate, pitch);
    v.priority = priority;
    v.seq = ++this.#plays;
    setGains(v);
    return { status: AUDIO_STATUS.OK, voice: chosen };
  }

  /** A free voice, else the voice the steal policy gives up for `priority`, else -1. */
  #allocate(priority: number): number {
    for (let i = 0; i < VOICE_COUNT; i++) if (this.#voices[i].sample === null) return i;
    let victim = 0;
    for (let i = 1; i < VOICE_COUNT; i++) {
      const v = this.#voices[i];
      const best = this.#voices[victim];
      if (v.priority < best.priority || (v.priority === best.priority && v.seq < best.seq)) {
        victim = i;
      }
    }
    return this.#voices[victim].priority <= priority ? victim : -1;
  }

  /** Stops `voice`. Status VOICE_IDLE when it was not playing. */
  stop(voice: number): AudioStatus {
    const v = this.#voiceArg(voice);
    if (v.sample === null) return AUDIO_STATUS.VOICE_IDLE;
    v.sample = null;
    return AUDIO_STATUS.OK;
  }

  /** Sets the volume (0..255) of a playing voice. Status VOICE_IDLE otherwise. */
  setVolume(voice: number, volume: number): AudioStatus {
    const v = this.#voiceArg(voice);
    checkAudioInt("volume", volume, 0, BYTE_MAX);
    if (v.sample === null) return AUDIO_STATUS.VOICE_IDLE;
    v.volume = volume;
    setGains(v);
    return AUDIO_STATUS.OK;
  }

  /** Sets the pan (0 left .. 255 right) of a playing voice. Status VOICE_IDLE otherwise. */
  setPan(voice: number, pan: number): AudioStatus {
    const v = this.#voiceArg(voice);
    checkAudioInt("pan", pan, 0, BYTE_MAX);
    if (v.sample === null) return AUDIO_STATUS.VOICE_IDLE;
    v.pan = pan;
    setGains(v);
    return AUDIO_STATUS.OK;
  }

  /** Sets the 8.8 pitch (1..65535) of a playing voice; its position is kept. */
  setPitch(voice: number, pitch: number): AudioStatus {
    const v = this.#voiceArg(voice);
    checkAudioInt("pitch", pitch, PITCH_MIN, PITCH_MAX);
    if (v.sample === null) return AUDIO_STATUS.VOICE_IDLE;
    v.pitch = pitch;
    v.step = rateStep(v.sample.sampleRate, pitch);
    return AUDIO_STATUS.OK;
  }

  /** Whether `voice` (0..15) is playing. */
  isPlaying(voice: number): boolean {
    return this.#voiceArg(voice).sample !== null;
  }

  /** A snapshot of `voice` (0..15). */
  voiceInfo(voice: number): VoiceInfo {
    const v = this.#voiceArg(voice);
    return {
      playing: v.sample !== null,
      slot: v.slot,
      volume: v.volume,
      pan: v.pan,
      pitch: v.pitch,
      priority: v.priority,
      position: v.pos,
      fraction: v.frac,
      started: v.seq,
    };
  }

  /**
   * Mixes the next 800 stereo frames into `out` (a new `Int16Array(1600)` when omitted),
   * interleaved L, R, and returns it.
   */
  mixFrame(out: Int16Array = new Int16Array(SAMPLES_PER_TICK)): Int16Array {
    if (out.length !== SAMPLES_PER_TICK) {
      throw new RangeError(`audio: mixFrame needs ${SAMPLES_PER_TICK} samples, got ${out.length}`);
    }
    const accL = this.#accL;
    const accR = this.#accR;
    accL.fill(0);
    accR.fill(0);
    for (const v of this.#voices) if (v.sample !== null) this.#mixVoice(v);
    for (let k = 0; k < FRAMES_PER_TICK; k++) {
      const l = Math.floor(accL[k] / GAIN_DIVISOR);
      const r = Math.floor(accR[k] / GAIN_DIVISOR);
      out[2 * k] = l > 32767 ? 32767 : l < -32768 ? -32768 : l;
      out[2 * k + 1] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
    }
    this.#ticks++;
    return out;
  }

  #mixVoice(v: Voice): void {
    const sample = v.sample!;
    const s = sample.samples;
    const loop = sample.loop;
    const end = loop !== null ? loop.end : sample.frameCount;
    const start = loop !== null ? loop.start : 0;
    const len = end - start;
    if (loop !== null && !(start >= 0 && start < end && end <= sample.frameCount)) {
      throw new Error(`audio invariant: loop ${start}..${end} outside ${sample.frameCount} frames`);
    }
    const accL = this.#accL;
    const accR = this.#accR;
    const gl = v.gainL;
    const gr = v.gainR;
    const step = v.step;
    let i = v.pos;
    let f = v.frac;
    for (let k = 0; k < FRAMES_PER_TICK; k++) {
      const s0 = s[i];
      const s1 = i + 1 < end ? s[i + 1] : loop !== null ? s[start] : s0;
      const val = f === 0 ? s0 : s0 + Math.floor(((s1 - s0) * f) / 65536);
      accL[k] += val * gl;
      accR[k] += val * gr;
      f += step;
      i += f >>> 16;
      f &= 0xffff;
      if (i >= end) {
        if (loop === null) {
          v.sample = null;
          return;
        }
        i = start + ((i - start) % len);
      }
    }
    v.pos = i;
    v.frac = f;
  }
}
