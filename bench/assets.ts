/**
 * Benchmark section "assets" — not written yet.
 * @module
 */

/** Prints that the section does not exist yet. */
export function run(): Promise<void> {
  console.log("assets: no benchmark yet");
  return Promise.resolve();
}
