/**
 * The asset device: the instance's asset manager (assets/manager) seen by the `asset.*`
 * syscalls, and the frame boundary that moves loads along the virtual channel ("deliver
 * asset-load progress"). Its share of the frame hash is the manager's telemetry after the
 * boundary: live loads by state and each bank's used, in-flight and occupied figures.
 *
 * @example
 * ```ts
 * import { AssetDevice } from "./device.ts";
 * // const device = new AssetDevice(manager); await device.endFrame(end);
 * ```
 * @module
 */

import type { AssetManager } from "../../assets/manager/manager.ts";
import type { Device, FrameEnd } from "../abi/types.ts";
import { ByteWriter } from "../bytes.ts";

/** The asset manager as a device. */
export class AssetDevice implements Device {
  /** Device name. */
  readonly name = "asset";

  /** @param manager the instance's manager (booted: preload committed) */
  constructor(readonly manager: AssetManager) {}

  /** The frame boundary: advance loads, then hash the manager's state. */
  async endFrame(end: FrameEnd): Promise<void> {
    await this.manager.endFrame();
    const t = this.manager.telemetry();
    const w = new ByteWriter();
    w.u32(t.loads.pending).u32(t.loads.loading).u32(t.loads.ready);
    for (const bank of [t.banks.TILES, t.banks.SOUNDS]) {
      w.u64(bank.used_bytes).u64(bank.inflight_bytes).u32(bank.slots_occupied);
    }
    end.hash(w.view());
  }

  /** Loads by state and bank occupancy (after the latest boundary). */
  telemetry(): Record<string, number> {
    const t = this.manager.telemetry();
    return {
      pending: t.loads.pending,
      loading: t.loads.loading,
      ready: t.loads.ready,
      tiles_used_bytes: t.banks.TILES.used_bytes,
      tiles_inflight_bytes: t.banks.TILES.inflight_bytes,
      tiles_slots_occupied: t.banks.TILES.slots_occupied,
      sounds_used_bytes: t.banks.SOUNDS.used_bytes,
      sounds_inflight_bytes: t.banks.SOUNDS.inflight_bytes,
      sounds_slots_occupied: t.banks.SOUNDS.slots_occupied,
    };
  }
}
