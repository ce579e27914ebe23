/**
 * Plain-text tables for the CLI: columns padded to their widest cell, numbers right-aligned.
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * formatTable(["id", "name"], [[1, "a"], [20, "bb"]]);
 * ```
 * @module
 */

/** Formats `rows` under `headings`; number cells are right-aligned. */
export function formatTable(headings: string[], rows: Array<Array<string | number>>): string {
  const widths = headings.map((h, c) =>
    Math.max(h.length, ...rows.map((r) => String(r[c]).length))
  );
  const line = (cells: Array<string | number>) =>
    cells.map((v, c) =>
      typeof v === "number" ? String(v).padStart(widths[c]) : String(v).padEnd(widths[c])
    ).join("  ").trimEnd();
  return [line(headings), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join(
    "\n",
  );
}
