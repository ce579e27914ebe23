/**
 * Benchmark section "assets":
 *
 * 1. load throughput of one 64 MiB SOUNDS asset (codec NONE) through the asset manager, with the
 *    loader actor (a Worker; the data comes back as a transferred attachment) and with the
 *    in-process loader — end to end (read + blake2b-256 + materialise, waited for at the frame
 *    boundary where the virtual channel delivers it), plus each stage alone to show where the
 *    time goes;
 * 2. resident memory growth while 2,048 assets of 64 KiB (every other one of a 256 MiB `assets.pa`)
 *    are loaded and committed one after another into the 64 SOUNDS slots, with each loader (the
 *    payload is read slice by slice, so growth must stay a small fraction of the file size).
 *
 * Files are generated in a temporary folder and removed afterwards. The 64 KiB assets use 16
 * distinct contents (hashing 256 MiB with the pure-JS blake2b would take most of the run).
 *
 * @example
 * ```sh
 * deno task bench assets
 * ```
 * @module
 */

import {
  type AssetManager,
  type AssetManagerOptions,
  contentHash,
  type EntryDraft,
  FileSource,
  layoutPack,
  openAssetManager,
  PackReader,
  writeFileAtomic,
} from "../assets/mod.ts";

const MiB = 1024 * 1024;
const RUNS = 3;

function pcm(bytes: number, seed: number): Uint8Array {
  const words = new Uint32Array(bytes / 4);
  let x = (seed * 0x9e3779b9) >>> 0;
  for (let i = 0; i < words.length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer);
}

/** Writes a pack of NONE-coded SOUNDS assets; asset i has content `contents[i % contents.length]`. */
async function writeSoundsPack(
  path: string,
  count: number,
  contents: Uint8Array[],
): Promise<number> {
  const hashes = contents.map(contentHash);
  const drafts: EntryDraft[] = Array.from({ length: count }, (_, i) => {
    const c = contents[i % contents.length];
    return {
      asset_id: i,
      asset_name: `sound.${i}`,
      bank_type: "SOUNDS",
      size: c.length,
      decoded_size: c.length,
      codec: "NONE",
      metadata: {
        blake2b_256: hashes[i % contents.length],
        sample_rate: 48000,
        frame_count: c.length / 2,
      },
    };
  });
  const layout = layoutPack(drafts, []);
  await writeFileAtomic(
    path,
    (function* () {
      yield layout.head;
      for (const i of layout.order) yield contents[i % contents.length];
    })(),
  );
  return layout.fileSize;
}

type BackendKind = "actor" | "in-process";

/** A manager over `path` with the loader `kind`. */
function managerFor(
  path: string,
  kind: BackendKind,
  options: AssetManagerOptions = {},
): Promise<AssetManager> {
  return openAssetManager(path, { ...options, loader: kind, system: { workers: 1 } });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function bigAsset(path: string, kind: BackendKind) {
  const endToEnd: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const m = await managerFor(path, kind, {
      banks: { TILES: { slots: 1, budgetBytes: 0 }, SOUNDS: { slots: 1, budgetBytes: 128 * MiB } },
      bytesPerFrame: 64 * MiB,
    });
    const t0 = performance.now();
    const { handle } = m.load("sound.0", "SOUNDS", 0);
    while (m.status(handle) < 2) await m.endFrame();
    if (m.commit(handle) !== 0) throw new Error("bench: commit failed");
    endToEnd.push(performance.now() - t0);
    if (m.sound(0)?.frameCount !== 32 * MiB) throw new Error("bench: wrong sample");
    await m.close();
  }
  return {
    backend: kind,
    median_ms: Number(median(endToEnd).toFixed(0)),
    mb_per_s: Number((64 / (median(endToEnd) / 1000)).toFixed(1)),
  };
}

async function stages(path: string) {
  const src = await FileSource.open(path);
  const pack = await PackReader.open(src);
  const e = pack.header.asset_table[0];
  let t = performance.now();
  const stored = await pack.readStored(e);
  const readMs = performance.now() - t;
  t = performance.now();
  contentHash(stored);
  const hashMs = performance.now() - t;
  pack.close();
  const mbps = (ms: number) => Number((64 / (ms / 1000)).toFixed(1));
  return {
    read_mb_per_s: mbps(readMs),
    blake2b_mb_per_s: mbps(hashMs),
  };
}

async function manySmall(path: string, fileSize: number, kind: BackendKind) {
  const m = await managerFor(path, kind);
  const loads = 2048;
  const before = Deno.memoryUsage().rss;
  let peak = before;
  const quarters: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < loads; i++) {
    const { status, handle } = m.load(`sound.${(i * 2) % 4096}`, "SOUNDS", i % 64);
    if (status !== 0) throw new Error(`bench: load ${i} status ${status}`);
    while (m.status(handle) < 2) await m.endFrame();
    if (m.commit(handle) !== 0) throw new Error("bench: commit failed");
    if (i % 32 === 0) peak = Math.max(peak, Deno.memoryUsage().rss);
    if ((i + 1) % (loads / 4) === 0) {
      quarters.push(Number(((Deno.memoryUsage().rss - before) / MiB).toFixed(1)));
    }
  }
  const ms = performance.now() - t0;
  peak = Math.max(peak, Deno.memoryUsage().rss);
  const resident = m.telemetry().banks.SOUNDS.used_bytes;
  await m.close();
  return {
    backend: kind,
    file_mib: Number((fileSize / MiB).toFixed(1)),
    assets_loaded: loads,
    bytes_loaded_mib: (loads * 64) / 1024,
    bank_resident_mib: Number((resident / MiB).toFixed(2)),
    rss_before_mib: Number((before / MiB).toFixed(1)),
    rss_growth_mib: Number(((peak - before) / MiB).toFixed(1)),
    rss_growth_mib_at_quarters: quarters,
    rss_growth_pct_of_file: Number((((peak - before) / fileSize) * 100).toFixed(1)),
    loads_per_s: Math.round(loads / (ms / 1000)),
    frames: m.frame,
  };
}

/** Prints the table and one JSON line. */
export async function run(): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bench-assets-" });
  try {
    const bigPath = `${dir}/big.pa`;
    await writeSoundsPack(bigPath, 1, [pcm(64 * MiB, 1)]);
    const big = [await bigAsset(bigPath, "actor"), await bigAsset(bigPath, "in-process")];
    const parts = await stages(bigPath);
    await Deno.remove(bigPath);
    const manyPath = `${dir}/many.pa`;
    const contents = Array.from({ length: 16 }, (_, i) => pcm(64 * 1024, i + 2));
    const fileSize = await writeSoundsPack(manyPath, 4096, contents);
    // the actor first: its RSS baseline is not inflated by the in-process run's garbage
    const small = [
      await manySmall(manyPath, fileSize, "actor"),
      await manySmall(manyPath, fileSize, "in-process"),
    ];
    const pad = (s: string) => s.padEnd(58);
    console.log(pad("measure") + "value");
    for (const b of big) {
      console.log(
        pad(`64 MiB SOUNDS load, end to end, ${b.backend} loader`) +
          `${b.mb_per_s} MB/s (median ${b.median_ms} ms of ${RUNS})`,
      );
    }
    console.log(pad("  stage alone: slice read") + `${parts.read_mb_per_s} MB/s`);
    console.log(
      pad("  stage alone: blake2b-256 (@noble/hashes)") + `${parts.blake2b_mb_per_s} MB/s`,
    );
    for (const s of small) {
      console.log(
        pad(`${s.assets_loaded} × 64 KiB from a ${s.file_mib} MiB assets.pa, ${s.backend}`) +
          `RSS +${s.rss_growth_mib} MiB peak = ${s.rss_growth_pct_of_file}% of the file ` +
          `(after 1/4, 2/4, 3/4, 4/4: ${
            s.rss_growth_mib_at_quarters.join(", ")
          } MiB); ${s.loads_per_s} loads/s`,
      );
    }
    console.log(
      JSON.stringify({
        bench: "assets",
        runs: RUNS,
        big_asset: big,
        stages: parts,
        many_small: small,
      }),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await run();
