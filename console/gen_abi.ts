/**
 * Writes `console/ABI.md` from the syscall registry (`--check`: exit 1 when the file is stale).
 *
 * @example
 * ```sh
 * deno run -A console/gen_abi.ts
 * deno run -A console/gen_abi.ts --check
 * ```
 * @module
 */

import { renderAbiMarkdown } from "./abi/doc.ts";
import { consoleRegistry } from "./abi/modules.ts";

/** Where the document lives. */
export const ABI_PATH = new URL("./ABI.md", import.meta.url);

if (import.meta.main) {
  const text = renderAbiMarkdown(consoleRegistry());
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(ABI_PATH).catch(() => "");
    if (current !== text) {
      console.error("console/ABI.md is out of date: run deno run -A console/gen_abi.ts");
      Deno.exit(1);
    }
    console.log("console/ABI.md is up to date");
  } else {
    await Deno.writeTextFile(ABI_PATH, text);
    console.log(`wrote ${ABI_PATH.pathname}`);
  }
}
