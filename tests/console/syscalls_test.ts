/**
 * Every status of every syscall, observed by a guest: call scripts run real PVM code that loads
 * the arguments, calls `ecalli`, and stores φ7…φ12. The last step checks that every status the
 * registry documents was seen (UNKNOWN_HANDLE is documented as never returned: it traps).
 * @module
 */

import assert from "node:assert/strict";
import { LIFECYCLE_STATUS, packBytes } from "../../assets/mod.ts";
import {
  consoleRegistry,
  encodeSlotFile,
  identityKey,
  MEM_STATUS,
  MemoryStore,
  padMask,
  payloadChecksum,
  SLOT_STATE,
} from "../../console/mod.ts";
import {
  type Arg,
  AV_MODULES,
  packFile,
  packInputs,
  runScript,
  type Step,
} from "./cart_helpers.ts";

const seen = new Set<string>();
function saw(call: string, status: bigint | number): void {
  seen.add(`${call}@1:${status}`);
}

/** Runs steps and records (call, φ7) for calls that have statuses. */
async function run(steps: Step[], o: Parameters<typeof runScript>[1] = {}) {
  const r = await runScript(steps, o);
  assert.equal(r.inst.exit?.kind, "halt", `script ended ${JSON.stringify(r.inst.exit)}`);
  steps.forEach((s, i) => {
    const [module, name] = String(s.call).split(".");
    const spec = consoleRegistry().get({ module, name, version: 1 });
    if (spec?.statuses) saw(String(s.call), r.results[i][0]);
  });
  return r;
}

const h = (step: number): Arg => ({ result: step, reg: 1 });

Deno.test("syscall statuses", async (t) => {
  await t.step("system.frame counts frames; frame_sync ends each frame", async () => {
    const r = await run([
      { call: "system.frame", sync: true },
      { call: "system.frame", sync: true },
      { call: "system.frame" },
    ]);
    assert.deepEqual(r.results.map((x) => x[0]), [0n, 1n, 2n]);
    assert.deepEqual(r.reports.map((x) => x.end), ["sync", "sync", "halt"]);
  });

  await t.step("log.write: OK, then LOG_FULL past 32 lines in a frame", async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 33; i++) steps.push({ call: "log.write", args: [2, { data: "text" }, 5] });
    steps.push({ call: "log.write", args: [0, { data: "text" }, 3], sync: true });
    steps.push({ call: "log.write", args: [3, { data: "text" }, 0] });
    const r = await run(steps, { data: 'text: .ascii "hello"' });
    assert.deepEqual(r.results.slice(0, 32).map((x) => x[0]), Array(32).fill(0n));
    assert.equal(r.results[32][0], 1n);
    assert.equal(r.results[33][0], 1n); // still frame 0
    assert.equal(r.results[34][0], 0n); // frame 1: room again
    assert.equal(r.reports[0].logs.length, 32);
    assert.deepEqual(r.reports[0].logs[0], { level: 2, text: "hello" });
    assert.deepEqual(r.reports[1].logs, [{ level: 3, text: "" }]);
    assert.equal(r.reports[0].telemetry["log.refused"], 2);
  });

  await t.step("input.pad, pad_masks and touch read the latched input", async () => {
    const a = 4;
    const inputs = [
      { pad: padMask(["a", "up"]), touch: null },
      { pad: padMask(["a"]), touch: [10, 20] as const },
      { pad: 0, touch: null },
    ];
    const r = await run([
      { call: "input.pad", args: [a] },
      { call: "input.pad_masks", sync: true },
      { call: "input.pad", args: [a] },
      { call: "input.pad_masks" },
      { call: "input.touch", sync: true },
      { call: "input.pad", args: [a] },
      { call: "input.touch" },
    ], { input: (f) => inputs[f] });
    const [p0, m0, p1, m1, t1, p2, t2] = r.results;
    assert.deepEqual(p0.slice(0, 4), [1n, 1n, 0n, 1n]);
    assert.deepEqual(m0.slice(0, 3), [0x11n, 0x11n, 0n]);
    assert.deepEqual(p1.slice(0, 4), [1n, 0n, 0n, 2n]);
    assert.deepEqual(m1.slice(0, 3), [0x10n, 0n, 0x1n]);
    assert.deepEqual(t1, [1n, 1n, 0n, 1n, 10n, 20n]);
    assert.deepEqual(p2.slice(0, 4), [0n, 0n, 1n, 0n]);
    assert.deepEqual(t2, [0n, 0n, 1n, 0n, 10n, 20n]);
  });

  await t.step(
    "asset.load: OK, ASSET_NOT_FOUND, SLOT_KIND_MISMATCH, SLOT_INDEX_INVALID",
    async () => {
      const r = await run([
        { call: "asset.load", args: [{ data: "saw" }, 7, 1, 3] },
        { call: "asset.load", args: [{ data: "nope" }, 4, 1, 3] },
        { call: "asset.load", args: [{ data: "saw" }, 7, 0, 3] },
        { call: "asset.load", args: [{ data: "saw" }, 7, 9, 3] },
        { call: "asset.load", args: [{ data: "saw" }, 7, 1, 64] },
      ], { data: 'saw: .ascii "sfx.saw"\nnope: .ascii "nope"' });
      assert.equal(r.results[0][0], 0n);
      assert.notEqual(r.results[0][1], 0n);
      assert.deepEqual(r.results.slice(1).map((x) => [x[0], x[1]]), [[3n, 0n], [4n, 0n], [4n, 0n], [
        5n,
        0n,
      ]]);
    },
  );

  await t.step("asset.load: BACKEND_ERROR when the bank's budget cannot hold it", async () => {
    const r = await run([
      { call: "asset.load", args: [{ data: "big" }, 7, 1, 3] },
      { call: "asset.load", args: [{ data: "saw" }, 7, 1, 4] },
    ], {
      data: 'big: .ascii "sfx.big"\nsaw: .ascii "sfx.saw"',
      banks: { TILES: { slots: 16, budgetBytes: 65536 }, SOUNDS: { slots: 8, budgetBytes: 16384 } },
    });
    assert.deepEqual([r.results[0][0], r.results[0][1]], [6n, 0n]);
    assert.equal(r.results[1][0], 0n);
  });

  await t.step(
    "asset.status walks PENDING → LOADING → READY → COMMITTED; commit and cancel",
    async () => {
      const r = await run([
        { call: "asset.load", args: [{ data: "saw" }, 7, 1, 3] }, // 0
        { call: "asset.status", args: [h(0)] }, // 1 PENDING
        { call: "asset.commit", args: [h(0)] }, // 2 INVALID_STATE (not READY)
        { call: "asset.load", args: [{ data: "hud" }, 9, 0, 5], sync: true }, // 3 second load
        { call: "asset.status", args: [h(0)] }, // 4 LOADING
        { call: "asset.status", args: [h(3)] }, // 5 PENDING (channel busy)
        { call: "asset.cancel", args: [h(3)], sync: true }, // 6 OK
        { call: "asset.status", args: [h(0)] }, // 7 READY
        { call: "asset.status", args: [h(3)] }, // 8 CANCELED
        { call: "asset.commit", args: [h(0)] }, // 9 OK
        { call: "asset.status", args: [h(0)] }, // 10 COMMITTED
        { call: "asset.cancel", args: [h(0)] }, // 11 INVALID_STATE (already committed)
        { call: "asset.cancel", args: [h(3)] }, // 12 INVALID_STATE (already canceled)
      ], { data: 'saw: .ascii "sfx.saw"\nhud: .ascii "tiles.hud"' });
      const st = r.results.map((x) => Number(x[0]));
      assert.equal(st[1], LIFECYCLE_STATUS.PENDING);
      assert.equal(st[2], 2);
      assert.equal(st[4], LIFECYCLE_STATUS.LOADING);
      assert.equal(st[5], LIFECYCLE_STATUS.PENDING);
      assert.equal(st[6], 0);
      assert.equal(st[7], LIFECYCLE_STATUS.READY);
      assert.equal(st[8], LIFECYCLE_STATUS.CANCELED);
      assert.equal(st[9], 0);
      assert.equal(st[10], LIFECYCLE_STATUS.COMMITTED);
      assert.equal(st[11], 2);
      assert.equal(st[12], 2);
      assert.equal(r.inst.assets!.sound(3)?.frameCount, 3000);
      assert.equal(r.inst.assets!.tiles(5), null);
    },
  );

  await t.step("asset.status: ERROR when the asset fails its integrity check", async () => {
    const bytes = packFile();
    bytes[bytes.length - 1] ^= 0xff; // last byte of the payload: inside sfx.big
    const r = await run([
      { call: "asset.load", args: [{ data: "big" }, 7, 1, 2], sync: true },
      { call: "asset.status", args: [h(0)], sync: true },
      { call: "asset.status", args: [h(0)] },
      { call: "asset.commit", args: [h(0)] },
    ], { assets: bytes, data: 'big: .ascii "sfx.big"' });
    assert.equal(r.results[1][0], BigInt(LIFECYCLE_STATUS.LOADING));
    assert.equal(r.results[2][0], BigInt(LIFECYCLE_STATUS.ERROR));
    assert.equal(r.results[3][0], 2n);
    assert.equal(r.inst.assets!.sound(2), null);
  });

  await t.step("mem.*: every status, contents and persistence", async () => {
    const store = new MemoryStore();
    store.files.set(3, new Uint8Array([1, 2, 3])); // a torn file: CORRUPT
    const r = await run([
      { call: "mem.slot_count" }, // 0
      { call: "mem.slot_stat", args: [0] }, // 1 EMPTY
      { call: "mem.slot_read", args: [0, { data: "buf" }, 0, 16] }, // 2 EMPTY
      { call: "mem.slot_write", args: [0, { data: "src" }, 1, 4] }, // 3 BAD_OFFSET (gap)
      { call: "mem.slot_write", args: [0, { data: "src" }, 0, 5] }, // 4 OK
      { call: "mem.slot_stat", args: [0] }, // 5 STAGED
      { call: "mem.slot_read", args: [0, { data: "buf" }, 6, 4] }, // 6 BAD_OFFSET
      { call: "mem.slot_read", args: [0, { data: "buf" }, 2, 16] }, // 7 OK 3 bytes eof
      { call: "mem.slot_commit", args: [0] }, // 8 OK
      { call: "mem.slot_commit", args: [0] }, // 9 NOT_STAGED
      { call: "mem.slot_stat", args: [0] }, // 10 COMMITTED gen 1
      { call: "mem.slot_write", args: [0, { data: "src" }, 32760, 9] }, // 11 NO_SPACE
      { call: "mem.slot_write", args: [0, { data: "src" }, 0, 40000] }, // 12 NO_SPACE (len)
      { call: "mem.slot_stat", args: [3] }, // 13 CORRUPT
      { call: "mem.slot_read", args: [3, { data: "buf" }, 0, 4] }, // 14 CORRUPT
      { call: "mem.slot_write", args: [3, { data: "src" }, 0, 4] }, // 15 CORRUPT
      { call: "mem.slot_clear", args: [3] }, // 16 OK
      { call: "mem.slot_clear", args: [3] }, // 17 EMPTY
      { call: "mem.slot_read", args: [0, { data: "buf" }, 0, 2] }, // 18 OK 2 bytes, not eof
    ], { memcardStore: store, data: 'src: .ascii "abcde"\nbuf: .zero 16' });
    const s = r.results;
    assert.deepEqual(s[0].slice(0, 2), [0n, 32n]);
    assert.deepEqual(s[1].slice(0, 5), [0n, BigInt(SLOT_STATE.EMPTY), 0n, 0n, 0n]);
    assert.deepEqual(s[2].slice(0, 3), [BigInt(MEM_STATUS.EMPTY), 0n, 0n]);
    assert.deepEqual(s[3].slice(0, 2), [BigInt(MEM_STATUS.BAD_OFFSET), 0n]);
    assert.deepEqual(s[4].slice(0, 2), [0n, 5n]);
    const abcde = new TextEncoder().encode("abcde");
    assert.deepEqual(s[5].slice(0, 5), [0n, 1n, 5n, 0n, BigInt(payloadChecksum(abcde))]);
    assert.equal(s[6][0], BigInt(MEM_STATUS.BAD_OFFSET));
    assert.deepEqual(s[7].slice(0, 3), [0n, 3n, 1n]);
    assert.deepEqual(s[8][0], 0n);
    assert.equal(s[9][0], BigInt(MEM_STATUS.NOT_STAGED));
    assert.deepEqual(s[10].slice(0, 5), [0n, 2n, 5n, 1n, BigInt(payloadChecksum(abcde))]);
    assert.deepEqual(s[11].slice(0, 2), [BigInt(MEM_STATUS.NO_SPACE), 0n]);
    assert.deepEqual(s[12].slice(0, 2), [BigInt(MEM_STATUS.NO_SPACE), 0n]);
    assert.deepEqual(s[13].slice(0, 5), [0n, BigInt(SLOT_STATE.CORRUPT), 0n, 0n, 0n]);
    assert.equal(s[14][0], BigInt(MEM_STATUS.CORRUPT));
    assert.equal(s[15][0], BigInt(MEM_STATUS.CORRUPT));
    assert.equal(s[16][0], 0n);
    assert.equal(s[17][0], BigInt(MEM_STATUS.EMPTY));
    assert.deepEqual(s[18].slice(0, 3), [0n, 2n, 0n]);
    // What the guest read is what it wrote; the store holds the committed slot, slot 3 is gone.
    const buf = r.inst.vm.memory.read(0x20000 + s.length * 48 + 5, 3);
    assert.equal(new TextDecoder().decode(buf), "abe"); // "cde" from step 7, then "ab" from step 18
    assert.deepEqual(
      store.files.get(0),
      encodeSlotFile({ appId: 7, slot: 0, generation: 1, payload: abcde }),
    );
    assert.equal(store.files.has(3), false);
  });

  await t.step(
    "mem.slot_commit / slot_clear: STORAGE_ERROR leaves slot and file as they were",
    async () => {
      const store = new MemoryStore();
      store.files.set(
        1,
        encodeSlotFile({ appId: 7, slot: 1, generation: 4, payload: new Uint8Array([9]) }),
      );
      const before = store.files.get(1)!.slice();
      let frame = 0;
      const r = await runScript([
        { call: "mem.slot_write", args: [1, { data: "src" }, 0, 2], sync: true },
        { call: "mem.slot_commit", args: [1] },
        { call: "mem.slot_stat", args: [1] },
        { call: "mem.slot_clear", args: [1] },
        { call: "mem.slot_stat", args: [1] },
      ], {
        memcardStore: store,
        data: 'src: .ascii "xy"',
        config: { onState: () => {} },
        input: (f) => {
          frame = f;
          store.failWrites = f >= 1;
          return { pad: 0, touch: null };
        },
      });
      assert.equal(frame, 1);
      const s = r.results;
      assert.equal(s[1][0], BigInt(MEM_STATUS.STORAGE_ERROR));
      assert.deepEqual(s[2].slice(0, 4), [0n, BigInt(SLOT_STATE.STAGED), 2n, 4n]);
      assert.equal(s[3][0], BigInt(MEM_STATUS.STORAGE_ERROR));
      assert.deepEqual(s[4].slice(0, 4), [0n, BigInt(SLOT_STATE.STAGED), 2n, 4n]);
      assert.deepEqual(store.files.get(1), before);
      saw("mem.slot_commit", s[1][0]);
      saw("mem.slot_clear", s[3][0]);
    },
  );

  await t.step(
    "every documented status was observed (gfx/composer/audio: av_syscalls_test)",
    () => {
      const missing: string[] = [];
      for (const spec of consoleRegistry().all()) {
        if (AV_MODULES.includes(spec.module)) continue;
        for (const st of spec.statuses ?? []) {
          if (st.when.startsWith("never returned")) continue;
          if (!seen.has(`${identityKey(spec)}:${st.code}`)) {
            missing.push(`${identityKey(spec)} ${st.name}`);
          }
        }
      }
      assert.deepEqual(missing, []);
    },
  );
});

Deno.test("asset.load BACKEND_ERROR when 64 loads are alive (handle table full)", async () => {
  const steps: Step[] = [];
  for (let i = 0; i < 65; i++) steps.push({ call: "asset.load", args: [{ data: "hud" }, 9, 0, 1] });
  const bytes = packBytes(packInputs(), []);
  const r = await runScript(steps, { assets: bytes, data: 'hud: .ascii "tiles.hud"' });
  assert.deepEqual(r.results.slice(0, 64).map((x) => x[0]), Array(64).fill(0n));
  assert.equal(r.results[64][0], 6n);
});
