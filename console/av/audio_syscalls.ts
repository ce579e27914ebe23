/**
 * The `audio.*` syscalls (capability `audio`): the 16-voice mixer. Thin wrappers around the pure
 * core `console/audio` ({@link Mixer}): a core argument error is a Trap (`BAD_ARGUMENT`), an
 * operational failure is the core's status in φ7. Commands take effect from the frame's mix (at
 * the end of the frame).
 *
 * Voice allocation for `voice = 255` (any): the lowest free voice; when all 16 play, the steal
 * policy is **lowest priority**: the playing voice with the lowest priority (the oldest `play`
 * on a tie) is stopped and reused, but only if its priority is ≤ the new sound's; otherwise the
 * status is NO_VOICE. An explicit voice number always replaces what that voice plays.
 *
 * @example
 * ```ts
 * import { AUDIO_MODULE } from "./audio_syscalls.ts";
 * AUDIO_MODULE.syscalls.map((s) => s.name); // ["play", "stop", "set_volume", "set_pan", "set_pitch", "is_playing"]
 * ```
 * @module
 */

import type { SyscallCall } from "../abi/call.ts";
import type { DeviceModule, StatusDoc, SyscallSpec } from "../abi/types.ts";
import { ANY_VOICE, PITCH_MAX, PITCH_ONE, VOICE_COUNT } from "../audio/constants.ts";
import { AUDIO_STATUS } from "../audio/status.ts";
import { badArgument, guardCore } from "./args.ts";
import { AudioDevice } from "./audio_device.ts";

const S = (code: number, name: string, when: string): StatusDoc => ({ code, name, when });
const OK = S(AUDIO_STATUS.OK, "OK", "done");
const IDLE = S(AUDIO_STATUS.VOICE_IDLE, "VOICE_IDLE", "the voice is not playing; nothing changed");
const VOICE_DOC = { name: "voice", doc: `voice 0…${VOICE_COUNT - 1}` };
const BAD_VOICE = `voice > ${VOICE_COUNT - 1}`;
const common = { module: "audio", version: 1, capability: "audio" } as const;

function mixer(call: SyscallCall) {
  return call.device<AudioDevice>("audio").mixer;
}

/** A voice argument: any u32 goes to the core, which traps outside 0…15. */
function voiceArg(call: SyscallCall, i: number): number {
  return call.u32(i, "voice");
}

/** The audio syscalls. */
export const AUDIO_SYSCALLS: readonly SyscallSpec[] = [
  {
    ...common,
    name: "play",
    summary:
      "starts the sample committed in a SOUNDS slot on a voice, from its start (a looping sample loops until stopped)",
    args: [
      { name: "slot", doc: "SOUNDS bank slot 0…63" },
      {
        name: "voice",
        doc: `voice 0…${
          VOICE_COUNT - 1
        }, or ${ANY_VOICE} = any (lowest free; else steal the lowest priority, oldest first, if ≤ this priority)`,
      },
      { name: "volume", doc: "0…255" },
      { name: "pan", doc: "0 left … 128 centre … 255 right" },
      {
        name: "pitch",
        doc:
          `8.8 fixed point, 1…${PITCH_MAX}: ${PITCH_ONE} = the sample's own rate, 512 an octave up`,
      },
      { name: "priority", doc: "0…255 (for stealing)" },
    ],
    results: [
      { name: "status", doc: "see statuses" },
      { name: "voice", doc: `the voice now playing it when OK, else ${ANY_VOICE}` },
    ],
    statuses: [
      S(AUDIO_STATUS.OK, "OK", "the sound starts with this frame's mix"),
      S(
        AUDIO_STATUS.SLOT_EMPTY,
        "SLOT_EMPTY",
        "the SOUNDS slot holds no committed sample; nothing changed",
      ),
      S(
        AUDIO_STATUS.NO_VOICE,
        "NO_VOICE",
        "voice 255, all 16 voices play, and every one has a higher priority; nothing changed",
      ),
    ],
    gas: { base: 100 },
    traps: [
      badArgument(
        `slot > 63; voice neither 0…${
          VOICE_COUNT - 1
        } nor ${ANY_VOICE}; volume, pan or priority > 255; pitch 0 or > ${PITCH_MAX}`,
      ),
    ],
    handler: (call) => {
      const slot = call.u32(0, "slot");
      const voice = voiceArg(call, 1);
      const volume = call.u32(2, "volume");
      const pan = call.u32(3, "pan");
      const pitch = call.u32(4, "pitch");
      const priority = call.u32(5, "priority");
      const r = guardCore(call, () => mixer(call).play(slot, voice, volume, pan, pitch, priority));
      return [r.status, r.voice];
    },
  },
  {
    ...common,
    name: "stop",
    summary: "stops a voice",
    args: [VOICE_DOC],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [OK, IDLE],
    gas: { base: 20 },
    traps: [badArgument(BAD_VOICE)],
    handler: (call) => [guardCore(call, () => mixer(call).stop(voiceArg(call, 0)))],
  },
  {
    ...common,
    name: "set_volume",
    summary: "changes a playing voice's volume",
    args: [VOICE_DOC, { name: "volume", doc: "0…255" }],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [OK, IDLE],
    gas: { base: 20 },
    traps: [badArgument(`${BAD_VOICE}; volume > 255`)],
    handler: (call) => {
      const voice = voiceArg(call, 0);
      const v = call.u32(1, "volume");
      return [guardCore(call, () => mixer(call).setVolume(voice, v))];
    },
  },
  {
    ...common,
    name: "set_pan",
    summary: "changes a playing voice's pan",
    args: [VOICE_DOC, { name: "pan", doc: "0 left … 255 right" }],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [OK, IDLE],
    gas: { base: 20 },
    traps: [badArgument(`${BAD_VOICE}; pan > 255`)],
    handler: (call) => {
      const voice = voiceArg(call, 0);
      const p = call.u32(1, "pan");
      return [guardCore(call, () => mixer(call).setPan(voice, p))];
    },
  },
  {
    ...common,
    name: "set_pitch",
    summary: "changes a playing voice's pitch (its position is kept)",
    args: [VOICE_DOC, { name: "pitch", doc: `8.8 fixed point, 1…${PITCH_MAX}` }],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [OK, IDLE],
    gas: { base: 20 },
    traps: [badArgument(`${BAD_VOICE}; pitch 0 or > ${PITCH_MAX}`)],
    handler: (call) => {
      const voice = voiceArg(call, 0);
      const p = call.u32(1, "pitch");
      return [guardCore(call, () => mixer(call).setPitch(voice, p))];
    },
  },
  {
    ...common,
    name: "is_playing",
    summary: "whether a voice is playing (a one-shot frees its voice at its end)",
    args: [VOICE_DOC],
    results: [{ name: "playing", doc: "1 playing, 0 idle" }],
    statuses: null,
    gas: { base: 5 },
    traps: [badArgument(BAD_VOICE)],
    handler: (call) => [guardCore(call, () => (mixer(call).isPlaying(voiceArg(call, 0)) ? 1 : 0))],
  },
];

/** The audio module: the device exists when the manifest declares `audio`. */
export const AUDIO_MODULE: DeviceModule = {
  name: "audio",
  summary:
    "the sound chip: 16 voices of SOUNDS samples mixed to 48 kHz stereo PCM16, 800 frames per console frame",
  syscalls: AUDIO_SYSCALLS,
  device: (env) => (env.capabilities.has("audio") ? new AudioDevice(env.assets) : null),
};
