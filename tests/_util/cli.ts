/**
 * Running the command line from tests: as a user does (a `deno run -A main.ts …` subprocess),
 * or in-process by calling a command's `main` with console output captured.
 *
 * @example
 * ```ts
 * import { runCli } from "./cli.ts";
 * const r = await runCli("vectors", "tests/fixtures/pvm-vectors");
 * r.code; // 0
 * ```
 * @module
 */

/** What a command printed and how it exited. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** Runs `deno run -A main.ts ...args` from the repository root. */
export async function runCli(...args: string[]): Promise<CliResult> {
  const p = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}main.ts`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: p.code, out: dec.decode(p.stdout), err: dec.decode(p.stderr) };
}

/** Calls a command's `main(args)` in this process, capturing `console.log` and `console.error`. */
export async function captureMain(
  main: (args: string[]) => Promise<number>,
  args: string[],
): Promise<CliResult> {
  const out: string[] = [], err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    return { code: await main(args), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}
