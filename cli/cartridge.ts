/**
 * `deno task run cartridge [<cartridge>…]` — runs cartridges on the console (console/): each
 * instance a VM-instance actor in its own Worker, 60 Hz logical frames on virtual time, as fast
 * as the machine goes (or paced with `--realtime`). With no path it builds the bundled game from
 * `console/examples/game/` and runs it with its recorded input.
 *
 * Seeing and hearing it: `--png` writes frames as PNG, `--wav` streams the mixed audio to a WAV
 * file, and when stdout is a terminal a live preview (ANSI half-blocks) with the per-second
 * summary is redrawn in place; `--serve` opens a page on 127.0.0.1 instead (console/serve).
 * Wall-clock time decides only when things are shown, never what a frame contains.
 * @module
 */

import { buildCartridge } from "../console/cartridge/build.ts";
import { loadCartridge, type LoadedCartridge } from "../console/cartridge/loader.ts";
import { CartridgeError, ConsoleUsageError, InputScriptError } from "../console/errors.ts";
import { InputScript } from "../console/input/script.ts";
import { CONSOLE_LIMITS, DEFAULT_FRAME_GAS, FRAMES_PER_SECOND } from "../console/limits.ts";
import { LOG_LEVELS } from "../console/log/log.ts";
import { Console, type InstanceStatus } from "../console/runtime/console.ts";
import { DEFAULT_SERVE_PORT, serveConsole } from "../console/serve/mod.ts";
import { ViewError } from "../console/view/errors.ts";
import { MAX_PNG_SCALE, PngSink } from "../console/view/png_sink.ts";
import { framebufferOf } from "../console/view/streams.ts";
import { SummaryMeter } from "../console/view/summary.ts";
import { TerminalView } from "../console/view/terminal.ts";
import { WavSink } from "../console/view/wav_sink.ts";

const GAME = new URL("../console/examples/game/", import.meta.url).pathname;

/** Usage text. */
export const HELP = `usage: deno task run cartridge [<cartridge>…] [options]

Runs cartridges (a cartridge directory or a .pmc file) on the console. With no path it builds
the bundled game from console/examples/game/ and runs it with its recorded input
(console/examples/game/input.json). Other demos: console/examples/{streaming,stress,demo}
(deno task run build <folder>, then run the output).

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
  --quiet              no guest log lines, no preview and no per-second summary

Seeing and hearing:
  --png DIR            write frames as PNG files DIR/cart<i>-frame-<n>.png (every frame unless
                       --png-every or --png-last say otherwise; the folder is created)
  --png-every N        only every Nth frame (frames 0, N, 2N, …)
  --png-last           only each instance's last frame (with --png-every: those and the last)
  --scale K            PNG scale factor, an integer 1…${MAX_PNG_SCALE} (default 1: 320×180)
  --wav FILE           stream instance 0's mixed audio to FILE (WAV, PCM16 stereo 48 kHz)
  --no-preview         on a terminal, keep the per-second summary but draw no picture
  --serve [PORT]       serve a page on http://127.0.0.1:PORT/ (default ${DEFAULT_SERVE_PORT}; 0 = any free
                       port) that shows the cartridge at 60 frames/s with sound, keyboard as the
                       pad, telemetry, and records the session's input (one instance; runs until
                       Ctrl-C, or --frames)

When stdout is a terminal (and not --quiet) the screen of instance 0 is previewed live in
truecolour half-blocks above the per-second summary and the latest log lines; otherwise log
lines are printed as they come and the summary is off.

Exit codes: 0 ran to the end (every instance halted, or --frames reached), 1 a cartridge or
input file was rejected, 2 usage (including an unwritable --png folder or --wav file, or a
--serve port that is taken), 3 a guest trapped, 4 the runtime panicked.`;

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
  png: string | null;
  pngEvery: number | null;
  pngLast: boolean;
  scale: number | null;
  wav: string | null;
  preview: boolean;
  serve: number | null;
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
    png: null,
    pngEvery: null,
    pngLast: false,
    scale: null,
    wav: null,
    preview: true,
    serve: null,
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
      case "--frames":
      case "--gas":
      case "--png-every":
      case "--scale": {
        const [lo, hi] = o === "--instances"
          ? [1, CONSOLE_LIMITS.maxInstances]
          : o === "--frames"
          ? [1, CONSOLE_LIMITS.maxFrame]
          : o === "--gas"
          ? [CONSOLE_LIMITS.minFrameGas, CONSOLE_LIMITS.maxFrameGas]
          : o === "--scale"
          ? [1, MAX_PNG_SCALE]
          : [1, CONSOLE_LIMITS.maxFrame];
        n = int(o, next(), lo, hi);
        if (typeof n === "string") return n;
        if (o === "--instances") a.instances = n;
        else if (o === "--frames") a.frames = n;
        else if (o === "--gas") a.gas = n;
        else if (o === "--png-every") a.pngEvery = n;
        else a.scale = n;
        break;
      }
      case "--serve": {
        const v = argv[i + 1];
        if (v !== undefined && !v.startsWith("-") && /^[0-9]+$/.test(v)) {
          n = int(o, next(), 0, 65535);
          if (typeof n === "string") return n;
          a.serve = n;
        } else if (v !== undefined && !v.startsWith("-") && /^[0-9]/.test(v)) {
          return `--serve port must be an integer 0…65535, got ${v}`;
        } else a.serve = DEFAULT_SERVE_PORT;
        break;
      }
      case "--input":
      case "--trace":
      case "--memcard":
      case "--png":
      case "--wav": {
        const v = next();
        if (v === undefined || v === "") return `${o} needs a value`;
        if (o === "--input") a.input = v;
        else if (o === "--trace") a.trace = v;
        else if (o === "--memcard") a.memcard = v;
        else if (o === "--png") a.png = v;
        else a.wav = v;
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
      case "--png-last":
        a.pngLast = true;
        break;
      case "--no-preview":
        a.preview = false;
        break;
      default:
        if (o.startsWith("-")) return `unknown option ${o}`;
        a.paths.push(o);
    }
  }
  if (a.png === null && (a.pngEvery !== null || a.pngLast || a.scale !== null)) {
    return "--png-every, --png-last and --scale go with --png DIR";
  }
  if (a.serve !== null) {
    if ((a.instances ?? Math.max(1, a.paths.length)) !== 1) return "--serve shows one instance";
    if (a.png !== null || a.wav !== null || a.trace !== null || a.realtime || a.input !== null) {
      return "--serve cannot be combined with --png, --wav, --trace, --realtime or --input (the page is the input)";
    }
  }
  return a;
}

function exitText(s: InstanceStatus): string {
  const e = s.exit;
  if (e === null) return "running";
  if (e.kind === "halt") return "halted";
  if (e.kind === "panic") return `PANIC: ${e.message}`;
  const t = e.trap;
  return `TRAP ${t.code} at pc ${t.pc} (${t.opcode}): ${t.message}`;
}

function exitCode(con: Console): number {
  if (con.instances.some((s) => s.exit?.kind === "panic")) return 4;
  if (con.instances.some((s) => s.exit?.kind === "trap")) return 3;
  return 0;
}

/** Runs; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(`cartridge: ${args}\n\n${HELP}`);
    return 2;
  }
  const opened: LoadedCartridge[] = [];
  let gameDir: string | null = null;
  let con: Console | null = null;
  let png: PngSink | null = null;
  let wav: WavSink | null = null;
  let view: TerminalView | null = null;
  try {
    let paths = args.paths;
    let inputPath = args.input;
    if (paths.length === 0) {
      gameDir = await Deno.makeTempDir({ prefix: "console-game-" });
      const built = await buildCartridge(GAME, { outDir: gameDir });
      console.log(
        `built the game cartridge from ${GAME} (program.pvm ${built.files.program.length} B, assets.pa ${
          built.files.assets?.length ?? 0
        } B)`,
      );
      paths = [gameDir];
      if (args.serve === null) inputPath ??= `${GAME}input.json`;
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
    const memcard = args.memcard === "none" ? "memory" as const : { dir: args.memcard };
    if (args.serve !== null) {
      return await serveConsole({
        cartridge: carts[0],
        port: args.serve,
        mode: args.inprocess ? "inprocess" : "workers",
        gasPerFrame: args.gas,
        memcard,
        frames: args.frames,
        log: (line) => console.log(line),
      });
    }
    if (args.png !== null) {
      png = await PngSink.open({
        dir: args.png,
        every: args.pngLast && args.pngEvery === null ? null : args.pngEvery ?? 1,
        last: args.pngLast,
        scale: args.scale ?? 1,
        lastFrame: args.frames === null ? null : args.frames - 1,
      });
    }
    if (args.wav !== null) wav = await WavSink.open(args.wav);
    const tty = Deno.stdout.isTerminal() && !args.quiet;
    if (tty) {
      const size = Deno.consoleSize();
      view = new TerminalView({ columns: size.columns, rows: size.rows });
    }
    let previewFrame = -1;
    // a picture in the terminal view only for a cartridge with a screen (instance 0's)
    const pictures = args.preview && carts[0].manifest.capabilities.includes("gfx");
    con = await Console.start({
      cartridges: carts,
      mode: args.inprocess ? "inprocess" : "workers",
      gasPerFrame: args.gas,
      memcard,
      input,
      keepTrace: args.trace !== null,
      outputs: (frame) => {
        const wants: string[] = [];
        if (view !== null && pictures && view.due(performance.now())) previewFrame = frame;
        if (png !== null) wants.push(...png.wants(frame));
        if (previewFrame === frame && !wants.includes("framebuffer")) wants.push("framebuffer");
        if (wav !== null) wants.push("audio");
        return wants;
      },
    });
    const notes: string[] = [];
    for (const s of con.instances) {
      notes.push(
        `${s.name}: "${s.title}" from ${
          gameDir !== null ? "the game sources" : s.source
        }, memcard ${s.memcardDir ?? "in memory"}`,
      );
    }
    if (view === null) { for (const n of notes) console.log(n); }
    else for (const n of notes) view.log(n);
    // Wall-clock reads below are for display and pacing only.
    const started = performance.now();
    const meter = new SummaryMeter(started);
    let summary = "starting";
    while (con.running && (args.frames === null || con.frame < args.frames)) {
      const f = await con.step();
      let picture: Uint16Array | null = null;
      for (const r of f.reports) {
        if (!args.quiet) {
          for (const l of r.logs) {
            const who = count > 1 ? `cart/${r.index} ` : "";
            const line = `[${who}f${r.frame}] ${LOG_LEVELS[l.level]}: ${l.text}`;
            if (view === null) console.log(line);
            else view.log(line);
          }
          if (r.exit !== null) {
            const line = `[cart/${r.index} f${r.frame}] ${exitText(con.instances[r.index])}`;
            if (view === null) console.log(line);
            else view.log(line);
          }
        }
        const fb = r.outputs.framebuffer;
        if (fb !== undefined) {
          await png?.frame(r.index, r.frame, fb);
          if (r.index === 0 && r.frame === previewFrame) picture = framebufferOf(fb);
        }
        if (r.index === 0 && r.outputs.audio !== undefined) await wav?.frame(r.outputs.audio);
      }
      const now = performance.now();
      if (view !== null) {
        // the per-second summary (the first one after a quarter second, for short runs)
        const first = summary === "starting" && meter.since(now) >= 250;
        if (first || meter.since(now) >= 1000) summary = meter.line(con.frame, con.instances, now);
        if (picture !== null) view.render(picture, summary, now);
        else if (!pictures && view.due(now)) view.render(null, summary, now);
      }
      if (args.realtime) {
        const due = started + (con.frame * 1000) / FRAMES_PER_SECOND;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
    view?.close();
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
    if (png !== null) {
      const files = await png.finish();
      console.log(`wrote ${files} PNG file(s) to ${png.dir}`);
    }
    if (wav !== null) {
      await wav.close();
      console.log(
        `wrote ${wav.frames} frames of audio (${(wav.frames / 60).toFixed(1)} s) to ${wav.path}`,
      );
    }
    if (args.trace !== null) {
      await con.writeTrace(args.trace);
      console.log(`wrote the actor trace to ${args.trace} (deno task viz --trace ${args.trace})`);
    }
    return exitCode(con);
  } catch (e) {
    view?.close();
    if (e instanceof CartridgeError || e instanceof InputScriptError) {
      console.error(`cartridge: ${e.code}: ${e.message}`);
      return 1;
    }
    if (e instanceof ConsoleUsageError || e instanceof ViewError) {
      console.error(`cartridge: ${e.code}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await wav?.close().catch(() => {});
    await con?.shutdown();
    for (const c of opened) await c.close();
    if (gameDir !== null) await Deno.remove(gameDir, { recursive: true }).catch(() => {});
  }
}
