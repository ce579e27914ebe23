/**
 * The `system.*` syscalls: VM-owned, no capability. `frame_sync` ends the guest's frame (the VM
 * yields to the firmware and resumes after the call next frame); `frame` reads virtual time.
 *
 * @example
 * ```ts
 * import { SYSTEM_MODULE } from "./syscalls.ts";
 * SYSTEM_MODULE.syscalls.map((s) => s.name); // ["frame_sync", "frame"]
 * ```
 * @module
 */

import { type HostModule, type SyscallSpec, YIELD } from "../abi/types.ts";

/** The system syscalls. */
export const SYSTEM_SYSCALLS: readonly SyscallSpec[] = [
  {
    module: "system",
    name: "frame_sync",
    version: 1,
    summary:
      "ends this frame: the VM yields to the firmware and continues after the call at the start of the next frame, with a fresh gas budget",
    args: [],
    results: [],
    statuses: null,
    capability: null,
    gas: { base: 1 },
    traps: [],
    handler: () => YIELD,
  },
  {
    module: "system",
    name: "frame",
    version: 1,
    summary: "the current frame number (virtual time: 60 frames per second, 0 = the first frame)",
    args: [],
    results: [{ name: "frame", doc: "frames since boot" }],
    statuses: null,
    capability: null,
    gas: { base: 2 },
    traps: [],
    handler: (call) => [call.console.frame],
  },
];

/** The system module (no device). */
export const SYSTEM_MODULE: HostModule = {
  name: "system",
  summary: "frame pacing and virtual time",
  syscalls: SYSTEM_SYSCALLS,
};
