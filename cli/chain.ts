/**
 * `deno task run chain` — not built yet; it arrives with issue 7 (kernel).
 * @module
 */

/** Usage text. */
export const HELP = "usage: deno task run chain … (not built yet: arrives with issue 7 (kernel))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("chain: not built yet — it arrives with issue 7 (kernel)");
  return Promise.resolve(1);
}
