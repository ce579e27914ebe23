import assert from "node:assert/strict";
import { encode } from "fast-png";
import {
  decodePngRgba,
  decodeWav,
  loadResident,
  packFolderToFile,
  type PackProgress,
  PackReader,
  PackSourceError,
  PreloadError,
  rgb565,
} from "../../assets/mod.ts";
import { ASSET_LIST } from "../../assets/examples/generate.ts";

const DEMO = new URL("../../assets/examples/demo", import.meta.url).pathname;

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "assets-pack-" });
}

async function copyDemo(dir: string): Promise<void> {
  for await (const e of Deno.readDir(DEMO)) {
    await Deno.copyFile(`${DEMO}/${e.name}`, `${dir}/${e.name}`);
  }
}

// deno-lint-ignore no-explicit-any
async function writeList(dir: string, list: any): Promise<void> {
  await Deno.writeTextFile(`${dir}/assets.json`, JSON.stringify(list));
}

Deno.test("packing is byte-for-byte deterministic and independent of list order", async () => {
  const dir = await tempDir();
  try {
    const progress: PackProgress[] = [];
    await packFolderToFile(DEMO, `${dir}/a.pa`, { onProgress: (p) => progress.push(p) });
    await packFolderToFile(DEMO, `${dir}/b.pa`);
    const a = await Deno.readFile(`${dir}/a.pa`);
    assert.deepEqual(await Deno.readFile(`${dir}/b.pa`), a);
    assert.deepEqual(progress.map((p) => `${p.done}/${p.total}`), [
      "1/6",
      "2/6",
      "3/6",
      "4/6",
      "5/6",
      "6/6",
    ]);
    // same sources, list reversed and re-indented: same bytes
    const shuffled = `${dir}/shuffled`;
    await Deno.mkdir(shuffled);
    await copyDemo(shuffled);
    await writeList(shuffled, {
      preload: ASSET_LIST.preload,
      assets: [...ASSET_LIST.assets].reverse(),
    });
    await packFolderToFile(shuffled, `${dir}/c.pa`);
    assert.deepEqual(await Deno.readFile(`${dir}/c.pa`), a);
    // a change in one source changes the output
    const wav = await Deno.readFile(`${shuffled}/beep.wav`);
    wav[44] ^= 0x10; // first sample (the last byte is RIFF padding, which must not matter)
    await Deno.writeFile(`${shuffled}/beep.wav`, wav);
    await packFolderToFile(shuffled, `${dir}/d.pa`);
    assert.notDeepEqual(await Deno.readFile(`${dir}/d.pa`), a);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("packed tile sheets reproduce every source pixel through their palettes", async () => {
  const dir = await tempDir();
  try {
    await packFolderToFile(DEMO, `${dir}/demo.pa`);
    const pack = await PackReader.openFile(`${dir}/demo.pa`);
    for (const asset of ASSET_LIST.assets.filter((a) => a.bank_type === "TILES")) {
      const img = decodePngRgba(await Deno.readFile(`${DEMO}/${asset.source}`), asset.source);
      const data = await loadResident(pack, pack.entryById(asset.id)!);
      assert.equal(data.bank_type, "TILES");
      if (data.bank_type !== "TILES") continue;
      const s = data.sheet;
      const cols = img.width / s.tileSize;
      let checked = 0;
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          const o = (y * img.width + x) * 4;
          const t = Math.floor(y / s.tileSize) * cols + Math.floor(x / s.tileSize);
          const index = s.pixels[
            t * s.tileSize * s.tileSize + (y % s.tileSize) * s.tileSize + (x % s.tileSize)
          ];
          if (img.rgba[o + 3] < 128) {
            assert.equal(index, 0, `${asset.source} (${x},${y}) should be the key`);
          } else {
            if (s.transparent) assert.notEqual(index, 0);
            const colour = s.palettes[s.tilePalettes[t] * 16 + index];
            assert.equal(
              colour,
              rgb565(img.rgba[o], img.rgba[o + 1], img.rgba[o + 2]),
              `${asset.source} (${x},${y})`,
            );
          }
          checked++;
        }
      }
      assert.equal(checked, s.tileCount * s.tileSize * s.tileSize);
    }
    pack.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("packed sounds are the WAV data down-mixed to PCM16 mono", async () => {
  const dir = await tempDir();
  try {
    await packFolderToFile(DEMO, `${dir}/demo.pa`);
    const pack = await PackReader.openFile(`${dir}/demo.pa`);
    for (const asset of ASSET_LIST.assets.filter((a) => a.bank_type === "SOUNDS")) {
      const bytes = await Deno.readFile(`${DEMO}/${asset.source}`);
      const v = new DataView(bytes.buffer);
      const channels = v.getUint16(22, true),
        bits = v.getUint16(34, true),
        rate = v.getUint32(24, true);
      const n = v.getUint32(40, true) / (channels * bits / 8);
      const expected = new Int16Array(n);
      for (let i = 0; i < n; i++) {
        const at = (c: number) =>
          bits === 8
            ? (bytes[44 + i * channels + c] - 128) * 256
            : v.getInt16(44 + (i * channels + c) * 2, true);
        expected[i] = channels === 1 ? at(0) : Math.floor((at(0) + at(1)) / 2);
      }
      const data = await loadResident(pack, pack.entryById(asset.id)!);
      assert.ok(data.bank_type === "SOUNDS");
      assert.equal(data.sound.sampleRate, rate);
      assert.deepEqual(data.sound.samples, expected, asset.source);
      const opts = (asset as { options?: { loop_start?: number; loop_end?: number } }).options;
      assert.deepEqual(
        data.sound.loop,
        opts?.loop_start !== undefined ? { start: opts.loop_start, end: opts.loop_end } : null,
      );
    }
    pack.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Packs a folder made of `files` + `list`, expecting a failure; checks nothing was written. */
async function packFails(
  files: Record<string, Uint8Array>,
  // deno-lint-ignore no-explicit-any
  list: any,
  expected: { cls: typeof PackSourceError | typeof PreloadError; code: string; message?: RegExp },
): Promise<void> {
  const dir = await tempDir();
  try {
    for (const [name, bytes] of Object.entries(files)) {
      await Deno.writeFile(`${dir}/${name}`, bytes);
    }
    if (list !== undefined) {
      await Deno.writeTextFile(
        `${dir}/assets.json`,
        typeof list === "string" ? list : JSON.stringify(list),
      );
    }
    await Deno.mkdir(`${dir}/out`);
    const sentinel = new TextEncoder().encode("previous assets.pa");
    await Deno.writeFile(`${dir}/out/assets.pa`, sentinel);
    await assert.rejects(packFolderToFile(dir, `${dir}/out/assets.pa`), (e: unknown) => {
      assert.ok(e instanceof expected.cls, `expected ${expected.cls.name}, got ${e}`);
      assert.equal((e as PackSourceError).code, expected.code, (e as Error).message);
      if (expected.message) assert.match((e as Error).message, expected.message);
      return true;
    });
    assert.deepEqual(
      await Deno.readFile(`${dir}/out/assets.pa`),
      sentinel,
      "existing output untouched",
    );
    const left = [];
    for await (const e of Deno.readDir(`${dir}/out`)) left.push(e.name);
    assert.deepEqual(left, ["assets.pa"], "no temporary file left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function rgbaPng(
  w: number,
  h: number,
  pixel: (x: number, y: number) => [number, number, number, number],
) {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(pixel(x, y), (y * w + x) * 4);
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

const tiles = (source: string, options: object = { tile_size: 8 }) => ({
  assets: [{ id: 1, name: "t", bank_type: "TILES", source, options }],
});
const sound = (source: string, options: object = {}) => ({
  assets: [{ id: 1, name: "s", bank_type: "SOUNDS", source, options }],
});

Deno.test("asset list errors name the entry and field", async () => {
  const png = rgbaPng(8, 8, () => [255, 0, 0, 255]);
  const E = PackSourceError;
  await packFails({}, undefined, { cls: E, code: "LIST_MISSING" });
  await packFails({}, "{nope", { cls: E, code: "LIST_INVALID", message: /not JSON/ });
  await packFails({}, [], { cls: E, code: "LIST_INVALID" });
  const two = (a: object, b: object) => ({ assets: [a, b] });
  const base = { id: 1, name: "a", bank_type: "TILES", source: "a.png", options: { tile_size: 8 } };
  await packFails({ "a.png": png }, two(base, { ...base, name: "b" }), {
    cls: E,
    code: "LIST_INVALID",
    message: /assets\[1\]\.id: 1 is already used by assets\[0\]/,
  });
  await packFails({ "a.png": png }, two(base, { ...base, id: 2 }), {
    cls: E,
    code: "LIST_INVALID",
    message: /assets\[1\]\.name/,
  });
  await packFails({}, { assets: [{ ...base, id: 2 ** 31 }] }, {
    cls: E,
    code: "LIST_INVALID",
    message: /\.id/,
  });
  await packFails({}, { assets: [{ ...base, bank_type: "SCENE" }] }, {
    cls: E,
    code: "LIST_INVALID",
    message: /bank_type/,
  });
  await packFails({}, { assets: [{ ...base, source: "../a.png" }] }, {
    cls: E,
    code: "LIST_INVALID",
    message: /source/,
  });
  await packFails({}, { assets: [{ ...base, source: "/etc/passwd" }] }, {
    cls: E,
    code: "LIST_INVALID",
  });
  await packFails({}, { assets: [{ ...base, codec: "LZ4" }] }, {
    cls: E,
    code: "LIST_INVALID",
    message: /codec/,
  });
  await packFails({}, tiles("a.png", { tile_size: 12 }), {
    cls: E,
    code: "LIST_INVALID",
    message: /tile_size/,
  });
  await packFails({}, tiles("a.png", { tile_size: 8, dither: true }), {
    cls: E,
    code: "LIST_INVALID",
    message: /dither/,
  });
  await packFails({}, sound("a.wav", { loop_start: 3 }), {
    cls: E,
    code: "LIST_INVALID",
    message: /go together/,
  });
  await packFails({}, { assets: [base], preload: [{ asset_id: 1 }] }, {
    cls: E,
    code: "LIST_INVALID",
    message: /preload\[0\]\.slot/,
  });
  await packFails({}, tiles("missing.png"), {
    cls: E,
    code: "SOURCE_MISSING",
    message: /missing\.png/,
  });
});

Deno.test("preload errors abort the pack and name the entry", async () => {
  const png = rgbaPng(8, 8, () => [255, 0, 0, 255]);
  const list = (preload: object[]) => ({
    assets: [
      { id: 1, name: "a", bank_type: "TILES", source: "a.png", options: { tile_size: 8 } },
      { id: 2, name: "b", bank_type: "TILES", source: "a.png", options: { tile_size: 8 } },
    ],
    preload,
  });
  await packFails({ "a.png": png }, list([{ asset_id: 9, slot: 0 }]), {
    cls: PreloadError,
    code: "PRELOAD_UNKNOWN_ASSET",
    message: /preload\[0\]/,
  });
  await packFails({ "a.png": png }, list([{ asset_id: 1, slot: 3 }, { asset_id: 2, slot: 3 }]), {
    cls: PreloadError,
    code: "PRELOAD_SLOT_CLASH",
    message: /preload\[1\].*taken by preload\[0\]/,
  });
  await packFails({ "a.png": png }, list([{ asset_id: 1, slot: 16 }]), {
    cls: PreloadError,
    code: "PRELOAD_SLOT_INVALID",
  });
});

Deno.test("images that cannot become tile sheets fail with a clear message", async () => {
  const E = PackSourceError;
  await packFails(
    { "a.png": new TextEncoder().encode("not a png at all, really") },
    tiles("a.png"),
    {
      cls: E,
      code: "PNG_INVALID",
    },
  );
  const good = rgbaPng(8, 8, () => [1, 2, 3, 255]);
  await packFails({ "a.png": good.slice(0, good.length - 20) }, tiles("a.png"), {
    cls: E,
    code: "PNG_INVALID",
  });
  // IHDR claiming 100000 × 100000: refused before decoding
  const huge = good.slice(0, 33);
  new DataView(huge.buffer).setUint32(16, 100_000);
  new DataView(huge.buffer).setUint32(20, 100_000);
  await packFails({ "a.png": huge }, tiles("a.png"), {
    cls: E,
    code: "PNG_TOO_LARGE",
    message: /100000×100000/,
  });
  await packFails({ "a.png": rgbaPng(12, 8, () => [0, 0, 0, 255]) }, tiles("a.png"), {
    cls: E,
    code: "PNG_BAD_DIMENSIONS",
    message: /12×8/,
  });
  // 17 colours in the second tile
  const many = rgbaPng(
    16,
    8,
    (x, y) => x < 8 ? [0, 0, 0, 255] : [((y * 8 + x) % 17) * 15, 0, 0, 255],
  );
  await packFails({ "a.png": many }, tiles("a.png", { tile_size: 8, transparent: false }), {
    cls: E,
    code: "PNG_TOO_MANY_COLOURS",
    message: /tile 1 \(column 1, row 0.*17 colours/,
  });
  // 16 colours fit without a key, not with one
  const sixteen = rgbaPng(8, 8, (x, y) => [((y * 8 + x) % 16) * 16, 0, 0, 255]);
  await packFails({ "a.png": sixteen }, tiles("a.png"), {
    cls: E,
    code: "PNG_TOO_MANY_COLOURS",
    message: /at most 15/,
  });
  // 65 tiles with 16 colours each, no two tiles sharing a colour → 65 palettes
  const w = 65 * 8;
  const spread = rgbaPng(w, 8, (x, y) => {
    const c = Math.floor(x / 8) * 16 + ((y * 8 + x) % 16); // 0..1039, distinct per tile
    const r5 = c >> 6, g6 = c & 63; // exact RGB565 values (bit replication round-trips)
    return [(r5 << 3) | (r5 >> 2), (g6 << 2) | (g6 >> 4), 0, 255];
  });
  await packFails({ "a.png": spread }, tiles("a.png", { tile_size: 8, transparent: false }), {
    cls: E,
    code: "PNG_TOO_MANY_PALETTES",
    message: /tile 64/,
  });
  const holes = rgbaPng(8, 8, (x) => x === 3 ? [0, 0, 0, 0] : [9, 9, 9, 255]);
  await packFails({ "a.png": holes }, tiles("a.png", { tile_size: 8, transparent: false }), {
    cls: E,
    code: "BAD_OPTIONS",
    message: /\(3, 0\) is transparent/,
  });
});

Deno.test("WAV files that cannot become sounds fail with a clear message", async () => {
  const E = PackSourceError;
  const { encodeWav } = await import("../../assets/mod.ts");
  const ok = encodeWav(8000, 1, 16, [1, 2, 3, 4]);
  await packFails({ "a.wav": new TextEncoder().encode("RIFF....AVI LIST") }, sound("a.wav"), {
    cls: E,
    code: "WAV_INVALID",
  });
  const lying = ok.slice();
  new DataView(lying.buffer).setUint32(40, 1_000_000, true);
  await packFails({ "a.wav": lying }, sound("a.wav"), {
    cls: E,
    code: "WAV_INVALID",
    message: /past the end/,
  });
  const b24 = ok.slice();
  new DataView(b24.buffer).setUint16(34, 24, true);
  await packFails({ "a.wav": b24 }, sound("a.wav"), {
    cls: E,
    code: "WAV_UNSUPPORTED",
    message: /24-bit/,
  });
  const float = ok.slice();
  new DataView(float.buffer).setUint16(20, 3, true);
  await packFails({ "a.wav": float }, sound("a.wav"), {
    cls: E,
    code: "WAV_UNSUPPORTED",
    message: /not PCM/,
  });
  const six = ok.slice();
  new DataView(six.buffer).setUint16(22, 6, true);
  await packFails({ "a.wav": six }, sound("a.wav"), {
    cls: E,
    code: "WAV_UNSUPPORTED",
    message: /6 channels/,
  });
  await packFails({ "a.wav": encodeWav(8000, 1, 16, []) }, sound("a.wav"), {
    cls: E,
    code: "WAV_INVALID",
    message: /no samples/,
  });
  await packFails({ "a.wav": ok }, sound("a.wav", { loop_start: 0, loop_end: 5 }), {
    cls: E,
    code: "BAD_OPTIONS",
    message: /loop_end 5/,
  });
});

Deno.test("WAV decoding: 8-bit centring, stereo floor down-mix, odd chunks, EXTENSIBLE", async () => {
  const { encodeWav } = await import("../../assets/mod.ts");
  assert.deepEqual(
    decodeWav(encodeWav(8000, 1, 8, [0, 128, 255]), "t").samples,
    new Int16Array([-32768, 0, 32512]),
  );
  const st = decodeWav(
    encodeWav(44100, 2, 16, [100, 201, -3, 0, 32767, 32767, -32768, -32768]),
    "t",
  );
  assert.deepEqual(st.samples, new Int16Array([150, -2, 32767, -32768]));
  assert.equal(st.sampleRate, 44100);
  // an odd-length LIST chunk (padded) before data, and the EXTENSIBLE fmt variant
  const plain = encodeWav(8000, 1, 16, [7, -7]);
  const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
  const fmt = new Uint8Array(48);
  const fv = new DataView(fmt.buffer);
  fmt.set([0x66, 0x6d, 0x74, 0x20]);
  fv.setUint32(4, 40, true);
  fmt.set(plain.subarray(20, 36), 8);
  fv.setUint16(8, 0xfffe, true);
  fv.setUint16(8 + 24, 1, true); // sub-format PCM
  const riff = new Uint8Array([...plain.subarray(0, 12), ...fmt, ...list, ...plain.subarray(36)]);
  new DataView(riff.buffer).setUint32(4, riff.length - 8, true);
  assert.deepEqual(decodeWav(riff, "t").samples, new Int16Array([7, -7]));
});

Deno.test("PNG decoding normalises grey, grey+alpha, 16-bit and indexed images to RGBA", () => {
  const grey4 = encode({
    width: 4,
    height: 1,
    data: new Uint8Array([0x0f, 0xa5]),
    channels: 1,
    depth: 4,
  });
  assert.deepEqual([...decodePngRgba(grey4, "g").rgba.filter((_, i) => i % 4 === 0)], [
    0,
    255,
    170,
    85,
  ]);
  const ga = encode({
    width: 1,
    height: 1,
    data: new Uint8Array([200, 100]),
    channels: 2,
    depth: 8,
  });
  assert.deepEqual([...decodePngRgba(ga, "ga").rgba], [200, 200, 200, 100]);
  const rgb16 = encode({
    width: 1,
    height: 1,
    data: new Uint16Array([0x1234, 0xabcd, 0xff00]),
    channels: 3,
    depth: 16,
  });
  assert.deepEqual([...decodePngRgba(rgb16, "rgb16").rgba], [0x12, 0xab, 0xff, 255]);
  // fast-png's encoder writes tRNS for the non-opaque entries only, so they must come first
  const indexed = encode({
    width: 3,
    height: 1,
    data: new Uint8Array([0b00_10_01_00]),
    channels: 1,
    depth: 2,
    palette: [[1, 2, 3, 0], [7, 8, 9, 128], [4, 5, 6, 255]],
  });
  assert.deepEqual([...decodePngRgba(indexed, "i").rgba], [1, 2, 3, 0, 4, 5, 6, 255, 7, 8, 9, 128]);
});
