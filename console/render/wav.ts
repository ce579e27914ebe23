/**
 * WAV (RIFF, PCM 16-bit stereo 48 kHz) encoding of mixed audio, streaming-friendly: a 44-byte
 * header, then the samples as little-endian i16 in chunks as they are mixed. A writer that does
 * not know the length yet writes {@link WavStream.header} first (sizes 0), appends each
 * {@link WavStream.chunk}, and at the end writes {@link WavStream.header} again over the first
 * 44 bytes (it then holds the real sizes).
 *
 * Header fields (little-endian): "RIFF", 36 + dataBytes, "WAVE", "fmt ", 16, format 1 (PCM),
 * channels 2, rate 48,000, byte rate 192,000, block align 4, bits 16, "data", dataBytes.
 * Limit: data must stay below 2³² − 44 bytes (about 6.2 hours); more is a RangeError.
 *
 * @example
 * ```ts
 * import { encodeWav, WavStream } from "./wav.ts";
 * const stream = new WavStream();
 * const parts = [stream.header(), stream.chunk(new Int16Array(1600))];
 * parts[0] = stream.header(); // now with the real sizes
 * encodeWav([new Int16Array(1600)]).length; // 44 + 3200
 * ```
 * @module
 */

import { pcmBytes } from "./digest.ts";

/** Output sample rate written in the header. */
export const WAV_RATE = 48_000;
/** Channels written in the header. */
export const WAV_CHANNELS = 2;
/** Size of the header in bytes. */
export const WAV_HEADER_BYTES = 44;
/** Largest data size a RIFF file can describe here. */
export const WAV_MAX_DATA_BYTES = 0xffff_ffff - 36 - 8;

/** The 44-byte header of a WAV file whose data part is `dataBytes` long. */
export function wavHeader(dataBytes: number): Uint8Array {
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes > WAV_MAX_DATA_BYTES) {
    throw new RangeError(`wav: data size ${dataBytes} outside 0..${WAV_MAX_DATA_BYTES}`);
  }
  const h = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(h.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, WAV_CHANNELS, true);
  v.setUint32(24, WAV_RATE, true);
  v.setUint32(28, WAV_RATE * WAV_CHANNELS * 2, true);
  v.setUint16(32, WAV_CHANNELS * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  return h;
}

/** Tracks how much PCM has been written and gives the matching header. */
export class WavStream {
  #dataBytes = 0;

  /** Bytes of sample data so far. */
  get dataBytes(): number {
    return this.#dataBytes;
  }

  /** The header for the data written so far (all zero sizes before the first chunk). */
  header(): Uint8Array {
    return wavHeader(this.#dataBytes);
  }

  /** The bytes of interleaved stereo `pcm` (a copy), counted toward the data size. */
  chunk(pcm: Int16Array): Uint8Array {
    if (pcm.length % WAV_CHANNELS !== 0) {
      throw new RangeError(`wav: ${pcm.length} samples is not a whole number of stereo frames`);
    }
    const next = this.#dataBytes + pcm.length * 2;
    if (next > WAV_MAX_DATA_BYTES) throw new RangeError("wav: data would exceed the RIFF limit");
    this.#dataBytes = next;
    return pcmBytes(pcm).slice();
  }
}

/** A whole WAV file from interleaved stereo chunks. */
export function encodeWav(chunks: Int16Array[]): Uint8Array {
  const stream = new WavStream();
  const bodies = chunks.map((c) => stream.chunk(c));
  const out = new Uint8Array(WAV_HEADER_BYTES + stream.dataBytes);
  out.set(stream.header(), 0);
  let at = WAV_HEADER_BYTES;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
