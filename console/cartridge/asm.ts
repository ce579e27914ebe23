/**
 * Cartridge assembly: the PVM assembler (vm/ASSEMBLY.md) extended through its directive hook
 * with two directives, producing a `program.pvm` container:
 *
 * - `.import module.name@version` — imports a syscall; import i (in source order) is
 *   `ecalli i`, and the directive defines the symbol `module.name` = i, so the call site reads
 *   `ecalli log.write`. Unknown identities are errors here already.
 * - `.export name, label` — names the function at `label`, which must be a jump-table entry
 *   (`func_id` = its first entry index). Debug information only: boot always starts at
 *   `func_id = 0`, the first `.jump_table` entry.
 *
 * The output is always a standard program (SPI), so data sections, `.stack_size` and
 * `.heap_pages` work as in the assembler.
 *
 * @example
 * ```ts
 * import { assembleCartridge } from "./asm.ts";
 * const out = assembleCartridge(`
 * .import system.frame_sync@1
 * .jump_table main
 * main:
 *     ecalli system.frame_sync
 *     jump main
 * `);
 * out.program.imports[0].name; // "frame_sync"
 * ```
 * @module
 */

import {
  assemble,
  type Assembly,
  AssemblyError,
  type DirectiveContext,
  encodeStandardProgram,
} from "../../vm/mod.ts";
import { consoleRegistry } from "../abi/modules.ts";
import type { SyscallRegistry } from "../abi/registry.ts";
import { identityKey, type SyscallIdentity } from "../abi/types.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import {
  type CartridgeProgram,
  decodeProgramContainer,
  encodeProgramContainer,
  type ProgramExport,
} from "./program.ts";

/** Options of {@link assembleCartridge}. */
export interface CartridgeAsmOptions {
  /** File name for messages (default `program.pasm`). */
  fileName?: string;
  /** Registry imports are checked against (default the console's); null skips the check. */
  registry?: SyscallRegistry | null;
}

/** The result: the container bytes, the decoded container and the assembly. */
export interface CartridgeAssembly {
  bytes: Uint8Array;
  program: CartridgeProgram;
  assembly: Assembly;
}

const IMPORT = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)@([0-9]+)$/;

/**
 * Assembles cartridge source into a `program.pvm`. Throws `AssemblyError` (every problem with
 * `file:line:column`) or the container's `CartridgeError` / `VmInitError` (e.g. no function 0).
 */
export function assembleCartridge(
  text: string,
  options: CartridgeAsmOptions = {},
): CartridgeAssembly {
  const fileName = options.fileName ?? "program.pasm";
  const registry = options.registry === undefined ? consoleRegistry() : options.registry;
  const imports: SyscallIdentity[] = [];
  const exports: { name: string; label: string; line: number; column: number }[] = [];
  const assembly = assemble(text, {
    fileName,
    onDirective(d: DirectiveContext): boolean {
      if (d.name === "import") {
        const m = IMPORT.exec(d.text);
        if (m === null) {
          d.fail(`expected .import module.name@version, got "${d.text}"`, "BAD_DIRECTIVE");
        }
        const id = { module: m[1], name: m[2], version: Number(m[3]) };
        if (id.version < 1 || id.version > 0xffff) {
          d.fail(`version ${m[3]} is outside 1…65535`, "BAD_DIRECTIVE");
        }
        if (registry !== null && registry.get(id) === undefined) {
          d.fail(
            `${identityKey(id)} is not a syscall of this console (see console/ABI.md)`,
            "BAD_DIRECTIVE",
          );
        }
        if (imports.length >= CONSOLE_LIMITS.maxImports) {
          d.fail(`more than ${CONSOLE_LIMITS.maxImports} imports`, "TOO_LARGE");
        }
        d.defineSymbol(`${id.module}.${id.name}`, imports.length);
        imports.push(id);
        return true;
      }
      if (d.name === "export") {
        if (d.args.length !== 2) d.fail(`expected .export name, label`, "BAD_DIRECTIVE");
        exports.push({ name: d.args[0], label: d.args[1], line: d.line, column: d.column });
        return true;
      }
      return false;
    },
  });
  const fail = (line: number, column: number, message: string): never => {
    throw new AssemblyError(fileName, [{ code: "BAD_DIRECTIVE", message, line, column, text: "" }]);
  };
  const resolved: ProgramExport[] = exports.map((e) => {
    const pc = assembly.labels.get(e.label);
    if (pc === undefined) fail(e.line, e.column, `.export ${e.name}: no label "${e.label}"`);
    const funcId = assembly.jumpTable.indexOf(pc!);
    if (funcId < 0) {
      fail(
        e.line,
        e.column,
        `.export ${e.name}: "${e.label}" is not a jump-table entry (add it to .jump_table)`,
      );
    }
    return { name: e.name, funcId };
  });
  const code = encodeStandardProgram({
    roData: assembly.roData,
    rwData: assembly.rwData,
    heapPages: assembly.heapPages,
    stackSize: assembly.stackSize,
    code: assembly.programBlob,
  });
  const bytes = encodeProgramContainer({ imports, exports: resolved, code });
  return { bytes, program: decodeProgramContainer(bytes), assembly };
}
