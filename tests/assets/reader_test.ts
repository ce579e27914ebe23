import assert from "node:assert/strict";
import {
  type ByteSource,
  FileSource,
  loadResident,
  MemorySource,
  PackFormatError,
  PackReader,
} from "../../assets/mod.ts";
import { sampleInputs, samplePack, sampleSound } from "./sample_pack.ts";

/** Wraps a source and records every read, to prove reads are slices. */
class CountingSource implements ByteSource {
  reads: Array<[number, number]> = [];
  constructor(private inner: ByteSource) {}
  get size() {
    return this.inner.size;
  }
  read(offset: number, length: number) {
    this.reads.push([offset, length]);
    return this.inner.read(offset, length);
  }
  close() {
    this.inner.close();
  }
}

Deno.test("every asset reads back, hash-checked and decoded, with both codecs", async () => {
  const pack = await PackReader.openBytes(samplePack());
  const inputs = new Map(sampleInputs().map((i) => [i.asset_id, i]));
  const codecs = new Set<string>();
  for (const entry of pack.header.asset_table) {
    const decoded = await pack.readDecoded(entry);
    assert.deepEqual(decoded, inputs.get(entry.asset_id)!.decoded, entry.asset_name);
    codecs.add(`${entry.bank_type}/${entry.codec}`);
  }
  assert.deepEqual([...codecs].sort(), [
    "SOUNDS/DEFLATE",
    "SOUNDS/NONE",
    "TILES/DEFLATE",
    "TILES/NONE",
  ]);
  const deflated = pack.header.asset_table.filter((e) => e.codec === "DEFLATE");
  assert.ok(
    deflated.every((e) => e.size < e.decoded_size),
    "DEFLATE actually compresses the samples",
  );
  assert.deepEqual(pack.header.preload, [{ asset_id: 3, slot: 0 }, { asset_id: 7, slot: 2 }]);
});

Deno.test("materialised sheets and sounds carry what gfx and audio need", async () => {
  const pack = await PackReader.openBytes(samplePack());
  const saw = await loadResident(pack, pack.entryByName("sfx.saw")!);
  assert.equal(saw.bank_type, "SOUNDS");
  if (saw.bank_type === "SOUNDS") {
    assert.equal(saw.sound.sampleRate, 22050);
    assert.deepEqual(saw.sound.loop, { start: 100, end: 300 });
    assert.deepEqual(saw.sound.samples, sampleSound(400));
  }
  const beep = await loadResident(pack, pack.entryById(7)!);
  assert.ok(beep.bank_type === "SOUNDS" && beep.sound.loop === null);
  const tiles = await loadResident(pack, pack.entryByName("tiles.a")!);
  assert.equal(tiles.bank_type, "TILES");
  if (tiles.bank_type === "TILES") {
    assert.equal(tiles.sheet.tileCount, 4);
    assert.equal(tiles.sheet.pixels.length, 4 * 64);
    assert.equal(tiles.sheet.palettes.length, 32);
    assert.deepEqual([...tiles.sheet.tilePalettes], [0, 1, 0, 1]);
    assert.equal(tiles.sheet.transparent, true);
    // pixel i of the sample pattern
    for (const i of [0, 1, 63, 64, 255]) {
      assert.equal(tiles.sheet.pixels[i], (i * 7 + 1 + (i >> 6)) & 0xf);
    }
  }
});

Deno.test("a flipped payload byte is an integrity failure (HASH_MISMATCH)", async () => {
  const bytes = samplePack();
  bytes[bytes.length - 1] ^= 0x01; // last asset in payload order: id 20 (sfx.saw)
  const pack = await PackReader.openBytes(bytes);
  await assert.rejects(pack.readDecoded(pack.entryById(20)!), (e: unknown) => {
    assert.ok(e instanceof PackFormatError);
    assert.equal(e.code, "HASH_MISMATCH");
    assert.match(e.message, /asset 20 \(sfx\.saw\)/);
    return true;
  });
  // the other assets are unaffected
  assert.equal((await pack.readDecoded(pack.entryById(7)!)).length, 128);
});

Deno.test("an entry whose slice runs past the end of the file is rejected at open", async () => {
  const bytes = samplePack();
  await assert.rejects(PackReader.openBytes(bytes.subarray(0, bytes.length - 1)), {
    code: "ENTRY_OUT_OF_RANGE",
    message: /asset_table\[3\] \(sfx\.saw\)/,
  });
});

Deno.test("the reader only reads the prelude, the header, and the slices asked for", async () => {
  const bytes = samplePack();
  const src = new CountingSource(new MemorySource(bytes));
  const pack = await PackReader.open(src);
  assert.equal(src.reads.length, 2);
  assert.deepEqual(src.reads[0], [0, 32]);
  assert.deepEqual(src.reads[1], [32, pack.prelude.header_len]);
  const e = pack.entryByName("tiles.a")!;
  await pack.readDecoded(e);
  assert.deepEqual(src.reads[2], [pack.prelude.payload_offset + e.offset, e.size]);
  assert.equal(src.reads.length, 3);
});

Deno.test("file reader: seek + read slices, concurrent reads stay correct, close is final", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/assets.pa`;
    const bytes = samplePack();
    await Deno.writeFile(path, bytes);
    const pack = await PackReader.openFile(path);
    const mem = await PackReader.openBytes(bytes);
    const all = await Promise.all(pack.header.asset_table.map((e) => pack.readDecoded(e)));
    for (const [i, e] of mem.header.asset_table.entries()) {
      assert.deepEqual(all[i], await mem.readDecoded(e));
    }
    pack.close();
    await assert.rejects(pack.readStored(pack.header.asset_table[0]), { code: "READ_FAILED" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("file reader: a file truncated after open gives READ_FAILED, not garbage", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/assets.pa`;
    const bytes = samplePack();
    await Deno.writeFile(path, bytes);
    const pack = await PackReader.openFile(path);
    await Deno.truncate(path, bytes.length - 10);
    await assert.rejects(pack.readStored(pack.entryById(20)!), {
      code: "READ_FAILED",
      message: /changed on disk/,
    });
    pack.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("opening a missing file or a folder is READ_FAILED; a bad file closes its handle", async () => {
  await assert.rejects(PackReader.openFile("/nonexistent/assets.pa"), { code: "READ_FAILED" });
  await assert.rejects(FileSource.open("/tmp"), { code: "READ_FAILED" });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/bad.pa`, new Uint8Array(40));
    await assert.rejects(PackReader.openFile(`${dir}/bad.pa`), { code: "BAD_MAGIC" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
