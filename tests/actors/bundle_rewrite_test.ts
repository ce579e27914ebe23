// The bundle rewrite: import.meta per module section, refusals for what a bundle would change,
// and the path helpers it uses — on hand-written bundles in esbuild's layout.
import assert from "node:assert/strict";
import { rewriteBundle, type RewriteOptions } from "../../actors/bundle_rewrite.ts";
import { dirnameOf, fromFileUrl, toFileUrl } from "../../actors/file_url.ts";

const sources: Record<string, string> = {
  "file:///repo/a/one.ts": "export const u = import.meta.url;",
  "file:///repo/b/two.ts": "export const d = new URL('./d.bin', import.meta.url);",
  "file:///repo/b/plain.ts": "export const x = 1;",
};
const options: RewriteOptions = {
  baseUrl: "file:///tmp/bundles/",
  trusted: ["file:///repo/actors/"],
  readSource: (url) => sources[url.href] ?? null,
  windows: false,
};

/** Evaluates a rewritten bundle as a module and returns what it assigned to `out`. */
async function run(code: string): Promise<Record<string, unknown>> {
  const source = `export const out = {};\n${code}\n`;
  const mod = await import(`data:text/javascript,${encodeURIComponent(source)}`);
  return mod.out;
}

Deno.test("each module's import.meta describes that module, not the bundle", async () => {
  const bundle = [
    "var helper = 1;",
    "",
    "// ../../repo/a/one.ts",
    "out.one = import.meta.url;",
    "out.oneDir = import.meta.dirname;",
    "",
    "// ../../repo/b/two.ts",
    "out.two = new URL('./d.bin', import.meta.url).href;",
    "out.twoFile = import.meta.filename;",
    "out.twoMain = import.meta.main;",
    "out.twoResolved = import.meta.resolve('../c/e.ts');",
    "",
    "// ../../repo/b/plain.ts",
    "out.plain = 'plain';",
    "",
    "// ../../repo/a/one.ts",
    "out.oneAgain = import.meta.url;",
  ].join("\n");
  const r = rewriteBundle(bundle, options);
  assert.ok(r.ok, r.ok ? "" : r.reason);
  assert.equal(r.modules, 2);
  const body = r.code.split("\n").slice(1 + r.modules).join("\n"); // after the prelude
  assert.doesNotMatch(body, /import\.meta/);
  assert.deepEqual(await run(r.code), {
    one: "file:///repo/a/one.ts",
    oneDir: "/repo/a",
    two: "file:///repo/b/d.bin",
    twoFile: "/repo/b/two.ts",
    twoMain: false,
    twoResolved: "file:///repo/c/e.ts",
    plain: "plain",
    oneAgain: "file:///repo/a/one.ts",
  });
});

Deno.test("a bundle without import.meta passes through unchanged", () => {
  const bundle = "\n// ../../repo/b/plain.ts\nvar x = 1;\n";
  assert.deepEqual(rewriteBundle(bundle, options), { ok: true, code: bundle, modules: 0 });
});

Deno.test("what a bundle would change is refused with a reason", () => {
  const refused = (code: string, why: RegExp, o: RewriteOptions = options) => {
    const r = rewriteBundle(code, o);
    assert.equal(r.ok, false, code);
    assert.match(r.ok ? "" : r.reason, why);
  };
  refused(
    "\n// ../../repo/b/two.ts\nawait import(name);",
    /dynamic import\(\) in file:\/\/\/repo\/b/,
  );
  refused(
    "\n// ../../repo/b/two.ts\nconst p = __dirname;",
    /__dirname in file:\/\/\/repo\/b\/two\.ts/,
  );
  refused("\n// ../../repo/b/two.ts\nf(__filename);", /__filename/);
  refused("throw Error('Dynamic require of \"' + x + '\" is not supported');", /require\(\)/);
  refused("\n// ../../repo/b/two.ts\nconst s = `at ${import.meta.url}`;", /inside a string/);
  refused("\n// ../../repo/b/two.ts\nconst s = 'import.meta';", /inside a string/);
  refused("\n// ../../repo/b/two.ts\nconst s = `line\n${import.meta.url}`;", /inside a string/);
  refused("\n// ../../repo/b/plain.ts\nx = import.meta.url;", /whose source has none/);
  refused("\n// ../../repo/b/gone.ts\nx = import.meta.url;", /cannot read/);
  refused("x = import.meta.url;", /outside any module section/);
  refused("var __actorsMeta0 = 1;", /already uses the name/);
  refused("\n// https://example.com/m.js\nx = import.meta.url;", /not a local file/);
});

Deno.test("trusted code may keep dynamic import(); strings mentioning it are not calls", () => {
  const trusted = "\n// ../../repo/actors/host.ts\nconst load = (url) => import(url);\n";
  assert.equal(rewriteBundle(trusted, options).ok, true);
  const quoted = '\n// ../../repo/b/plain.ts\nconst s = "import(x) and __dirname";\n';
  assert.equal(rewriteBundle(quoted, options).ok, true);
  const member = "\n// ../../repo/b/plain.ts\nloader.import(x); obj.__dirname;\n";
  assert.equal(rewriteBundle(member, options).ok, true);
});

Deno.test("file URLs and paths convert both ways, POSIX and Windows", () => {
  assert.equal(toFileUrl("/tmp/a b/c#d.js", { windows: false }), "file:///tmp/a%20b/c%23d.js");
  assert.equal(fromFileUrl("file:///tmp/a%20b/c%23d.js", { windows: false }), "/tmp/a b/c#d.js");
  assert.equal(toFileUrl("C:\\x y\\z.ts", { windows: true }), "file:///C:/x%20y/z.ts");
  assert.equal(fromFileUrl("file:///C:/x%20y/z.ts", { windows: true }), "C:\\x y\\z.ts");
  assert.equal(toFileUrl("\\\\host\\share\\f.ts", { windows: true }), "file://host/share/f.ts");
  assert.equal(fromFileUrl("file://host/share/f.ts", { windows: true }), "\\\\host\\share\\f.ts");
  assert.equal(dirnameOf("/repo/a/one.ts", { windows: false }), "/repo/a");
  assert.equal(dirnameOf("/one.ts", { windows: false }), "/");
  assert.equal(dirnameOf("C:\\x\\z.ts", { windows: true }), "C:\\x");
  assert.equal(dirnameOf("C:\\z.ts", { windows: true }), "C:\\");
});
