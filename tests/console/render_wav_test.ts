import assert from "node:assert/strict";
import { encodeWav, WAV_HEADER_BYTES, wavHeader, WavStream } from "../../console/render/mod.ts";

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(...b.subarray(at, at + 4));
}

function fields(h: Uint8Array) {
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  return {
    riff: ascii(h, 0),
    riffSize: v.getUint32(4, true),
    wave: ascii(h, 8),
    fmt: ascii(h, 12),
    fmtSize: v.getUint32(16, true),
    format: v.getUint16(20, true),
    channels: v.getUint16(22, true),
    rate: v.getUint32(24, true),
    byteRate: v.getUint32(28, true),
    blockAlign: v.getUint16(32, true),
    bits: v.getUint16(34, true),
    data: ascii(h, 36),
    dataSize: v.getUint32(40, true),
  };
}

Deno.test("WAV header fields: RIFF PCM16 stereo 48 kHz", () => {
  assert.deepEqual(fields(wavHeader(3200)), {
    riff: "RIFF",
    riffSize: 36 + 3200,
    wave: "WAVE",
    fmt: "fmt ",
    fmtSize: 16,
    format: 1,
    channels: 2,
    rate: 48000,
    byteRate: 48000 * 2 * 2,
    blockAlign: 4,
    bits: 16,
    data: "data",
    dataSize: 3200,
  });
  assert.throws(() => wavHeader(-1), RangeError);
  assert.throws(() => wavHeader(2 ** 32), RangeError);
});

Deno.test("WAV stream: placeholder header, chunks as little-endian i16, final header with sizes", () => {
  const stream = new WavStream();
  assert.equal(fields(stream.header()).dataSize, 0);
  const a = Int16Array.from({ length: 1600 }, (_, i) => (i % 2 ? -1 : 1) * i * 20);
  const b = Int16Array.from([32767, -32768, 0, -1]);
  const ca = stream.chunk(a);
  const cb = stream.chunk(b);
  assert.equal(stream.dataBytes, 3208);
  const h = fields(stream.header());
  assert.equal(h.dataSize, 3208);
  assert.equal(h.riffSize, 3244);
  assert.deepEqual(Array.from(cb), [0xff, 0x7f, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff]);
  const v = new DataView(ca.buffer);
  for (let i = 0; i < a.length; i++) assert.equal(v.getInt16(2 * i, true), a[i]);
  assert.throws(() => stream.chunk(new Int16Array(3)), RangeError, "odd sample count");
  assert.equal(stream.dataBytes, 3208, "a refused chunk is not counted");
  const whole = encodeWav([a, b]);
  assert.equal(whole.length, WAV_HEADER_BYTES + 3208);
  assert.deepEqual(whole.subarray(0, 44), stream.header());
  assert.deepEqual(whole.subarray(44, 44 + ca.length), ca);
  assert.deepEqual(whole.subarray(44 + ca.length), cb);
});
