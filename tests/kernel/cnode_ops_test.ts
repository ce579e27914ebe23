/**
 * Slot host calls (COPY, MOVE, DROP, CNODE_SWAP, CNODE_MINT) and the cap rules: empty source,
 * pinned slots (no copy out, move out, drop, overwrite), occupied destination, wrong kind,
 * nested references, malformed references.
 */
import assert from "node:assert/strict";
import { CNodeCap, DataCap, nested, RESULT } from "../../kernel/mod.ts";
import { cnodeAt, op, runLogged, slot } from "./_harness.ts";

const PINNED = {
  pinnedSlots: [{ slot: 20, content: { kind: "data" as const, bytes: new Uint8Array([5, 6]) } }],
};

/** Mints 8 bytes (first byte `b`) from scratch into `dst`, logging the result. */
function mintInto(dst: number, b = 7): string {
  return `    store_imm_u8 [0x10000], ${b}\n` + op("MINT_DATA_CAP", 0x10000, 8, 8, dst);
}

Deno.test("COPY: copies, leaves the source; refuses an occupied destination and an empty source", () => {
  const { r, log } = runLogged([
    "    store_imm_u8 [0x10000], 7",
    "    load_imm r7, 0x10000",
    "    load_imm r8, 8",
    "    load_imm r9, SLOT_QUOTA",
    "    load_imm r10, 40",
    "    ecalli MINT_DATA_CAP",
    "!log",
    op("COPY", 40, 41),
    op("COPY", 40, 41),
    op("COPY", 42, 43),
  ].join("\n"));
  assert.deepEqual(log, [1n, RESULT.OK, RESULT.E_OCCUPIED, RESULT.E_EMPTY]);
  const a = slot(r.state, 40), b = slot(r.state, 41);
  assert.ok(a instanceof DataCap && b instanceof DataCap);
  assert.ok(a.equals(b));
  assert.deepEqual([...a.bytes], [7]);
  assert.equal(slot(r.state, 43), null);
});

Deno.test("MOVE: moves (the source becomes empty); DROP empties; both refuse an empty source", () => {
  const { r, log } = runLogged([
    mintInto(40),
    op("MOVE", 40, 41),
    op("MOVE", 40, 42),
    op("DROP", 41),
    op("DROP", 41),
  ].join("\n"));
  assert.deepEqual(log.slice(1), [RESULT.OK, RESULT.E_EMPTY, RESULT.OK, RESULT.E_EMPTY]);
  assert.equal(slot(r.state, 40), null);
  assert.equal(slot(r.state, 41), null);
  assert.equal(slot(r.state, 42), null);
});

Deno.test("pinned slots: no copy out, move out, drop, swap or overwrite; reading works", () => {
  const { r, log } = runLogged(
    [
      op("COPY", 20, 41),
      op("MOVE", 20, 41),
      op("DROP", 20),
      op("CNODE_SWAP", 20, 41),
      op("CNODE_MINT", 20, 2),
      op("READ_DATA_CAP", 20, 0x10100, 4),
      "    load_u8 r7, [0x10101]",
      "!log",
    ].join("\n"),
    { image: PINNED },
  );
  assert.deepEqual(log, [
    RESULT.E_PINNED,
    RESULT.E_PINNED,
    RESULT.E_PINNED,
    RESULT.E_PINNED,
    RESULT.E_PINNED,
    2n,
    6n,
  ]);
  const p = slot(r.state, 20);
  assert.ok(p instanceof DataCap && p.size === 2);
});

Deno.test("a pinned slot is never overwritten: COPY, MOVE, MINT_DATA_CAP, TYPE_OF into it are refused", () => {
  const { log } = runLogged(
    [
      "    store_imm_u8 [0x10000], 9",
      op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
      op("COPY", 40, 20),
      op("MOVE", 40, 20),
      op("MINT_DATA_CAP", 0x10000, 8, 8, 20),
      op("TYPE_OF", 17, 20),
    ].join("\n"),
    { image: PINNED },
  );
  assert.deepEqual(log, [1n, RESULT.E_PINNED, RESULT.E_PINNED, RESULT.E_PINNED, RESULT.E_PINNED]);
});

Deno.test("CNODE_MINT and nested references: move into and out of a CNode's slots", () => {
  const { r, log } = runLogged([
    op("CNODE_MINT", 50, 2),
    op("CNODE_MINT", 50, 2),
    op("CNODE_MINT", 51, 9),
    "    store_imm_u8 [0x10000], 3",
    op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
    op("MOVE", 40, nested(50, 3)),
    op("COPY", nested(50, 3), nested(50, 0)),
    op("MOVE", nested(50, 0), 41),
    op("MOVE", 41, nested(50, 4)),
    op("COPY", 41, nested(40, 0)),
    op("COPY", nested(41, 0), 42),
  ].join("\n"));
  assert.deepEqual(log, [
    RESULT.OK,
    RESULT.E_OCCUPIED,
    RESULT.E_INVALID,
    1n,
    RESULT.OK,
    RESULT.OK,
    RESULT.OK,
    RESULT.E_INVALID, // index 4 is outside a 4-slot CNode
    RESULT.E_EMPTY, // nested through an empty slot
    RESULT.E_KIND, // nested through a Data cap
  ]);
  const c = cnodeAt(r.state, 50);
  assert.equal(c.length, 4);
  assert.ok(c.slots[3] instanceof DataCap);
  assert.equal(c.slots[0], null);
  assert.ok(slot(r.state, 41) instanceof DataCap);
  assert.equal(slot(r.state, 40), null);
});

Deno.test("a CNode cannot be moved into its own slots; copying it there nests a value", () => {
  const { r, log } = runLogged([
    op("CNODE_MINT", 50, 1),
    op("MOVE", 50, nested(50, 0)),
    op("COPY", 50, nested(50, 0)),
  ].join("\n"));
  assert.deepEqual(log, [RESULT.OK, RESULT.E_INVALID, RESULT.OK]);
  const outer = cnodeAt(r.state, 50);
  const inner = outer.slots[0];
  assert.ok(inner instanceof CNodeCap);
  assert.equal(inner.slots[0], null);
  assert.ok(!inner.equals(outer));
});

Deno.test("CNODE_SWAP: own slots or slots of one CNode; an empty side moves", () => {
  const { r, log } = runLogged([
    "    store_imm_u8 [0x10000], 1",
    op("MINT_DATA_CAP", 0x10000, 8, 8, 40),
    "    store_imm_u8 [0x10000], 2",
    op("MINT_DATA_CAP", 0x10000, 8, 8, 41),
    op("CNODE_SWAP", 40, 41),
    op("CNODE_SWAP", 41, 42),
    op("CNODE_MINT", 50, 1),
    op("CNODE_SWAP", 40, nested(50, 0)),
    op("CNODE_MINT", 51, 1),
    op("CNODE_SWAP", nested(50, 0), nested(51, 1)),
    op("MOVE", 40, nested(50, 1)),
    op("CNODE_SWAP", nested(50, 0), nested(50, 1)),
  ].join("\n"));
  assert.deepEqual(log, [
    1n,
    1n,
    RESULT.OK,
    RESULT.OK,
    RESULT.OK,
    RESULT.E_INVALID,
    RESULT.OK,
    RESULT.E_INVALID,
    RESULT.OK,
    RESULT.OK,
  ]);
  // after: 40 = old 41 (2) moved into 50/1 and swapped to 50/0; 42 = old 40 (1)
  const d42 = slot(r.state, 42);
  assert.ok(d42 instanceof DataCap && d42.bytes[0] === 1);
  const c = cnodeAt(r.state, 50);
  assert.ok(c.slots[0] instanceof DataCap && (c.slots[0] as DataCap).bytes[0] === 2);
  assert.equal(c.slots[1], null);
});

Deno.test("a malformed slot reference traps the guest: the event faults with BAD_SLOT", () => {
  for (const bad of [256n, 0x20000n, 0x1_0000_0000n, (1n << 64n) - 1n]) {
    const { r } = runLogged(op("DROP", bad));
    assert.equal(r.outcome.kind, "faulted");
    if (r.outcome.kind === "faulted") assert.equal(r.outcome.reason, "BAD_SLOT");
  }
});
