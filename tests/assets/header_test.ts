import assert from "node:assert/strict";
import {
  canonicalJson,
  canonicalJsonBytes,
  decodeHeader,
  encodeHeader,
  PackFormatError,
  type PackHeader,
  PackReader,
} from "../../assets/mod.ts";
import { samplePack } from "./sample_pack.ts";

async function sampleHeader(): Promise<PackHeader> {
  return (await PackReader.openBytes(samplePack())).header;
}

// deno-lint-ignore no-explicit-any
type Json = any;

function rejectsText(text: string, code: string, field?: string) {
  assert.throws(() => decodeHeader(new TextEncoder().encode(text)), (e: unknown) => {
    assert.ok(e instanceof PackFormatError, `expected PackFormatError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (field) assert.ok(e.message.includes(field), `${e.message} should name ${field}`);
    return true;
  });
}

function rejectsValue(edit: (h: Json) => void, code: string, field?: string) {
  return sampleHeader().then((h) => {
    const copy = JSON.parse(JSON.stringify(h));
    edit(copy);
    rejectsText(canonicalJson(copy), code, field);
  });
}

Deno.test("header round-trips canonically; table sorted by asset_id, negative ids allowed", async () => {
  const h = await sampleHeader();
  assert.deepEqual(h.asset_table.map((e) => e.asset_id), [-5, 3, 7, 20]);
  const bytes = encodeHeader(h);
  assert.deepEqual(decodeHeader(bytes), h);
  assert.deepEqual(bytes, canonicalJsonBytes(JSON.parse(new TextDecoder().decode(bytes))));
});

Deno.test("header that is not UTF-8 or not JSON is rejected", () => {
  assert.throws(() => decodeHeader(new Uint8Array([0x7b, 0xff, 0x7d])), {
    code: "HEADER_NOT_UTF8",
  });
  rejectsText("{", "HEADER_NOT_JSON");
  rejectsText("", "HEADER_NOT_JSON");
  rejectsText("\uFEFF" + '{"asset_table":[],"preload":[]}', "HEADER_NOT_JSON");
});

Deno.test("non-canonical spellings of a valid header are rejected", async () => {
  const text = canonicalJson(await sampleHeader());
  rejectsText(text.replace('{"asset_table"', '{ "asset_table"'), "HEADER_NOT_CANONICAL");
  rejectsText(text + "\n", "HEADER_NOT_CANONICAL");
  rejectsText(text.replace('"tile_size":8', '"tile_size":8.0'), "HEADER_NOT_CANONICAL");
  rejectsText(text.replace('"tile_size":8', '"tile_size":8e0'), "HEADER_NOT_CANONICAL");
  rejectsText(
    text.replace('"asset_name":"tiles.a"', '"asset_name":"tiles\\u002ea"'),
    "HEADER_NOT_CANONICAL",
  );
  rejectsText(text.replace('"asset_id":3', '"asset_id":-0'), "HEADER_NOT_CANONICAL");
  // keys out of order
  rejectsText(
    text.replace('{"asset_table":', '{"preload":[],"asset_table":').replace(
      /,"preload":\[.*\]}$/,
      "}",
    ),
    "HEADER_NOT_CANONICAL",
  );
  // a duplicated key: JSON.parse keeps the last, the bytes differ from the re-encoding
  rejectsText(
    text.replace('{"asset_table":', '{"preload":[],"asset_table":'),
    "HEADER_NOT_CANONICAL",
  );
});

Deno.test("schema errors name the field", async () => {
  await rejectsValue((h) => delete h.preload, "HEADER_SCHEMA", "header.preload");
  await rejectsValue((h) => (h.extra = 1), "HEADER_SCHEMA", "header.extra");
  await rejectsValue((h) => (h.asset_table = {}), "HEADER_SCHEMA", "header.asset_table");
  await rejectsValue((h) => delete h.asset_table[1].size, "HEADER_SCHEMA", "asset_table[1].size");
  await rejectsValue((h) => (h.asset_table[0].color = 1), "HEADER_SCHEMA", "asset_table[0].color");
  await rejectsValue(
    (h) => (h.asset_table[3].asset_id = 2 ** 31),
    "HEADER_SCHEMA",
    "asset_table[3].asset_id",
  );
  await rejectsValue(
    (h) => (h.asset_table[0].asset_id = -(2 ** 31) - 1),
    "HEADER_SCHEMA",
    "asset_id",
  );
  await rejectsValue(
    (h) => (h.asset_table[0].asset_name = ""),
    "HEADER_SCHEMA",
    "asset_table[0].asset_name",
  );
  await rejectsValue(
    (h) => (h.asset_table[0].asset_name = "tab\there"),
    "HEADER_SCHEMA",
    "asset_name",
  );
  await rejectsValue(
    (h) => (h.asset_table[0].offset = -1),
    "HEADER_SCHEMA",
    "asset_table[0].offset",
  );
  await rejectsValue((h) => (h.asset_table[1].size = 0), "HEADER_SCHEMA", "asset_table[1].size");
  await rejectsValue(
    (h) => (h.asset_table[1].size = 2 ** 30),
    "HEADER_SCHEMA",
    "asset_table[1].size",
  );
  await rejectsValue((h) => (h.asset_table[1].size += 1), "HEADER_SCHEMA", "codec NONE");
  await rejectsValue((h) => (h.preload[0].slot = -1), "HEADER_SCHEMA", "preload[0].slot");
  await rejectsValue((h) => (h.preload[0] = { asset_id: 3 }), "HEADER_SCHEMA", "preload[0].slot");
  await rejectsValue((h) => (h.preload = [7]), "HEADER_SCHEMA", "preload[0]");
});

Deno.test("unknown codec and unknown bank type fail validation", async () => {
  await rejectsValue(
    (h) => (h.asset_table[0].codec = "LZ4"),
    "UNKNOWN_CODEC",
    "asset_table[0].codec",
  );
  await rejectsValue((h) => (h.asset_table[0].codec = "RAW"), "UNKNOWN_CODEC");
  await rejectsValue(
    (h) => (h.asset_table[0].bank_type = "SCENE"),
    "UNKNOWN_BANK_TYPE",
    "bank_type",
  );
});

Deno.test("table order, duplicate ids and duplicate names are rejected", async () => {
  await rejectsValue(
    (h) => h.asset_table.reverse(),
    "UNSORTED_ASSET_TABLE",
    "asset_table[1].asset_id",
  );
  await rejectsValue(
    (h) => (h.asset_table[1].asset_id = -5),
    "DUPLICATE_ASSET_ID",
    "asset_table[1]",
  );
  await rejectsValue(
    (h) => (h.asset_table[2].asset_name = h.asset_table[0].asset_name),
    "DUPLICATE_ASSET_NAME",
    "asset_table[2].asset_name",
  );
});

Deno.test("metadata is checked per bank type", async () => {
  const m = (i: number, f: (m: Json) => void) => (h: Json) => f(h.asset_table[i].metadata);
  // [-5 tiles.b TILES, 3 tiles.a TILES, 7 sfx.beep SOUNDS, 20 sfx.saw SOUNDS]
  await rejectsValue(
    m(0, (x) => (x.tile_size = 12)),
    "BAD_METADATA",
    "asset_table[0].metadata.tile_size",
  );
  await rejectsValue(m(0, (x) => (x.tile_count = 0)), "BAD_METADATA", "metadata.tile_count");
  await rejectsValue(m(0, (x) => (x.tile_count = 5000)), "BAD_METADATA", "metadata.tile_count");
  await rejectsValue(m(0, (x) => (x.palette_count = 65)), "BAD_METADATA", "metadata.palette_count");
  await rejectsValue(m(0, (x) => (x.transparent = 1)), "BAD_METADATA", "metadata.transparent");
  await rejectsValue(m(0, (x) => (x.blake2b_256 = "ABC")), "BAD_METADATA", "metadata.blake2b_256");
  await rejectsValue(m(0, (x) => delete x.blake2b_256), "BAD_METADATA", "metadata.blake2b_256");
  await rejectsValue(m(0, (x) => (x.sample_rate = 8000)), "BAD_METADATA", "metadata.sample_rate");
  await rejectsValue(
    m(0, (x) => (x.tile_count = 5)),
    "BAD_METADATA",
    "asset_table[0].decoded_size",
  );
  await rejectsValue(m(2, (x) => (x.sample_rate = 0)), "BAD_METADATA", "metadata.sample_rate");
  await rejectsValue(m(2, (x) => (x.loop_start = 0)), "BAD_METADATA", "loop_start and loop_end");
  await rejectsValue(m(3, (x) => (x.loop_end = 401)), "BAD_METADATA", "metadata.loop_end");
  await rejectsValue(m(3, (x) => (x.loop_end = 100)), "BAD_METADATA", "metadata.loop_end");
  await rejectsValue(m(3, (x) => (x.frame_count = 401)), "BAD_METADATA", "decoded_size");
  await rejectsValue(
    m(3, (x) => (x.pipeline = { "Bad-Key": 1 })),
    "BAD_METADATA",
    "keys must match",
  );
  await rejectsValue(
    m(3, (x) => (x.pipeline = { a: { b: { c: { d: { e: 1 } } } } })),
    "BAD_METADATA",
    "deep",
  );
  await rejectsValue(m(3, (x) => (x.pipeline = [])), "BAD_METADATA", "metadata.pipeline");
  await rejectsValue(
    (h) => (h.asset_table[3].metadata = 5),
    "BAD_METADATA",
    "asset_table[3].metadata",
  );
});

Deno.test("encodeHeader refuses an invalid table instead of writing it", async () => {
  const h = JSON.parse(JSON.stringify(await sampleHeader()));
  h.asset_table[0].codec = "ZSTD";
  assert.throws(() => encodeHeader(h), { code: "UNKNOWN_CODEC" });
});
