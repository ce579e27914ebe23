/**
 * The `log.*` syscalls: VM-owned (no capability), status first.
 *
 * @example
 * ```ts
 * import { LOG_MODULE } from "./syscalls.ts";
 * LOG_MODULE.syscalls[0].name; // "write"
 * ```
 * @module
 */

import type { DeviceModule, SyscallSpec } from "../abi/types.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { LOG_STATUS, LogDevice } from "./log.ts";

const MAX = CONSOLE_LIMITS.maxLogLineBytes;

/** The log syscalls. */
export const LOG_SYSCALLS: readonly SyscallSpec[] = [
  {
    module: "log",
    name: "write",
    version: 1,
    summary: "writes one line to the console log (shown by the CLI, part of the frame hash)",
    args: [
      { name: "level", doc: "0 debug, 1 info, 2 warn, 3 error" },
      { name: "text_ptr", doc: "guest address of the UTF-8 text" },
      { name: "text_len", doc: `its length in bytes, at most ${MAX}` },
    ],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: [
      { code: LOG_STATUS.OK, name: "OK", when: "the line was logged" },
      {
        code: LOG_STATUS.LOG_FULL,
        name: "LOG_FULL",
        when: `the frame already has ${CONSOLE_LIMITS.maxLogLinesPerFrame} lines; nothing logged`,
      },
    ],
    capability: null,
    gas: { base: 20, perByte: 1, bytesArg: 2, maxBytes: MAX },
    traps: [
      { code: "BAD_ARGUMENT", when: `level > 3, or text_len > ${MAX}` },
      { code: "BAD_WINDOW", when: "the text is not all readable" },
      { code: "BAD_UTF8", when: "the text is not valid UTF-8" },
    ],
    handler: (call) => {
      const level = call.int(0, "level", 0, 3);
      const text = call.string(1, 2, MAX, "text");
      return [call.device<LogDevice>("log").write(level, text)];
    },
  },
];

/** The log module. */
export const LOG_MODULE: DeviceModule = {
  name: "log",
  summary: "text lines for the console log",
  syscalls: LOG_SYSCALLS,
  device: () => new LogDevice(),
};
