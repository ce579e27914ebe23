/**
 * Draws a recorded trace as a timeline (SVG): one vertical lane per actor (plus `$ext` for the
 * outside program and `$system` when it spoke), time flowing down. Each lane is shaded by its
 * supervision state (spawning, running, crashed, restarting, stopped) and labelled with the
 * lifecycle states the actor reported; delivered messages are arrows from sender to receiver,
 * labelled with their type; drops, bounces, delays, crashes, checkpoints and stops are marked.
 * Round and time boundaries are horizontal rules. Pure: events in, SVG text out.
 *
 * @example
 * ```ts
 * import { decodeEntries, decodeTraceFile } from "./trace.ts";
 * import { timelineSvg } from "./timeline.ts";
 * const file = decodeTraceFile(await Deno.readFile("run.trace"));
 * await Deno.writeTextFile("run.svg", timelineSvg(decodeEntries(file.entries)));
 * ```
 * @module
 */

import { bodyForDisplay, type TraceEvent } from "./trace.ts";

/** Options of {@link timelineSvg}. */
export interface TimelineOptions {
  /** Most rows drawn (events beyond are summarised in a note). Default 4000. */
  maxRows?: number;
  /** Title drawn at the top. */
  title?: string;
}

const LANE = 150;
const ROW = 18;
const LEFT = 120;
const TOP = 70;

const SUPERVISION_FILL: Record<string, string> = {
  spawning: "#dbeafe",
  running: "#dcfce7",
  crashed: "#fee2e2",
  restarting: "#ffedd5",
  stopped: "#e5e7eb",
};

/** Escapes text for SVG/HTML. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

function short(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + "…";
}

function bodyText(body: Uint8Array): string {
  try {
    return JSON.stringify(
      bodyForDisplay(body),
      (_k, v) =>
        typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v,
    ) ?? "null";
  } catch {
    return "?";
  }
}

/** Which events get a row of their own. */
function drawn(e: TraceEvent): boolean {
  return e.kind !== "input" && e.kind !== "checkpoint";
}

/**
 * Renders `events` (from `decodeEntries`) as a standalone SVG document.
 *
 * @example
 * ```ts
 * timelineSvg([]).startsWith("<svg"); // true
 * ```
 */
export function timelineSvg(events: readonly TraceEvent[], options: TimelineOptions = {}): string {
  const maxRows = options.maxRows ?? 4000;
  const lanes: string[] = ["$ext"];
  const usesSystem = events.some((e) =>
    (e.kind === "deliver" || e.kind === "bounce" || e.kind === "drop") && e.from === "$system"
  );
  if (usesSystem) lanes.push("$system");
  for (const e of events) if (e.kind === "spawn" && !lanes.includes(e.actor)) lanes.push(e.actor);
  const laneX = new Map(lanes.map((name, i) => [name, LEFT + i * LANE + LANE / 2]));
  const x = (name: string) => laneX.get(name) ?? LEFT + LANE / 2;

  const rows = events.filter(drawn);
  const shown = rows.slice(0, maxRows);
  const height = TOP + (shown.length + 2) * ROW + 40;
  const width = LEFT + lanes.length * LANE + 20;
  const y = (row: number) => TOP + row * ROW + ROW / 2;

  const back: string[] = [];
  const marks: string[] = [];
  const openSegment = new Map<string, { state: string; row: number }>();
  const closeSegment = (lane: string, row: number) => {
    const seg = openSegment.get(lane);
    if (seg === undefined) return;
    const fill = SUPERVISION_FILL[seg.state] ?? "#f3f4f6";
    back.push(
      `<rect x="${x(lane) - 10}" y="${TOP + seg.row * ROW}" width="20" height="${
        (row - seg.row) * ROW
      }" fill="${fill}" stroke="none"><title>${escapeXml(`${lane}: ${seg.state}`)}</title></rect>`,
    );
    openSegment.delete(lane);
  };

  shown.forEach((e, row) => {
    const yy = y(row);
    switch (e.kind) {
      case "round":
        back.push(
          `<line x1="0" x2="${width}" y1="${yy}" y2="${yy}" stroke="#e5e7eb"/>` +
            `<text x="6" y="${yy + 4}" class="rule">t=${e.time} r=${e.round}</text>`,
        );
        break;
      case "faults": {
        const text = e.plan === null ? "faults off" : `faults → ${JSON.stringify(e.plan)}`;
        back.push(
          `<line x1="0" x2="${width}" y1="${yy}" y2="${yy}" stroke="#dc2626" stroke-dasharray="6 3"/>` +
            `<text x="6" y="${yy + 4}" class="faults">${escapeXml(short(text, 80))}</text>`,
        );
        break;
      }
      case "advance":
        back.push(
          `<line x1="0" x2="${width}" y1="${yy}" y2="${yy}" stroke="#60a5fa" stroke-width="2"/>` +
            `<text x="6" y="${yy + 4}" class="time">time → ${e.time}</text>`,
        );
        break;
      case "spawn":
        closeSegment(e.actor, row);
        openSegment.set(e.actor, { state: "spawning", row });
        marks.push(
          `<text x="${x(e.actor)}" y="${
            yy + 4
          }" class="spawn" text-anchor="middle">spawn #${e.incarnation} (${
            escapeXml(short(e.behaviour, 18))
          })</text>`,
        );
        break;
      case "supervision":
        closeSegment(e.actor, row);
        openSegment.set(e.actor, { state: e.to, row });
        marks.push(
          `<text x="${x(e.actor) + 14}" y="${yy + 4}" class="sup">${escapeXml(e.event)} → ${
            escapeXml(e.to)
          }</text>`,
        );
        break;
      case "state": {
        const label = escapeXml(short(e.state, 16));
        const w = Math.max(40, label.length * 7 + 10);
        marks.push(
          `<rect x="${x(e.actor) - w / 2}" y="${
            yy - 7
          }" width="${w}" height="14" rx="7" class="state"/>` +
            `<text x="${x(e.actor)}" y="${
              yy + 4
            }" text-anchor="middle" class="statetext">${label}</text>`,
        );
        break;
      }
      case "deliver":
      case "drop":
      case "bounce":
      case "delay": {
        const from = x(e.from);
        const to = e.kind === "bounce" ? x(e.to in laneX ? e.to : e.from) : x(e.to);
        const cls = e.kind === "deliver" ? "msg" : e.kind;
        const label = e.kind === "deliver"
          ? `${e.type} ${short(bodyText(e.body), 24)}`
          : e.kind === "drop"
          ? `dropped #${e.seq}`
          : e.kind === "bounce"
          ? `bounced ${e.code}`
          : `delayed +${e.ticks}`;
        const tip = escapeXml(
          e.kind === "deliver"
            ? `${e.from} → ${e.to} #${e.seq} ${e.type} ${bodyText(e.body)}`
            : `${e.from} → ${e.to} #${e.seq} ${label}`,
        );
        if (from === to) {
          marks.push(
            `<path d="M ${from} ${
              yy - 5
            } c 30 0 30 10 0 10" class="${cls}" marker-end="url(#arrow)">` +
              `<title>${tip}</title></path>` +
              `<text x="${from + 30}" y="${yy + 4}" class="label">${escapeXml(label)}</text>`,
          );
        } else {
          const mid = (from + to) / 2;
          marks.push(
            `<line x1="${from}" y1="${yy}" x2="${to}" y2="${yy}" class="${cls}" marker-end="url(#arrow)">` +
              `<title>${tip}</title></line>` +
              `<text x="${mid}" y="${yy - 3}" text-anchor="middle" class="label">${
                escapeXml(label)
              }</text>`,
          );
        }
        break;
      }
      case "crash":
        marks.push(
          `<text x="${x(e.actor)}" y="${yy + 5}" text-anchor="middle" class="crash">✖</text>` +
            `<text x="${x(e.actor) + 12}" y="${yy + 4}" class="crashtext">${
              escapeXml(short(e.cause, 40))
            }<title>${escapeXml(e.cause)}</title></text>`,
        );
        break;
      case "stop":
        marks.push(
          `<rect x="${x(e.actor) - 12}" y="${yy - 2}" width="24" height="4" fill="#111827"/>` +
            `<text x="${x(e.actor) + 16}" y="${yy + 4}" class="sup">stop: ${
              escapeXml(short(e.reason, 30))
            }</text>`,
        );
        break;
    }
  });
  for (const lane of [...openSegment.keys()]) closeSegment(lane, shown.length);

  const headers = lanes.map((name) =>
    `<line x1="${x(name)}" x2="${x(name)}" y1="${TOP - 6}" y2="${
      TOP + shown.length * ROW
    }" stroke="#9ca3af" stroke-dasharray="2 3"/>` +
    `<text x="${x(name)}" y="${TOP - 14}" text-anchor="middle" class="lane">${
      escapeXml(short(name, 20))
    }</text>`
  );
  const note = rows.length > shown.length
    ? `<text x="6" y="${height - 12}" class="rule">… ${
      rows.length - shown.length
    } more events not drawn (maxRows ${maxRows})</text>`
    : "";
  const title = escapeXml(options.title ?? "trace timeline");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<style>
  .lane { font-size: 13px; font-weight: bold; fill: #111827 }
  .rule { font-size: 10px; fill: #6b7280 }
  .time { font-size: 10px; fill: #1d4ed8; font-weight: bold }
  .faults { font-size: 10px; fill: #b91c1c; font-weight: bold }
  .spawn { font-size: 10px; fill: #1e40af }
  .sup { font-size: 10px; fill: #374151 }
  .state { fill: #ede9fe; stroke: #7c3aed }
  .statetext { font-size: 10px; fill: #4c1d95 }
  .msg { stroke: #2563eb; stroke-width: 1.2; fill: none }
  .drop { stroke: #dc2626; stroke-dasharray: 4 3; fill: none }
  .bounce { stroke: #ea580c; stroke-dasharray: 2 2; fill: none }
  .delay { stroke: #a16207; stroke-dasharray: 6 2; fill: none }
  .label { font-size: 9px; fill: #1f2937 }
  .crash { font-size: 14px; fill: #dc2626 }
  .crashtext { font-size: 10px; fill: #b91c1c }
</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#374151"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="6" y="20" font-size="15" font-weight="bold">${title}</text>`,
    ...back,
    ...headers,
    ...marks,
    note,
    `</svg>`,
  ].join("\n");
}
