/**
 * `deno task run asm <file.pasm> [-o out.pvm]` — assembles PVM assembly text (syntax:
 * `vm/ASSEMBLY.md`) into a program blob, and prints its size and instruction count.
 * @module
 */

import { assemble, AssemblyError } from "../vm/assembler.ts";
import { formatDiagnostic } from "../vm/asm_errors.ts";

/** Usage text. */
export const HELP = `usage: deno task run asm <file.pasm> [-o <out.pvm>] [--hex]

Assembles PVM assembly text (syntax: vm/ASSEMBLY.md) into a program blob: a plain program,
or a standard program (SPI) when the source has data sections or .standard.

  -o, --output <file>   where to write the blob (default: the input with .pvm)
  --hex                 print the blob as hex on stdout instead of writing a file

Prints the output size and instruction count; warnings (such as a jump target that is not a
basic-block start) go to stderr. Errors are listed as file:line:column: message; the exit
code is then 1 (2 for a usage or file problem).`;

function outputPath(input: string): string {
  return input.endsWith(".pasm") ? input.slice(0, -5) + ".pvm" : input + ".pvm";
}

/** Assembles the file; exit code 0 on success. */
export async function main(args: string[]): Promise<number> {
  let input: string | undefined, output: string | undefined, hex = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--output") {
      output = args[++i];
      if (output === undefined) {
        console.error("asm: -o needs a file name\n\n" + HELP);
        return 2;
      }
    } else if (a === "--hex") hex = true;
    else if (a.startsWith("-")) {
      console.error(`asm: unknown option ${a}\n\n${HELP}`);
      return 2;
    } else if (input === undefined) input = a;
    else {
      console.error(`asm: one input file only (got ${input} and ${a})`);
      return 2;
    }
  }
  if (input === undefined) {
    console.error(HELP);
    return 2;
  }
  let text: string;
  try {
    text = await Deno.readTextFile(input);
  } catch (e) {
    console.error(`asm: cannot read ${input}: ${(e as Error).message}`);
    return 2;
  }
  let result;
  try {
    result = assemble(text, { fileName: input });
  } catch (e) {
    if (!(e instanceof AssemblyError)) throw e;
    console.error(e.message);
    const n = e.diagnostics.length + e.omitted;
    console.error(`asm: ${n} error${n === 1 ? "" : "s"}; nothing written`);
    return 1;
  }
  for (const w of result.warnings) {
    console.error(formatDiagnostic(input, { ...w, message: `warning: ${w.message}` }));
  }
  const kind = result.standard ? "standard program" : "plain program";
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const summary = [
    `${n(result.blob.length, "byte", "bytes")} (${kind})`,
    n(result.instructionCount, "instruction", "instructions"),
    n(result.code.length, "code byte", "code bytes"),
    n(result.jumpTable.length, "jump-table entry", "jump-table entries"),
  ].join(", ");
  if (hex) {
    console.log(Array.from(result.blob, (b) => b.toString(16).padStart(2, "0")).join(""));
    console.error(`asm: ${summary}`);
    return 0;
  }
  const out = output ?? outputPath(input);
  try {
    await Deno.writeFile(out, result.blob);
  } catch (e) {
    console.error(`asm: cannot write ${out}: ${(e as Error).message}`);
    return 2;
  }
  console.log(`wrote ${out}: ${summary}`);
  return 0;
}
