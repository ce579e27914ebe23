/**
 * The Worker side: one {@link ActorHost} per Worker. Thin by design: decode the request, let the
 * host run the behaviours, post the encoded reply back with its buffers transferred.
 *
 * A Worker is started from a tiny generated module (`entry_source.ts`) that statically imports
 * this file and the behaviour module, then calls {@link serveModule} — either as it is or bundled
 * into one file with all its dependencies (`bundle.ts`). Static imports are part of the Worker's
 * module graph, so they load even though the Worker has no read permission (a dynamic
 * `import()` of a local file inside a `permissions: "none"` Worker is refused).
 *
 * Protocol: every message is `{ bytes, attachments }` (an encoded batch), answered with the
 * encoded reply likewise, or with `{ fatal: string }` when the request itself is broken. The
 * first message also carries `config` (the host options: `guardGlobals`, `jitter`), which starts
 * the host before the batch is handled. A spawn that arrives before its module registered (a
 * behaviour module with top-level await) waits for it.
 *
 * @example
 * ```ts
 * // generated Worker entry:
 * // import { serveModule } from "file:///…/actors/worker_entry.ts";
 * // import * as m from "file:///…/console/cart.ts";
 * // serveModule("file:///…/console/cart.ts", m);
 * // then the slot's first request is { config: { guardGlobals: true, jitter: null }, bytes, attachments }
 * ```
 * @module
 */

import { describeError } from "./errors.ts";
import { ActorHost, type HostOptions } from "./host.ts";
import { transferList } from "./transfer.ts";

const modules = new Map<string, Record<string, unknown>>();
const waiting = new Map<string, (m: Record<string, unknown>) => void>();
let host: ActorHost | null = null;

/**
 * Registers a behaviour module (by URL). With `config`, also starts this Worker's host now (else
 * the host starts with the first request, which carries `config`).
 */
export function serveModule(
  url: string,
  mod: Record<string, unknown>,
  config?: HostOptions,
): void {
  if (config !== undefined) startHost(config);
  modules.set(url, mod);
  waiting.get(url)?.(mod);
  waiting.delete(url);
}

function startHost(config: HostOptions): void {
  host ??= new ActorHost({ ...config, load });
}

function load(url: string): Promise<Record<string, unknown>> {
  const m = modules.get(url);
  if (m !== undefined) return Promise.resolve(m);
  return new Promise((resolve) => waiting.set(url, resolve));
}

interface Request {
  config?: HostOptions;
  bytes?: Uint8Array;
  attachments?: Uint8Array[];
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(data: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  if (req.config !== undefined) startHost(req.config);
  try {
    if (host === null || req.bytes === undefined) throw new Error("request before the host config");
    const reply = await host.handle(req.bytes, req.attachments ?? []);
    const { list, bytes, attachments } = transferList(reply.bytes, reply.attachments);
    scope.postMessage({ bytes, attachments }, list);
  } catch (err) {
    scope.postMessage({ fatal: describeError(err) });
  }
};
