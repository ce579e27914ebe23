/**
 * Benchmark section "console": frames per second of the demo cartridge (built from
 * console/examples/demo with its recorded input), headless, each instance a VM-instance actor
 * in its own Worker — 1 instance, then 2 and 8 at once (aggregate frames/s) — and one instance
 * in-process for reference. Start-up (build, Worker spawn, preload) is timed apart. Each run
 * plays the whole demo (1801 frames, to its halt); the frame hashes of all instances must agree.
 * Prints a table and one JSON line with the same figures. Target: ≥ 600 frames/s for one
 * instance (ten times real time).
 *
 * Then the demo cartridges with gfx and audio on (console/examples/{game,streaming,stress}, each
 * built from its sources and played with its recorded input to its halt): frames/s with one
 * instance in a Worker, one in-process, and one in a Worker that also ships the framebuffer and
 * the mixed audio of every frame to the main thread (what `--serve` and `--png` cost). Target:
 * ≥ 600 frames/s for the game, one instance.
 *
 * @example
 * ```sh
 * deno task bench console
 * ```
 * @module
 */

import { buildCartridge } from "../console/cartridge/build.ts";
import { loadCartridge } from "../console/cartridge/loader.ts";
import { InputScript } from "../console/input/script.ts";
import { Console } from "../console/runtime/console.ts";
import { DEMOS, runDemo } from "../console/examples/demos.ts";

const DEMO = new URL("../console/examples/demo/", import.meta.url).pathname;

interface Row {
  config: string;
  instances: number;
  frames: number;
  startMs: number;
  seconds: number;
  framesPerSecond: number;
  perInstance: number;
  hash: string;
}

/** Runs the section. */
export async function run(): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "bench-console-" });
  try {
    await buildCartridge(DEMO, { outDir: `${tmp}/demo` });
    const cart = await loadCartridge(`${tmp}/demo`);
    const input = await InputScript.load(`${DEMO}input.json`);
    const rows: Row[] = [];
    const configs: [string, number, "workers" | "inprocess"][] = [
      ["workers", 1, "workers"],
      ["workers", 2, "workers"],
      ["workers", 8, "workers"],
      ["in-process", 1, "inprocess"],
    ];
    for (const [config, k, mode] of configs) {
      const t0 = performance.now();
      const con = await Console.start({
        cartridges: Array(k).fill(cart),
        mode,
        memcard: "memory",
        input,
      });
      const t1 = performance.now();
      while (con.running) await con.step();
      const t2 = performance.now();
      const hashes = new Set(con.instances.map((s) => s.hash));
      await con.shutdown();
      if (hashes.size !== 1) throw new Error(`instances disagree: ${[...hashes].join(", ")}`);
      const seconds = (t2 - t1) / 1000;
      const frames = con.frame * k;
      rows.push({
        config,
        instances: k,
        frames,
        startMs: Math.round(t1 - t0),
        seconds: Number(seconds.toFixed(3)),
        framesPerSecond: Math.round(frames / seconds),
        perInstance: Math.round(con.frame / seconds),
        hash: [...hashes][0].slice(0, 16),
      });
    }
    await cart.close();
    console.log(
      "| actors | instances | frames | start-up ms | seconds | frames/s (all) | frames/s per instance | × real time per instance |",
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.config} | ${r.instances} | ${r.frames} | ${r.startMs} | ${r.seconds} | ${r.framesPerSecond} | ${r.perInstance} | ${
          (r.perInstance / 60).toFixed(1)
        } |`,
      );
    }
    console.log(
      `frame hash (all runs, all instances): ${
        rows[0].hash
      }…; target ≥ 600 frames/s for one instance`,
    );
    console.log(JSON.stringify({ section: "console", target_one_instance: 600, rows }));
    await demos();
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** One demo configuration's figures. */
interface DemoRow {
  demo: string;
  config: string;
  frames: number;
  startMs: number;
  seconds: number;
  framesPerSecond: number;
  hash: string;
}

/** The demo cartridges with gfx and audio on. */
async function demos(): Promise<void> {
  const rows: DemoRow[] = [];
  const configs: [string, "workers" | "inprocess", boolean][] = [
    ["Worker", "workers", false],
    ["in-process", "inprocess", false],
    ["Worker + streams", "workers", true],
  ];
  for (const demo of DEMOS) {
    const hashes = new Set<string>();
    for (const [config, mode, streams] of configs) {
      const r = await runDemo(demo, { mode, streams, now: () => performance.now() });
      hashes.add(r.status.hash);
      const seconds = r.runMs / 1000;
      rows.push({
        demo,
        config,
        frames: r.perFrame.length,
        startMs: Math.round(r.startMs),
        seconds: Number(seconds.toFixed(3)),
        framesPerSecond: Math.round(r.perFrame.length / seconds),
        hash: r.status.hash.slice(0, 16),
      });
    }
    if (hashes.size !== 1) throw new Error(`${demo}: runs disagree: ${[...hashes].join(", ")}`);
  }
  console.log(
    "\n| demo (gfx + audio on) | actors | frames | start-up ms | seconds | frames/s | × real time |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.demo} | ${r.config} | ${r.frames} | ${r.startMs} | ${r.seconds} | ${r.framesPerSecond} | ${
        (r.framesPerSecond / 60).toFixed(1)
      } |`,
    );
  }
  const game = rows.find((r) => r.demo === "game" && r.config === "Worker")!;
  console.log(
    `game, one instance in a Worker: ${game.framesPerSecond} frames/s (target ≥ 600); streams = framebuffer + audio shipped every frame`,
  );
  console.log(JSON.stringify({ section: "console-demos", target_game: 600, rows }));
}

if (import.meta.main) await run();
