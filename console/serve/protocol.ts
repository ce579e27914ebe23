/**
 * The messages between the `--serve` server and its page, over one WebSocket.
 *
 * Server → page, binary, one per frame: `u8 kind = 1, u8 flags (bit 0 framebuffer, bit 1 audio),
 * u16 0, u32 frame (LE)`, then the 115,200 framebuffer bytes (320 × 180 RGB565 LE) when bit 0 is
 * set, then the 3,200 audio bytes (800 stereo frames, i16 LE, L R) when bit 1 is set.
 *
 * Server → page, text (JSON): `hello` (cartridge, keys, memcard), `status` (after each frame:
 * frame, lifecycle state, gas, syscalls, overruns, telemetry, hash, exit, recording size),
 * `log` (guest log lines), `recording` (the answer to `stop`: the script text, frames and the hash
 * to expect), `error` (a message the page shows).
 *
 * Page → server, text (JSON): `input` `{pad, touch}` (held from the next frame boundary),
 * `restart` (a new session from boot), `record` (restart, and the page marks the recording
 * started), `stop` (answer with the session's input so far as a script).
 *
 * @example
 * ```ts
 * import { encodeFrameMessage, FRAME_HEADER_BYTES } from "./protocol.ts";
 * encodeFrameMessage(7, null, new Uint8Array(3200)).length; // FRAME_HEADER_BYTES + 3200
 * ```
 * @module
 */

/** Kind byte of a frame message. */
export const FRAME_KIND = 1;
/** Header bytes of a frame message. */
export const FRAME_HEADER_BYTES = 8;

/** A binary frame message. */
export function encodeFrameMessage(
  frame: number,
  framebuffer: Uint8Array | null,
  audio: Uint8Array | null,
): Uint8Array {
  const size = FRAME_HEADER_BYTES + (framebuffer?.length ?? 0) + (audio?.length ?? 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint8(0, FRAME_KIND);
  v.setUint8(1, (framebuffer !== null ? 1 : 0) | (audio !== null ? 2 : 0));
  v.setUint32(4, frame, true);
  let at = FRAME_HEADER_BYTES;
  if (framebuffer !== null) {
    out.set(framebuffer, at);
    at += framebuffer.length;
  }
  if (audio !== null) out.set(audio, at);
  return out;
}

/** A page → server message, validated. */
export type PageMessage =
  | { type: "input"; pad: number; touch: [number, number] | null }
  | { type: "restart" }
  | { type: "record" }
  | { type: "stop" };

/** Parses a page message; throws Error with a message for the page when malformed. */
export function parsePageMessage(text: string): PageMessage {
  if (text.length > 4096) throw new Error("message too long");
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new Error("message is not JSON");
  }
  if (typeof m !== "object" || m === null) throw new Error("message is not an object");
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case "restart":
    case "record":
    case "stop":
      return { type: o.type };
    case "input": {
      if (typeof o.pad !== "number") throw new Error("input.pad must be a number");
      let touch: [number, number] | null = null;
      if (o.touch !== null && o.touch !== undefined) {
        if (
          !Array.isArray(o.touch) || o.touch.length !== 2 ||
          !o.touch.every((v) => typeof v === "number")
        ) throw new Error("input.touch must be [x, y] or null");
        touch = [o.touch[0], o.touch[1]];
      }
      return { type: "input", pad: o.pad, touch };
    }
    default:
      throw new Error(`unknown message type ${JSON.stringify(o.type)}`);
  }
}
