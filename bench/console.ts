/**
 * Benchmark section "console" — not written yet.
 * @module
 */

/** Prints that the section does not exist yet. */
export function run(): Promise<void> {
  console.log("console: no benchmark yet");
  return Promise.resolve();
}
