import assert from "node:assert/strict";
import { decode, encode } from "@msgpack/msgpack";
import {
  ASSET_LOAD_STATUS,
  type AssetLoadEvent,
  assetLoadMachine,
  type AssetLoadSnapshot,
  assetLoadStatus,
  initialAssetLoad,
  Lifecycle,
  restoreSnapshot,
  stepAssetLoad,
} from "../../machines/mod.ts";

function run(events: AssetLoadEvent[]): AssetLoadSnapshot {
  let s = initialAssetLoad({ assetId: "a", totalBytes: 10 });
  for (const e of events) {
    const r = stepAssetLoad(s, e);
    assert.equal(r.outcome, "OK", `setup event ${e.type}`);
    s = r.snapshot;
  }
  return s;
}

const START: AssetLoadEvent = { type: "START" };
const LOADED: AssetLoadEvent = { type: "LOADED" };

Deno.test("asset load: the happy path reports status codes 0,1,1,2,3", () => {
  let s = initialAssetLoad({ assetId: "a", totalBytes: 10 });
  const codes = [assetLoadStatus(s)];
  for (const e of [START, { type: "PROGRESS", bytes: 6 }, LOADED, { type: "COMMIT" }] as const) {
    const r = stepAssetLoad(s, e);
    assert.equal(r.outcome, "OK");
    codes.push(r.status);
    s = r.snapshot;
  }
  assert.deepEqual(codes, [0, 1, 1, 2, 3]);
  assert.equal(s.context.bytes, 6);
  assert.equal(s.status, "done");
});

Deno.test("asset load: COMMIT from any state but READY is INVALID_STATE", () => {
  const states: Record<string, AssetLoadEvent[]> = {
    PENDING: [],
    LOADING: [START],
    COMMITTED: [START, LOADED, { type: "COMMIT" }],
    CANCELED: [{ type: "CANCEL" }],
    ERROR: [{ type: "FAIL", reason: "io" }],
  };
  for (const [name, setup] of Object.entries(states)) {
    const s = run(setup);
    const r = stepAssetLoad(s, { type: "COMMIT" });
    assert.equal(r.outcome, "INVALID_STATE", name);
    assert.equal(r.status, ASSET_LOAD_STATUS[name as keyof typeof ASSET_LOAD_STATUS]);
    assert.equal(r.snapshot, s);
  }
});

Deno.test("asset load: CANCEL works from PENDING, LOADING, READY and nowhere else", () => {
  for (const setup of [[], [START], [START, LOADED]]) {
    const r = stepAssetLoad(run(setup), { type: "CANCEL" });
    assert.equal(r.outcome, "OK");
    assert.equal(r.status, ASSET_LOAD_STATUS.CANCELED);
  }
  for (
    const setup of [[START, LOADED, { type: "COMMIT" }], [{ type: "CANCEL" }], [{
      type: "FAIL",
      reason: "x",
    }]] as AssetLoadEvent[][]
  ) {
    assert.equal(stepAssetLoad(run(setup), { type: "CANCEL" }).outcome, "INVALID_STATE");
  }
});

Deno.test("asset load: PROGRESS must not go backwards nor past the total", () => {
  const s = run([START, { type: "PROGRESS", bytes: 5 }]);
  assert.equal(stepAssetLoad(s, { type: "PROGRESS", bytes: 4 }).outcome, "INVALID_STATE");
  assert.equal(stepAssetLoad(s, { type: "PROGRESS", bytes: 11 }).outcome, "INVALID_STATE");
  assert.equal(stepAssetLoad(s, { type: "PROGRESS", bytes: 1.5 }).outcome, "INVALID_STATE");
  assert.equal(stepAssetLoad(s, { type: "PROGRESS", bytes: 10 }).outcome, "OK");
});

Deno.test("asset load: FAIL records the reason; a snapshot survives a msgpack round trip", () => {
  const s = run([START, { type: "FAIL", reason: "disk gone" }]);
  assert.equal(assetLoadStatus(s), ASSET_LOAD_STATUS.ERROR);
  assert.equal(s.context.reason, "disk gone");

  const ready = run([START, { type: "PROGRESS", bytes: 3 }, LOADED]);
  const persisted = decode(encode(assetLoadMachine.getPersistedSnapshot(ready))) as {
    value: string;
    context: unknown;
  };
  const back = restoreSnapshot(assetLoadMachine, persisted.value, persisted.context);
  assert.equal(assetLoadStatus(back), ASSET_LOAD_STATUS.READY);
  assert.equal(back.context.bytes, 3);
  assert.equal(stepAssetLoad(back, { type: "COMMIT" }).status, ASSET_LOAD_STATUS.COMMITTED);
  assert.throws(() => restoreSnapshot(assetLoadMachine, "NOPE", {}), /no state "NOPE"/);
});

Deno.test("asset load: Lifecycle records the last transition", () => {
  const l = new Lifecycle(assetLoadMachine, { assetId: "x" });
  assert.equal(l.send({ type: "COMMIT" }).outcome, "INVALID_STATE");
  assert.equal(l.last, null);
  l.send(START);
  assert.deepEqual(l.last, { from: "PENDING", event: "START", to: "LOADING" });
  l.send({ type: "CANCEL" });
  assert.equal(l.done, true);
  assert.equal(l.can(START), false);
});
