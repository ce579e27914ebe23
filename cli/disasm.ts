/**
 * `deno task run disasm <blob-file | vector.json> | --hex <hex>` — prints a PVM program blob
 * as assembly text that `asm` turns back into the same bytes.
 * @module
 */

import { parseVector } from "../vm/conformance.ts";
import { type BlobFormat, disassemble } from "../vm/disassembler.ts";
import { ProgramDecodeError } from "../vm/errors.ts";

/** Usage text. */
export const HELP = `usage: deno task run disasm <blob-file> [options]
       deno task run disasm <vector.json> [options]
       deno task run disasm --hex <hex> [options]

Prints a PVM program blob as assembly text (syntax: vm/ASSEMBLY.md); assembling that text
with \`asm\` gives back the same bytes. A .json input is read as a conformance vector and its
"program" is disassembled.

  --hex <hex>           take the blob from the command line (spaces and a 0x prefix allowed)
  --format <f>          plain | standard | auto (default: auto — plain if it decodes, else SPI)
  --pc                  add each instruction's code offset as a comment (; @pc)
  -o, --output <file>   write the text to a file instead of stdout

Exit code 1 when the blob does not decode (the reason is printed), 2 for a usage or file
problem.`;

function parseHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, "").replace(/^0x/i, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(clean)) return undefined;
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

async function readInput(path: string): Promise<Uint8Array | string> {
  try {
    if (!path.endsWith(".json")) return await Deno.readFile(path);
    const text = await Deno.readTextFile(path);
    try {
      return parseVector(text).program;
    } catch (e) {
      return `${path} is not a conformance vector: ${(e as Error).message}`;
    }
  } catch (e) {
    return `cannot read ${path}: ${(e as Error).message}`;
  }
}

/** Disassembles the input; exit code 0 on success. */
export async function main(args: string[]): Promise<number> {
  let input: string | undefined, hex: string | undefined, output: string | undefined;
  let format: BlobFormat | "auto" = "auto", pcComments = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--hex") hex = value();
      else if (a === "-o" || a === "--output") output = value();
      else if (a === "--pc") pcComments = true;
      else if (a === "--format") {
        const f = value();
        if (f !== "plain" && f !== "standard" && f !== "auto") {
          throw new Error(`--format must be plain, standard or auto, not ${f}`);
        }
        format = f;
      } else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
      else if (input === undefined) input = a;
      else throw new Error(`one input only (got ${input} and ${a})`);
    } catch (e) {
      console.error(`disasm: ${(e as Error).message}\n\n${HELP}`);
      return 2;
    }
  }
  if ((input === undefined) === (hex === undefined)) {
    console.error(`disasm: give a blob file, a vector .json, or --hex <hex>\n\n${HELP}`);
    return 2;
  }
  let blob: Uint8Array;
  if (hex !== undefined) {
    const parsed = parseHex(hex);
    if (parsed === undefined) {
      console.error("disasm: --hex needs an even number of hex digits");
      return 2;
    }
    blob = parsed;
  } else {
    const read = await readInput(input!);
    if (typeof read === "string") {
      console.error(`disasm: ${read}`);
      return 2;
    }
    blob = read;
  }
  let text: string;
  try {
    text = disassemble(blob, { format, pcComments });
  } catch (e) {
    if (!(e instanceof ProgramDecodeError)) throw e;
    console.error(`disasm: ${input ?? "the blob"} does not decode: ${e.message}`);
    return 1;
  }
  if (output === undefined) {
    await Deno.stdout.write(new TextEncoder().encode(text));
    return 0;
  }
  try {
    await Deno.writeTextFile(output, text);
  } catch (e) {
    console.error(`disasm: cannot write ${output}: ${(e as Error).message}`);
    return 2;
  }
  console.error(`disasm: wrote ${output}`);
  return 0;
}
