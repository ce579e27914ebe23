/**
 * Host slots: where actors run. A {@link WorkerSlot} is one module Worker running an
 * `ActorHost` (with no permissions unless given some), started from a prebuilt bundle of its
 * entry (`bundle.ts`) or from the generated entry (`entry_source.ts`) as a blob, and sent its host
 * options as its first message; an {@link InProcessSlot} runs the host on the main thread. The
 * scheduler talks to both the same way: one request, one reply.
 *
 * A Worker that throws an uncaught error or fails to deserialize a message is reported as dead
 * (`WORKER_DIED`, with the cause) and never used again. A Worker that does not answer within
 * the watchdog time is `WORKER_UNRESPONSIVE` — a liveness guard only, never part of a trace. Deno
 * cannot terminate a Worker spinning in a loop (`terminate()` does not stop it), so guest code
 * must be bounded by VM gas.
 *
 * @example
 * ```ts
 * import { InProcessSlot } from "./transport.ts";
 * const slot = new InProcessSlot(0);
 * // await slot.request(bytes, attachments);
 * slot.close();
 * ```
 * @module
 */

import type { ActorPermissions } from "./behaviour.ts";
import { ActorError } from "./errors.ts";
import { workerEntrySource } from "./entry_source.ts";
import { ActorHost, type HostOptions } from "./host.ts";
import { transferList } from "./transfer.ts";

/** An encoded request or reply and its attachments. */
export interface Packet {
  /** The msgpack envelope. */
  bytes: Uint8Array;
  /** Out-of-band attachments. */
  attachments: Uint8Array[];
}

/** Where a group of actors runs. */
export interface HostSlot {
  /** Slot number (placement only; never in a trace). */
  readonly id: number;
  /** Why the slot died, or null while alive. */
  readonly dead: string | null;
  /** Sends one request; resolves with the reply. One request at a time. */
  request(packet: Packet): Promise<Packet>;
  /** Ends the slot. */
  close(): void;
}

/** Runs the host on the main thread (the in-process mode). */
export class InProcessSlot implements HostSlot {
  private readonly host: ActorHost;
  private busy = false;
  /** Always null: an in-process host cannot die apart from the process. */
  readonly dead = null;

  /** Creates slot `id`. Globals are not guarded (they belong to the main thread). */
  constructor(readonly id: number) {
    this.host = new ActorHost({ guardGlobals: false });
  }

  /** Runs the request through the host. */
  async request(packet: Packet): Promise<Packet> {
    if (this.busy) throw new Error("actors: invariant broken: one request at a time per slot");
    this.busy = true;
    try {
      return await this.host.handle(packet.bytes, packet.attachments);
    } finally {
      this.busy = false;
    }
  }

  /** Nothing to release. */
  close(): void {}
}

/** Options of a Worker slot. */
export interface WorkerSlotOptions {
  /** The behaviour module this Worker hosts. */
  moduleUrl: string;
  /** Permissions of the Worker (null: none at all). */
  permissions: ActorPermissions | null;
  /** Host options passed to the Worker. */
  host: HostOptions;
  /** Milliseconds to wait for a reply before giving up (0: wait forever). */
  watchdogMs: number;
  /**
   * A prebuilt entry to start the Worker from (a bundle file from `bundle.ts`); null or absent:
   * the generated entry, as a blob.
   */
  entryUrl?: string | null;
}

function denoPermissions(p: ActorPermissions | null): "none" | Record<string, unknown> {
  if (p === null) return "none";
  const list = (v: string[] | undefined) => (v === undefined || v.length === 0 ? false : v);
  return {
    read: list(p.read),
    write: list(p.write),
    net: list(p.net),
    env: list(p.env),
    run: false,
    ffi: false,
    sys: false,
    import: false,
  };
}

interface Waiter {
  resolve(p: Packet): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | null;
}

/** One module Worker running an actor host. */
export class WorkerSlot implements HostSlot {
  private readonly worker: Worker;
  /** The blob URL this slot made (revoked on close), or null when started from a bundle. */
  private readonly blobUrl: string | null;
  private waiter: Waiter | null = null;
  private deadCause: string | null = null;
  /** False until the first request (which carries the host options) has been posted. */
  private configured = false;

  /**
   * Starts the Worker from `options.entryUrl` or else the generated entry. The host options ride
   * on the first request (one message fewer for a fresh Worker to wake up for).
   */
  constructor(readonly id: number, private readonly options: WorkerSlotOptions) {
    const prebuilt = options.entryUrl ?? null;
    this.blobUrl = prebuilt === null
      ? URL.createObjectURL(
        new Blob([workerEntrySource(options.moduleUrl)], { type: "text/javascript" }),
      )
      : null;
    try {
      this.worker = new Worker(prebuilt ?? this.blobUrl!, {
        type: "module",
        name: `actor-host-${id}`,
        deno: { permissions: denoPermissions(options.permissions) },
      } as WorkerOptions);
    } catch (e) {
      throw new ActorError("SPAWN_FAILED", `cannot start a Worker: ${(e as Error).message}`, {
        cause: e,
      });
    }
    this.worker.onmessage = (e: MessageEvent) => this.onReply(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.die("WORKER_DIED", `worker died: ${e.message}`);
    };
    this.worker.onmessageerror = () =>
      this.die("WORKER_DIED", "worker died: message could not be read");
  }

  /** Why it died, or null. */
  get dead(): string | null {
    return this.deadCause;
  }

  private post(data: unknown, transfer: ArrayBuffer[]): Promise<Packet> {
    if (this.deadCause !== null) {
      return Promise.reject(new ActorError("WORKER_DIED", this.deadCause));
    }
    if (this.waiter !== null) {
      throw new Error("actors: invariant broken: one request at a time per slot");
    }
    return new Promise<Packet>((resolve, reject) => {
      const ms = this.options.watchdogMs;
      const timer = ms > 0
        ? setTimeout(() =>
          this.die(
            "WORKER_UNRESPONSIVE",
            `worker ${this.id} did not answer within ${ms} ms (a busy loop cannot be stopped; bound work with gas)`,
          ), ms)
        : null;
      this.waiter = { resolve, reject, timer };
      this.worker.postMessage(data, transfer);
    });
  }

  /** Sends one request; resolves with the reply or rejects with WORKER_DIED. */
  request(packet: Packet): Promise<Packet> {
    const { list, bytes, attachments } = transferList(packet.bytes, packet.attachments);
    if (this.configured) return this.post({ bytes, attachments }, list);
    this.configured = true;
    return this.post({ config: this.options.host, bytes, attachments }, list);
  }

  private onReply(data: { bytes?: Uint8Array; attachments?: Uint8Array[]; fatal?: string }): void {
    const w = this.waiter;
    if (w === null) return this.die("WORKER_DIED", "worker sent a message nobody asked for");
    this.waiter = null;
    if (w.timer !== null) clearTimeout(w.timer);
    if (data.fatal !== undefined) {
      w.reject(new ActorError("MALFORMED_MESSAGE", `host refused a request: ${data.fatal}`));
      return;
    }
    w.resolve({ bytes: data.bytes ?? new Uint8Array(0), attachments: data.attachments ?? [] });
  }

  private die(code: "WORKER_DIED" | "WORKER_UNRESPONSIVE", cause: string): void {
    if (this.deadCause !== null) return;
    this.deadCause = cause;
    this.worker.terminate();
    if (this.blobUrl !== null) URL.revokeObjectURL(this.blobUrl);
    const w = this.waiter;
    this.waiter = null;
    if (w !== null) {
      if (w.timer !== null) clearTimeout(w.timer);
      w.reject(new ActorError(code, cause));
    }
  }

  /** Terminates the Worker. */
  close(): void {
    if (this.deadCause === null) this.deadCause = "closed";
    this.worker.terminate();
    if (this.blobUrl !== null) URL.revokeObjectURL(this.blobUrl);
    const w = this.waiter;
    this.waiter = null;
    if (w !== null) {
      if (w.timer !== null) clearTimeout(w.timer);
      w.reject(new ActorError("SYSTEM_CLOSED", "the actor system was shut down"));
    }
  }
}
