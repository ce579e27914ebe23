/**
 * `deno task run disasm` — not built yet; it arrives with issue 2 (vm).
 * @module
 */

/** Usage text. */
export const HELP = "usage: deno task run disasm … (not built yet: arrives with issue 2 (vm))";

/** Says that the command does not exist yet and fails. */
export function main(_args: string[]): Promise<number> {
  console.error("disasm: not built yet — it arrives with issue 2 (vm)");
  return Promise.resolve(1);
}
