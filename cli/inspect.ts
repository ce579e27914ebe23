/**
 * `deno task run inspect <assets.pa>` — prints an `assets.pa` file's prelude, asset table and
 * preload, and validates it: header, every asset (read, hash, decode, layout) and the preload
 * against the default banks.
 * @module
 */

import {
  DEFAULT_BANKS,
  formatTable,
  loadResident,
  MAGIC,
  PackFormatError,
  PackReader,
  PreloadError,
  validatePreload,
} from "../assets/mod.ts";

/** Usage text. */
export const HELP = `usage: deno task run inspect <assets.pa> [--json]

Prints the prelude, the asset table and the preload of an assets.pa file, then validates it:
the header (schema, canonical form), every asset (slice in range, blake2b-256, decoding,
layout) and the preload (known ids, free slots, budgets of the default banks).
Exit codes: 0 valid, 1 invalid, 2 usage.

  --json   print the header as canonical JSON instead of tables`;

function describe(meta: Record<string, unknown>): string {
  if ("tile_size" in meta) {
    return `${meta.tile_count} tiles ${meta.tile_size}x${meta.tile_size}, ${meta.palette_count} pal` +
      (meta.transparent ? ", key 0" : "");
  }
  const loop = meta.loop_start !== undefined ? `, loop ${meta.loop_start}..${meta.loop_end}` : "";
  return `${meta.sample_rate} Hz, ${meta.frame_count} frames${loop}`;
}

/** Prints and validates; exit code 0 when the file is valid. */
export async function main(args: string[]): Promise<number> {
  const json = args.includes("--json");
  const files = args.filter((a) => !a.startsWith("-"));
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--json");
  if (files.length !== 1 || unknown.length > 0) {
    console.error(
      `inspect: expected one <assets.pa>${unknown.length ? `, unknown ${unknown}` : ""}\n\n${HELP}`,
    );
    return 2;
  }
  let pack: PackReader;
  try {
    pack = await PackReader.openFile(files[0]);
  } catch (e) {
    if (e instanceof PackFormatError) {
      console.error(`inspect: ${files[0]}: invalid: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  try {
    const { prelude, header } = pack;
    if (json) {
      console.log(new TextDecoder().decode(await pack.source.read(32, prelude.header_len)));
    } else {
      console.log(`${files[0]}: ${pack.source.size} bytes\n\nprelude`);
      console.log(formatTable(["field", "value"], [
        ["magic", new TextDecoder().decode(MAGIC)],
        ["schema_version", prelude.schema_version],
        ["header_len", prelude.header_len],
        ["payload_offset", prelude.payload_offset],
        ["flags", prelude.flags],
        ["reserved", prelude.reserved],
        ["payload size", pack.payloadSize],
      ]));
    }
    const problems: string[] = [];
    const checks: string[] = [];
    for (const e of header.asset_table) {
      try {
        await loadResident(pack, e);
        checks.push("ok");
      } catch (err) {
        if (!(err instanceof PackFormatError)) throw err;
        checks.push(err.code);
        problems.push(`${err.code}: ${err.message}`);
      }
    }
    if (!json) {
      console.log(`\nasset_table (${header.asset_table.length})`);
      console.log(formatTable(
        [
          "id",
          "name",
          "bank",
          "codec",
          "offset",
          "size",
          "decoded",
          "blake2b_256",
          "detail",
          "check",
        ],
        header.asset_table.map((e, i) => [
          e.asset_id,
          e.asset_name,
          e.bank_type,
          e.codec,
          e.offset,
          e.size,
          e.decoded_size,
          `${e.metadata.blake2b_256.slice(0, 16)}…`,
          describe(e.metadata as unknown as Record<string, unknown>),
          checks[i],
        ]),
      ));
      console.log(`\npreload (${header.preload.length})`);
      console.log(formatTable(
        ["#", "asset_id", "name", "bank", "slot"],
        header.preload.map((p, i) => {
          const e = pack.entryById(p.asset_id);
          return [i, p.asset_id, e?.asset_name ?? "?", e?.bank_type ?? "?", p.slot];
        }),
      ));
    }
    try {
      validatePreload(header, DEFAULT_BANKS);
    } catch (err) {
      if (!(err instanceof PreloadError)) throw err;
      problems.push(`${err.code}: ${err.message}`);
    }
    if (problems.length > 0) {
      console.error(`\ninspect: ${files[0]}: invalid (${problems.length} problem(s))`);
      for (const p of problems) console.error(`  ${p}`);
      return 1;
    }
    if (!json) {
      console.log(
        `\nvalid: ${header.asset_table.length} assets verified (slice, blake2b-256, decode, layout); ` +
          `preload fits the default banks`,
      );
    }
    return 0;
  } finally {
    pack.close();
  }
}
