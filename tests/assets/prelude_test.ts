import assert from "node:assert/strict";
import { decodePrelude, encodePrelude, PackFormatError, PRELUDE_SIZE } from "../../assets/mod.ts";

function rejects(fn: () => unknown, code: string, field?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PackFormatError, `expected PackFormatError, got ${e}`);
    assert.equal(e.code, code);
    if (field) assert.match(e.message, new RegExp(field.replace(".", "\\.")));
    return true;
  });
}

Deno.test("prelude v1 layout is pinned byte for byte", () => {
  // header_len 0x0123 = 291 → payload_offset 32 + 291 = 323 = 0x0143
  const expected = new Uint8Array([
    0x50,
    0x4d,
    0x41,
    0x50, // magic "PMAP"
    0x01,
    0x00,
    0x00,
    0x00, // schema_version u32 = 1
    0x23,
    0x01,
    0x00,
    0x00, // header_len u32 = 291
    0x00,
    0x00,
    0x00,
    0x00, // flags u32 = 0
    0x43,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00, // payload_offset u64 = 323
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00, // reserved u64 = 0
  ]);
  assert.equal(PRELUDE_SIZE, 32);
  assert.deepEqual(encodePrelude(291), expected);
  assert.deepEqual(decodePrelude(expected), {
    schema_version: 1,
    header_len: 291,
    payload_offset: 323,
    flags: 0,
    reserved: 0,
  });
});

function withField(edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = encodePrelude(100);
  edit(new DataView(b.buffer), b);
  return b;
}

Deno.test("prelude rejects each bad field with its own code", () => {
  rejects(() => decodePrelude(new Uint8Array(31)), "PRELUDE_TRUNCATED");
  rejects(() => decodePrelude(encodePrelude(100), 20), "PRELUDE_TRUNCATED");
  rejects(() => decodePrelude(withField((_, b) => (b[0] = 0x51))), "BAD_MAGIC", "prelude.magic");
  rejects(
    () => decodePrelude(withField((v) => v.setUint32(4, 2, true))),
    "UNSUPPORTED_SCHEMA",
    "prelude.schema_version",
  );
  rejects(
    () => decodePrelude(withField((v) => v.setUint32(12, 1, true))),
    "NONZERO_FLAGS",
    "prelude.flags",
  );
  rejects(
    () => decodePrelude(withField((v) => v.setBigUint64(24, 1n << 63n, true))),
    "NONZERO_RESERVED",
    "prelude.reserved",
  );
  rejects(
    () => decodePrelude(withField((v) => v.setUint32(8, 0xffff_ffff, true))),
    "HEADER_TOO_LARGE",
    "prelude.header_len",
  );
  rejects(() => decodePrelude(withField((v) => v.setUint32(8, 1, true))), "HEADER_TOO_LARGE");
  rejects(() => decodePrelude(encodePrelude(100), 131), "HEADER_TRUNCATED", "prelude.header_len");
  assert.equal(decodePrelude(encodePrelude(100), 132).payload_offset, 132);
  rejects(
    () => decodePrelude(withField((v) => v.setBigUint64(16, 133n, true))),
    "BAD_PAYLOAD_OFFSET",
    "prelude.payload_offset",
  );
  rejects(
    () => decodePrelude(withField((v) => v.setBigUint64(16, 0xffff_ffff_ffff_ffffn, true))),
    "BAD_PAYLOAD_OFFSET",
  );
});

Deno.test("encodePrelude refuses a header length the format cannot hold", () => {
  rejects(() => encodePrelude(-1), "HEADER_TOO_LARGE");
  rejects(() => encodePrelude(64 * 1024 * 1024), "HEADER_TOO_LARGE");
});
