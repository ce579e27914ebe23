/**
 * A minimal Chrome DevTools Protocol client for browser tests: starts headless Chromium (Debian's
 * `chromium`) on a page with `--remote-debugging-port=0`, finds the page target through the
 * port Chromium writes to `DevToolsActivePort`, and talks to it over a WebSocket (`send`,
 * `evaluate`, key and mouse events, `waitFor`). No npm dependency.
 * @module
 */

/** Whether `chromium` runs here (CI installs it: .ci/setup.d/chromium.sh). */
export async function hasChromium(): Promise<boolean> {
  try {
    const out = await new Deno.Command("chromium", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** A connected page. */
export class CdpPage {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const m = JSON.parse(String(ev.data));
      if (m.id === undefined) return; // events: not used
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.error) p.fail(new Error(`${m.error.message} (${m.error.code})`));
      else p.ok(m.result);
    };
  }

  /** Connects to a page target's debugger URL. */
  static connect(url: string): Promise<CdpPage> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new CdpPage(ws));
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
  }

  /** Sends a command and resolves to its result. */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((ok, fail) => {
      this.#pending.set(id, { ok: ok as (v: unknown) => void, fail });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates `expression` in the page and returns its value (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true },
    );
    if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.text} in ${expression}`);
    return r.result.value as T;
  }

  /** Polls `expression` until it is truthy (a throw counts as not yet); returns its value. */
  async waitFor<T>(expression: string, what: string, timeoutMs = 15_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < until) {
      // Not ready yet (e.g. the page's script has not defined its globals) counts as falsy.
      last = await this.evaluate<T>(
        `(() => { try { return ${expression}; } catch { return null; } })()`,
      );
      if (last) return last as T;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what} (${expression} → ${JSON.stringify(last)})`);
  }

  /** Presses or releases a key given by its `KeyboardEvent.code` (e.g. "ArrowRight", "KeyZ"). */
  async key(type: "keyDown" | "keyUp", code: string, key: string, keyCode: number): Promise<void> {
    await this.send("Input.dispatchKeyEvent", {
      type,
      code,
      key,
      windowsVirtualKeyCode: keyCode,
      nativeVirtualKeyCode: keyCode,
    });
  }

  /** A mouse event at page coordinates. */
  async mouse(type: "mousePressed" | "mouseReleased" | "mouseMoved", x: number, y: number) {
    await this.send("Input.dispatchMouseEvent", {
      type,
      x,
      y,
      button: "left",
      buttons: type === "mouseReleased" ? 0 : 1,
      clickCount: 1,
    });
  }

  /** Closes the connection. */
  close(): void {
    this.#ws.close();
  }
}

/** A headless Chromium showing `url`, with its page connected. */
export interface Browser {
  page: CdpPage;
  close(): Promise<void>;
}

/** Starts headless Chromium on `url` and connects to the page. */
export async function openBrowser(url: string): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "cdp-profile-" });
  const child = new Deno.Command("chromium", {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--autoplay-policy=no-user-gesture-required",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "--window-size=1400,900",
      url,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  try {
    let port = 0;
    const until = Date.now() + 30_000;
    while (port === 0) {
      if (Date.now() > until) throw new Error("chromium did not open its debugging port");
      try {
        port = Number((await Deno.readTextFile(`${profile}/DevToolsActivePort`)).split("\n")[0]);
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    interface Target {
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }
    let target: Target | undefined;
    while (target === undefined) {
      if (Date.now() > until) throw new Error(`no page target for ${url}`);
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Target[];
      target = list.find((t) => t.type === "page" && t.url.startsWith(url));
      if (target === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    const page = await CdpPage.connect(target.webSocketDebuggerUrl);
    return {
      page,
      close: async () => {
        page.close();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
