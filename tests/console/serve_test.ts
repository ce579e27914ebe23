/**
 * `--serve` without a browser: the live input records exactly what each frame latched (and
 * refuses input off the pad or the screen), page messages are validated, the server answers only
 * on its loopback address and origin, streams frames over its WebSocket, keeps the connection
 * after a bad message, and refuses a bad or taken port with a clear error.
 * @module
 */

import assert from "node:assert/strict";
import {
  assembleCartridge,
  encodeManifest,
  InputScript,
  loadCartridge,
  type LoadedCartridge,
  padMask,
} from "../../console/mod.ts";
import {
  FRAME_HEADER_BYTES,
  LiveInput,
  parsePageMessage,
  startServer,
} from "../../console/serve/mod.ts";
import { ViewError } from "../../console/view/errors.ts";
import { manifest, writeCart } from "./cart_helpers.ts";

Deno.test("live input: each change recorded with the frame that latched it; bad input refused", () => {
  const live = new LiveInput();
  assert.deepEqual(live.at(0), { pad: 0, touch: null });
  live.set(padMask(["a"]), null);
  live.set(padMask(["a", "left"]), [10, 20]); // only the state at the latch counts
  assert.equal(live.at(1).pad, padMask(["a", "left"]));
  assert.equal(live.at(2).pad, padMask(["a", "left"])); // unchanged: not recorded again
  live.set(0, null);
  live.at(3);
  const script = InputScript.parse(live.script());
  assert.deepEqual(script.entries.map((e) => [e.frame, e.input.pad, e.input.touch]), [
    [0, 0, null],
    [1, padMask(["a", "left"]), [10, 20]],
    [3, 0, null],
  ]);
  assert.throws(() => live.at(3), /frame 3 latched after frame 3/);
  for (const [pad, touch] of [[4096, null], [-1, null], [1.5, null], [0, [320, 0]], [0, [0, -1]]]) {
    assert.throws(() => live.set(pad as number, touch as [number, number] | null), RangeError);
  }
});

Deno.test("page messages: valid ones parse, anything else is refused with a reason", () => {
  assert.deepEqual(parsePageMessage('{"type":"input","pad":5,"touch":[1,2]}'), {
    type: "input",
    pad: 5,
    touch: [1, 2],
  });
  assert.deepEqual(parsePageMessage('{"type":"stop"}'), { type: "stop" });
  for (
    const bad of [
      "nope",
      "[]",
      '{"type":"dance"}',
      '{"type":"input","pad":"a"}',
      '{"type":"input","pad":1,"touch":[1]}',
      "x".repeat(5000),
    ]
  ) assert.throws(() => parsePageMessage(bad), Error, bad.slice(0, 20));
});

const PROGRAM = `
.import system.frame_sync@1
.import input.pad_masks@1
.import gfx.clear@1
.import gfx.present@1
.code
.jump_table main
main:
    ecalli input.pad_masks
    ecalli gfx.clear
    ecalli gfx.present
    ecalli system.frame_sync
    jump main
`;

async function withCart(fn: (cart: LoadedCartridge) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir();
  try {
    const dir = await writeCart(`${tmp}/c`, {
      manifest: encodeManifest(manifest(["gfx"])),
      program: assembleCartridge(PROGRAM).bytes,
    });
    const cart = await loadCartridge(dir);
    try {
      await fn(cart);
    } finally {
      await cart.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** A raw HTTP/1.1 GET with exactly these header lines; resolves to the response head. */
async function rawGet(port: number, path: string, headers: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(`GET ${path} HTTP/1.1\r\n${headers}\r\nConnection: close\r\n\r\n`),
    );
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0));
  } finally {
    conn.close();
  }
}

/** The next message of a socket, as text or bytes. */
function nextMessage(ws: WebSocket, pred: (m: string | Uint8Array) => boolean) {
  return new Promise<string | Uint8Array>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no such message within 10 s")), 10_000);
    ws.addEventListener("message", function on(ev) {
      const m = typeof ev.data === "string" ? ev.data : new Uint8Array(ev.data as ArrayBuffer);
      if (!pred(m)) return;
      clearTimeout(timer);
      ws.removeEventListener("message", on);
      resolve(m);
    });
  });
}

Deno.test({
  name: "serve: loopback only, same-origin WebSocket streaming frames, errors that keep the page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withCart(async (cart) => {
      const h = await startServer({
        cartridge: cart,
        port: 0,
        memcard: "memory",
        mode: "inprocess",
      });
      try {
        assert.match(h.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
        const get = (path: string, headers: Record<string, string> = {}) =>
          fetch(new URL(path, h.url), { headers });
        const page = await get("/");
        assert.equal(page.status, 200);
        assert.match(await page.text(), /<canvas id="screen"/);
        assert.equal(
          (await get("/client.js")).headers.get("content-type")?.startsWith("text/javascript"),
          true,
        );
        await (await get("/client.js")).body?.cancel();
        const nf = await get("/nope");
        assert.equal(nf.status, 404);
        await nf.body?.cancel();
        // Another Host (DNS rebinding) or a WebSocket from another origin: refused.
        assert.match(await rawGet(h.port, "/", "Host: evil.example"), /^HTTP\/1\.1 403/);
        assert.match(
          await rawGet(
            h.port,
            "/ws",
            `Host: 127.0.0.1:${h.port}\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13`,
          ),
          /^HTTP\/1\.1 403/,
        );
        assert.match(await rawGet(h.port, "/", `Host: localhost:${h.port}`), /^HTTP\/1\.1 200/);
        const post = await fetch(h.url, { method: "POST", body: "x" });
        assert.equal(post.status, 405);
        await post.body?.cancel();

        const ws = new WebSocket(h.url.replace("http", "ws") + "ws");
        ws.binaryType = "arraybuffer";
        const hello = nextMessage(ws, (m) => typeof m === "string" && m.includes('"hello"'));
        await new Promise((r) => (ws.onopen = r));
        assert.equal(JSON.parse(await hello as string).title, "Test cart");
        // A frame: header, 115,200 framebuffer bytes, no audio (no audio capability).
        const frame = await nextMessage(ws, (m) => typeof m !== "string") as Uint8Array;
        assert.equal(frame[0], 1);
        assert.equal(frame[1], 1);
        assert.equal(frame.length, FRAME_HEADER_BYTES + 320 * 180 * 2);
        // Input reaches the guest: it clears with the pad mask as its colour.
        ws.send(JSON.stringify({ type: "input", pad: 0x0a5, touch: null }));
        const coloured = await nextMessage(
          ws,
          (m) => typeof m !== "string" && m[FRAME_HEADER_BYTES] === 0xa5,
        ) as Uint8Array;
        assert.equal(coloured[FRAME_HEADER_BYTES + 1], 0);
        // A bad message gets an error, and the connection stays.
        ws.send(JSON.stringify({ type: "input", pad: 99999, touch: null }));
        const err = JSON.parse(
          await nextMessage(ws, (m) => typeof m === "string" && m.includes('"error"')) as string,
        );
        assert.match(err.message, /pad mask must be an integer 0…4095/);
        ws.send(JSON.stringify({ type: "stop" }));
        const rec = JSON.parse(
          await nextMessage(
            ws,
            (m) => typeof m === "string" && m.includes('"recording"'),
          ) as string,
        );
        const script = InputScript.parse(rec.script);
        assert.ok(script.entries.some((e) => e.input.pad === 0x0a5));
        assert.ok(rec.frames > 0);
        assert.match(rec.hash, /^[0-9a-f]{64}$/);
        const input = await get("/input.json");
        assert.match(input.headers.get("content-disposition") ?? "", /attachment/);
        InputScript.parse(await input.text());
        const status = await (await get("/status.json")).json();
        assert.equal(status.type, "status");
        assert.ok(["yielded", "running", "resumed"].includes(status.state), status.state);
        ws.close();
        // The port is now taken: a second server on it is refused clearly.
        await assert.rejects(
          startServer({ cartridge: cart, port: h.port, memcard: "memory", mode: "inprocess" }),
          (e) =>
            e instanceof ViewError && e.code === "PORT_IN_USE" && e.message.includes(`${h.port}`),
        );
      } finally {
        await h.stop();
      }
      await assert.rejects(
        startServer({ cartridge: cart, port: 70_000, memcard: "memory" }),
        (e) => e instanceof ViewError && e.code === "BAD_PORT",
      );
    });
  },
});
