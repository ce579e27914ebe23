/**
 * `deno task run cartridge [<cartridge>…]` — runs cartridges on the console (console/): each
 * instance a VM-instance actor in its own Worker, 60 Hz logical frames on virtual time, as fast
 * as the machine goes (or paced with `--realtime`). With no path it builds the bundled demo from
 * `console/examples/demo/` and runs it with its recorded input.
 *
 * Prints the guest's log lines, a summary every wall-clock second (display only: nothing the
 * guest, a frame hash or the trace can see), and a final report.
 * @module
 */

import { buildCartridge } from "../console/cartridge/build.ts";
import { loadCartridge, type LoadedCartridge } from "../console/cartridge/loader.ts";
import { CartridgeError, ConsoleUsageError, InputScriptError } from "../console/errors.ts";
import { InputScript } from "../console/input/script.ts";
import { CONSOLE_LIMITS, DEFAULT_FRAME_GAS, FRAMES_PER_SECOND } from "../console/limits.ts";
import { LOG_LEVELS } from "../console/log/log.ts";
import { Console, type InstanceStatus } from "../console/runtime/console.ts";

const DEMO = new URL("../console/examples/demo/", import.meta.url).pathname;

/** Usage text. */
export const HELP = `usage: deno task run cartridge [<cartridge>…] [options]

Runs cartridges (a cartridge directory or a .pmc file) on the console. With no path it builds
the bundled demo from console/examples/demo/ and runs it with its recorded input
(console/examples/demo/input.json): input, the whole asset lifecycle, memcard save and load.

  --instances K        run K isolated instances at once, each in its own Worker, cycling
                       through the paths given (default: one per path; at most ${CONSOLE_LIMITS.maxInstances})
  --frames N           stop after N frames (default: when every instance has halted or trapped)
  --input FILE         replay an input script (format: console/README.md)
  --hash               print each instance's final frame hash (64 hex digits)
  --trace FILE         write the actor trace, for: deno task viz --trace FILE
  --memcard DIR|none   where memcards live (default out/console/memcard: saves persist between
                       runs); none = in memory, empty at start. The hash covers what the guest
                       reads, so compare hashes from the same starting memcard.
  --gas N              gas per frame (default ${DEFAULT_FRAME_GAS})
  --inprocess          run every actor on the main thread instead of Workers
  --realtime           pace frames at ${FRAMES_PER_SECOND} per second (default: as fast as possible)
  --quiet              no guest log lines and no per-second summary

Exit codes: 0 ran to the end (every instance halted, or --frames reached), 1 a cartridge or
input file was rejected, 2 usage, 3 a guest trapped, 4 the runtime panicked.`;

interface Args {
  paths: string[];
  instances: number | null;
  frames: number | null;
  input: string | null;
  hash: boolean;
  trace: string | null;
  memcard: string;
  gas: number;
  inprocess: boolean;
  realtime: boolean;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = {
    paths: [],
    instances: null,
    frames: null,
    input: null,
    hash: false,
    trace: null,
    memcard: "out/console/memcard",
    gas: DEFAULT_FRAME_GAS,
    inprocess: false,
    realtime: false,
    quiet: false,
  };
  const int = (name: string, v: string | undefined, lo: number, hi: number): number | string => {
    if (v === undefined || !/^[0-9]+$/.test(v)) return `${name} needs an integer`;
    const n = Number(v);
    if (n < lo || n > hi) return `${name} must be ${lo}…${hi}`;
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const o = argv[i];
    const next = () => argv[++i];
    let n: number | string;
    switch (o) {
      case "--instances":
        n = int(o, next(), 1, CONSOLE_LIMITS.maxInstances);
        if (typeof n === "string") return n;
        a.instances = n;
        break;
      case "--frames":
        n = int(o, next(), 1, CONSOLE_LIMITS.maxFrame);
        if (typeof n === "string") return n;
        a.frames = n;
        break;
      case "--gas":
        n = int(o, next(), CONSOLE_LIMITS.minFrameGas, CONSOLE_LIMITS.maxFrameGas);
        if (typeof n === "string") return n;
        a.gas = n;
        break;
      case "--input":
      case "--trace":
      case "--memcard": {
        const v = next();
        if (v === undefined) return `${o} needs a value`;
        if (o === "--input") a.input = v;
        else if (o === "--trace") a.trace = v;
        else a.memcard = v;
        break;
      }
      case "--hash":
        a.hash = true;
        break;
      case "--inprocess":
        a.inprocess = true;
        break;
      case "--realtime":
        a.realtime = true;
        break;
      case "--quiet":
        a.quiet = true;
        break;
      default:
        if (o.startsWith("-")) return `unknown option ${o}`;
        a.paths.push(o);
    }
  }
  return a;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function exitText(s: InstanceStatus): string {
  const e = s.exit;
  if (e === null) return "running";
  if (e.kind === "halt") return "halted";
  if (e.kind === "panic") return `PANIC: ${e.message}`;
  const t = e.trap;
  return `TRAP ${t.code} at pc ${t.pc} (${t.opcode}): ${t.message}`;
}

/** Runs; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(`cartridge: ${args}\n\n${HELP}`);
    return 2;
  }
  const opened: LoadedCartridge[] = [];
  let demoDir: string | null = null;
  let con: Console | null = null;
  try {
    let paths = args.paths;
    let inputPath = args.input;
    if (paths.length === 0) {
      demoDir = await Deno.makeTempDir({ prefix: "console-demo-" });
      const built = await buildCartridge(DEMO, { outDir: demoDir });
      console.log(
        `built the demo cartridge from ${DEMO} (program.pvm ${built.files.program.length} B, assets.pa ${
          built.files.assets?.length ?? 0
        } B)`,
      );
      paths = [demoDir];
      inputPath ??= `${DEMO}input.json`;
    }
    const unique = new Map<string, LoadedCartridge>();
    for (const p of paths) {
      if (!unique.has(p)) {
        const c = await loadCartridge(p);
        opened.push(c);
        unique.set(p, c);
      }
    }
    const count = args.instances ?? paths.length;
    const carts = Array.from({ length: count }, (_, i) => unique.get(paths[i % paths.length])!);
    const input = inputPath === null ? undefined : await InputScript.load(inputPath);
    con = await Console.start({
      cartridges: carts,
      mode: args.inprocess ? "inprocess" : "workers",
      gasPerFrame: args.gas,
      memcard: args.memcard === "none" ? "memory" : { dir: args.memcard },
      input,
      keepTrace: args.trace !== null,
    });
    for (const s of con.instances) {
      console.log(
        `${s.name}: "${s.title}" from ${
          demoDir !== null ? "the demo sources" : s.source
        }, memcard ${s.memcardDir ?? "in memory"}`,
      );
    }
    // Wall-clock reads below are for display and pacing only.
    const started = performance.now();
    let lastPrint = started;
    let lastFrame = 0;
    let lastGas = 0;
    let lastCalls = 0;
    while (con.running && (args.frames === null || con.frame < args.frames)) {
      const f = await con.step();
      if (!args.quiet) {
        for (const r of f.reports) {
          for (const l of r.logs) {
            const who = count > 1 ? `cart/${r.index} ` : "";
            console.log(`[${who}f${r.frame}] ${LOG_LEVELS[l.level]}: ${l.text}`);
          }
          if (r.exit !== null) {
            console.log(`[cart/${r.index} f${r.frame}] ${exitText(con.instances[r.index])}`);
          }
        }
      }
      const now = performance.now();
      if (!args.quiet && now - lastPrint >= 1000) {
        const frames = con.frame - lastFrame;
        const gas = con.instances.reduce((s, i) => s + i.gas, 0);
        const calls = con.instances.reduce((s, i) => s + i.syscalls, 0);
        const t = con.instances[0].telemetry;
        const perFrame = (v: number) => (frames === 0 ? 0 : v / frames / count);
        console.log(
          `[${((now - started) / 1000).toFixed(1)} s] frame ${con.frame} · ${
            Math.round((frames * 1000) / (now - lastPrint))
          } frames/s × ${count} · gas/frame ${
            Math.round(perFrame(gas - lastGas))
          } · syscalls/frame ${perFrame(calls - lastCalls).toFixed(1)} · overruns ${
            con.instances.reduce((s, i) => s + i.overruns, 0)
          } · loads ${t["asset.pending"] ?? 0}/${t["asset.loading"] ?? 0}/${
            t["asset.ready"] ?? 0
          } · TILES ${kib(t["asset.tiles_used_bytes"] ?? 0)} · SOUNDS ${
            kib(t["asset.sounds_used_bytes"] ?? 0)
          } · memcard ${t["memcard.committed"] ?? 0} committed`,
        );
        lastPrint = now;
        lastFrame = con.frame;
        lastGas = gas;
        lastCalls = calls;
      }
      if (args.realtime) {
        const due = started + (con.frame * 1000) / FRAMES_PER_SECOND;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\n${con.frame} frames (${(con.frame / FRAMES_PER_SECOND).toFixed(1)} s of console time) in ${
        seconds.toFixed(2)
      } s: ${Math.round((con.frame * count) / seconds)} frames/s over ${count} instance(s)`,
    );
    for (const s of con.instances) {
      console.log(
        `${s.name}: ${
          exitText(s)
        } · ${s.frames} frames · gas ${s.gas} · syscalls ${s.syscalls} · overruns ${s.overruns} · hash ${
          args.hash ? s.hash : s.hash.slice(0, 16) + "…"
        }`,
      );
    }
    if (args.hash) { for (const s of con.instances) console.log(`hash ${s.name} ${s.hash}`); }
    console.log(`actor trace hash ${con.traceHash}`);
    if (args.trace !== null) {
      await con.writeTrace(args.trace);
      console.log(`wrote the actor trace to ${args.trace} (deno task viz --trace ${args.trace})`);
    }
    if (con.instances.some((s) => s.exit?.kind === "panic")) return 4;
    if (con.instances.some((s) => s.exit?.kind === "trap")) return 3;
    return 0;
  } catch (e) {
    if (e instanceof CartridgeError || e instanceof InputScriptError) {
      console.error(`cartridge: ${e.code}: ${e.message}`);
      return 1;
    }
    if (e instanceof ConsoleUsageError) {
      console.error(`cartridge: ${e.code}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await con?.shutdown();
    for (const c of opened) await c.close();
    if (demoDir !== null) await Deno.remove(demoDir, { recursive: true }).catch(() => {});
  }
}
