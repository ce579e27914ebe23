/**
 * The decoded layout of a SOUNDS asset (PCM16 mono, little-endian) and its materialised form.
 *
 * @example
 * ```ts
 * import { encodeSound, materialiseSound } from "./sounds.ts";
 * const decoded = encodeSound(new Int16Array([0, 1000, -1000]));
 * materialiseSound({ sample_rate: 8000, frame_count: 3 }, decoded, "beep").samples[1]; // 1000
 * ```
 * @module
 */

import { PackFormatError } from "./errors.ts";
import { soundsDecodedSize, type SoundsMetadata } from "./types.ts";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A sample resident in a SOUNDS slot. */
export interface SoundSample {
  /** Samples per second. */
  sampleRate: number;
  /** Number of frames (= samples, mono). */
  frameCount: number;
  /** Loop points in frames (`start` inclusive, `end` exclusive), or null for one-shot. */
  loop: { start: number; end: number } | null;
  /** The samples. */
  samples: Int16Array;
}

/** Bytes a materialised sample occupies in its bank. */
export function soundsResidentBytes(m: Pick<SoundsMetadata, "frame_count">): number {
  return m.frame_count * 2;
}

/** Builds the decoded layout (i16 little-endian) from samples. */
export function encodeSound(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(2 * i, samples[i], true);
  return out;
}

/**
 * Validates the decoded bytes against the metadata and turns them into a {@link SoundSample}.
 * Takes ownership of `decoded`: on little-endian hosts the samples are a view of its bytes.
 */
export function materialiseSound(
  m: Pick<SoundsMetadata, "sample_rate" | "frame_count" | "loop_start" | "loop_end">,
  decoded: Uint8Array,
  what: string,
): SoundSample {
  if (decoded.length !== soundsDecodedSize(m)) {
    throw new PackFormatError(
      "DECODED_SIZE_MISMATCH",
      `${what}: ${decoded.length} decoded bytes, metadata needs ${soundsDecodedSize(m)}`,
    );
  }
  let samples: Int16Array;
  if (LITTLE_ENDIAN_HOST && decoded.byteOffset % 2 === 0) {
    // the decoded bytes are already the samples: view them instead of copying
    samples = new Int16Array(decoded.buffer as ArrayBuffer, decoded.byteOffset, m.frame_count);
  } else if (LITTLE_ENDIAN_HOST) {
    samples = new Int16Array(m.frame_count);
    new Uint8Array(samples.buffer).set(decoded);
  } else {
    samples = new Int16Array(m.frame_count);
    const view = new DataView(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true);
  }
  const loop = m.loop_start !== undefined && m.loop_end !== undefined
    ? { start: m.loop_start, end: m.loop_end }
    : null;
  return { sampleRate: m.sample_rate, frameCount: m.frame_count, loop, samples };
}
