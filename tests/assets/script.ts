/**
 * A seeded random guest script for the asset manager, shared by the determinism tests.
 * @module
 */
import {
  AssetManager,
  BANK_TYPES,
  contentHash,
  type Handle,
  type LoaderBackend,
  type PackHeader,
} from "../../assets/mod.ts";
import { Prng } from "../_util/prng.ts";
import { samplePack } from "./sample_pack.ts";

export const NAMES = ["tiles.a", "tiles.b", "sfx.beep", "sfx.saw", "missing"];

/** The sample pack with sfx.saw corrupted: its loads end in ERROR. */
export function scriptPack(): Uint8Array {
  const bytes = samplePack();
  bytes[bytes.length - 3] ^= 2;
  return bytes;
}

/**
 * Runs a seeded random script of loads, commits and cancels over 120 frames against a manager
 * using `backend`, and returns the log of everything a guest could observe.
 */
export async function runScript(
  seed: number,
  header: PackHeader,
  backend: LoaderBackend,
): Promise<string> {
  const m = new AssetManager(header, backend, {
    bytesPerFrame: 300,
    maxLoads: 12,
    banks: { TILES: { slots: 3, budgetBytes: 2000 }, SOUNDS: { slots: 3, budgetBytes: 2000 } },
  });
  const r = new Prng(seed);
  const handles: Handle[] = [0n];
  const log: string[] = [];
  for (let frame = 0; frame < 120; frame++) {
    for (let n = r.int(4); n > 0; n--) {
      const op = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][r.int(10)];
      if (op === 0) {
        const name = r.pick(NAMES);
        const kind = r.int(4) === 0
          ? r.pick([0, 1, 2, ...BANK_TYPES])
          : name.startsWith("tiles")
          ? "TILES"
          : "SOUNDS";
        const res = m.load(name, kind, r.int(4));
        handles.push(res.handle);
        log.push(`load ${res.status} ${res.handle}`);
      } else if (op === 1) {
        const ready = handles.filter((h) => m.status(h) === 2);
        log.push(
          `commit ${m.commit(ready.length > 0 && r.int(4) > 0 ? r.pick(ready) : r.pick(handles))}`,
        );
      } else if (op === 2) {
        const live = handles.filter((h) => m.status(h) <= 2);
        log.push(
          `cancel ${m.cancel(live.length > 0 && r.int(3) === 0 ? r.pick(live) : r.pick(handles))}`,
        );
      }
    }
    await m.endFrame();
    log.push(
      `f${m.frame} ${handles.map((h) => m.status(h)).join("")} ${JSON.stringify(m.telemetry())}`,
    );
    const sheet = m.tiles(0);
    if (sheet) log.push(`tiles0 ${contentHash(sheet.pixels)}`);
  }
  await m.close();
  return log.join("\n");
}
