/**
 * Generates the asset sources of the demo cartridges — `game/assets`, `streaming/assets`,
 * `stress/assets` (PNG tile sheets and pictures, WAV sounds, `assets.json`) — from integer
 * formulas only, so the files are identical on every machine. `tests/console/demos_test.ts`
 * regenerates them and compares with the committed files.
 *
 * @example
 * ```sh
 * deno run -A console/examples/generate.ts            # rewrite the three assets/ folders
 * deno run -A console/examples/generate.ts /tmp/gen   # or write <dir>/<demo>/assets/
 * ```
 * @module
 */

import type { GeneratedFile } from "./gen/files.ts";
import { gameAssets } from "./gen/game.ts";
import { streamingAssets } from "./gen/streaming.ts";
import { stressAssets } from "./gen/stress.ts";

/** Each demo's generated asset files, by demo folder name. */
export function generateDemoAssets(): Record<string, GeneratedFile[]> {
  return { game: gameAssets(), streaming: streamingAssets(), stress: stressAssets() };
}

if (import.meta.main) {
  const base = Deno.args[0] ?? new URL(".", import.meta.url).pathname;
  for (const [demo, files] of Object.entries(generateDemoAssets())) {
    const dir = `${base.replace(/\/$/, "")}/${demo}/assets`;
    await Deno.mkdir(dir, { recursive: true });
    for (const f of files) await Deno.writeFile(`${dir}/${f.name}`, f.bytes);
    console.log(`wrote ${files.length} files to ${dir}`);
  }
}
