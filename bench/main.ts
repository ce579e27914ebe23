/**
 * `deno task bench [section…]` — runs the benchmark sections (all by default). Each section
 * lives in `bench/<section>.ts` and exports `run(): Promise<void>`, which prints its own table
 * and one JSON line with the same figures.
 *
 * @example
 * ```sh
 * deno task bench vm actors
 * ```
 * @module
 */

interface Section {
  summary: string;
  load: () => Promise<{ run(): Promise<void> }>;
}

/** Sections in the order they run. */
export const SECTIONS: Record<string, Section> = {
  vm: { summary: "PVM interpreter throughput", load: () => import("./vm.ts") },
  actors: { summary: "Worker spawn and scheduler throughput", load: () => import("./actors.ts") },
  assets: { summary: "asset loader throughput and memory", load: () => import("./assets.ts") },
  console: { summary: "cartridge frames per second", load: () => import("./console.ts") },
  kernel: { summary: "ledger transactions and state roots", load: () => import("./kernel.ts") },
  testnet: { summary: "chain nodes: slots and transactions", load: () => import("./testnet.ts") },
};

if (import.meta.main) {
  const asked = Deno.args.filter((a) => !a.startsWith("-"));
  const unknown = asked.filter((a) => !(a in SECTIONS));
  if (unknown.length > 0 || Deno.args.includes("--help")) {
    if (unknown.length > 0) console.error(`unknown section(s): ${unknown.join(", ")}`);
    console.log("usage: deno task bench [section…]\n\nsections:");
    for (const [name, s] of Object.entries(SECTIONS)) {
      console.log(`  ${name.padEnd(8)} ${s.summary}`);
    }
    Deno.exit(unknown.length > 0 ? 2 : 0);
  }
  for (const name of asked.length > 0 ? asked : Object.keys(SECTIONS)) {
    console.log(`\n## ${name}: ${SECTIONS[name].summary}\n`);
    await (await SECTIONS[name].load()).run();
  }
}
