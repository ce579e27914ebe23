/**
 * `deno task run vectors <dir>` — runs every PVM conformance vector (`*.json`) in a folder and
 * prints each failure with a readable diff, then `N passed, M failed`.
 * @module
 */

import { parseVector, runVector } from "../vm/conformance.ts";

/** Usage text. */
export const HELP = `usage: deno task run vectors [dir] [--verbose]

Runs every *.json PVM conformance case in <dir> (default tests/fixtures/pvm-vectors):
registers, pc, status, gas, memory and page-fault address. Prints each failure with the
fields that differ, then a line "N passed, M failed". Exits 1 when any case fails.

  --verbose   also print one line per passing case`;

/** Runs the folder; exit code 0 when every case passes. */
export async function main(args: string[]): Promise<number> {
  const verbose = args.includes("--verbose");
  const dir = args.find((a) => !a.startsWith("-")) ?? "tests/fixtures/pvm-vectors";
  let names: string[];
  try {
    names = [];
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && e.name.endsWith(".json")) names.push(e.name);
    }
  } catch (e) {
    console.error(`vectors: cannot read folder ${dir}: ${(e as Error).message}`);
    return 2;
  }
  names.sort();
  if (names.length === 0) {
    console.error(`vectors: no *.json cases in ${dir}`);
    return 2;
  }
  let passed = 0, failed = 0;
  for (const name of names) {
    const path = `${dir}/${name}`;
    let mismatches: string[];
    try {
      mismatches = runVector(parseVector(await Deno.readTextFile(path))).mismatches;
    } catch (e) {
      mismatches = [`cannot run: ${(e as Error).message}`];
    }
    if (mismatches.length === 0) {
      passed++;
      if (verbose) console.log(`ok   ${name}`);
    } else {
      failed++;
      console.log(`FAIL ${name}`);
      for (const m of mismatches) console.log(`       ${m}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
