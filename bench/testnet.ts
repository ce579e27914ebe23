/**
 * Benchmark section "testnet" — not written yet.
 * @module
 */

/** Prints that the section does not exist yet. */
export function run(): Promise<void> {
  console.log("testnet: no benchmark yet");
  return Promise.resolve();
}
