/**
 * `manifest.json`: what a cartridge is, never how it boots (boot authority is the program:
 * `func_id = 0`). Fields, all required, no others:
 *
 * | field | rule |
 * |---|---|
 * | `magic` | `"PMTU"` |
 * | `cartridge_version` | `1` |
 * | `app_id` | integer 1…4294967295; owns the memcard |
 * | `title` | 1…64 characters, no control characters |
 * | `app_version` | semantic version `MAJOR.MINOR.PATCH[-pre][+build]` (semver 2.0.0) |
 * | `app_mode` | `"game"` or `"system"` |
 * | `capabilities` | array of distinct names from `gfx`, `audio`, `asset`, `memcard` |
 *
 * @example
 * ```ts
 * import { parseManifest } from "./manifest.ts";
 * const m = parseManifest(new TextEncoder().encode(JSON.stringify({
 *   magic: "PMTU", cartridge_version: 1, app_id: 7, title: "Demo", app_version: "1.0.0",
 *   app_mode: "game", capabilities: ["memcard"],
 * })));
 * m.capabilities; // ["memcard"]
 * ```
 * @module
 */

import { CAPABILITIES, type Capability } from "../abi/types.ts";
import { CartridgeError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";

/** The manifest magic. */
export const MANIFEST_MAGIC = "PMTU";
/** The cartridge format version this console reads. */
export const CARTRIDGE_VERSION = 1;

/** A validated manifest. */
export interface Manifest {
  magic: "PMTU";
  cartridge_version: 1;
  app_id: number;
  title: string;
  app_version: string;
  app_mode: "game" | "system";
  capabilities: Capability[];
}

const FIELDS = [
  "magic",
  "cartridge_version",
  "app_id",
  "title",
  "app_version",
  "app_mode",
  "capabilities",
] as const;

// semver 2.0.0 (the regular expression suggested by semver.org, without named groups)
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const FILE = "manifest.json";

function bad(field: string, detail: string): never {
  throw new CartridgeError("BAD_FIELD", FILE, field, detail);
}

const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

/** Parses and validates manifest bytes; throws {@link CartridgeError} naming the field at fault. */
export function parseManifest(bytes: Uint8Array): Manifest {
  if (bytes.length > CONSOLE_LIMITS.maxManifestBytes) {
    throw new CartridgeError(
      "FILE_TOO_LARGE",
      FILE,
      "",
      `${bytes.length} bytes; the limit is ${CONSOLE_LIMITS.maxManifestBytes}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new CartridgeError(
      "MANIFEST_NOT_JSON",
      FILE,
      "",
      `not UTF-8 JSON (${(e as Error).message})`,
    );
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CartridgeError("MANIFEST_NOT_JSON", FILE, "", "expected a JSON object");
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(k)) {
      const hint = k === "entrypoint"
        ? " (boot always starts at func_id 0: the program decides, not the manifest)"
        : "";
      throw new CartridgeError("UNKNOWN_FIELD", FILE, k, `not a manifest field${hint}`);
    }
  }
  for (const k of FIELDS) {
    if (!(k in o)) throw new CartridgeError("MISSING_FIELD", FILE, k, "required");
  }
  if (o.magic !== MANIFEST_MAGIC) {
    throw new CartridgeError(
      "BAD_MAGIC",
      FILE,
      "magic",
      `expected "${MANIFEST_MAGIC}", got ${show(o.magic)}`,
    );
  }
  if (o.cartridge_version !== CARTRIDGE_VERSION) {
    throw new CartridgeError(
      "UNSUPPORTED_VERSION",
      FILE,
      "cartridge_version",
      `this console reads version ${CARTRIDGE_VERSION}, got ${show(o.cartridge_version)}`,
    );
  }
  const appId = o.app_id;
  if (typeof appId !== "number" || !Number.isInteger(appId) || appId < 1 || appId > 0xffffffff) {
    bad("app_id", `expected an integer 1…4294967295, got ${show(appId)}`);
  }
  const title = o.title;
  if (
    typeof title !== "string" || title.length < 1 || title.length > CONSOLE_LIMITS.maxTitleLength ||
    // deno-lint-ignore no-control-regex
    /[\u0000-\u001f\u007f]/.test(title)
  ) {
    bad(
      "title",
      `expected 1…${CONSOLE_LIMITS.maxTitleLength} characters without control characters`,
    );
  }
  const version = o.app_version;
  if (
    typeof version !== "string" || version.length > CONSOLE_LIMITS.maxVersionLength ||
    !SEMVER.test(version)
  ) {
    bad("app_version", `expected a semantic version like "1.2.3", got ${show(version)}`);
  }
  if (o.app_mode !== "game" && o.app_mode !== "system") {
    bad("app_mode", `expected "game" or "system", got ${show(o.app_mode)}`);
  }
  if (!Array.isArray(o.capabilities)) bad("capabilities", "expected an array of capability names");
  const caps: Capability[] = [];
  (o.capabilities as unknown[]).forEach((c, i) => {
    if (typeof c !== "string" || !(CAPABILITIES as readonly string[]).includes(c)) {
      bad(`capabilities[${i}]`, `${show(c)} is not one of ${CAPABILITIES.join(", ")}`);
    }
    if (caps.includes(c as Capability)) bad(`capabilities[${i}]`, `"${c}" is listed twice`);
    caps.push(c as Capability);
  });
  return {
    magic: MANIFEST_MAGIC,
    cartridge_version: CARTRIDGE_VERSION,
    app_id: appId as number,
    title: title as string,
    app_version: version as string,
    app_mode: o.app_mode,
    capabilities: caps,
  };
}

/** Canonical manifest text (fields in table order, two-space indent, final newline). */
export function encodeManifest(m: Manifest): Uint8Array {
  const o: Record<string, unknown> = {};
  for (const k of FIELDS) o[k] = m[k];
  return new TextEncoder().encode(JSON.stringify(o, null, 2) + "\n");
}
