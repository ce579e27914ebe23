/**
 * `deno task run pack <folder> [-o assets.pa]` — packs an asset folder (an `assets.json` list plus
 * PNG and WAV sources) into a deterministic `assets.pa`, then prints a summary table.
 * @module
 */

import {
  formatTable,
  packFolderToFile,
  PackFormatError,
  type PackProgress,
  PackSourceError,
  PreloadError,
} from "../assets/mod.ts";

/** Usage text. */
export const HELP = `usage: deno task run pack <folder> [-o assets.pa]

Packs <folder> into an assets.pa file (default: ./assets.pa). The folder holds assets.json:

  { "assets": [ { "id": 1, "name": "tiles.font", "bank_type": "TILES", "source": "font.png",
                  "codec": "DEFLATE", "options": { "tile_size": 8, "transparent": true } },
                { "id": 10, "name": "sfx.beep", "bank_type": "SOUNDS", "source": "beep.wav",
                  "codec": "NONE", "options": { "loop_start": 0, "loop_end": 100 } } ],
    "preload": [ { "asset_id": 1, "slot": 0 } ] }

TILES sources are PNG (any colour type), cut into 8/16/32-pixel tiles and reduced to RGB565
16-colour palettes; SOUNDS sources are PCM WAV (8/16-bit, mono or stereo, down-mixed to mono).
codec is NONE (default) or DEFLATE. The same folder always gives the same bytes. The output is
written to a temporary file and renamed, so an existing file is never left half-written.
Progress goes to stderr when it is a terminal. Exit codes: 0 ok, 1 bad input, 2 usage.

  -o, --output <file>   where to write (default assets.pa)`;

function parseArgs(args: string[]): { folder: string; out: string } | string {
  let folder: string | undefined;
  let out = "assets.pa";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--output") {
      const v = args[++i];
      if (v === undefined) return `${a} needs a file name`;
      out = v;
    } else if (a.startsWith("-")) {
      return `unknown option ${a}`;
    } else if (folder === undefined) {
      folder = a;
    } else {
      return `unexpected argument ${a}`;
    }
  }
  if (folder === undefined) return "missing <folder>";
  return { folder: folder.replace(/\/+$/, "") || "/", out };
}

function progressPrinter(): ((p: PackProgress) => void) | undefined {
  if (!Deno.stderr.isTerminal()) return undefined;
  const enc = new TextEncoder();
  return (p) => {
    const width = 24;
    const filled = Math.floor((p.done * width) / p.total);
    const bar = "#".repeat(filled) + ".".repeat(width - filled);
    Deno.stderr.writeSync(enc.encode(`\r\x1b[2K[${bar}] ${p.done}/${p.total} ${p.asset}`));
    if (p.done === p.total) Deno.stderr.writeSync(enc.encode("\r\x1b[2K"));
  };
}

/** Packs; exit code 0 on success, 1 on bad input, 2 on bad usage. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    console.error(`pack: ${parsed}\n\n${HELP}`);
    return 2;
  }
  try {
    const report = await packFolderToFile(parsed.folder, parsed.out, {
      onProgress: progressPrinter(),
    });
    console.log(formatTable(
      ["id", "name", "bank", "codec", "source", "decoded", "stored", "detail"],
      report.rows.map((r) => [
        r.asset_id,
        r.asset_name,
        r.bank_type,
        r.codec,
        r.source,
        r.decoded_size,
        r.size,
        r.detail,
      ]),
    ));
    const stored = report.rows.reduce((s, r) => s + r.size, 0);
    const decoded = report.rows.reduce((s, r) => s + r.decoded_size, 0);
    console.log(
      `\nwrote ${parsed.out}: ${report.fileSize} bytes, ${report.rows.length} assets ` +
        `(${decoded} decoded → ${stored} stored), ${report.header.preload.length} preload`,
    );
    return 0;
  } catch (e) {
    if (e instanceof PackSourceError || e instanceof PreloadError || e instanceof PackFormatError) {
      console.error(`pack: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
