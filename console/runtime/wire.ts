/**
 * The messages between the firmware (main thread) and a VM-instance actor, as plain bodies the
 * actor codec carries.
 *
 * - spawn input {@link InstanceInput}: the validated cartridge parts, the preload answers, where
 *   the memcard lives, the frame budget;
 * - `frame` {@link FrameMessage}: the frame number, the latched input, loader answers for this
 *   instance, output streams wanted;
 * - output `frame` {@link FrameReportBody}: what the frame did (see `FrameReport`).
 *
 * @example
 * ```ts
 * import { FRAME } from "./wire.ts";
 * // sys.send("cart/0", FRAME, { frame: 0, pad: 0, touch: null, loads: [], wants: [] });
 * ```
 * @module
 */

import type { PackHeader } from "../../assets/types.ts";
import type { TrapInfo } from "../../vm/mod.ts";
import type { Manifest } from "../cartridge/manifest.ts";
import type { LogLine } from "../log/log.ts";
import type { LoaderAnswer, PreloadAnswer } from "./relay_backend.ts";

/** Message type of a frame (firmware → instance) and of its report (instance → firmware). */
export const FRAME = "frame";

/** Spawn input of a VM-instance actor. */
export interface InstanceInput {
  /** Instance index (0…63). */
  index: number;
  manifest: Manifest;
  /** program.pvm bytes (validated by the firmware; decoded again in the Worker). */
  program: Uint8Array;
  /** The validated assets.pa header, or null. */
  assetsHeader: PackHeader | null;
  /** Name of the loader actor serving this instance's assets.pa, or null. */
  loader: string | null;
  /** Preload answers in preload order. */
  preload: PreloadAnswer[];
  /** Absolute folder of this instance's memcard, or null for an in-memory card. */
  memcardDir: string | null;
  /** Gas per frame. */
  gasPerFrame: number;
}

/** Body of a `frame` message. */
export interface FrameMessage {
  frame: number;
  /** Buttons down (12-bit mask). */
  pad: number;
  /** Pointer position while down, else null. */
  touch: [number, number] | null;
  /** Loader answers for this instance, in the order the loader gave them. */
  loads: LoaderAnswer[];
  /** Output streams wanted this frame. */
  wants: string[];
}

/** Body of a frame report. */
export interface FrameReportBody {
  index: number;
  frame: number;
  end: string;
  state: string;
  gasUsed: number;
  syscalls: number;
  overruns: number;
  hash: string;
  logs: LogLine[];
  telemetry: Record<string, number>;
  exit:
    | { kind: "halt" }
    | { kind: "trap"; trap: TrapInfo }
    | { kind: "panic"; message: string }
    | null;
  outputs: Record<string, Uint8Array>;
}
