/**
 * `deno task run pack` — not built yet; it arrives with issue 4 (assets).
 * @module
 */

/** Usage text. */
export const HELP = "usage: deno task run pack … (not built yet: arrives with issue 4 (assets))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("pack: not built yet — it arrives with issue 4 (assets)");
  return Promise.resolve(1);
}
