/**
 * Worker bundles: the generated Worker entry of a behaviour module (see `entry_source.ts`) with
 * `worker_entry.ts`, the module and all their dependencies — npm packages included — built into
 * one ES module file by `deno bundle`, run as a subprocess. A Worker started from it skips
 * Deno's per-Worker Node-compatibility bootstrap for `npm:` modules (~30 ms with xstate).
 *
 * Each module is bundled once per process ({@link workerBundle}); bundles live in a temporary
 * directory removed when the process ends. There is no cache on disk: a correct key would have
 * to cover every source file, npm package, config and lock file in the graph and the Deno
 * version, and a stale bundle would silently run old code. A bundle that cannot be built —
 * no `--allow-run` for deno, no read/write permission, a bundler error, or code whose meaning
 * bundling would change (see `bundle_rewrite.ts`) — gives null; the caller starts the unbundled
 * entry, and the reason is printed once on stderr. Nothing about bundling enters a trace.
 *
 * Bundling resolves imports with the `deno.json` nearest to the main module (else to the
 * behaviour module) and its lock file, frozen: the process's own resolution. `--keep-names`
 * keeps class and function names (they appear in crash causes).
 *
 * @example
 * ```ts
 * import { workerBundle } from "./bundle.ts";
 * const url = await workerBundle(new URL("../bench/actors_pingpong.ts", import.meta.url).href);
 * // "file:///tmp/actors-bundles-…/actors_pingpong-1.bundle.js", or null (reason on stderr)
 * ```
 * @module
 */

import { rewriteBundle } from "./bundle_rewrite.ts";
import { workerEntrySource } from "./entry_source.ts";
import { fromFileUrl, toFileUrl } from "./file_url.ts";

/** Why a bundle could not be used (stable codes). */
export type BundleProblemCode =
  /** Bundling is not possible here: permissions, or a module that is not a local file. */
  | "BUNDLE_UNAVAILABLE"
  /** `deno bundle` failed, timed out or could not start. */
  | "BUNDLE_FAILED"
  /** The bundle would behave differently from the module graph (see `bundle_rewrite.ts`). */
  | "BUNDLE_UNFAITHFUL";

/** The outcome of building one bundle. */
export type BundleOutcome =
  | { ok: true; url: string; ms: number }
  | { ok: false; code: BundleProblemCode; reason: string };

/** Options of {@link buildWorkerBundle}. */
export interface BundleOptions {
  /** Longest wait for `deno bundle`, in ms (default 120000). */
  timeoutMs?: number;
}

/**
 * Package-export conditions added while bundling: `module`, the bundlers' condition for an ES
 * module build. Without it Deno resolves xstate to its CommonJS build, which cannot be
 * tree-shaken and costs a Worker 1–3 ms more to start (measured with `deno task bench actors`).
 */
export const BUNDLE_CONDITIONS = "module";

const ACTORS_DIR = new URL("./", import.meta.url).href;
const built = new Map<string, Promise<string | null>>();
const warned = new Set<string>();
let dir: Promise<string> | null = null;
let counter = 0;

/**
 * The bundle to start Workers of `moduleUrl` from, built on first use and kept for the life of
 * the process; null (after one warning on stderr) when it cannot be built.
 *
 * @example
 * ```ts
 * const entry = await workerBundle("file:///repo/console/cart_actor.ts"); // string | null
 * ```
 */
export function workerBundle(moduleUrl: string): Promise<string | null> {
  let p = built.get(moduleUrl);
  if (p === undefined) {
    p = buildWorkerBundle(moduleUrl).then((r) => {
      if (r.ok) return r.url;
      const key = r.code === "BUNDLE_UNAVAILABLE" ? r.reason : `${moduleUrl}\n${r.reason}`;
      if (!warned.has(key)) {
        warned.add(key);
        console.warn(
          `actors: Workers of ${moduleUrl} start unbundled (slower spawn): ${r.code}: ${r.reason}`,
        );
      }
      return null;
    });
    built.set(moduleUrl, p);
  }
  return p;
}

/**
 * Builds a fresh bundle of the Worker entry for `moduleUrl` (no caching; {@link workerBundle}
 * caches). Never throws: failures come back as `{ ok: false, code, reason }`.
 *
 * @example
 * ```ts
 * const r = await buildWorkerBundle("file:///repo/console/cart_actor.ts");
 * if (r.ok) new Worker(r.url, { type: "module" });
 * ```
 */
export async function buildWorkerBundle(
  moduleUrl: string,
  options: BundleOptions = {},
): Promise<BundleOutcome> {
  const t0 = performance.now();
  if (!moduleUrl.startsWith("file:")) {
    return problem("BUNDLE_UNAVAILABLE", `only local modules are bundled, not ${moduleUrl}`);
  }
  const denied = permissionProblem();
  if (denied !== null) return problem("BUNDLE_UNAVAILABLE", denied);
  let base: string;
  try {
    base = await tempDir();
  } catch (e) {
    return problem("BUNDLE_UNAVAILABLE", `no temporary directory: ${(e as Error).message}`);
  }
  const stem = `${stemOf(moduleUrl)}-${++counter}`;
  const entry = `${base}/${stem}.entry.js`;
  const raw = `${base}/${stem}.raw.js`;
  const out = `${base}/${stem}.bundle.js`;
  const config = findConfig(moduleUrl);
  const args = [
    "bundle",
    "--quiet",
    "--platform=deno",
    "--format=esm",
    "--packages=bundle",
    "--keep-names",
    ...(config === null ? ["--no-config"] : [`--config=${config}`, "--frozen-lockfile"]),
    "--output",
    raw,
    entry,
  ];
  try {
    await Deno.writeTextFile(entry, workerEntrySource(moduleUrl));
    const run = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: base,
      env: { NO_COLOR: "1", DENO_CONDITIONS: BUNDLE_CONDITIONS },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    }).output();
    if (!run.success) {
      const text = new TextDecoder().decode(run.stderr).split("\n").filter((l) => l.trim() !== "");
      const why = run.signal !== null ? `stopped by ${run.signal}` : `exit code ${run.code}`;
      return problem("BUNDLE_FAILED", `deno bundle: ${why}: ${text.slice(0, 4).join(" | ")}`);
    }
    const rewritten = rewriteBundle(await Deno.readTextFile(raw), {
      baseUrl: toFileUrl(base) + "/",
      trusted: [ACTORS_DIR],
    });
    if (!rewritten.ok) return problem("BUNDLE_UNFAITHFUL", rewritten.reason);
    await Deno.writeTextFile(out, rewritten.code);
    await Deno.remove(raw);
  } catch (e) {
    return problem("BUNDLE_FAILED", `${(e as Error).name}: ${(e as Error).message}`);
  }
  return { ok: true, url: toFileUrl(out), ms: performance.now() - t0 };
}

function problem(code: BundleProblemCode, reason: string): BundleOutcome {
  return { ok: false, code, reason };
}

/** Null when read, write and running deno are granted (asked without prompting); else why. */
function permissionProblem(): string | null {
  if (Deno.build.standalone) return "a compiled program has no deno to run `deno bundle` with";
  const state = (d: Deno.PermissionDescriptor) => Deno.permissions.querySync(d).state;
  if (state({ name: "read" }) !== "granted" || state({ name: "write" }) !== "granted") {
    return "bundling needs --allow-read and --allow-write (for a temporary directory)";
  }
  const exec = Deno.execPath();
  if (state({ name: "run", command: exec }) !== "granted") {
    return `bundling needs --allow-run for ${exec}`;
  }
  return null;
}

function tempDir(): Promise<string> {
  dir ??= Deno.makeTempDir({ prefix: "actors-bundles-" }).then((path) => {
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(path, { recursive: true });
      } catch { /* already gone */ }
    });
    return path;
  });
  return dir;
}

/** A readable file-name stem from a module URL (`…/cart_actor.ts` → `cart_actor`). */
function stemOf(moduleUrl: string): string {
  const name = new URL(moduleUrl).pathname.split("/").pop() ?? "module";
  return name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40) || "module";
}

/** The `deno.json(c)` nearest to the main module, else to `moduleUrl`; null when none. */
function findConfig(moduleUrl: string): string | null {
  const starts = [Deno.mainModule, moduleUrl].filter((u) => u.startsWith("file:"));
  for (const start of starts) {
    let d = new URL("./", start);
    for (;;) {
      for (const name of ["deno.json", "deno.jsonc"]) {
        const candidate = new URL(name, d);
        try {
          if (Deno.statSync(candidate).isFile) return fromFileUrl(candidate);
        } catch { /* not here */ }
      }
      const up = new URL("../", d);
      if (up.href === d.href) break;
      d = up;
    }
  }
  return null;
}
