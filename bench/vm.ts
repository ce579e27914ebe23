/**
 * Benchmark section "vm" — not written yet.
 * @module
 */

/** Prints that the section does not exist yet. */
export function run(): Promise<void> {
  console.log("vm: no benchmark yet");
  return Promise.resolve();
}
