/**
 * `deno task run viz` — not built yet; it arrives with issue 3 (actors and machines).
 * @module
 */

/** Usage text. */
export const HELP =
  "usage: deno task run viz … (not built yet: arrives with issue 3 (actors and machines))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("viz: not built yet — it arrives with issue 3 (actors and machines)");
  return Promise.resolve(1);
}
