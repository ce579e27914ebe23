/**
 * The console firmware on the main thread: it starts one asset loader actor per distinct
 * assets.pa and one VM-instance actor per instance (each in its own Worker), runs the preload
 * through the loaders before any guest runs, and then drives 60 Hz logical frames on the
 * actor system's virtual time — one virtual tick per frame, every live instance's `frame`
 * message in the same round, the loaders' answers relayed to their instances with the next
 * frame.
 *
 * Per frame: latch input (the input script's state for that frame) → every instance runs its
 * frame (VM to `frame_sync` or its budget, asset boundary, telemetry, frame hash) → loads asked
 * for go to the loader (one more round, only in frames that asked) → reports are collected → the
 * clock moves one tick. An instance that halts, traps or panics stops receiving frames; the run
 * goes on while any instance lives.
 *
 * @example
 * ```ts
 * import { Console } from "./console.ts";
 * import { loadCartridge } from "../cartridge/loader.ts";
 * const cart = await loadCartridge("out/cartridges/demo");
 * const con = await Console.start({ cartridges: [cart, cart], memcard: "memory", mode: "inprocess" });
 * while (con.running && con.frame < 600) await con.step();
 * con.instances.map((i) => i.hash);
 * await con.shutdown();
 * ```
 * @module
 */

import { ActorSystem } from "../../actors/mod.ts";
import { loaderBehaviour } from "../../assets/manager/loader_actor.ts";
import {
  LOAD_DONE,
  LOAD_FAILED,
  LOAD_REQUEST,
  type LoadDoneBody,
  type LoadFailedBody,
} from "../../assets/manager/loader_wire.ts";
import type { TrapInfo } from "../../vm/mod.ts";
import type { LoadedCartridge } from "../cartridge/loader.ts";
import { CartridgeError, ConsoleUsageError } from "../errors.ts";
import type { InputFrame } from "../input/pad.ts";
import { InputScript } from "../input/script.ts";
import { CONSOLE_LIMITS, DEFAULT_FRAME_GAS } from "../limits.ts";
import { instanceBehaviour } from "./instance_actor.ts";
import { type LoaderAnswer, type PreloadAnswer, wireInstance } from "./relay_backend.ts";
import { FRAME, type FrameMessage, type FrameReportBody, type InstanceInput } from "./wire.ts";

/**
 * Where each frame's input comes from: an {@link InputScript}, or a live source (the `--serve`
 * page's keyboard). `at(frame)` is asked exactly once per frame, in frame order, when the frame
 * is latched — so a live source can record exactly what each frame got.
 */
export interface InputSource {
  /** The input of frame `frame`. */
  at(frame: number): InputFrame;
}

/** Options of {@link Console.start}. */
export interface ConsoleOptions {
  /** One validated cartridge per instance (the same one may repeat). */
  cartridges: readonly LoadedCartridge[];
  /** Workers (default) or everything on the main thread. */
  mode?: "workers" | "inprocess";
  /** Actor system seed (default 0). */
  seed?: bigint;
  /** Gas per frame (default `DEFAULT_FRAME_GAS`). */
  gasPerFrame?: number;
  /**
   * Where memcards live: a base folder (instance i of app A uses `<base>/<A>` for i = 0 and
   * `<base>/<A>.<i>` otherwise, so instances never share a card), or "memory" (empty cards
   * that vanish with the run). Default "memory".
   */
  memcard?: { dir: string } | "memory";
  /** The input every instance gets (default: nothing pressed). */
  input?: InputSource;
  /** Keep the whole actor trace in memory for {@link Console.writeTrace} (default false). */
  keepTrace?: boolean;
  /** Output streams to ask for on a given frame (default none). */
  outputs?: (frame: number) => readonly string[];
}

/** What the firmware knows about one instance. */
export interface InstanceStatus {
  /** Index (0…). */
  index: number;
  /** Actor name. */
  name: string;
  /** The cartridge's title and source. */
  title: string;
  source: string;
  /** Last reported lifecycle state. */
  state: string;
  /** Frames run. */
  frames: number;
  /** Rolling frame hash after the last frame. */
  hash: string;
  /** Totals. */
  gas: number;
  syscalls: number;
  overruns: number;
  /** Last frame's telemetry. */
  telemetry: Record<string, number>;
  /** How it ended, or null while it runs. */
  exit:
    | { kind: "halt" }
    | { kind: "trap"; trap: TrapInfo }
    | { kind: "panic"; message: string }
    | null;
  /** Its memcard folder, or null (in memory). */
  memcardDir: string | null;
}

/** One frame of the whole console. */
export interface ConsoleFrame {
  /** The frame number. */
  frame: number;
  /** Reports of the instances that ran it, by index order. */
  reports: FrameReportBody[];
}

const abs = (p: string) => (p.startsWith("/") ? p : `${Deno.cwd()}/${p}`);

/** The running console (see the module documentation). */
export class Console {
  readonly #sys: ActorSystem;
  readonly #status: InstanceStatus[];
  readonly #pending: LoaderAnswer[][];
  readonly #input: InputSource;
  readonly #outputs: (frame: number) => readonly string[];
  #frame = 0;

  private constructor(sys: ActorSystem, status: InstanceStatus[], options: ConsoleOptions) {
    this.#sys = sys;
    this.#status = status;
    this.#pending = status.map(() => []);
    this.#input = options.input ?? InputScript.empty();
    this.#outputs = options.outputs ?? (() => []);
  }

  /**
   * Starts loaders and instances and runs every preload. Throws `ConsoleUsageError` for bad
   * options and `CartridgeError` (BAD_PRELOAD) when a preload asset cannot be loaded; the actor
   * system is shut down again then.
   */
  static async start(options: ConsoleOptions): Promise<Console> {
    const carts = options.cartridges;
    if (carts.length < 1 || carts.length > CONSOLE_LIMITS.maxInstances) {
      throw new ConsoleUsageError(
        "BAD_INSTANCES",
        `instances must be 1…${CONSOLE_LIMITS.maxInstances}, got ${carts.length}`,
      );
    }
    const gasPerFrame = options.gasPerFrame ?? DEFAULT_FRAME_GAS;
    if (
      !Number.isSafeInteger(gasPerFrame) || gasPerFrame < CONSOLE_LIMITS.minFrameGas ||
      gasPerFrame > CONSOLE_LIMITS.maxFrameGas
    ) {
      throw new ConsoleUsageError(
        "BAD_GAS",
        `gas per frame must be ${CONSOLE_LIMITS.minFrameGas}…${CONSOLE_LIMITS.maxFrameGas}, got ${gasPerFrame}`,
      );
    }
    const sys = new ActorSystem({
      seed: options.seed ?? 0n,
      mode: options.mode ?? "workers",
      keepTraceBytes: options.keepTrace ? undefined : 0,
      supervision: { maxRestarts: 0 },
    });
    try {
      // One loader per distinct assets.pa, then the preload of each, through the loader.
      const loaders = new Map<string, string>();
      for (const c of carts) {
        if (c.assetsPath !== null && !loaders.has(c.assetsPath)) {
          loaders.set(c.assetsPath, `loader/${loaders.size}`);
        }
      }
      await sys.spawnMany([...loaders].map(([path, name]) => ({
        name,
        behaviour: loaderBehaviour(path),
        input: { path },
      })));
      const preloads = await runPreloads(sys, carts, loaders);
      const memcard = options.memcard ?? "memory";
      const status: InstanceStatus[] = [];
      const specs = await Promise.all(carts.map(async (c, index) => {
        let memcardDir: string | null = null;
        if (memcard !== "memory") {
          const base = abs(memcard.dir);
          memcardDir = index === 0
            ? `${base}/${c.manifest.app_id}`
            : `${base}/${c.manifest.app_id}.${index}`;
          await Deno.mkdir(memcardDir, { recursive: true });
        }
        const name = `cart/${index}`;
        status.push({
          index,
          name,
          title: c.manifest.title,
          source: c.source,
          state: "created",
          frames: 0,
          hash: "0".repeat(64),
          gas: 0,
          syscalls: 0,
          overruns: 0,
          telemetry: {},
          exit: null,
          memcardDir,
        });
        const input: InstanceInput = {
          index,
          manifest: c.manifest,
          program: c.programBytes,
          assetsHeader: c.assetsHeader,
          loader: c.assetsPath === null ? null : loaders.get(c.assetsPath)!,
          // Each instance gets its own copy: large arrays are transferred to its Worker.
          preload: c.assetsPath === null ? [] : structuredClone(preloads.get(c.assetsPath)!),
          memcardDir,
          gasPerFrame,
        };
        return { name, behaviour: instanceBehaviour(memcardDir), input, dedicatedWorker: true };
      }));
      status.sort((a, b) => a.index - b.index);
      await sys.spawnMany(specs);
      const con = new Console(sys, status, options);
      con.#checkAlive();
      return con;
    } catch (e) {
      await sys.shutdown();
      throw e;
    }
  }

  /** Frames run so far (the next frame's number). */
  get frame(): number {
    return this.#frame;
  }

  /** True while any instance still runs. */
  get running(): boolean {
    return this.#status.some((s) => s.exit === null);
  }

  /** What each instance did so far. */
  get instances(): readonly InstanceStatus[] {
    return this.#status;
  }

  /** The actor trace hash so far. */
  get traceHash(): string {
    return this.#sys.traceHash;
  }

  /** Writes the actor trace (needs `keepTrace`) for `deno task viz --trace`. */
  async writeTrace(path: string): Promise<void> {
    await this.#sys.writeTrace(path);
  }

  /** Runs one frame on every live instance and returns their reports. */
  async step(): Promise<ConsoleFrame> {
    const frame = this.#frame;
    const input = this.#input.at(frame);
    const wants = [...this.#outputs(frame)];
    const live = this.#status.filter((s) => s.exit === null);
    for (const s of live) {
      const body: FrameMessage = {
        frame,
        pad: input.pad,
        touch: input.touch === null ? null : [input.touch[0], input.touch[1]],
        loads: this.#pending[s.index],
        wants,
      };
      this.#pending[s.index] = [];
      const sent = this.#sys.send(s.name, FRAME, body);
      if (sent !== "OK") {
        s.exit = {
          kind: "panic",
          message: `the firmware could not deliver frame ${frame}: ${sent}`,
        };
      }
    }
    await this.#sys.runUntilIdle();
    const reports: FrameReportBody[] = [];
    for (const out of this.#sys.takeOutbox()) {
      if (out.type === FRAME) {
        const r = out.body as FrameReportBody;
        const s = this.#status[r.index];
        s.state = r.state;
        s.frames++;
        s.hash = r.hash;
        s.gas += r.gasUsed;
        s.syscalls += r.syscalls;
        s.overruns = r.overruns;
        s.telemetry = r.telemetry;
        if (r.exit !== null) s.exit = r.exit;
        reports.push(r);
      } else if (out.type === LOAD_DONE || out.type === LOAD_FAILED) {
        const body = out.body as LoadDoneBody | LoadFailedBody;
        const answer = (out.type === LOAD_DONE
          ? { type: "loaded", body }
          : { type: "failed", body }) as LoaderAnswer;
        this.#pending[wireInstance(body.job)]?.push(answer);
      }
    }
    this.#checkAlive();
    for (const s of live) {
      if (s.exit === null && !reports.some((r) => r.index === s.index)) {
        s.exit = {
          kind: "panic",
          message: `instance ${s.index} sent no report for frame ${frame}`,
        };
        s.state = "panicked";
      }
    }
    reports.sort((a, b) => a.index - b.index);
    await this.#sys.advance(1);
    this.#frame++;
    return { frame, reports };
  }

  #checkAlive(): void {
    for (const s of this.#status) {
      if (s.exit !== null) continue;
      const info = this.#sys.info(s.name);
      if (info.supervision === "crashed" || info.supervision === "stopped") {
        s.exit = {
          kind: "panic",
          message: `the instance actor crashed: ${info.lastCrash ?? "stopped"}`,
        };
        s.state = "panicked";
      }
    }
  }

  /** Stops every actor and Worker. */
  async shutdown(): Promise<void> {
    await this.#sys.shutdown();
  }
}

/** Loads every preload entry of each distinct assets.pa through its loader, before boot. */
async function runPreloads(
  sys: ActorSystem,
  carts: readonly LoadedCartridge[],
  loaders: Map<string, string>,
): Promise<Map<string, PreloadAnswer[]>> {
  const out = new Map<string, PreloadAnswer[]>();
  const jobs = new Map<number, { path: string; index: number }>();
  let next = 1;
  for (const c of carts) {
    if (c.assetsPath === null || out.has(c.assetsPath)) continue;
    const list: PreloadAnswer[] = [];
    out.set(c.assetsPath, list);
    c.assetsHeader!.preload.forEach((p, index) => {
      const job = next++;
      jobs.set(job, { path: c.assetsPath!, index });
      list.push({
        asset_id: p.asset_id,
        answer: { type: "failed", body: { job, code: "NO_ANSWER", message: "" } },
      });
      sys.send(loaders.get(c.assetsPath!)!, LOAD_REQUEST, { job, asset_id: p.asset_id });
    });
  }
  if (jobs.size === 0) return out;
  await sys.runUntilIdle();
  for (const o of sys.takeOutbox()) {
    if (o.type !== LOAD_DONE && o.type !== LOAD_FAILED) continue;
    const body = o.body as LoadDoneBody | LoadFailedBody;
    const j = jobs.get(body.job);
    if (j === undefined) continue;
    out.get(j.path)![j.index].answer =
      (o.type === LOAD_DONE ? { type: "loaded", body } : { type: "failed", body }) as LoaderAnswer;
  }
  for (const [path, list] of out) {
    list.forEach((p, i) => {
      if (p.answer.type === "failed") {
        const b = p.answer.body;
        throw new CartridgeError(
          "BAD_PRELOAD",
          "assets.pa",
          `preload[${i}]`,
          `asset ${p.asset_id} could not be loaded from ${path}: ${b.code}${
            b.message === "" ? "" : `: ${b.message}`
          }`,
        );
      }
    });
  }
  await sys.advance(1);
  return out;
}
