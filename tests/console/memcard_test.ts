/**
 * The memcard on disk: atomic commits, all-or-nothing writes, and CORRUPT (never wrong data) for
 * torn, truncated, altered or foreign slot files; a failed write leaves the old file.
 * @module
 */

import assert from "node:assert/strict";
import {
  decodeSlotFile,
  encodeSlotFile,
  FileStore,
  MEM_STATUS,
  Memcard,
  MemoryStore,
  SLOT_HEADER_SIZE,
  SLOT_STATE,
  slotFileName,
} from "../../console/mod.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("memcard: commit persists atomically; a reopened card reads it back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const card = await Memcard.open(9, new FileStore(dir));
    assert.equal(card.write(4, 0, bytes("hello world")), MEM_STATUS.OK);
    assert.equal(card.write(4, 6, bytes("there")), MEM_STATUS.OK);
    assert.equal(card.commit(4), MEM_STATUS.OK);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [slotFileName(4)]);
    const again = await Memcard.open(9, new FileStore(dir));
    assert.deepEqual(again.stat(4), {
      ...card.stat(4),
      state: SLOT_STATE.COMMITTED,
      generation: 1,
      used: 11,
    });
    assert.equal(new TextDecoder().decode(again.read(4, 0, 100).bytes), "hello there");
    assert.equal(again.write(4, 11, bytes("!")), MEM_STATUS.OK);
    assert.equal(again.commit(4), MEM_STATUS.OK);
    assert.equal((await Memcard.open(9, new FileStore(dir))).stat(4).generation, 2);
    // another app's card does not read this file as its own
    assert.equal((await Memcard.open(10, new FileStore(dir))).stat(4).state, SLOT_STATE.CORRUPT);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("memcard: a torn or altered file reads back as CORRUPT, never as data", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = encodeSlotFile({
      appId: 3,
      slot: 0,
      generation: 5,
      payload: bytes("precious save data"),
    });
    const variants: [string, Uint8Array][] = [
      ["truncated payload", file.subarray(0, file.length - 1)],
      ["header only", file.subarray(0, SLOT_HEADER_SIZE)],
      ["torn header", file.subarray(0, 20)],
      ["empty", new Uint8Array(0)],
      ["flipped payload byte", file.map((b, i) => (i === file.length - 2 ? b ^ 1 : b))],
      ["flipped digest byte", file.map((b, i) => (i === 30 ? b ^ 1 : b))],
      ["generation edited", file.map((b, i) => (i === 16 ? 6 : b))],
      ["appended byte", new Uint8Array([...file, 0])],
      ["oversized", new Uint8Array(SLOT_HEADER_SIZE + 40000)],
    ];
    for (const [what, v] of variants) {
      await Deno.writeFile(`${dir}/${slotFileName(0)}`, v);
      const card = await Memcard.open(3, new FileStore(dir));
      assert.equal(card.stat(0).state, SLOT_STATE.CORRUPT, what);
      assert.equal(card.read(0, 0, 100).status, MEM_STATUS.CORRUPT, what);
      assert.equal(card.read(0, 0, 100).bytes.length, 0, what);
      assert.equal(card.write(0, 0, bytes("x")), MEM_STATUS.CORRUPT, what);
    }
    // the intact file is fine; slot number must match the file name
    await Deno.writeFile(`${dir}/${slotFileName(0)}`, file);
    assert.equal((await Memcard.open(3, new FileStore(dir))).stat(0).state, SLOT_STATE.COMMITTED);
    await Deno.writeFile(`${dir}/${slotFileName(1)}`, file);
    assert.equal((await Memcard.open(3, new FileStore(dir))).stat(1).state, SLOT_STATE.CORRUPT);
    assert.equal(decodeSlotFile(file, 3, 0)?.generation, 5);
    // clearing a corrupt slot removes the file and frees the slot
    const card = await Memcard.open(3, new FileStore(dir));
    assert.equal(card.clear(1), MEM_STATUS.OK);
    await assert.rejects(Deno.stat(`${dir}/${slotFileName(1)}`));
    assert.equal(card.write(1, 0, bytes("fresh")), MEM_STATUS.OK);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("memcard: a crash mid-write leaves the old file; leftover temp files are removed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new FileStore(dir);
    const card = await Memcard.open(1, store);
    card.write(2, 0, bytes("v1"));
    card.commit(2);
    const v1 = await Deno.readFile(`${dir}/${slotFileName(2)}`);
    // a torn temporary file, as a crash between write and rename would leave it
    await Deno.writeFile(`${dir}/.${slotFileName(2)}.tmp`, bytes("half a"));
    const after = await Memcard.open(1, new FileStore(dir));
    assert.equal(new TextDecoder().decode(after.read(2, 0, 10).bytes), "v1");
    assert.deepEqual(await Deno.readFile(`${dir}/${slotFileName(2)}`), v1);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [slotFileName(2)]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("memcard: a write to an unwritable folder is STORAGE_ERROR; nothing changes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const blocker = `${dir}/card`;
    const card = await Memcard.open(1, new FileStore(blocker)); // the folder does not exist yet
    await Deno.writeTextFile(blocker, "a file where the folder should be");
    assert.equal(card.write(0, 0, bytes("data")), MEM_STATUS.OK);
    assert.equal(card.commit(0), MEM_STATUS.STORAGE_ERROR);
    assert.equal(card.stat(0).state, SLOT_STATE.STAGED);
    assert.equal(await Deno.readTextFile(blocker), "a file where the folder should be");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("memcard: writes are all or nothing; staging starts from the committed bytes", async () => {
  const store = new MemoryStore();
  const card = await Memcard.open(1, store);
  card.write(0, 0, bytes("abcdef"));
  card.commit(0);
  const committed = store.files.get(0)!.slice();
  assert.equal(card.write(0, 32765, bytes("xyzw")), MEM_STATUS.NO_SPACE);
  assert.equal(card.write(0, 7, bytes("x")), MEM_STATUS.BAD_OFFSET);
  assert.deepEqual(card.stat(0).state, SLOT_STATE.COMMITTED); // nothing staged by the failures
  assert.equal(card.write(0, 6, bytes("gh")), MEM_STATUS.OK); // append at used_bytes
  assert.equal(new TextDecoder().decode(card.read(0, 0, 100).bytes), "abcdefgh");
  assert.deepEqual(store.files.get(0), committed); // not persisted until commit
  assert.equal(card.write(0, 32768 - 8, new Uint8Array(8)), MEM_STATUS.BAD_OFFSET);
  const full = new Uint8Array(32768).fill(7);
  assert.equal(card.write(0, 0, full), MEM_STATUS.OK);
  assert.equal(card.commit(0), MEM_STATUS.OK);
  assert.equal(card.stat(0).used, 32768);
  assert.equal(card.write(0, 32768, bytes("x")), MEM_STATUS.NO_SPACE);
  const r = card.read(0, 32760, 100);
  assert.deepEqual([r.status, r.bytes.length, r.eof], [MEM_STATUS.OK, 8, true]);
});
