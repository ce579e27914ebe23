/**
 * Runs the fuzz mutations in a process of its own and prints `{cases, externalPeak, rssGrowth}`
 * as JSON, so the fuzz test can check memory without other test modules' allocations in the
 * figure. `externalPeak` is the most ArrayBuffer memory (V8 "external") seen after any case
 * above the start: a buffer allocated from a lying length would show there in full, while RSS
 * also carries the allocator's slack (it plateaus around 100–160 MB here with no leak).
 *
 * @example
 * ```sh
 * deno run -A tests/assets/fuzz_memory_probe.ts 4000
 * ```
 * @module
 */
import { MemorySource, PackFormatError } from "../../assets/mod.ts";
import { Prng } from "../_util/prng.ts";
import { GuardedSource, loadAll, mutate } from "./fuzz_cases.ts";

const cases = Number(Deno.args[0] ?? 4000);
const r = new Prng(0xa55e7);
const before = Deno.memoryUsage();
let peak = before.rss;
let externalPeak = 0;
for (let i = 0; i < cases; i++) {
  const source = new GuardedSource(new MemorySource(mutate(r, i % 9)));
  try {
    await loadAll(source);
  } catch (e) {
    if (!(e instanceof PackFormatError)) throw e;
  }
  const m = Deno.memoryUsage();
  externalPeak = Math.max(externalPeak, m.external - before.external);
  peak = Math.max(peak, m.rss);
}
console.log(JSON.stringify({ cases, externalPeak, rssGrowth: peak - before.rss }));
