/**
 * Message parsing (kernel/node/messages.ts): every peer and client message type parses in its
 * documented shape, and every malformed variant is refused with MALFORMED_MESSAGE or, past a
 * limit, MESSAGE_TOO_LARGE.
 */
import { errorCode } from "../_util/error_code.ts";
import assert from "node:assert/strict";
import {
  CLIENT_TYPES,
  NODE_LIMITS,
  NodeError,
  parseClientMessage,
  parsePeerMessage,
  PEER_TYPES,
} from "../../kernel/node/mod.ts";

const b32 = new Uint8Array(32), b64 = new Uint8Array(64);
const GOOD: Record<string, unknown> = {
  status: { committed: 3 },
  prepare: { slot: 4, ballot: 1 },
  promise: { slot: 4, ballot: 2, accepted: { ballot: 0, value: new Uint8Array([0]) } },
  propose: { slot: 4, ballot: 0, value: new Uint8Array([0]) },
  vote: { slot: 4, ballot: 0, id: b32, root: b32, signature: b64 },
  decision: { record: new Uint8Array(10) },
  sync: { from: 1, max: 8 },
  decisions: { records: [new Uint8Array(3)] },
  txs: { txs: [new Uint8Array(96)] },
};

const code = (f: () => unknown) => errorCode(f, NodeError);

Deno.test("messages: every peer type parses in its documented shape", () => {
  assert.deepEqual([...PEER_TYPES].sort(), Object.keys(GOOD).sort());
  for (const [type, body] of Object.entries(GOOD)) {
    assert.equal(parsePeerMessage(type, body).type, type);
  }
  assert.equal(
    (parsePeerMessage("promise", { slot: 1, ballot: 1, accepted: null }) as { accepted: unknown })
      .accepted,
    null,
  );
});

Deno.test("messages: malformed peer bodies are refused with a code", () => {
  const bad: [string, unknown, string][] = [
    ["status", null, "MALFORMED_MESSAGE"],
    ["status", [], "MALFORMED_MESSAGE"],
    ["status", { committed: -1 }, "MALFORMED_MESSAGE"],
    ["status", { committed: 1, extra: 2 }, "MALFORMED_MESSAGE"],
    ["prepare", { slot: 0, ballot: 1 }, "MALFORMED_MESSAGE"],
    ["prepare", { slot: 3, ballot: 0 }, "MALFORMED_MESSAGE"], // ballot 0 has no phase 1
    ["prepare", { slot: "3", ballot: 1 }, "MALFORMED_MESSAGE"],
    ["prepare", { slot: 1.5, ballot: 1 }, "MALFORMED_MESSAGE"],
    ["promise", { slot: 1, ballot: 1 }, "MALFORMED_MESSAGE"],
    ["promise", { slot: 1, ballot: 1, accepted: { ballot: 0 } }, "MALFORMED_MESSAGE"],
    ["propose", { slot: 1, ballot: 0, value: "00" }, "MALFORMED_MESSAGE"],
    ["propose", { slot: 1, ballot: 2 ** 32, value: new Uint8Array(1) }, "MALFORMED_MESSAGE"],
    ["vote", { ...(GOOD.vote as object), id: new Uint8Array(31) }, "MALFORMED_MESSAGE"],
    ["vote", { ...(GOOD.vote as object), signature: b32 }, "MALFORMED_MESSAGE"],
    ["decision", { record: [1, 2] }, "MALFORMED_MESSAGE"],
    ["decision", { record: new Uint8Array(NODE_LIMITS.MESSAGE_BYTES + 1) }, "MESSAGE_TOO_LARGE"],
    ["sync", { from: 1, max: NODE_LIMITS.SYNC_BATCH + 1 }, "MALFORMED_MESSAGE"],
    ["sync", { from: 0, max: 1 }, "MALFORMED_MESSAGE"],
    ["decisions", { records: new Uint8Array(3) }, "MALFORMED_MESSAGE"],
    ["decisions", { records: Array(NODE_LIMITS.SYNC_BATCH + 1).fill(b32) }, "MESSAGE_TOO_LARGE"],
    [
      "decisions",
      { records: Array(3).fill(new Uint8Array(NODE_LIMITS.MESSAGE_BYTES / 2)) },
      "MESSAGE_TOO_LARGE",
    ],
    ["txs", { txs: [1] }, "MALFORMED_MESSAGE"],
    ["txs", { txs: Array(NODE_LIMITS.SUBMIT_TXS + 1).fill(b32) }, "MESSAGE_TOO_LARGE"],
    ["gossip", {}, "MALFORMED_MESSAGE"],
  ];
  for (const [type, body, want] of bad) {
    assert.equal(
      code(() => parsePeerMessage(type, body)),
      want,
      `${type} ${JSON.stringify(body)?.slice(0, 60)}`,
    );
  }
});

Deno.test("messages: client messages parse; malformed ones are refused", () => {
  assert.deepEqual([...CLIENT_TYPES].sort(), ["query", "report", "submit", "tick"]);
  assert.equal(parseClientMessage("tick", null).type, "tick");
  assert.equal(parseClientMessage("report", {}).type, "report");
  assert.deepEqual(parseClientMessage("submit", { txs: [new Uint8Array(96)], ref: 4 }), {
    type: "submit",
    txs: [new Uint8Array(96)],
    ref: 4,
  });
  assert.equal(parseClientMessage("query", { ids: ["ab".repeat(32)] }).type, "query");
  const bad: [string, unknown, string][] = [
    ["tick", { slot: 3 }, "MALFORMED_MESSAGE"],
    ["submit", { txs: [] }, "MALFORMED_MESSAGE"],
    ["submit", { txs: [new Uint8Array(1000)] }, "MALFORMED_MESSAGE"],
    [
      "submit",
      { txs: Array(NODE_LIMITS.SUBMIT_TXS + 1).fill(new Uint8Array(96)) },
      "MESSAGE_TOO_LARGE",
    ],
    ["submit", { txs: [new Uint8Array(96)], ref: -1 }, "MALFORMED_MESSAGE"],
    ["query", { ids: ["AB".repeat(32)] }, "MALFORMED_MESSAGE"],
    ["query", { ids: "ab" }, "MALFORMED_MESSAGE"],
    ["vote", {}, "MALFORMED_MESSAGE"],
  ];
  for (const [type, body, want] of bad) {
    assert.equal(code(() => parseClientMessage(type, body)), want, type);
  }
});
