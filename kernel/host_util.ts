/**
 * Shared pieces of the host-call handlers: the handler type, the common entry (charge the base
 * gas, find the running frame), result setting, byte-proportional gas, and quota charging.
 *
 * @example
 * ```ts
 * import { bytesGas } from "./host_util.ts";
 * bytesGas(130); // 3 (one per started 64 bytes)
 * ```
 * @module
 */

import type { HostAction, Vm } from "../vm/mod.ts";
import { GAS } from "./abi.ts";
import type { KernelCap } from "./caps.ts";
import type { EventContext } from "./context.ts";
import { invariant } from "./errors.ts";
import type { Frame } from "./frame.ts";

/** A kernel host-call handler. */
export type KernelHandler = (vm: Vm, ctx: EventContext) => HostAction;

/**
 * Common entry of every handler: charges the base cost plus `extra` gas and returns the running
 * frame, or "oog" when the gas is not there (the call is retried once gas is added).
 */
export function enter(vm: Vm, ctx: EventContext, extra = 0): Frame | "oog" {
  const frame = ctx.top;
  invariant(frame.vm === vm, "the VM making a host call is the top frame's");
  if (!vm.chargeGas(GAS.HOST_CALL + extra)) return "oog";
  ctx.stats.hostCalls++;
  return frame;
}

/** Sets φ7 (and φ8 when given) and continues the guest. */
export function done(vm: Vm, r7: bigint, r8?: bigint): HostAction {
  vm.setRegister(7, r7);
  if (r8 !== undefined) vm.setRegister(8, r8);
  return "continue";
}

/**
 * Gas for moving or hashing `n` bytes: PER_64_BYTES per started 64 bytes.
 *
 * @example
 * ```ts
 * bytesGas(0); // 0
 * ```
 */
export function bytesGas(n: number): number {
  return Math.ceil(n / 64) * GAS.PER_64_BYTES;
}

/**
 * Charges `bytes` to the quota `quota` names, in the frame's layer. Returns false (nothing
 * charged) when the quota has less left.
 */
export function chargeQuota(frame: Frame, quota: KernelCap, bytes: bigint): boolean {
  invariant(quota.kernel === "storage_quota", "charging a quota handle");
  const left = frame.layer.quota(quota.id64);
  if (left < bytes) return false;
  frame.layer.setQuota(quota.id64, left - bytes);
  return true;
}

/** Adds `bytes` back to quota `id` in the frame's layer. */
export function refundQuota(frame: Frame, id: bigint, bytes: bigint): void {
  frame.layer.setQuota(id, frame.layer.quota(id) + bytes);
}
