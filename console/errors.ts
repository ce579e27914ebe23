/**
 * Typed errors of the console. Each has a stable `code` a caller can branch on and a message a
 * user can act on; cartridge errors also name the `file` and `field` at fault.
 *
 * @example
 * ```ts
 * import { CartridgeError } from "./errors.ts";
 * try {
 *   throw new CartridgeError("BAD_MAGIC", "manifest.json", "magic", 'expected "PMTU", got "XXXX"');
 * } catch (e) {
 *   if (e instanceof CartridgeError) console.log(e.code, e.file, e.field);
 * }
 * ```
 * @module
 */

/** Why a cartridge was rejected. */
export type CartridgeErrorCode =
  /** A required file is missing or cannot be read. */
  | "FILE_MISSING"
  /** A file is larger than its limit. */
  | "FILE_TOO_LARGE"
  /** manifest.json is not UTF-8 JSON holding an object. */
  | "MANIFEST_NOT_JSON"
  /** manifest.json `magic` is not "PMTU". */
  | "BAD_MAGIC"
  /** manifest.json `cartridge_version` is not 1. */
  | "UNSUPPORTED_VERSION"
  /** A manifest field is missing. */
  | "MISSING_FIELD"
  /** A manifest field has the wrong type or value. */
  | "BAD_FIELD"
  /** The manifest has a field the format does not define (e.g. the removed `entrypoint`). */
  | "UNKNOWN_FIELD"
  /** program.pvm does not decode (container or the standard program inside). */
  | "BAD_PROGRAM"
  /** An import names a syscall the host registry does not have. */
  | "UNKNOWN_IMPORT"
  /** An import needs a capability the manifest does not declare. */
  | "UNDECLARED_CAPABILITY"
  /** `asset` is declared but there is no assets.pa. */
  | "ASSETS_MISSING"
  /** assets.pa is not valid (the `PackFormatError` code is in the message). */
  | "BAD_ASSETS"
  /** The preload of assets.pa is not valid (the `PreloadError` code is in the message). */
  | "BAD_PRELOAD"
  /** A `.pmc` file does not decode. */
  | "BAD_PMC"
  /** A cartridge source folder does not build. */
  | "BUILD_FAILED";

/** A cartridge (directory or `.pmc`) that may not run. Nothing of it has run. */
export class CartridgeError extends Error {
  override readonly name: string = "CartridgeError";
  /**
   * @param code stable reason code
   * @param file the file at fault (`manifest.json`, `program.pvm`, `assets.pa`, `x.pmc`)
   * @param field the field at fault (`capabilities[2]`, `imports[3]`, `prelude.magic`), or ""
   * @param detail what is wrong, for a user
   */
  constructor(
    readonly code: CartridgeErrorCode | VmInitErrorCode,
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}${field === "" ? "" : `: ${field}`}: ${detail}`);
  }
}

/** Why a VM could not be initialised for boot. */
export type VmInitErrorCode = "EntrypointNotFound";

/**
 * The program has no valid function 0 (jump-table entry 0 missing, or not the start of a basic
 * block): boot always starts at `func_id = 0`, so the cartridge cannot boot.
 */
export class VmInitError extends CartridgeError {
  override readonly name = "VmInitError";
  /** @param field where (`jump_table[0]`) @param detail what is wrong */
  constructor(readonly initCode: VmInitErrorCode, field: string, detail: string) {
    super(initCode, "program.pvm", field, detail);
  }
}

/** Why an input script was rejected. */
export type InputScriptErrorCode =
  | "FILE_MISSING"
  | "FILE_TOO_LARGE"
  | "NOT_JSON"
  | "BAD_FORMAT"
  | "BAD_ENTRY"
  | "UNSORTED"
  | "TOO_MANY_ENTRIES";

/** An input script (`--input`) that does not parse; names the entry and field at fault. */
export class InputScriptError extends Error {
  override readonly name = "InputScriptError";
  /** @param code stable reason code @param message what is wrong, naming the entry */
  constructor(readonly code: InputScriptErrorCode, message: string) {
    super(message);
  }
}

/** A misuse of the console API by the embedder (bad option, wrong call order). */
export class ConsoleUsageError extends Error {
  override readonly name = "ConsoleUsageError";
  /** @param code stable reason code @param message what is wrong */
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * A broken invariant of the console runtime itself (never the guest's fault): the instance stops
 * with a Panic and the run reports it loudly.
 */
export class ConsolePanic extends Error {
  override readonly name = "ConsolePanic";
  /** @param message which invariant broke */
  constructor(message: string) {
    super(message);
  }
}

/** Throws {@link ConsolePanic} unless `cond` holds. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConsolePanic(message);
}
