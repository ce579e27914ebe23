/**
 * The `input.*` intrinsics: VM-owned (no capability), read the input latched at the start of
 * the frame. They cannot fail operationally, so they return values, not statuses.
 *
 * @example
 * ```ts
 * import { INPUT_MODULE } from "./syscalls.ts";
 * INPUT_MODULE.syscalls.map((s) => s.name); // ["pad", "pad_masks", "touch"]
 * ```
 * @module
 */

import type { Device, DeviceModule, SyscallSpec } from "../abi/types.ts";
import { BUTTONS, InputLatch } from "./pad.ts";

/** The input device: the latch the firmware fills before each frame. */
export class InputDevice implements Device {
  /** Device name. */
  readonly name = "input";
  /** This frame's input. */
  readonly latch = new InputLatch();
}

const b = (v: boolean) => (v ? 1 : 0);

/** The input syscalls. */
export const INPUT_SYSCALLS: readonly SyscallSpec[] = [
  {
    module: "input",
    name: "pad",
    version: 1,
    summary: "one button's state this frame",
    args: [{ name: "button", doc: `0…11: ${BUTTONS.join(", ")}` }],
    results: [
      { name: "down", doc: "1 while held" },
      { name: "pressed", doc: "1 when it went down this frame" },
      { name: "released", doc: "1 when it went up this frame" },
      { name: "hold", doc: "consecutive frames held, this one included (0 when up)" },
    ],
    statuses: null,
    capability: null,
    gas: { base: 5 },
    traps: [{ code: "BAD_ARGUMENT", when: "button > 11" }],
    handler: (call) => {
      const s = call.device<InputDevice>("input").latch.button(call.int(0, "button", 0, 11));
      return [b(s.down), b(s.pressed), b(s.released), s.hold];
    },
  },
  {
    module: "input",
    name: "pad_masks",
    version: 1,
    summary: "all buttons at once, as 12-bit masks (bit i = button i)",
    args: [],
    results: [
      { name: "down", doc: "buttons held" },
      { name: "pressed", doc: "buttons that went down this frame" },
      { name: "released", doc: "buttons that went up this frame" },
    ],
    statuses: null,
    capability: null,
    gas: { base: 5 },
    traps: [],
    handler: (call) => {
      const m = call.device<InputDevice>("input").latch.masks();
      return [m.down, m.pressed, m.released];
    },
  },
  {
    module: "input",
    name: "touch",
    version: 1,
    summary: "the touch pointer this frame",
    args: [],
    results: [
      { name: "down", doc: "1 while touching" },
      { name: "pressed", doc: "1 when contact began this frame" },
      { name: "released", doc: "1 when contact ended this frame" },
      { name: "hold", doc: "consecutive frames touching (0 when up)" },
      { name: "x", doc: "0…319, last position (kept while up; 0 before the first touch)" },
      { name: "y", doc: "0…179, likewise" },
    ],
    statuses: null,
    capability: null,
    gas: { base: 5 },
    traps: [],
    handler: (call) => {
      const t = call.device<InputDevice>("input").latch.touch();
      return [b(t.down), b(t.pressed), b(t.released), t.hold, t.x, t.y];
    },
  },
];

/** The input module. */
export const INPUT_MODULE: DeviceModule = {
  name: "input",
  summary: "the 12-button pad and the touch pointer, latched at frame start (VM-owned)",
  syscalls: INPUT_SYSCALLS,
  device: () => new InputDevice(),
};
