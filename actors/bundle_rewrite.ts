/**
 * Makes a Worker bundle behave like the module graph it was made from, or says why it cannot.
 *
 * `deno bundle` (esbuild) puts every module into one file, so `import.meta` inside any bundled
 * module would describe the bundle file, not the module. The bundler marks where each module's
 * code starts with a `// <path>` comment (paths relative to the directory it ran in); this pass
 * gives every module that uses `import.meta` its own object with the module's real `url`,
 * `filename`, `dirname`, `main` (false) and `resolve` (relative specifiers against the module,
 * others through the import map, as before) — after checking that the module's source really
 * mentions `import.meta`, so a misattributed section refuses instead of guessing.
 *
 * It refuses (the caller then starts the unbundled entry) when bundling would change meaning in
 * a way it cannot repair: a dynamic `import()` left in the bundle (it would resolve against the
 * bundle; allowed only in `trusted` code that passes absolute URLs), CommonJS `__dirname` /
 * `__filename`, a `require()` left for run time, `import.meta` in a module that is not a local
 * file, or `import.meta` inside what looks like a string or template.
 *
 * @example
 * ```ts
 * import { rewriteBundle } from "./bundle_rewrite.ts";
 * const code = '\n// ../src/a.ts\nconsole.log(import.meta.url);\n';
 * const r = rewriteBundle(code, { baseUrl: "file:///tmp/b/", trusted: [], readSource: () => "import.meta" });
 * // r.ok === true; r.code logs "file:///tmp/src/a.ts"
 * ```
 * @module
 */

import { dirnameOf, fromFileUrl } from "./file_url.ts";

/** What {@link rewriteBundle} made of a bundle. */
export type RewriteResult =
  | { ok: true; code: string; modules: number }
  | { ok: false; reason: string };

/** Options of {@link rewriteBundle}. */
export interface RewriteOptions {
  /** Directory the bundler ran in, as a URL ending in `/` (section paths are relative to it). */
  baseUrl: string;
  /** URL prefixes of code whose dynamic `import()` calls may stay (they take absolute URLs). */
  trusted: string[];
  /** Reads a module's source, or null when it cannot (default: `Deno.readTextFileSync`). */
  readSource?: (url: URL) => string | null;
  /** Windows paths for `filename` / `dirname` (default: the running OS). */
  windows?: boolean;
}

const PREFIX = "__actorsMeta";
const HEADER = /^\/\/ (\S.*\.(?:[cm]?[jt]sx?|json))$/;
const META = /(?<![\w$.])import\.meta(?![\w$])/g;
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(/g;
const CJS_PATHS = /(?<![\w$.])__(?:dirname|filename)(?![\w$])/g;
const RUNTIME_REQUIRE = "Dynamic require of";

/**
 * Rewrites `import.meta` per module in an unminified esbuild bundle, or refuses with a reason.
 *
 * @example
 * ```ts
 * rewriteBundle("\n// x.ts\nawait import(name);\n", { baseUrl: "file:///t/", trusted: [] }).ok; // false
 * ```
 */
export function rewriteBundle(code: string, options: RewriteOptions): RewriteResult {
  const read = options.readSource ?? readText;
  const windows = options.windows ?? Deno.build.os === "windows";
  if (code.includes(PREFIX)) return refuse(`the bundle already uses the name ${PREFIX}`);
  if (code.includes(RUNTIME_REQUIRE)) {
    return refuse("a require() the bundler could not resolve is left for run time");
  }
  const lines = code.split("\n");
  const metaIndex = new Map<string, number>();
  let section: string | null = null;
  let inTemplate = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = !inTemplate && (i === 0 || lines[i - 1] === "") ? HEADER.exec(line) : null;
    if (header !== null) {
      section = new URL(header[1], options.baseUrl).href;
      continue;
    }
    const strings = stringMask(line, inTemplate);
    inTemplate = strings.endsInTemplate;
    const where = section ?? "the bundle's preamble";
    for (const m of line.matchAll(DYNAMIC_IMPORT)) {
      if (strings.inside(m.index)) continue;
      if (section === null || !options.trusted.some((t) => section!.startsWith(t))) {
        return refuse(`dynamic import() in ${where} would resolve against the bundle file`);
      }
    }
    for (const m of line.matchAll(CJS_PATHS)) {
      if (!strings.inside(m.index)) return refuse(`${m[0]} in ${where} has no bundled value`);
    }
    let out = "";
    let last = 0;
    for (const m of line.matchAll(META)) {
      if (strings.inside(m.index)) {
        return refuse(`import.meta inside a string or template in ${where}`);
      }
      if (section === null) return refuse("import.meta outside any module section");
      let k = metaIndex.get(section);
      if (k === undefined) {
        const problem = checkSection(section, read);
        if (problem !== null) return refuse(problem);
        k = metaIndex.size;
        metaIndex.set(section, k);
      }
      out += line.slice(last, m.index) + `${PREFIX}${k}`;
      last = m.index + m[0].length;
    }
    if (last > 0) lines[i] = out + line.slice(last);
  }
  if (metaIndex.size === 0) return { ok: true, code, modules: 0 };
  const prelude = [
    `const ${PREFIX}For = (url, filename, dirname) => ({ url, main: false, filename, dirname, ` +
    `resolve: (s) => /^\\.{0,2}\\//.test(s) ? new URL(s, url).href : import.meta.resolve(s) });`,
  ];
  for (const [url, k] of metaIndex) {
    const filename = fromFileUrl(url, { windows });
    const dirname = dirnameOf(filename, { windows });
    prelude.push(
      `const ${PREFIX}${k} = ${PREFIX}For(${JSON.stringify(url)}, ` +
        `${JSON.stringify(filename)}, ${JSON.stringify(dirname)});`,
    );
  }
  return { ok: true, code: prelude.join("\n") + "\n" + lines.join("\n"), modules: metaIndex.size };
}

function refuse(reason: string): RewriteResult {
  return { ok: false, reason };
}

function readText(url: URL): string | null {
  try {
    return Deno.readTextFileSync(url);
  } catch {
    return null;
  }
}

/** Null when `section` is a local module whose source uses import.meta; else why not. */
function checkSection(section: string, read: (url: URL) => string | null): string | null {
  const url = new URL(section);
  if (url.protocol !== "file:") return `import.meta in ${section}, which is not a local file`;
  const source = read(url);
  if (source === null) return `cannot read ${section} to check its import.meta`;
  if (!source.includes("import.meta")) {
    return `import.meta attributed to ${section}, whose source has none (sections misread)`;
  }
  return null;
}

/**
 * Where a line is inside a string literal: quotes open and close, backslashes escape, and a
 * template literal may carry on from the previous line. `${…}` inside a template counts as string
 * (which only makes the caller refuse more often, never rewrite text in a string).
 */
function stringMask(
  line: string,
  inTemplate: boolean,
): { inside(index: number): boolean; endsInTemplate: boolean } {
  const ranges: [number, number][] = []; // (opening quote, closing quote), exclusive
  let quote: string | null = inTemplate ? "`" : null;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) {
        ranges.push([start, i]);
        quote = null;
      }
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      start = i;
    }
  }
  if (quote !== null) ranges.push([start, Infinity]);
  return {
    inside: (index) => ranges.some(([s, e]) => index > s && index < e),
    endsInTemplate: quote === "`",
  };
}
