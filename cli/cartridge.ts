/**
 * `deno task run cartridge` — until the console exists (issue 5), this runs the PVM demo
 * program `examples/pvm/demo.pasm` through `deno task run pvm`, and says so.
 * @module
 */

import { main as runPvm } from "./pvm.ts";

/** Usage text. */
export const HELP = `usage: deno task run cartridge

The console (cartridges, the frame loop, gfx, audio) is not built yet: it arrives with
issue 5. Until then this command runs the PVM demo program examples/pvm/demo.pasm on the
engine and prints its output (see: deno task run pvm --help).`;

/** Runs the interim demo. */
export async function main(args: string[]): Promise<number> {
  if (args.length > 0) {
    console.error(`cartridge: the console is not built yet (issue 5); it takes no arguments yet`);
    return 2;
  }
  console.log("The console is not built yet (issue 5): running the PVM demo program instead.\n");
  return await runPvm([new URL("../examples/pvm/demo.pasm", import.meta.url).pathname, "--quiet"]);
}
