/**
 * Canonical JSON, the encoding of the `assets.pa` header: UTF-8, no whitespace, object keys
 * sorted (by UTF-16 code unit, which is byte order for the ASCII keys the schema allows) at every
 * level, arrays in declared order, integers only (safe range, no `-0`), strings escaped exactly as
 * `JSON.stringify` does. One value has exactly one encoding, so a reader can check a header is
 * canonical by re-encoding what it parsed and comparing bytes.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * canonicalJson({ b: 1, a: [true, "x"] }); // '{"a":[true,"x"],"b":1}'
 * ```
 * @module
 */

import type { JsonValue } from "./types.ts";

/** Thrown for a value canonical JSON cannot hold (a float, `undefined`, a cycle…). */
export class CanonicalJsonError extends Error {
  /** The class name, for logs. */
  override readonly name = "CanonicalJsonError";
  /** Where in the value (`$.a[2].b`). */
  readonly path: string;
  /** Creates it. @param path where in the value @param message what is wrong */
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/** Largest nesting the encoder accepts; deeper values are rejected, never recursed into. */
export const MAX_CANONICAL_DEPTH = 16;

/** Encodes `value` canonically. Throws {@link CanonicalJsonError} for a value it cannot hold. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  encode(value, "$", 0, out);
  return out.join("");
}

/** {@link canonicalJson} as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function encode(v: unknown, path: string, depth: number, out: string[]): void {
  if (depth > MAX_CANONICAL_DEPTH) throw new CanonicalJsonError(path, "nested too deeply");
  if (v === null) {
    out.push("null");
  } else if (typeof v === "boolean") {
    out.push(v ? "true" : "false");
  } else if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) {
      throw new CanonicalJsonError(path, `not a safe integer: ${v}`);
    }
    out.push(String(v));
  } else if (typeof v === "string") {
    out.push(JSON.stringify(v));
  } else if (Array.isArray(v)) {
    out.push("[");
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(",");
      encode(v[i], `${path}[${i}]`, depth + 1, out);
    }
    out.push("]");
  } else if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(k), ":");
      encode(obj[k], `${path}.${k}`, depth + 1, out);
    });
    out.push("}");
  } else {
    throw new CanonicalJsonError(path, `cannot encode a ${typeof v}`);
  }
}

/** Type guard: a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
