/**
 * console/serve — `deno task run cartridge --serve [port]`: a page on 127.0.0.1 that shows a
 * running cartridge on a canvas at 60 frames/s, plays its sound through WebAudio, maps the
 * keyboard (and the mouse, as the touch pointer) to the input, shows telemetry and the
 * VM-instance lifecycle state, and records the session's input as an `--input` script.
 *
 * @example
 * ```ts
 * import { startServer } from "./mod.ts";
 * // const h = await startServer({ cartridge, port: 0, memcard: "memory" });
 * // fetch(h.url); … await h.stop();
 * ```
 * @module
 */

export * from "./live_input.ts";
export * from "./protocol.ts";
export * from "./session.ts";
export * from "./server.ts";
