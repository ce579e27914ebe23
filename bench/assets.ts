/**
 * Benchmark section "assets":
 *
 * 1. load throughput of one 64 MiB SOUNDS asset (codec NONE) through the asset manager and its
 *    loader backend — end to end (read + blake2b-256 + materialise, waited for at the frame
 *    boundary where the virtual channel delivers it), plus each stage alone to show where the
 *    time goes;
 * 2. resident memory growth while 1,024 assets of 64 KiB, spread over a 256 MiB `assets.pa`,
 *    are loaded and committed one after another into the 64 SOUNDS slots (the payload is read
 *    slice by slice, so growth must stay a small fraction of the file size).
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
  AssetManager,
  contentHash,
  type EntryDraft,
  FileSource,
  InProcessBackend,
  layoutPack,
  type LoaderBackend,
  materialise,
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
async function writeSoundsPack(path: string, count: number, contents: Uint8Array[]): Promise<number> {
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
      metadata: { blake2b_256: hashes[i % contents.length], sample_rate: 48000, frame_count: c.length / 2 },
    };
  });
  const layout = layoutPack(drafts, []);
  await writeFileAtomic(path, (function* () {
    yield layout.head;
    for (const i of layout.order) yield contents[i % contents.length];
  })());
  return layout.fileSize;
}

/** The loader backend the manager uses. */
function backendFor(reader: PackReader): { kind: string; backend: LoaderBackend } {
  return { kind: "in-process", backend: new InProcessBackend(reader) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function bigAsset(dir: string) {
  const path = `${dir}/big.pa`;
  const content = pcm(64 * MiB, 1);
  await writeSoundsPack(path, 1, [content]);
  const endToEnd: number[] = [];
  let kind = "";
  for (let run = 0; run < RUNS; run++) {
    const reader = await PackReader.openFile(path);
    const b = backendFor(reader);
    kind = b.kind;
    const m = new AssetManager(reader.header, b.backend, {
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
  // stages alone
  const src = await FileSource.open(path);
  const pack = await PackReader.open(src);
  const e = pack.header.asset_table[0];
  let t = performance.now();
  const stored = await pack.readStored(e);
  const readMs = performance.now() - t;
  t = performance.now();
  contentHash(stored);
  const hashMs = performance.now() - t;
  t = performance.now();
  materialise(e, stored);
  const materialiseMs = performance.now() - t;
  pack.close();
  const mbps = (ms: number) => Number((64 / (ms / 1000)).toFixed(1));
  return {
    backend: kind,
    median_ms: Number(median(endToEnd).toFixed(0)),
    mb_per_s: mbps(median(endToEnd)),
    read_mb_per_s: mbps(readMs),
    blake2b_mb_per_s: mbps(hashMs),
    materialise_mb_per_s: mbps(materialiseMs),
  };
}

async function manySmall(dir: string) {
  const path = `${dir}/many.pa`;
  const count = 4096;
  const fileSize = await writeSoundsPack(path, count, Array.from({ length: 16 }, (_, i) => pcm(64 * 1024, i + 2)));
  const reader = await PackReader.openFile(path);
  const b = backendFor(reader);
  const m = new AssetManager(reader.header, b.backend);
  const loads = 1024;
  const before = Deno.memoryUsage().rss;
  let peak = before;
  const t0 = performance.now();
  for (let i = 0; i < loads; i++) {
    const { status, handle } = m.load(`sound.${i * 4}`, "SOUNDS", i % 64);
    if (status !== 0) throw new Error(`bench: load ${i} status ${status}`);
    while (m.status(handle) < 2) await m.endFrame();
    if (m.commit(handle) !== 0) throw new Error("bench: commit failed");
    if (i % 32 === 0) peak = Math.max(peak, Deno.memoryUsage().rss);
  }
  const ms = performance.now() - t0;
  peak = Math.max(peak, Deno.memoryUsage().rss);
  const resident = m.telemetry().banks.SOUNDS.used_bytes;
  await m.close();
  return {
    backend: b.kind,
    file_mib: Number((fileSize / MiB).toFixed(1)),
    assets_loaded: loads,
    bytes_loaded_mib: (loads * 64) / 1024,
    bank_resident_mib: Number((resident / MiB).toFixed(2)),
    rss_before_mib: Number((before / MiB).toFixed(1)),
    rss_growth_mib: Number(((peak - before) / MiB).toFixed(1)),
    rss_growth_pct_of_file: Number((((peak - before) / fileSize) * 100).toFixed(1)),
    loads_per_s: Math.round(loads / (ms / 1000)),
    frames: m.frame,
  };
}

/** Prints the table and one JSON line. */
export async function run(): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bench-assets-" });
  try {
    const big = await bigAsset(dir);
    const small = await manySmall(dir);
    console.log("measure                                         value");
    console.log(`64 MiB SOUNDS load, end to end (${big.backend})       ${big.mb_per_s} MB/s (median ${big.median_ms} ms of ${RUNS})`);
    console.log(`  stage: slice read                             ${big.read_mb_per_s} MB/s`);
    console.log(`  stage: blake2b-256 (@noble/hashes)            ${big.blake2b_mb_per_s} MB/s`);
    console.log(`  stage: materialise (Int16Array copy)          ${big.materialise_mb_per_s} MB/s`);
    console.log(`${small.assets_loaded} × 64 KiB loads from a ${small.file_mib} MiB assets.pa   ${small.loads_per_s} loads/s, ${small.frames} frames`);
    console.log(`  RSS growth while loading                      ${small.rss_growth_mib} MiB = ${small.rss_growth_pct_of_file}% of the file (bank holds ${small.bank_resident_mib} MiB)`);
    console.log(JSON.stringify({ bench: "assets", runs: RUNS, big_asset: big, many_small: small }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await run();
