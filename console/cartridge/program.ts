/**
 * `program.pvm`: a standard PVM program (Gray Paper A.7) with the syscall imports it calls and
 * the names of its functions. Little-endian, no padding, nothing after the code:
 *
 * | offset | size | field |
 * |-------:|-----:|-------|
 * | 0 | 4 | magic `PVMC` |
 * | 4 | 2 | version, u16 = 1 |
 * | 6 | 2 | flags, u16 = 0 |
 * | 8 | 2 | import count, u16 ≤ 256 |
 * | 10 | 2 | export count, u16 ≤ 1024 |
 * | 12 | 4 | code length, u32 |
 * | 16 | … | imports: `u8 len, module, u8 len, name, u16 version` each — import i answers `ecalli i` |
 * | … | … | exports: `u8 len, name, u32 func_id` each (debugging only; never boot authority) |
 * | … | code length | the standard program blob |
 *
 * `func_id` N is jump-table entry N. Boot always starts at `func_id = 0`: a program whose jump
 * table is empty, or whose entry 0 is not the start of a basic block, is refused with
 * `VmInitError` code `EntrypointNotFound`. Import modules and names are `[a-z][a-z0-9_]*`, at most
 * 32 bytes; export names `[A-Za-z_.][A-Za-z0-9_.]*`, at most 32 bytes, unique, each naming a valid
 * jump-table entry.
 *
 * @example
 * ```ts
 * import { decodeProgramContainer, encodeProgramContainer } from "./program.ts";
 * // const bytes = encodeProgramContainer({ imports: [{ module: "log", name: "write", version: 1 }], exports: [], code });
 * // decodeProgramContainer(bytes).imports[0].name; // "write"
 * ```
 * @module
 */

import { decodeStandardProgram, ProgramDecodeError, type StandardProgram } from "../../vm/mod.ts";
import type { SyscallIdentity } from "../abi/types.ts";
import { ByteReader, ByteWriter } from "../bytes.ts";
import { CartridgeError, VmInitError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** Magic of program.pvm. */
export const PROGRAM_MAGIC = "PVMC";
/** Container version. */
export const PROGRAM_VERSION = 1;
/** Bytes before the import table. */
export const PROGRAM_HEADER_SIZE = 16;

const IMPORT_NAME = /^[a-z][a-z0-9_]*$/;
const EXPORT_NAME = /^[A-Za-z_.][A-Za-z0-9_.]*$/;
const FILE = "program.pvm";

/** An export: a name for a jump-table entry. */
export interface ProgramExport {
  name: string;
  funcId: number;
}

/** The parts of a program container. */
export interface ProgramParts {
  /** Imports in `ecalli` order. */
  imports: readonly SyscallIdentity[];
  /** Exports (debugging only). */
  exports: readonly ProgramExport[];
  /** The standard program blob. */
  code: Uint8Array;
}

/** A decoded, validated program container. */
export interface CartridgeProgram extends ProgramParts {
  /** The decoded standard program. */
  standard: StandardProgram;
  /** pc of function 0: where boot starts. */
  entryPc: number;
}

function fail(field: string, detail: string): never {
  throw new CartridgeError("BAD_PROGRAM", FILE, field, detail);
}

/** Encodes a container (validating names and counts, not the code). */
export function encodeProgramContainer(parts: ProgramParts): Uint8Array {
  const enc = new TextEncoder();
  if (parts.imports.length > CONSOLE_LIMITS.maxImports) fail("imports", "too many imports");
  if (parts.exports.length > CONSOLE_LIMITS.maxExports) fail("exports", "too many exports");
  const w = new ByteWriter(CONSOLE_LIMITS.maxProgramBytes);
  w.bytes(enc.encode(PROGRAM_MAGIC)).u16(PROGRAM_VERSION).u16(0);
  w.u16(parts.imports.length).u16(parts.exports.length).u32(parts.code.length);
  parts.imports.forEach((im, i) => {
    checkImport(im, `imports[${i}]`);
    const m = enc.encode(im.module);
    const n = enc.encode(im.name);
    w.u8(m.length).bytes(m).u8(n.length).bytes(n).u16(im.version);
  });
  parts.exports.forEach((ex, i) => {
    checkExportName(ex.name, `exports[${i}].name`);
    const n = enc.encode(ex.name);
    w.u8(n.length).bytes(n).u32(ex.funcId);
  });
  w.bytes(parts.code);
  return w.finish();
}

function checkImport(im: SyscallIdentity, field: string): void {
  for (const [part, v] of [["module", im.module], ["name", im.name]] as const) {
    if (!IMPORT_NAME.test(v) || v.length > CONSOLE_LIMITS.maxNameBytes) {
      fail(
        `${field}.${part}`,
        `${
          JSON.stringify(v)
        } is not [a-z][a-z0-9_]* of at most ${CONSOLE_LIMITS.maxNameBytes} bytes`,
      );
    }
  }
  if (!Number.isInteger(im.version) || im.version < 1 || im.version > 0xffff) {
    fail(`${field}.version`, `version ${im.version} is outside 1…65535`);
  }
}

function checkExportName(name: string, field: string): void {
  if (!EXPORT_NAME.test(name) || name.length > CONSOLE_LIMITS.maxNameBytes) {
    fail(
      field,
      `${
        JSON.stringify(name)
      } is not [A-Za-z_.][A-Za-z0-9_.]* of at most ${CONSOLE_LIMITS.maxNameBytes} bytes`,
    );
  }
}

/**
 * Decodes and validates a container: header, imports, exports, the standard program, and
 * function 0. Throws {@link CartridgeError} (BAD_PROGRAM, FILE_TOO_LARGE) or {@link VmInitError}.
 */
export function decodeProgramContainer(bytes: Uint8Array): CartridgeProgram {
  if (bytes.length > CONSOLE_LIMITS.maxProgramBytes) {
    throw new CartridgeError(
      "FILE_TOO_LARGE",
      FILE,
      "",
      `${bytes.length} bytes; the limit is ${CONSOLE_LIMITS.maxProgramBytes}`,
    );
  }
  const r = new ByteReader(
    bytes,
    (what, at) => fail(what, `the file ends at byte ${at}, inside it`),
  );
  const dec = new TextDecoder();
  const magic = dec.decode(r.take(4, "magic"));
  if (magic !== PROGRAM_MAGIC) {
    fail("magic", `expected "${PROGRAM_MAGIC}", got ${JSON.stringify(magic)}`);
  }
  const version = r.u16("version");
  if (version !== PROGRAM_VERSION) {
    fail("version", `this console reads version ${PROGRAM_VERSION}, got ${version}`);
  }
  const flags = r.u16("flags");
  if (flags !== 0) fail("flags", `must be 0, got ${flags}`);
  const importCount = r.u16("import_count");
  if (importCount > CONSOLE_LIMITS.maxImports) {
    fail("import_count", `${importCount} imports; the limit is ${CONSOLE_LIMITS.maxImports}`);
  }
  const exportCount = r.u16("export_count");
  if (exportCount > CONSOLE_LIMITS.maxExports) {
    fail("export_count", `${exportCount} exports; the limit is ${CONSOLE_LIMITS.maxExports}`);
  }
  const codeLength = r.u32("code_length");
  const text = (n: number, field: string) => {
    const b = r.take(n, field);
    return dec.decode(b);
  };
  const imports: SyscallIdentity[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < importCount; i++) {
    const field = `imports[${i}]`;
    const module = text(r.u8(`${field}.module`), `${field}.module`);
    const name = text(r.u8(`${field}.name`), `${field}.name`);
    const im = { module, name, version: r.u16(`${field}.version`) };
    checkImport(im, field);
    const key = `${module}.${name}@${im.version}`;
    if (seen.has(key)) fail(field, `${key} is imported twice`);
    seen.add(key);
    imports.push(im);
  }
  const exports: ProgramExport[] = [];
  const names = new Set<string>();
  for (let i = 0; i < exportCount; i++) {
    const field = `exports[${i}]`;
    const name = text(r.u8(`${field}.name`), `${field}.name`);
    checkExportName(name, `${field}.name`);
    if (names.has(name)) fail(`${field}.name`, `"${name}" is exported twice`);
    names.add(name);
    exports.push({ name, funcId: r.u32(`${field}.func_id`) });
  }
  if (r.remaining !== codeLength) {
    fail("code", `code_length says ${codeLength} bytes but ${r.remaining} follow the tables`);
  }
  const code = r.take(codeLength, "code");
  let standard: StandardProgram;
  try {
    standard = decodeStandardProgram(code);
  } catch (e) {
    if (e instanceof ProgramDecodeError) {
      fail("code", `not a standard PVM program: ${e.code}: ${e.message}`);
    }
    throw e;
  }
  const table = standard.program.jumpTable;
  exports.forEach((ex, i) => {
    if (ex.funcId >= table.length || standard.program.jumpTargets[ex.funcId] < 0) {
      fail(
        `exports[${i}].func_id`,
        `"${ex.name}" names func_id ${ex.funcId}, which is not a valid jump-table entry (the table has ${table.length})`,
      );
    }
  });
  if (table.length === 0) {
    throw new VmInitError(
      "EntrypointNotFound",
      "jump_table[0]",
      "the jump table is empty: there is no func_id 0 to boot",
    );
  }
  if (standard.program.jumpTargets[0] < 0) {
    throw new VmInitError(
      "EntrypointNotFound",
      "jump_table[0]",
      `func_id 0 points at code offset ${table[0]}, which is not the start of a basic block`,
    );
  }
  return { imports, exports, code, standard, entryPc: table[0] };
}
