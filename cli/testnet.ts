/**
 * `deno task run testnet` — not built yet; it arrives with issue 8 (chain nodes).
 * @module
 */

/** Usage text. */
export const HELP =
  "usage: deno task run testnet … (not built yet: arrives with issue 8 (chain nodes))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("testnet: not built yet — it arrives with issue 8 (chain nodes)");
  return Promise.resolve(1);
}
