/**
 * `--serve`: a local web page showing a running cartridge. `Deno.serve` bound to 127.0.0.1 only
 * (never another interface), requests whose `Host` is not this loopback address and WebSockets
 * from another origin are refused (403), everything is served from this folder (no CDN).
 *
 * - `GET /` the page, `GET /client.js` its script;
 * - `GET /ws` the WebSocket (protocol.ts): one binary message per frame (screen and sound),
 *   JSON status after each frame, log lines; the page sends keyboard/pointer input, restart,
 *   record and stop;
 * - `GET /input.json` the current session's input so far, as an `--input` script (download);
 * - `GET /status.json` the instance's status now.
 *
 * Pacing: frames run at 60 per second of wall-clock time, one `step()` each, so the page shows
 * the game at its real speed. Wall-clock time only decides *when* a frame runs: input is latched
 * at frame boundaries (whatever keys are down when frame n starts is frame n's input, recorded
 * with n), so the recorded script replays to the same frames and hash however late a frame ran.
 * When the machine falls more than 250 ms behind, the schedule restarts from now instead of
 * bursting to catch up.
 *
 * @example
 * ```ts
 * import { startServer } from "./server.ts";
 * // const h = await startServer({ cartridge, port: 0, memcard: "memory" });
 * // console.log(h.url); … await h.stop();
 * ```
 * @module
 */

import { ViewError } from "../view/errors.ts";
import { FRAMES_PER_SECOND } from "../limits.ts";
import { LOG_LEVELS } from "../log/log.ts";
import { encodeFrameMessage, parsePageMessage } from "./protocol.ts";
import { ServeSession, type SessionFrame, type SessionOptions } from "./session.ts";

/** The default port of `--serve`. */
export const DEFAULT_SERVE_PORT = 8060;
/** The only address the server listens on. */
export const SERVE_HOSTNAME = "127.0.0.1";
/** A client further behind than this many bytes skips frames (display only). */
export const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;
/** Falling further behind the 60 Hz schedule than this restarts the schedule. */
export const MAX_LAG_MS = 250;

/** Options of {@link startServer}. */
export interface ServerOptions extends SessionOptions {
  /** TCP port 0…65535 on 127.0.0.1 (0: any free port). */
  port: number;
  /** Where the server's own lines go (default: nowhere). */
  log?: (line: string) => void;
}

/** A running server. */
export interface ServeHandle {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The console session. */
  readonly session: ServeSession;
  /** Stops serving and the console. */
  stop(): Promise<void>;
}

const STATIC: Record<string, [string, string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/client.js": ["client.js", "text/javascript; charset=utf-8"],
};

async function loadStatic(): Promise<Map<string, { body: string; type: string }>> {
  const out = new Map<string, { body: string; type: string }>();
  for (const [route, [file, type]] of Object.entries(STATIC)) {
    out.set(route, {
      body: await Deno.readTextFile(new URL(`./static/${file}`, import.meta.url)),
      type,
    });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the session and the server; resolves once it listens. */
export async function startServer(o: ServerOptions): Promise<ServeHandle> {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) {
    throw new ViewError("BAD_PORT", `--serve port must be an integer 0…65535, got ${o.port}`);
  }
  const log = o.log ?? (() => {});
  const files = await loadStatic();
  const session = await ServeSession.start(o);
  const sockets = new Set<WebSocket>();
  const schedule = { reset: true, stopped: false };
  const abort = new AbortController();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: SERVE_HOSTNAME,
      port: o.port,
      signal: abort.signal,
      onListen: () => {},
    }, (req) => handle(req));
  } catch (e) {
    await session.shutdown();
    if (e instanceof Deno.errors.AddrInUse) {
      throw new ViewError("PORT_IN_USE", `--serve: port ${o.port} on ${SERVE_HOSTNAME} is taken`);
    }
    throw new ViewError(
      "BAD_PORT",
      `--serve: cannot listen on port ${o.port}: ${(e as Error).message}`,
    );
  }
  const port = server.addr.port;
  const origins = new Set([`http://${SERVE_HOSTNAME}:${port}`, `http://localhost:${port}`]);
  const hosts = new Set([`${SERVE_HOSTNAME}:${port}`, `localhost:${port}`]);
  const cart = o.cartridge;
  const hello = JSON.stringify({
    type: "hello",
    title: cart.manifest.title,
    appId: cart.manifest.app_id,
    capabilities: cart.manifest.capabilities,
    source: cart.source,
    memcard: o.memcard === "memory" ? "memory" : o.memcard.dir,
  });

  const send = (ws: WebSocket, data: string | Uint8Array) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(data);
  };
  const broadcast = (data: string | Uint8Array, droppable = false) => {
    for (const ws of sockets) {
      if (droppable && ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      send(ws, data);
    }
  };
  const statusText = (f: SessionFrame | null) => {
    const s = session.status;
    return JSON.stringify({
      type: "status",
      session: session.generation,
      frame: s.frames - 1,
      end: f?.report.end ?? null,
      state: s.state,
      gasUsed: f?.report.gasUsed ?? 0,
      syscalls: f?.report.syscalls ?? 0,
      overruns: s.overruns,
      telemetry: s.telemetry,
      hash: s.hash,
      exit: s.exit,
      inputChanges: session.input.entries.length,
    });
  };

  async function onMessage(ws: WebSocket, text: string): Promise<void> {
    const m = parsePageMessage(text);
    switch (m.type) {
      case "input":
        session.input.set(m.pad, m.touch);
        return;
      case "restart":
      case "record":
        await session.restart();
        schedule.reset = true;
        broadcast(
          JSON.stringify({
            type: "restarted",
            session: session.generation,
            record: m.type === "record",
          }),
        );
        broadcast(statusText(null));
        return;
      case "stop": {
        const r = await session.recording();
        send(
          ws,
          JSON.stringify({
            type: "recording",
            ...r,
            memcard: o.memcard === "memory" ? "none" : "dir",
          }),
        );
        return;
      }
    }
  }

  function handle(req: Request): Response {
    const url = new URL(req.url);
    if (!hosts.has(req.headers.get("host") ?? "")) {
      return new Response("forbidden: this server answers only at its loopback address\n", {
        status: 403,
      });
    }
    if (req.method !== "GET") return new Response("method not allowed\n", { status: 405 });
    if (url.pathname === "/ws") {
      const origin = req.headers.get("origin");
      if (origin !== null && !origins.has(origin)) {
        return new Response("forbidden origin\n", { status: 403 });
      }
      if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return new Response("expected a WebSocket upgrade\n", { status: 426 });
      }
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.binaryType = "arraybuffer";
      socket.onopen = () => {
        sockets.add(socket);
        send(socket, hello);
        send(socket, statusText(null));
      };
      socket.onclose = () => sockets.delete(socket);
      socket.onerror = () => sockets.delete(socket);
      socket.onmessage = (ev) => {
        if (typeof ev.data !== "string") {
          send(socket, JSON.stringify({ type: "error", message: "expected a text message" }));
          return;
        }
        onMessage(socket, ev.data).catch((e) =>
          send(socket, JSON.stringify({ type: "error", message: (e as Error).message }))
        );
      };
      return response;
    }
    if (url.pathname === "/input.json") {
      try {
        return new Response(session.input.script(), {
          headers: {
            "content-type": "application/json",
            "content-disposition": `attachment; filename="input-${cart.manifest.app_id}.json"`,
          },
        });
      } catch (e) {
        return new Response(`${(e as Error).message}\n`, { status: 409 });
      }
    }
    if (url.pathname === "/status.json") {
      return new Response(statusText(null), { headers: { "content-type": "application/json" } });
    }
    const file = files.get(url.pathname);
    if (file === undefined) return new Response("not found\n", { status: 404 });
    return new Response(file.body, {
      headers: { "content-type": file.type, "cache-control": "no-store" },
    });
  }

  // The frame loop: 60 Hz on the wall clock (display pacing only, see the module text).
  const loop = (async () => {
    let epoch = 0;
    let n = 0;
    while (!schedule.stopped) {
      if (schedule.reset) {
        epoch = performance.now();
        n = 0;
        schedule.reset = false;
      }
      if (!session.running) {
        await sleep(50);
        schedule.reset = true;
        continue;
      }
      const f = await session.step();
      if (f !== null) {
        const out = f.report.outputs;
        broadcast(
          encodeFrameMessage(f.report.frame, out.framebuffer ?? null, out.audio ?? null),
          true,
        );
        broadcast(statusText(f));
        if (f.report.logs.length > 0) {
          broadcast(JSON.stringify({
            type: "log",
            lines: f.report.logs.map((l) =>
              `[f${f.report.frame}] ${LOG_LEVELS[l.level]}: ${l.text}`
            ),
          }));
        }
        if (f.report.exit !== null) {
          log(`session ${session.generation}: frame ${f.report.frame}: ${f.status.state}`);
        }
      }
      n++;
      let wait = epoch + (n * 1000) / FRAMES_PER_SECOND - performance.now();
      if (wait < -MAX_LAG_MS) {
        schedule.reset = true;
        wait = 0;
      }
      if (wait > 0) await sleep(wait);
    }
  })();

  const url = `http://${SERVE_HOSTNAME}:${port}/`;
  log(`serving "${cart.manifest.title}" on ${url} (loopback only) — Ctrl-C to stop`);
  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    session,
    stop() {
      stopping ??= (async () => {
        schedule.stopped = true;
        await loop;
        for (const ws of sockets) ws.close();
        abort.abort();
        await server.finished;
        await session.shutdown();
      })();
      return stopping;
    },
  };
}

/** Serves until SIGINT (Ctrl-C); resolves to the exit code of the last session's instance. */
export async function serveConsole(o: ServerOptions): Promise<number> {
  const h = await startServer(o);
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      Deno.removeSignalListener("SIGINT", onSignal);
      resolve();
    };
    Deno.addSignalListener("SIGINT", onSignal);
  });
  const exit = h.session.status.exit;
  await h.stop();
  return exit?.kind === "panic" ? 4 : exit?.kind === "trap" ? 3 : 0;
}
