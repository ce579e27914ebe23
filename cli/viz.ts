/**
 * `deno task viz` — draws the lifecycle machines, and optionally a recorded trace.
 *
 * For every machine in `machines/registry.ts` it writes `<name>.mmd` (Mermaid stateDiagram-v2),
 * `<name>.dot` (Graphviz) and `<name>.svg` (the DOT rendered in-process by @viz-js/viz, a WASM
 * Graphviz), plus `index.html` showing them all. With `--trace <file>` it also draws that trace
 * as a timeline (`<trace>.timeline.svg` and `.html`; one lane per actor, the states it passed
 * through, the messages between actors) and links it from the index.
 *
 * @example
 * ```sh
 * deno task viz                                   # → out/viz/
 * deno task viz --out docs/pictures
 * deno task viz --trace out/run.trace
 * ```
 * @module
 */

import { instance } from "@viz-js/viz";
import { decodeEntries, decodeTraceFile, type TraceEvent, type TraceFile } from "../actors/mod.ts";
import { escapeXml, timelineSvg } from "../actors/timeline.ts";
import { machineGraph, MACHINES, toDot, toMermaid } from "../machines/mod.ts";

/** Usage text. */
export const HELP = `usage: deno task viz [--out <dir>] [--trace <file>] [--max-rows <n>]

Writes, for every lifecycle machine, <name>.mmd (Mermaid), <name>.dot (Graphviz) and
<name>.svg (rendered in-process), plus index.html showing them all.

  --out <dir>       output folder (default out/viz/)
  --trace <file>    also draw a recorded trace (ActorSystem.writeTrace) as a timeline:
                    <file name>.timeline.svg and .html, linked from index.html
  --max-rows <n>    most timeline rows drawn (default 4000)`;

/** Parsed options. */
export interface VizOptions {
  /** Output folder. */
  out: string;
  /** Trace file to draw, or null. */
  trace: string | null;
  /** Timeline row limit. */
  maxRows: number;
}

/** Parses arguments; throws a message on bad input. */
export function parseArgs(args: string[]): VizOptions {
  const opts: VizOptions = { out: "out/viz", trace: null, maxRows: 4000 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--out") opts.out = value();
    else if (a === "--trace") opts.trace = value();
    else if (a === "--max-rows") {
      opts.maxRows = Number(value());
      if (!Number.isSafeInteger(opts.maxRows) || opts.maxRows < 1) {
        throw new Error("--max-rows needs a positive integer");
      }
    } else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** What one machine's pictures are. */
export interface MachinePicture {
  /** Registry name (file stem). */
  name: string;
  /** One-line description. */
  title: string;
  /** Mermaid text. */
  mermaid: string;
  /** DOT text. */
  dot: string;
  /** SVG text. */
  svg: string;
}

/** Renders every registered machine (Mermaid, DOT and SVG). */
export async function machinePictures(): Promise<MachinePicture[]> {
  const viz = await instance();
  return MACHINES.map((entry) => {
    const graph = machineGraph(entry.machine);
    const dot = toDot(graph);
    return {
      name: entry.name,
      title: entry.title,
      mermaid: toMermaid(graph),
      dot,
      svg: viz.renderString(dot, { format: "svg" }),
    };
  });
}

/** A drawn trace. */
export interface TracePicture {
  /** File stem used for the outputs. */
  stem: string;
  /** The timeline SVG. */
  svg: string;
  /** The HTML page around it. */
  html: string;
}

function summary(file: TraceFile, events: TraceEvent[]): Record<string, string | number> {
  const count = (k: TraceEvent["kind"]) => events.filter((e) => e.kind === k).length;
  const last = events.at(-1);
  return {
    "trace hash": file.hash,
    seed: String(file.header.seed),
    entries: events.length,
    actors: new Set(
      events.filter((e) => e.kind === "spawn").map((e) => e.kind === "spawn" ? e.actor : ""),
    ).size,
    rounds: count("round"),
    "virtual time": last?.time ?? 0,
    "messages delivered": count("deliver"),
    crashes: count("crash"),
    "dropped (faults)": count("drop"),
    "delayed (faults)": count("delay"),
    "fault plan changes": count("faults"),
    bounced: count("bounce"),
  };
}

/** Draws a trace file's timeline. */
export async function tracePicture(path: string, maxRows: number): Promise<TracePicture> {
  const file = decodeTraceFile(await Deno.readFile(path));
  const events = decodeEntries(file.entries);
  const stem = path.split("/").at(-1)!.replace(/\.[^.]*$/, "") || "trace";
  const svg = timelineSvg(events, { maxRows, title: `trace ${stem} — ${file.hash.slice(0, 16)}…` });
  const rows = Object.entries(summary(file, events)).map(([k, v]) =>
    `<tr><th>${escapeXml(k)}</th><td><code>${escapeXml(String(v))}</code></td></tr>`
  ).join("\n");
  const html = page(
    `trace ${stem}`,
    `<h1>Trace ${escapeXml(stem)}</h1>
<table>${rows}</table>
<p>One lane per actor; lane shading is the supervision state (blue spawning, green running, red
crashed, orange restarting, grey stopped); purple pills are the states the actor reported; blue
arrows are delivered messages (hover for the body), red dashed dropped, orange bounced.</p>
<div class="pic">${svg}</div>`,
  );
  return { stem, svg, html };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #111827 }
section { margin: 0 0 40px } .pic { overflow-x: auto; border: 1px solid #e5e7eb; padding: 8px }
.pic img { max-width: 100%; height: auto }
pre { background: #f9fafb; padding: 8px; font-size: 12px } th { text-align: left; padding-right: 12px }
</style></head><body>
${body}
</body></html>
`;
}

/** The index page: every machine's SVG, its Mermaid text and links, and the trace if any. */
export function indexHtml(pictures: MachinePicture[], trace: TracePicture | null): string {
  const sections = pictures.map((p) =>
    `<section id="${escapeXml(p.name)}">
<h2>${escapeXml(p.name)}</h2>
<p>${
      escapeXml(p.title)
    } — <a href="${p.name}.svg">svg</a> · <a href="${p.name}.dot">dot</a> · <a href="${p.name}.mmd">mermaid</a></p>
<div class="pic"><img src="${p.name}.svg" alt="${escapeXml(p.name)} state machine"></div>
<details><summary>Mermaid</summary><pre>${escapeXml(p.mermaid)}</pre></details>
</section>`
  ).join("\n");
  const traceLink = trace === null
    ? ""
    : `<p>Trace timeline: <a href="${trace.stem}.timeline.html">${
      escapeXml(trace.stem)
    }</a> (<a href="${trace.stem}.timeline.svg">svg</a>)</p>`;
  return page(
    "lifecycle machines",
    `<h1>Lifecycle machines</h1>
<p>Generated by <code>deno task viz</code> from <code>machines/registry.ts</code>. Final states
have a double border; edges read <code>EVENT [guard]</code>; any event not drawn from a state is
refused there with <code>INVALID_STATE</code>.</p>
${traceLink}
${sections}`,
  );
}

/** Writes every picture; returns the list of files written. */
export async function writePictures(opts: VizOptions): Promise<string[]> {
  await Deno.mkdir(opts.out, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    const path = `${opts.out}/${name}`;
    await Deno.writeTextFile(path, text);
    written.push(path);
  };
  const pictures = await machinePictures();
  for (const p of pictures) {
    await put(`${p.name}.mmd`, p.mermaid);
    await put(`${p.name}.dot`, p.dot);
    await put(`${p.name}.svg`, p.svg);
  }
  const trace = opts.trace === null ? null : await tracePicture(opts.trace, opts.maxRows);
  if (trace !== null) {
    await put(`${trace.stem}.timeline.svg`, trace.svg);
    await put(`${trace.stem}.timeline.html`, trace.html);
  }
  await put("index.html", indexHtml(pictures, trace));
  return written;
}

/** Runs the command. */
export async function main(args: string[]): Promise<number> {
  let opts: VizOptions;
  try {
    opts = parseArgs(args);
  } catch (e) {
    console.error(`viz: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  try {
    const files = await writePictures(opts);
    console.log(`viz: wrote ${files.length} files to ${opts.out}/ (open ${opts.out}/index.html)`);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    console.error(`viz: ${err.code ? `${err.code}: ` : ""}${err.message}`);
    return 1;
  }
}
