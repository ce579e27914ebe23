/**
 * `deno task run replay <trace-file>` — runs a recorded actor trace's inputs again and checks,
 * entry by entry, that the same trace comes out; prints both hashes, and the first diverging
 * entry in both versions when they differ.
 * @module
 */

import { ActorError } from "../actors/errors.ts";
import { replayTrace } from "../actors/replay.ts";
import {
  bodyForDisplay,
  decodeTraceFile,
  type TraceEvent,
  type TraceFile,
} from "../actors/trace.ts";

/** Usage text. */
export const HELP = `usage: deno task run replay <trace-file> [--inprocess] [--workers N]

Runs a recorded actor trace again — its spawns, inputs, rounds, clock moves, fault-plan changes
and outside crashes and stops — and checks, entry by entry, that the replay writes the same
trace. Traces come from \`--trace <file>\` of cartridge and testnet, or from the API
(\`sys.writeTrace(path)\`). Prints the recorded and the replayed hash; when they differ, the
first entry that differs, as recorded and as replayed.

The behaviours are loaded from the module URLs the trace recorded, so a replay checks the code
as it is now against the run as it was: a changed behaviour shows as a divergence. Whatever
the actors read from outside (files, databases) must be as it was, too: the bundled game that
\`cartridge\` runs with no path is built in a temporary folder, so build it first
(\`deno task run build console/examples/game -o DIR\`, then \`cartridge DIR --trace FILE\`); a
testnet's node databases must be back in their recorded, empty state.

  --inprocess   run the actors on the main thread instead of in Workers (the same trace)
  --workers N   Workers per behaviour module, 1…64 (default 2; does not change the trace)

Exit code 0 when the replay is identical, 1 when it diverges, 2 for a usage or file problem
(unreadable, not a trace file, a broken hash chain).`;

/** Replays the file; exit code 0 when identical. */
export async function main(args: string[]): Promise<number> {
  let path: string | undefined;
  let mode: "workers" | "inprocess" = "workers";
  let workers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--inprocess") mode = "inprocess";
    else if (a === "--workers") {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 64) {
        console.error(`replay: --workers needs an integer 1…64, got ${args[i] ?? "nothing"}`);
        return 2;
      }
      workers = v;
    } else if (a.startsWith("-")) {
      console.error(`replay: unknown option ${a}\n\n${HELP}`);
      return 2;
    } else if (path === undefined) path = a;
    else {
      console.error(`replay: one trace file at a time (got ${path} and ${a})`);
      return 2;
    }
  }
  if (path === undefined) {
    console.error(`replay: which trace file?\n\n${HELP}`);
    return 2;
  }
  let file: TraceFile;
  try {
    file = decodeTraceFile(await Deno.readFile(path));
  } catch (e) {
    const why = e instanceof ActorError
      ? e.message
      : `cannot read ${path}: ${(e as Error).message}`;
    console.error(`replay: ${why}`);
    return 2;
  }
  console.log(`replay: ${path}: seed ${file.header.seed}, ${file.offsets.length - 1} entries`);
  let report;
  try {
    report = await replayTrace(file, { mode, workers });
  } catch (e) {
    const code = e instanceof ActorError ? `${e.code}: ` : "";
    console.error(`replay: could not run the trace: ${code}${(e as Error).message}`);
    return 2;
  }
  console.log(`recorded hash  ${report.expectedHash}`);
  console.log(`replayed hash  ${report.actualHash}`);
  if (report.ok) {
    console.log(`identical: all ${report.entries} entries replayed the same`);
    return 0;
  }
  const d = report.divergence;
  if (d === null) {
    console.log("DIVERGED: every entry matched but the hashes differ");
    return 1;
  }
  console.log(`DIVERGED at entry ${d.index} of ${report.entries}`);
  console.log(`  recorded: ${describe(d.expected)}`);
  console.log(`  replayed: ${describe(d.actual)}`);
  return 1;
}

/** One line for a trace event: its fields, with message bodies decoded. */
function describe(e: TraceEvent | null): string {
  if (e === null) return "(nothing: the run ended here)";
  const fields = Object.entries(e)
    .filter(([k]) => k !== "index")
    .map(([k, v]) => {
      const shown = v instanceof Uint8Array ? bodyForDisplay(v) : v;
      return `${k}=${JSON.stringify(shown, (_k, x) => typeof x === "bigint" ? `${x}n` : x)}`;
    });
  return fields.join(" ");
}
