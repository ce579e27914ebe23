/**
 * `deno task run build` — not built yet; it arrives with issue 5 (console).
 * @module
 */

/** Usage text. */
export const HELP = "usage: deno task run build … (not built yet: arrives with issue 5 (console))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("build: not built yet — it arrives with issue 5 (console)");
  return Promise.resolve(1);
}
