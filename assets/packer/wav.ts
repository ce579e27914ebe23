/**
 * WAV decoding for the packer: RIFF/WAVE with PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with a PCM
 * sub-format), 8-bit unsigned or 16-bit signed, mono or stereo. Output is PCM16 mono: 8-bit
 * samples are centred and scaled (`(u − 128) << 8`), stereo is down-mixed as
 * `floor((left + right) / 2)`. Every chunk length is checked against the file before it is used.
 *
 * @example
 * ```ts
 * import { decodeWav } from "./wav.ts";
 * const wav = decodeWav(await Deno.readFile("beep.wav"), "beep.wav");
 * wav.samples.length; // frames
 * ```
 * @module
 */

import { PackSourceError } from "../errors.ts";
import { LIMITS } from "../limits.ts";

/** A decoded WAV, down-mixed to PCM16 mono. */
export interface DecodedWav {
  /** Samples per second. */
  sampleRate: number;
  /** Channels in the source (1 or 2). */
  channels: number;
  /** Bits per sample in the source (8 or 16). */
  bitsPerSample: number;
  /** Mono PCM16 samples. */
  samples: Int16Array;
}

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

/** Decodes a WAV file. Throws `PackSourceError` (`WAV_INVALID`, `WAV_UNSUPPORTED`). */
export function decodeWav(bytes: Uint8Array, what: string): DecodedWav {
  const invalid = (m: string): never => {
    throw new PackSourceError("WAV_INVALID", `${what}: ${m}`);
  };
  const unsupported = (m: string): never => {
    throw new PackSourceError("WAV_UNSUPPORTED", `${what}: ${m}`);
  };
  if (bytes.length < 12 || fourcc(bytes, 0) !== "RIFF" || fourcc(bytes, 8) !== "WAVE") {
    invalid("not a RIFF/WAVE file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  let fmt: { format: number; channels: number; rate: number; align: number; bits: number } | null =
    null;
  let data: Uint8Array | null = null;
  for (let at = 12; at + 8 <= riffEnd;) {
    const id = fourcc(bytes, at);
    const len = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + len > bytes.length) {
      invalid(`chunk "${id}" at byte ${at} claims ${len} bytes, past the end of the file`);
    }
    if (id === "fmt ") {
      if (len < 16) invalid(`fmt chunk is ${len} bytes, need 16`);
      let format = view.getUint16(body, true);
      if (format === 0xfffe) {
        if (len < 40) invalid("WAVE_FORMAT_EXTENSIBLE fmt chunk is too short");
        format = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      data = bytes.subarray(body, body + len);
    }
    at = body + len + (len & 1);
  }
  if (fmt === null) return invalid("no fmt chunk");
  if (data === null) return invalid("no data chunk");
  if (fmt.format !== 1) {
    unsupported(`format ${fmt.format} is not PCM (only PCM 8/16-bit is supported)`);
  }
  if (fmt.bits !== 8 && fmt.bits !== 16) {
    unsupported(`${fmt.bits}-bit samples (only 8 and 16 are supported)`);
  }
  if (fmt.channels !== 1 && fmt.channels !== 2) {
    unsupported(`${fmt.channels} channels (only mono and stereo)`);
  }
  if (fmt.rate < 1 || fmt.rate > LIMITS.maxSampleRate) {
    unsupported(`sample rate ${fmt.rate} Hz (1..${LIMITS.maxSampleRate})`);
  }
  const frameBytes = fmt.channels * (fmt.bits / 8);
  if (fmt.align !== frameBytes) invalid(`block align ${fmt.align} should be ${frameBytes}`);
  if (data.length % frameBytes !== 0) {
    invalid(`data is ${data.length} bytes, not whole ${frameBytes}-byte frames`);
  }
  const frames = data.length / frameBytes;
  if (frames === 0) invalid("no samples");
  const samples = new Int16Array(frames);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = fmt.bits === 8
    ? (o: number) => (data![o] - 128) << 8
    : (o: number) => dv.getInt16(o, true);
  const step = fmt.bits / 8;
  for (let f = 0; f < frames; f++) {
    const o = f * frameBytes;
    samples[f] = fmt.channels === 1 ? read(o) : (read(o) + read(o + step)) >> 1;
  }
  return { sampleRate: fmt.rate, channels: fmt.channels, bitsPerSample: fmt.bits, samples };
}

/** Encodes PCM as a WAV file (used by the example generator and tests). */
export function encodeWav(
  sampleRate: number,
  channels: 1 | 2,
  bits: 8 | 16,
  interleaved: ArrayLike<number>,
): Uint8Array {
  const dataLen = interleaved.length * (bits / 8);
  const out = new Uint8Array(44 + dataLen + (dataLen & 1));
  const v = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  put(0, "RIFF");
  v.setUint32(4, out.length - 8, true);
  put(8, "WAVE");
  put(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * (bits / 8), true);
  v.setUint16(32, channels * (bits / 8), true);
  v.setUint16(34, bits, true);
  put(36, "data");
  v.setUint32(40, dataLen, true);
  for (let i = 0; i < interleaved.length; i++) {
    if (bits === 8) out[44 + i] = interleaved[i] & 0xff;
    else v.setInt16(44 + 2 * i, interleaved[i], true);
  }
  return out;
}
