/**
 * Writes the README's pictures of the demo cartridges: each demo built from its sources, played
 * with its recorded input to its halt, and its last frame written as `docs/console-<demo>.png`
 * (twice the console's size, 640 × 360). `tests/console/demos_test.ts` checks that those files
 * show exactly the last frame of a run.
 *
 * @example
 * ```sh
 * deno run -A console/examples/pictures.ts          # rewrite docs/console-*.png
 * ```
 * @module
 */

import { encodeFramePng } from "../render/png.ts";
import { type DemoName, DEMOS, runDemo } from "./demos.ts";

/** The scale of the pictures. */
export const PICTURE_SCALE = 2;

/** Where a demo's picture lives. */
export function picturePath(name: DemoName): string {
  return new URL(`../../docs/console-${name}.png`, import.meta.url).pathname;
}

if (import.meta.main) {
  for (const name of DEMOS) {
    const run = await runDemo(name, { mode: "inprocess" });
    if (run.last === null) throw new Error(`${name}: no last frame`);
    await Deno.writeFile(picturePath(name), encodeFramePng(run.last, PICTURE_SCALE));
    console.log(
      `${picturePath(name)}: frame ${run.perFrame.length - 1}, hash ${
        run.status.hash.slice(0, 16)
      }…`,
    );
  }
}
