/**
 * File paths ↔ `file:` URLs, for POSIX and Windows, without permissions or dependencies.
 *
 * @example
 * ```ts
 * import { fromFileUrl, toFileUrl } from "./file_url.ts";
 * toFileUrl("/tmp/a b.js");                          // "file:///tmp/a%20b.js"
 * fromFileUrl("file:///tmp/a%20b.js");               // "/tmp/a b.js"
 * fromFileUrl("file:///C:/x/y.ts", { windows: true }); // "C:\\x\\y.ts"
 * ```
 * @module
 */

/** Which path syntax to use (default: the running OS). */
export interface PathStyle {
  /** Windows paths (`C:\x`, `\\host\share`). */
  windows?: boolean;
}

function isWindows(style: PathStyle): boolean {
  return style.windows ?? Deno.build.os === "windows";
}

/**
 * The `file:` URL of an absolute path.
 *
 * @example
 * ```ts
 * toFileUrl("/tmp/x.js"); // "file:///tmp/x.js"
 * ```
 */
export function toFileUrl(path: string, style: PathStyle = {}): string {
  if (!isWindows(style)) return new URL(`file://${encodePath(path)}`).href;
  const unc = /^\\\\([^\\]+)(.*)$/.exec(path);
  if (unc !== null) {
    return new URL(`file://${unc[1]}${encodePath(unc[2].replaceAll("\\", "/"))}`).href;
  }
  return new URL(`file:///${encodePath(path.replaceAll("\\", "/"))}`).href;
}

/**
 * The path of a `file:` URL.
 *
 * @example
 * ```ts
 * fromFileUrl("file:///tmp/x.js"); // "/tmp/x.js"
 * ```
 */
export function fromFileUrl(url: string | URL, style: PathStyle = {}): string {
  const u = new URL(url);
  const path = decodeURIComponent(u.pathname);
  if (!isWindows(style)) return path;
  const local = path.replace(/^\/([A-Za-z]:)/, "$1").replaceAll("/", "\\");
  return u.hostname === "" ? local : `\\\\${u.hostname}${local}`;
}

/**
 * The directory part of a path (`/a/b.ts` → `/a`, `C:\a.ts` → `C:\`).
 *
 * @example
 * ```ts
 * dirnameOf("/tmp/x.js"); // "/tmp"
 * ```
 */
export function dirnameOf(path: string, style: PathStyle = {}): string {
  const sep = isWindows(style) ? "\\" : "/";
  const i = path.lastIndexOf(sep);
  if (i <= 0) return sep;
  if (sep === "\\" && /^[A-Za-z]:$/.test(path.slice(0, i))) return path.slice(0, i + 1);
  return path.slice(0, i);
}

function encodePath(path: string): string {
  return path.split("/").map((part) => encodeURIComponent(part).replaceAll("%3A", ":")).join("/");
}
