/**
 * CALLs to kernel-issued Instances, answered by the kernel at once (no VM): φ12 = endpoint,
 * arguments in φ7 and slot 0, results in φ7, φ8 = OK or FAULTED (φ7 = result code), and slot 0.
 * ABI.md §Kernel Instances.
 *
 * - SetGasMeter(0): slot 0 = meter handle, φ7 = new amount → φ7 = previous. The difference is
 *   taken from (or given back to) the caller's own meter: gas is conserved, never minted.
 * - SetStorageQuota(0): the same for quotas, against the caller's own quota.
 * - MintGas(0) / MintQuota(0): φ7 = id → slot 0 = a handle for meter / quota `id` (chain-chosen
 *   ids; the same id names the same meter), φ7 = what it holds.
 * - CreateYieldCatcher(0) → slot 0 = an empty YieldCatcher.
 * - YieldCatcher: 0 add(slot 0 = marker), 1 remove(slot 0 = marker) → the caller's catcher slot
 *   gets the new catcher, φ7 = marker count; 2 read → slot 0 = Data of the marker ids.
 *
 * @example
 * ```ts
 * import { kernelCall } from "./kernel_calls.ts";
 * // used by the CALL handler when the target is a KernelCap
 * ```
 * @module
 */

import type { HostAction, Vm } from "../vm/mod.ts";
import { CALL_STATUS, GAS, RESULT } from "./abi.ts";
import { DataCap, KernelCap } from "./caps.ts";
import type { EventContext } from "./context.ts";
import type { Frame } from "./frame.ts";
import { done } from "./host_util.ts";
import { yieldCatcher } from "./kernel_slots.ts";
import { LIMITS } from "./limits.ts";
import { bytesEqual } from "./bytes.ts";

function ok(vm: Vm, r7: bigint): HostAction {
  vm.setRegister(9, 0n);
  return done(vm, r7, CALL_STATUS.OK);
}

function no(vm: Vm, code: bigint): HostAction {
  vm.setRegister(9, 0n);
  return done(vm, code, CALL_STATUS.FAULTED);
}

function handleIn(f: Frame, kind: "gas_meter" | "storage_quota"): KernelCap | bigint {
  const c = f.slots[0];
  if (c === null) return RESULT.E_EMPTY;
  if (!(c instanceof KernelCap) || c.kernel !== kind) return RESULT.E_KIND;
  return c;
}

function setGasMeter(vm: Vm, ctx: EventContext, f: Frame): HostAction {
  const h = handleIn(f, "gas_meter");
  if (typeof h === "bigint") return no(vm, h);
  const value = vm.getRegister(7);
  if (value > LIMITS.AMOUNT_MAX || h.id64 === f.meterId) return no(vm, RESULT.E_INVALID);
  ctx.syncOut(f);
  const old = ctx.meters.get(h.id64) ?? 0n;
  const mine = ctx.meters.get(f.meterId) ?? 0n;
  const delta = value - old;
  if (delta > mine || mine - delta > LIMITS.AMOUNT_MAX) {
    ctx.syncIn(f);
    return no(vm, RESULT.E_GAS);
  }
  ctx.meters.set(f.meterId, mine - delta);
  ctx.meters.set(h.id64, value);
  ctx.syncIn(f);
  return ok(vm, old);
}

function setStorageQuota(vm: Vm, f: Frame): HostAction {
  const h = handleIn(f, "storage_quota");
  if (typeof h === "bigint") return no(vm, h);
  const value = vm.getRegister(7);
  const own = f.quotaHandle();
  if (own === null) return no(vm, RESULT.E_QUOTA);
  if (value > LIMITS.AMOUNT_MAX || h.id64 === own.id64) return no(vm, RESULT.E_INVALID);
  const old = f.layer.quota(h.id64);
  const mine = f.layer.quota(own.id64);
  const delta = value - old;
  if (delta > mine || mine - delta > LIMITS.AMOUNT_MAX) return no(vm, RESULT.E_QUOTA);
  f.layer.setQuota(own.id64, mine - delta);
  f.layer.setQuota(h.id64, value);
  return ok(vm, old);
}

function mintHandle(
  vm: Vm,
  ctx: EventContext,
  f: Frame,
  kind: "gas_meter" | "storage_quota",
): HostAction {
  if (f.slots[0] !== null) return no(vm, RESULT.E_OCCUPIED);
  const id = vm.getRegister(7);
  f.slots[0] = new KernelCap(kind, id);
  if (kind === "gas_meter") {
    if (!ctx.meters.has(id) && id !== f.meterId) ctx.meters.set(id, 0n);
    ctx.syncOut(f);
    const left = ctx.meters.get(id) ?? 0n;
    ctx.syncIn(f);
    return ok(vm, left);
  }
  return ok(vm, f.layer.quota(id));
}

function catcherCall(
  vm: Vm,
  f: Frame,
  catcher: KernelCap,
  slot: number,
  endpoint: bigint,
): HostAction {
  if (endpoint === 2n) {
    if (f.slots[0] !== null) return no(vm, RESULT.E_OCCUPIED);
    const bytes = new Uint8Array(32 * catcher.markers.length);
    catcher.markers.forEach((m, i) => bytes.set(m, 32 * i));
    f.slots[0] = DataCap.fromBytes(bytes);
    return ok(vm, BigInt(catcher.markers.length));
  }
  if (endpoint !== 0n && endpoint !== 1n) return no(vm, RESULT.E_INVALID);
  const m = f.slots[0];
  if (m === null) return no(vm, RESULT.E_EMPTY);
  if (m.kind !== "instance") return no(vm, RESULT.E_KIND);
  let markers = catcher.markers.filter((x) => !bytesEqual(x, m.id));
  if (endpoint === 0n) {
    if (markers.length >= LIMITS.CATCHER_MARKERS) return no(vm, RESULT.E_LIMIT);
    markers = [...markers, m.id];
  }
  const next = yieldCatcher(markers);
  f.slots[slot] = next;
  return ok(vm, BigInt(next.markers.length));
}

/**
 * Answers a CALL whose target (own slot `slot`) is the kernel-issued Instance `cap`.
 */
export function kernelCall(
  vm: Vm,
  ctx: EventContext,
  f: Frame,
  cap: KernelCap,
  slot: number,
  endpoint: bigint,
): HostAction {
  if (!vm.chargeGas(GAS.KERNEL_CALL)) return "oog";
  ctx.stats.kernelCalls++;
  if (cap.kernel === "yield_catcher") return catcherCall(vm, f, cap, slot, endpoint);
  if (endpoint !== 0n) return no(vm, RESULT.E_INVALID);
  switch (cap.kernel) {
    case "set_gas_meter":
      return setGasMeter(vm, ctx, f);
    case "set_storage_quota":
      return setStorageQuota(vm, f);
    case "mint_gas":
      return mintHandle(vm, ctx, f, "gas_meter");
    case "mint_quota":
      return mintHandle(vm, ctx, f, "storage_quota");
    case "create_yield_catcher":
      if (f.slots[0] !== null) return no(vm, RESULT.E_OCCUPIED);
      f.slots[0] = yieldCatcher([]);
      return ok(vm, 0n);
    default:
      // Handles, markers, files and the HostOpen / HostSave authorities are not callable.
      return no(vm, RESULT.E_INVALID);
  }
}
