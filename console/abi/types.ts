/**
 * The shapes of the host ABI: a syscall's canonical identity `(module, name, version)`, its
 * metadata (arguments, results, statuses, capability, gas cost, trap causes) and its handler;
 * the capability names; host modules (a group of syscalls plus the per-instance device they
 * drive); and devices (per-instance state that takes part in the frame loop: it sees each frame
 * start and end, adds what the guest produced to the frame hash and the frame output stream).
 *
 * @example
 * ```ts
 * import type { SyscallSpec } from "./types.ts";
 * const spec: SyscallSpec = {
 *   module: "system", name: "frame", version: 1, summary: "the current frame number",
 *   args: [], results: [{ name: "frame", doc: "frames since boot" }], statuses: null,
 *   capability: null, gas: { base: 2 }, traps: [],
 *   handler: (call) => [call.console.frame],
 * };
 * ```
 * @module
 */

import type { SyscallCall } from "./call.ts";

/** The capabilities a manifest may declare, in their canonical order. */
export const CAPABILITIES = ["gfx", "audio", "asset", "memcard"] as const;
/** A capability: a group of host surfaces a cartridge must declare to use. */
export type Capability = typeof CAPABILITIES[number];

/** A syscall's canonical identity. */
export interface SyscallIdentity {
  /** Module, e.g. `mem`. Lower-case `[a-z][a-z0-9_]*`. */
  readonly module: string;
  /** Name inside the module, e.g. `slot_read`. Lower-case `[a-z][a-z0-9_]*`. */
  readonly name: string;
  /** Version, 1…65535. */
  readonly version: number;
}

/** `module.name@version`, the spelling used in assembly (`.import`), docs and errors. */
export function identityKey(id: SyscallIdentity): string {
  return `${id.module}.${id.name}@${id.version}`;
}

/** One argument or result of a syscall, for the docs. */
export interface SlotDoc {
  /** Its name. */
  readonly name: string;
  /** What it means and its domain. */
  readonly doc: string;
}

/** One numeric status a syscall can return in φ7. */
export interface StatusDoc {
  /** The number. */
  readonly code: number;
  /** Its stable name. */
  readonly name: string;
  /** When it is returned. */
  readonly when: string;
}

/** A trap a syscall raises on purpose (beyond the ones every call has). */
export interface TrapDoc {
  /** Stable trap code. */
  readonly code: string;
  /** When. */
  readonly when: string;
}

/**
 * Gas a call costs, charged before it runs: `base + perByte × min(φ(7+bytesArg), maxBytes)`.
 * If the frame's gas cannot pay it, the frame ends as an overrun and the same call runs again
 * next frame.
 */
export interface GasCost {
  /** Fixed part. */
  readonly base: number;
  /** Per byte of the argument `bytesArg` (a length), capped at `maxBytes`. */
  readonly perByte?: number;
  /** Which argument is the byte count. */
  readonly bytesArg?: number;
  /** Cap on the byte count used for the cost (the call's own limit). */
  readonly maxBytes?: number;
}

/** What a handler returns: the result registers in order, or {@link YIELD}. */
export type SyscallReturn = readonly (number | bigint)[] | typeof YIELD;

/** Returned by a handler that ends the guest's frame (`system.frame_sync`). */
export const YIELD: unique symbol = Symbol("yield");

/** A syscall handler: reads arguments and windows through `call`, returns the results. */
export type SyscallHandler = (call: SyscallCall) => SyscallReturn;

/** Everything the registry knows about one syscall. */
export interface SyscallSpec extends SyscallIdentity {
  /** One line for the docs. */
  readonly summary: string;
  /** Arguments in φ7, φ8, … (at most 6). */
  readonly args: readonly SlotDoc[];
  /** Results in φ7, φ8, … (at most 6); the first is `status` when `statuses` is not null. */
  readonly results: readonly SlotDoc[];
  /** The statuses φ7 can hold, or null for a call with no operational failure. */
  readonly statuses: readonly StatusDoc[] | null;
  /** Capability the manifest must declare, or null for VM-owned intrinsics (system, log, input). */
  readonly capability: Capability | null;
  /** Gas cost. */
  readonly gas: GasCost;
  /** Traps specific to this call (BAD_WINDOW, STALE_HANDLE, …). */
  readonly traps: readonly TrapDoc[];
  /** The implementation. */
  readonly handler: SyscallHandler;
}

/** What a device may add to a frame: hash input and output streams. */
export interface FrameEnd {
  /** The frame that just ended. */
  readonly frame: number;
  /** Adds bytes to this frame's hash record (in device order, under the device's name). */
  hash(bytes: Uint8Array): void;
  /** Whether the embedder asked for output stream `stream` this frame (e.g. `framebuffer`). */
  wants(stream: string): boolean;
  /** Attaches this frame's `stream` output (copied bytes; only when `wants(stream)`). */
  put(stream: string, bytes: Uint8Array): void;
}

/**
 * Per-instance state behind a host module (the memcard, the log, gfx…). The frame loop calls
 * `beginFrame` after input is latched and before the VM runs, and `endFrame` once the VM stopped
 * for the frame, in module order.
 */
export interface Device {
  /** The device name (also its section name in the frame hash). */
  readonly name: string;
  /** A new frame starts. */
  beginFrame?(frame: number): void;
  /** The frame ended: add what the guest produced to the hash / output. */
  endFrame?(end: FrameEnd): void | Promise<void>;
  /** Numbers for the end-of-frame telemetry (flat, integers). */
  telemetry?(): Record<string, number>;
  /** The instance stops. */
  close?(): void | Promise<void>;
}

/** A group of syscalls and the device they drive. */
export interface HostModule {
  /** Module name (the device name, if it has one). */
  readonly name: string;
  /** One line for the docs. */
  readonly summary: string;
  /** Its syscalls. */
  readonly syscalls: readonly SyscallSpec[];
}

/** What a device factory gets when an instance boots. */
export interface DeviceEnv {
  /** The capabilities the manifest declares. */
  readonly capabilities: ReadonlySet<Capability>;
  /** The manifest's `app_id`. */
  readonly appId: number;
  /** The instance's asset manager (null without assets.pa). */
  readonly assets: import("../../assets/manager/manager.ts").AssetManager | null;
  /** Where the memcard keeps committed slots. */
  readonly memcardStore: import("../memcard/store.ts").MemcardStore;
}

/** A host module that owns a device: creates it for each instance (or null when unused). */
export interface DeviceModule extends HostModule {
  /** Makes this module's device for one instance, or null (e.g. capability not declared). */
  readonly device: (env: DeviceEnv) => Device | null | Promise<Device | null>;
}
