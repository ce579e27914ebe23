/**
 * The demo cartridges and one way to run them: build from sources into a temporary folder, load,
 * play the recorded `input.json` to the cartridge's halt through the console (Workers or
 * in-process), keep every frame hash and the last frame's picture. Used by the demo tests, the
 * benchmark (`deno task bench console`) and `pictures.ts` (the README's pictures).
 *
 * Nothing here reads a clock: a caller that wants timings passes `now`.
 *
 * @example
 * ```ts
 * import { runDemo } from "./demos.ts";
 * const run = await runDemo("game", { mode: "inprocess" });
 * run.status.exit; // { kind: "halt" }
 * run.perFrame.length; // frames run
 * ```
 * @module
 */

import { buildCartridge } from "../cartridge/build.ts";
import { loadCartridge } from "../cartridge/loader.ts";
import { InputScript } from "../input/script.ts";
import { FINAL_STREAM_PREFIX } from "../runtime/instance.ts";
import { Console, type InstanceStatus } from "../runtime/console.ts";
import { framebufferOf } from "../view/streams.ts";

/** The demo cartridges, by folder name under console/examples/. */
export const DEMOS = ["game", "streaming", "stress"] as const;
/** A demo's name. */
export type DemoName = typeof DEMOS[number];

/** The source folder of a demo. */
export function demoFolder(name: DemoName | "demo"): string {
  return new URL(`./${name}/`, import.meta.url).pathname;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Workers (default) or the main thread. */
  mode?: "workers" | "inprocess";
  /** Instances (default 1), all with the same input. */
  instances?: number;
  /** A clock (ms) for `startMs` / `runMs` (default: none, both 0). */
  now?: () => number;
  /** Stop after this many frames (default: at the halt). */
  frames?: number;
  /** Also ship instance output streams every frame, as `--serve` does (default false). */
  streams?: boolean;
}

/** What a run gave. */
export interface DemoRun {
  /** Instance 0's rolling hash after each frame. */
  perFrame: string[];
  /** Every instance's final hash. */
  hashes: string[];
  /** Instance 0's log lines, as "<frame> <text>". */
  logs: string[];
  /** Instance 0's status at the end. */
  status: InstanceStatus;
  /** Instance 0's last presented picture (its final frame), or null. */
  last: Uint16Array | null;
  /** Start-up (build excluded) and run time in ms of `now` (0 without a clock). */
  startMs: number;
  runMs: number;
}

/** Builds `name` from its sources and plays its recorded input to the halt. */
export async function runDemo(name: DemoName, o: DemoOptions = {}): Promise<DemoRun> {
  const now = o.now ?? (() => 0);
  const tmp = await Deno.makeTempDir({ prefix: `demo-${name}-` });
  try {
    await buildCartridge(demoFolder(name), { outDir: `${tmp}/cart` });
    const cart = await loadCartridge(`${tmp}/cart`);
    try {
      const input = await InputScript.load(`${demoFolder(name)}input.json`);
      const t0 = now();
      const con = await Console.start({
        cartridges: Array(o.instances ?? 1).fill(cart),
        mode: o.mode ?? "workers",
        memcard: "memory",
        input,
        outputs: o.streams
          ? () => ["framebuffer", "audio"]
          : () => [`${FINAL_STREAM_PREFIX}framebuffer`],
      });
      const t1 = now();
      const perFrame: string[] = [];
      const logs: string[] = [];
      let last: Uint16Array | null = null;
      try {
        while (con.running && (o.frames === undefined || con.frame < o.frames)) {
          const f = await con.step();
          for (const r of f.reports) {
            if (r.index !== 0) continue;
            perFrame.push(r.hash);
            for (const l of r.logs) logs.push(`${r.frame} ${l.text}`);
            const fb = r.outputs.framebuffer;
            if (fb !== undefined && (!o.streams || r.exit !== null)) last = framebufferOf(fb);
          }
        }
        return {
          perFrame,
          hashes: con.instances.map((s) => s.hash),
          logs,
          status: con.instances[0],
          last,
          startMs: t1 - t0,
          runMs: now() - t1,
        };
      } finally {
        await con.shutdown();
      }
    } finally {
      await cart.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
