import assert from "node:assert/strict";
import type { SoundSample } from "../../assets/sounds.ts";
import {
  ANY_VOICE,
  AUDIO_STATUS,
  AudioArgumentError,
  audioBenchWorkload,
  Mixer,
  PITCH_ONE,
  VOICE_COUNT,
} from "../../console/audio/mod.ts";
import { audioHash } from "../../console/render/mod.ts";
import { Prng } from "../_util/prng.ts";

const FRAMES = 800;

function sample(
  values: ArrayLike<number>,
  sampleRate = 48_000,
  loop: { start: number; end: number } | null = null,
): SoundSample {
  const samples = Int16Array.from(values);
  return { sampleRate, frameCount: samples.length, loop, samples };
}

function mixerOf(sounds: (SoundSample | null)[]): Mixer {
  return new Mixer({ slotCount: 64, sound: (s) => sounds[s] ?? null });
}

/** The left channel of interleaved stereo. */
const left = (pcm: Int16Array) => pcm.filter((_, i) => i % 2 === 0);
const right = (pcm: Int16Array) => pcm.filter((_, i) => i % 2 === 1);

// ---- An independent reference, written from the documented definitions ------------------------

/** Pan law as a piecewise rule: the near side is full (255), the far side 2·distance-from-edge. */
function weights(pan: number): [number, number] {
  return pan <= 127 ? [255, 2 * pan] : [2 * (255 - pan), 255];
}

/** Step in 1/65536 source frames per output frame: rate/48000 × pitch/256, rounded down, ≥ 1. */
function step(rate: number, pitch: number): number {
  return Math.max(1, Math.floor((rate * pitch * 65536) / (48_000 * 256)));
}

/**
 * The pre-gain value of a voice at output frame k, from its absolute position k·step (BigInt, no
 * incremental state): null once a one-shot has run past its end.
 */
function voiceValue(s: SoundSample, st: number, k: number): number | null {
  const pos = BigInt(k) * BigInt(st);
  let i = Number(pos >> 16n);
  const f = Number(pos & 0xffffn);
  const end = s.loop ? s.loop.end : s.frameCount;
  if (i >= end) {
    if (!s.loop) return null;
    i = s.loop.start + ((i - s.loop.start) % (s.loop.end - s.loop.start));
  }
  const s0 = s.samples[i];
  const s1 = i + 1 < end ? s.samples[i + 1] : s.loop ? s.samples[s.loop.start] : s0;
  return s0 + Math.floor(((s1 - s0) * f) / 65536);
}

interface RefVoice {
  s: SoundSample;
  volume: number;
  pan: number;
  pitch: number;
}

/** Expected interleaved output for output frames [from, from + count) of voices started at 0. */
function reference(voices: RefVoice[], from: number, count: number): Int16Array {
  const out = new Int16Array(count * 2);
  for (let j = 0; j < count; j++) {
    let l = 0;
    let r = 0;
    for (const v of voices) {
      const x = voiceValue(v.s, step(v.s.sampleRate, v.pitch), from + j);
      if (x === null) continue;
      const [wl, wr] = weights(v.pan);
      l += x * v.volume * wl;
      r += x * v.volume * wr;
    }
    out[2 * j] = Math.max(-32768, Math.min(32767, Math.floor(l / 65025)));
    out[2 * j + 1] = Math.max(-32768, Math.min(32767, Math.floor(r / 65025)));
  }
  return out;
}

function assertPcm(actual: Int16Array, expected: Int16Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      assert.fail(
        `${what}: sample ${i} (${i % 2 ? "R" : "L"} frame ${i >> 1}) is ${actual[i]}, expected ${
          expected[i]
        }`,
      );
    }
  }
}

// ---- Hand facts ----------------------------------------------------------------------------------

Deno.test("hand facts: full volume hard left / hard right reproduce the sample exactly", () => {
  const values = Array.from({ length: 2000 }, (_, i) => ((i * 977) % 65536) - 32768);
  const s = sample(values);
  const m = mixerOf([s]);
  assert.deepEqual(m.play(0, 0, 255, 0, PITCH_ONE, 0), { status: AUDIO_STATUS.OK, voice: 0 });
  const a = m.mixFrame();
  assert.deepEqual(Array.from(left(a)), values.slice(0, 800));
  assert.ok(right(a).every((v) => v === 0));
  m.stop(0);
  m.play(0, 5, 255, 255, PITCH_ONE, 0);
  const b = m.mixFrame();
  assert.deepEqual(Array.from(right(b)), values.slice(0, 800));
  assert.ok(left(b).every((v) => v === 0));
});

Deno.test("hand facts: volume 0 is silence; pan 128 gives L = ⌊s·254/255⌋, R = s", () => {
  const s = sample([25500, -25500, 255, -1, 0]);
  const m = mixerOf([s]);
  m.play(0, 0, 0, 0, PITCH_ONE, 0);
  m.play(0, 1, 255, 128, PITCH_ONE, 0);
  const out = m.mixFrame();
  assert.deepEqual(Array.from(out.subarray(0, 10)), [
    25400,
    25500,
    -25400,
    -25500,
    254,
    255,
    -1,
    -1,
    0,
    0,
  ]);
});

Deno.test("hand facts: a 24 kHz sample at pitch 1.0 interpolates halfway between frames", () => {
  const s = sample([0, 100, -100, 7, 8], 24_000);
  const m = mixerOf([s]);
  m.play(0, 0, 255, 0, PITCH_ONE, 0);
  const l = Array.from(left(m.mixFrame()).subarray(0, 12));
  // positions 0, .5, 1, 1.5, …: s0, s0+⌊(s1−s0)/2⌋, …; the last frame holds (one-shot), then ends.
  assert.deepEqual(l, [0, 50, 100, 0, -100, -47, 7, 7, 8, 8, 0, 0]);
  assert.equal(m.isPlaying(0), false);
});

Deno.test("hand facts: loop points — plays to loop end once, then loops start..end", () => {
  const s = sample([10, 20, 30, 40, 50, 60], 48_000, { start: 2, end: 5 });
  const m = mixerOf([s]);
  m.play(0, 3, 255, 0, PITCH_ONE, 0);
  assert.deepEqual(Array.from(left(m.mixFrame()).subarray(0, 11)), [
    10,
    20,
    30,
    40,
    50,
    30,
    40,
    50,
    30,
    40,
    50,
  ]);
  const half = mixerOf([s]);
  half.play(0, 0, 255, 0, 128, 0); // half speed: 4.5 interpolates from s[4] toward s[start]
  assert.deepEqual(
    Array.from(left(half.mixFrame()).subarray(6, 12)),
    [40, 45, 50, 40, 30, 35],
  );
  assert.equal(m.isPlaying(3), true, "a looping voice keeps playing");
});

Deno.test("clamping is saturating at both extremes, after summing voices", () => {
  const hi = sample(new Array(1000).fill(30000));
  const lo = sample(new Array(1000).fill(-30000));
  const m = mixerOf([hi, lo]);
  m.play(0, 0, 255, 0, PITCH_ONE, 0);
  m.play(0, 1, 255, 0, PITCH_ONE, 0);
  m.play(1, 2, 255, 255, PITCH_ONE, 0);
  m.play(1, 3, 255, 255, PITCH_ONE, 0);
  m.play(1, 4, 255, 255, PITCH_ONE, 0);
  const out = m.mixFrame();
  assert.ok(left(out).every((v) => v === 32767));
  assert.ok(right(out).every((v) => v === -32768));
  // Opposite voices cancel before the clamp: 30000 + 30000 − 30000 on the left.
  const c = mixerOf([hi, lo]);
  c.play(0, 0, 255, 0, PITCH_ONE, 0);
  c.play(0, 1, 255, 0, PITCH_ONE, 0);
  c.play(1, 2, 255, 0, PITCH_ONE, 0);
  assert.ok(left(c.mixFrame()).every((v) => v === 30000));
});

// ---- Against the reference ----------------------------------------------------------------------

Deno.test("seeded voices (rates, pitches, volumes, pans, loops, several at once) match the reference", () => {
  const rng = new Prng(0xa0d1);
  const rates = [8000, 11_025, 22_050, 32_000, 44_100, 48_000, 96_000, 192_000, 1, 7];
  for (let round = 0; round < 40; round++) {
    const voices: RefVoice[] = [];
    const sounds: SoundSample[] = [];
    const count = 1 + rng.int(5);
    for (let v = 0; v < count; v++) {
      const n = 1 + rng.int(3000);
      const values = Array.from({ length: n }, () => rng.int(65536) - 32768);
      const loop = rng.int(2) === 0 ? null : (() => {
        const start = rng.int(n);
        return { start, end: start + 1 + rng.int(n - start) };
      })();
      const s = sample(values, rates[rng.int(rates.length)], loop);
      sounds.push(s);
      const pitch = [1, 2, 255, 256, 257, 384, 1000, 65535][rng.int(8)] +
        (rng.int(2) ? 0 : rng.int(600));
      voices.push({ s, volume: rng.int(256), pan: rng.int(256), pitch: Math.min(65535, pitch) });
    }
    const m = mixerOf(sounds);
    voices.forEach((v, i) => {
      const r = m.play(i, ANY_VOICE, v.volume, v.pan, v.pitch, 0);
      assert.deepEqual(r, { status: AUDIO_STATUS.OK, voice: i });
    });
    for (let tick = 0; tick < 3; tick++) {
      assertPcm(
        m.mixFrame(),
        reference(voices, tick * FRAMES, FRAMES),
        `round ${round} tick ${tick}`,
      );
    }
  }
});

Deno.test("setVolume / setPan / setPitch apply from the next frame; pitch keeps the position", () => {
  const values = Array.from({ length: 5000 }, (_, i) => Math.round(20000 * Math.sin(i / 7)));
  const s = sample(values, 44_100);
  const m = mixerOf([s]);
  m.play(0, 9, 200, 40, 300, 0);
  const first = m.mixFrame();
  assertPcm(first, reference([{ s, volume: 200, pan: 40, pitch: 300 }], 0, FRAMES), "tick 0");
  assert.equal(m.setVolume(9, 90), AUDIO_STATUS.OK);
  assert.equal(m.setPan(9, 230), AUDIO_STATUS.OK);
  const second = m.mixFrame();
  assertPcm(second, reference([{ s, volume: 90, pan: 230, pitch: 300 }], FRAMES, FRAMES), "tick 1");
  assert.equal(m.setPitch(9, 700), AUDIO_STATUS.OK);
  const third = m.mixFrame();
  // Position at the start of tick 2 is 1600 steps of the old pitch; then steps of the new one.
  const oldStep = BigInt(step(44_100, 300));
  const newStep = BigInt(step(44_100, 700));
  const expected = new Int16Array(1600);
  for (let j = 0; j < FRAMES; j++) {
    const pos = 1600n * oldStep + BigInt(j) * newStep;
    const i = Number(pos >> 16n);
    const f = Number(pos & 0xffffn);
    const x = i >= values.length ? null : values[i] +
      Math.floor(((values[Math.min(i + 1, values.length - 1)] - values[i]) * f) / 65536);
    const [wl, wr] = weights(230);
    expected[2 * j] = x === null ? 0 : Math.floor((x * 90 * wl) / 65025);
    expected[2 * j + 1] = x === null ? 0 : Math.floor((x * 90 * wr) / 65025);
  }
  assertPcm(third, expected, "tick 2 after setPitch");
});

Deno.test("one-shot end: the voice frees itself and the rest of the frame is silent", () => {
  const values = Array.from({ length: 1000 }, (_, i) => 1000 + i);
  const s = sample(values);
  const m = mixerOf([s]);
  m.play(0, 0, 255, 0, 128, 0); // half speed: lasts 2000 output frames
  m.mixFrame();
  m.mixFrame();
  const third = left(m.mixFrame());
  // Output frame 1999 is position 999.5: the neighbour past the end is the last frame itself.
  assert.equal(third[1999 - 1600], 1999);
  assert.ok(third.subarray(2000 - 1600).every((v) => v === 0));
  assert.equal(m.isPlaying(0), false);
  assert.equal(m.stop(0), AUDIO_STATUS.VOICE_IDLE);
});

// ---- Allocation and stealing ---------------------------------------------------------------------

Deno.test("ANY_VOICE: lowest free voice first; when full, steal lowest priority, oldest on ties", () => {
  const s = sample(new Array(100_000).fill(1), 48_000, { start: 0, end: 100_000 });
  const m = mixerOf([s]);
  const priorities = [9, 4, 7, 4, 8, 9, 5, 6, 4, 7, 9, 8, 6, 5, 7, 8];
  // Start voices in a scrambled order so "oldest" is not "lowest index".
  const startOrder = [5, 3, 12, 0, 8, 1, 15, 7, 2, 10, 4, 14, 6, 11, 9, 13];
  for (const v of startOrder) {
    assert.equal(m.play(0, v, 100, 128, PITCH_ONE, priorities[v]).status, AUDIO_STATUS.OK);
  }
  // Priority-4 voices are 3, 8, 1 in start order: 3 is the oldest.
  assert.deepEqual(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 4), { status: AUDIO_STATUS.OK, voice: 3 });
  assert.equal(m.voiceInfo(3).priority, 4);
  assert.equal(m.voiceInfo(3).volume, 1);
  // Next lowest priority 4: voices 8 then 1 (voice 3 is now the newest).
  assert.equal(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 200).voice, 8);
  assert.equal(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 4).voice, 1);
  assert.equal(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 4).voice, 3);
  // Now the lowest is 4 (voices 1 and 3): a priority-3 sound may not steal.
  const before = Array.from({ length: VOICE_COUNT }, (_, v) => m.voiceInfo(v));
  assert.deepEqual(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 3), {
    status: AUDIO_STATUS.NO_VOICE,
    voice: ANY_VOICE,
  });
  assert.deepEqual(
    Array.from({ length: VOICE_COUNT }, (_, v) => m.voiceInfo(v)),
    before,
    "nothing changed",
  );
  // A free voice is preferred to stealing, whatever the priorities.
  m.stop(11);
  m.stop(6);
  assert.equal(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 0).voice, 6);
  assert.equal(m.play(0, ANY_VOICE, 1, 1, PITCH_ONE, 0).voice, 11);
  // An explicit voice replaces what it plays, even a higher priority.
  assert.equal(m.voiceInfo(0).priority, 9);
  assert.deepEqual(m.play(0, 0, 1, 1, PITCH_ONE, 0), { status: AUDIO_STATUS.OK, voice: 0 });
  assert.equal(m.voiceInfo(0).priority, 0);
  assert.equal(m.activeVoices, 16);
});

// ---- Statuses and bad arguments -------------------------------------------------------------------

Deno.test("statuses: empty slot, zero-length sample, idle voice — and nothing changes", () => {
  const empty: SoundSample = {
    sampleRate: 8000,
    frameCount: 0,
    loop: null,
    samples: new Int16Array(0),
  };
  const m = mixerOf([null, empty, sample([1, 2, 3])]);
  assert.deepEqual(m.play(0, ANY_VOICE, 255, 128, PITCH_ONE, 0), {
    status: AUDIO_STATUS.SLOT_EMPTY,
    voice: ANY_VOICE,
  });
  assert.equal(m.play(1, 4, 255, 128, PITCH_ONE, 0).status, AUDIO_STATUS.SLOT_EMPTY);
  assert.equal(m.play(63, 4, 255, 128, PITCH_ONE, 0).status, AUDIO_STATUS.SLOT_EMPTY);
  assert.equal(m.activeVoices, 0);
  for (let v = 0; v < VOICE_COUNT; v++) {
    assert.equal(m.stop(v), AUDIO_STATUS.VOICE_IDLE);
    assert.equal(m.setVolume(v, 1), AUDIO_STATUS.VOICE_IDLE);
    assert.equal(m.setPan(v, 1), AUDIO_STATUS.VOICE_IDLE);
    assert.equal(m.setPitch(v, 1), AUDIO_STATUS.VOICE_IDLE);
    assert.equal(m.isPlaying(v), false);
  }
  assert.equal(m.play(2, 15, 255, 0, PITCH_ONE, 0).status, AUDIO_STATUS.OK);
  assert.equal(m.stop(15), AUDIO_STATUS.OK);
  assert.ok(m.mixFrame().every((v) => v === 0));
});

Deno.test("bad arguments throw AudioArgumentError (the syscall layer traps)", () => {
  const m = mixerOf([sample([1, 2, 3])]);
  const bad: [string, () => unknown][] = [
    ["slot -1", () => m.play(-1, 0, 0, 0, PITCH_ONE, 0)],
    ["slot 64", () => m.play(64, 0, 0, 0, PITCH_ONE, 0)],
    ["voice 16", () => m.play(0, 16, 0, 0, PITCH_ONE, 0)],
    ["voice 254", () => m.play(0, 254, 0, 0, PITCH_ONE, 0)],
    ["volume 256", () => m.play(0, 0, 256, 0, PITCH_ONE, 0)],
    ["pan -1", () => m.play(0, 0, 0, -1, PITCH_ONE, 0)],
    ["pitch 0", () => m.play(0, 0, 0, 0, 0, 0)],
    ["pitch 65536", () => m.play(0, 0, 0, 0, 65536, 0)],
    ["priority 1.5", () => m.play(0, 0, 0, 0, PITCH_ONE, 1.5)],
    ["stop 16", () => m.stop(16)],
    ["stop ANY", () => m.stop(ANY_VOICE)],
    ["isPlaying -1", () => m.isPlaying(-1)],
    ["setVolume 300", () => m.setVolume(0, 300)],
    ["setPan NaN", () => m.setPan(0, NaN)],
    ["setPitch 0", () => m.setPitch(0, 0)],
  ];
  for (const [what, call] of bad) {
    assert.throws(
      call,
      (e: unknown) => e instanceof AudioArgumentError && e.code === "BAD_ARGUMENT",
      what,
    );
  }
  assert.equal(m.activeVoices, 0);
  assert.throws(() => m.mixFrame(new Int16Array(10)), RangeError);
});

Deno.test("a voice keeps the sample it started with when the slot changes", () => {
  let current = sample(new Array(900).fill(1234));
  const m = new Mixer({ slotCount: 1, sound: () => current });
  m.play(0, 0, 255, 0, PITCH_ONE, 0);
  current = sample(new Array(900).fill(-5));
  assert.ok(left(m.mixFrame()).every((v) => v === 1234));
});

Deno.test("determinism: the same commands give the same audio hashes; mixFrame(out) reuses out", () => {
  const run = () => {
    const tick = audioBenchWorkload();
    return Array.from({ length: 120 }, (_, n) => audioHash(tick(n)));
  };
  const a = run();
  assert.deepEqual(run(), a);
  assert.ok(new Set(a).size > 100, "the hashes follow the audio");
  const s = sample(Array.from({ length: 3000 }, (_, i) => (i * 37) % 5000));
  const m1 = mixerOf([s]);
  const m2 = mixerOf([s]);
  m1.play(0, 0, 99, 77, 333, 0);
  m2.play(0, 0, 99, 77, 333, 0);
  const out = new Int16Array(1600);
  assert.equal(m1.mixFrame(out), out);
  assertPcm(out, m2.mixFrame(), "same result into a given buffer");
  assert.equal(m1.ticks, 1);
});
