/**
 * Benchmark section "actors" — not written yet.
 * @module
 */

/** Prints that the section does not exist yet. */
export function run(): Promise<void> {
  console.log("actors: no benchmark yet");
  return Promise.resolve();
}
