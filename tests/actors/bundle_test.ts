// Worker bundles: Workers started from a one-file bundle of their entry behave exactly like
// unbundled ones — same trace hashes and outputs, import.meta still describes each module, top-level
// await works, a permission-less Worker loads its bundle — and when a bundle cannot be built or
// would change meaning, Workers start unbundled with one warning on stderr.
import assert from "node:assert/strict";
import {
  ActorSystem,
  type ActorSystemOptions,
  behaviourRef,
  type Output,
} from "../../actors/mod.ts";
import { buildWorkerBundle, workerBundle } from "../../actors/bundle.ts";
import { gossipRun, refs } from "./helpers.ts";

const here = (p: string) => new URL(p, import.meta.url);
const dataPath = new URL("./fixtures/meta_helper/data.txt", import.meta.url).pathname;
const meta = behaviourRef("test/meta", here("./fixtures/meta.ts"), {
  permissions: { read: [dataPath] },
});
const metaNoRead = behaviourRef("test/meta-none", here("./fixtures/meta.ts"));
const dynamicImport = behaviourRef("test/dynamic-import", here("./fixtures/dynamic_import.ts"));

async function gossipHash(
  options: ActorSystemOptions,
): Promise<{ hash: string; outputs: unknown[] }> {
  const r = await gossipRun(options);
  await r.sys.shutdown();
  return { hash: r.hash, outputs: r.outputs };
}

/** Runs the import.meta fixture (spawn, read, stop) and returns its trace hash and outputs. */
async function metaRun(options: ActorSystemOptions): Promise<{ hash: string; out: Output[] }> {
  const sys = new ActorSystem({ seed: 3n, ...options });
  try {
    await sys.spawn({ name: "m", behaviour: meta });
    sys.send("m", "read");
    await sys.runUntilIdle();
    return { hash: sys.traceHash, out: sys.takeOutbox() };
  } finally {
    await sys.shutdown();
  }
}

/** Captures console.warn while `fn` runs. */
async function warnings<T>(fn: () => Promise<T>): Promise<{ value: T; warned: string[] }> {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(" "));
  try {
    return { value: await fn(), warned };
  } finally {
    console.warn = original;
  }
}

Deno.test("bundled and unbundled Workers give the same trace hash as in-process", async () => {
  const inproc = await gossipHash({ seed: 7n, mode: "inprocess" });
  for (const workers of [1, 2]) {
    const off = await gossipHash({ seed: 7n, mode: "workers", workers, bundleWorkers: false });
    const on = await gossipHash({ seed: 7n, mode: "workers", workers, bundleWorkers: true });
    assert.equal(off.hash, inproc.hash, `${workers} unbundled Workers`);
    assert.equal(on.hash, inproc.hash, `${workers} bundled Workers`);
    assert.deepEqual(on.outputs, inproc.outputs);
  }
});

Deno.test("bundling does not change seeded faults, crashes and restarts", async () => {
  const faults = { drop: 0.1, delay: 0.2, maxDelay: 3, reorder: 0.5, crash: 0.08 };
  const off = await gossipHash({ seed: 5n, workers: 2, faults, bundleWorkers: false });
  const on = await gossipHash({ seed: 5n, workers: 2, faults, bundleWorkers: true });
  assert.equal(on.hash, off.hash);

  const crashes = async (bundleWorkers: boolean) => {
    const sys = new ActorSystem({ seed: 1n, bundleWorkers });
    try {
      await sys.spawn({ name: "c", behaviour: refs.crashy });
      for (const t of ["inc", "boom", "inc", "boom", "count"]) sys.send("c", t);
      await sys.runUntilIdle();
      return { hash: sys.traceHash, out: sys.takeOutbox().map((o) => o.body) };
    } finally {
      await sys.shutdown();
    }
  };
  const a = await crashes(false);
  const b = await crashes(true);
  assert.equal(b.hash, a.hash);
  assert.deepEqual(b.out, a.out);
  assert.deepEqual(a.out.map((o) => (o as { detail?: string }).detail ?? o), [
    "Error: boom #1",
    "from checkpoint",
    "Error: boom #2",
    "from checkpoint",
    { n: 2, incarnation: 2 },
  ]);
});

Deno.test("a permission-less Worker really runs from the bundle file", async () => {
  const run = async (bundleWorkers: boolean) => {
    const sys = new ActorSystem({ seed: 1n, bundleWorkers });
    try {
      await sys.spawn({ name: "m", behaviour: metaNoRead }); // permissions: "none"
      sys.send("m", "stack");
      await sys.runUntilIdle();
      return sys.takeOutbox().find((o) => o.type === "stack")?.body;
    } finally {
      await sys.shutdown();
    }
  };
  assert.deepEqual(await run(true), { bundled: true });
  assert.deepEqual(await run(false), { bundled: false });
});

Deno.test("import.meta and top-level await mean the same in a bundle", async () => {
  const off = await metaRun({ bundleWorkers: false });
  const on = await metaRun({ bundleWorkers: true });
  const inproc = await metaRun({ mode: "inprocess" });
  const body = (r: { out: Output[] }, type: string) => r.out.find((o) => o.type === type)?.body;
  const helperUrl = here("./fixtures/meta_helper/where.ts").href;
  const dataUrl = here("./fixtures/meta_helper/data.txt").href;
  assert.deepEqual(body(on, "meta"), {
    self: {
      url: here("./fixtures/meta.ts").href,
      filename: here("./fixtures/meta.ts").pathname,
      main: false,
    },
    helper: {
      url: helperUrl,
      filename: new URL(helperUrl).pathname,
      dirname: new URL(".", helperUrl).pathname.replace(/\/$/, ""),
      main: false,
      data: dataUrl,
      resolved: dataUrl,
      bare: (body(off, "meta") as { helper: { bare: string } }).helper.bare,
    },
    greeting: "loaded after top-level await",
  });
  assert.equal(body(on, "read"), "found next to where.ts\n");
  assert.match((body(on, "meta") as { helper: { bare: string } }).helper.bare, /xstate/);
  assert.deepEqual(on.out, off.out);
  assert.deepEqual(on.out, inproc.out);
  assert.equal(on.hash, off.hash);
  assert.equal(on.hash, inproc.hash);
});

Deno.test("a module bundling would change starts unbundled, with one warning", async () => {
  const direct = await buildWorkerBundle(dynamicImport.url);
  assert.equal(direct.ok, false);
  assert.equal(!direct.ok && direct.code, "BUNDLE_UNFAITHFUL");
  assert.match(!direct.ok ? direct.reason : "", /dynamic import\(\) in .*dynamic_import\.ts/);

  const run = async (bundleWorkers: boolean) => {
    const sys = new ActorSystem({ seed: 2n, workers: 2, bundleWorkers });
    try {
      await sys.spawnMany([
        { name: "d1", behaviour: dynamicImport },
        { name: "d2", behaviour: dynamicImport },
      ]);
      sys.send("d1", "load", "./echo.ts");
      sys.send("d2", "ping", 1);
      await sys.runUntilIdle();
      return { hash: sys.traceHash, out: sys.takeOutbox().map((o) => [o.type, o.body]) };
    } finally {
      await sys.shutdown();
    }
  };
  const { value: on, warned } = await warnings(() => run(true));
  const off = await run(false);
  assert.equal(on.hash, off.hash);
  assert.deepEqual(on.out, [["refused", "TypeError"], ["echo", 1]]);
  assert.equal(warned.length, 1, warned.join("\n"));
  assert.match(warned[0], /dynamic_import\.ts start unbundled .*BUNDLE_UNFAITHFUL/);
  // Later systems in the same process reuse the outcome and do not warn again.
  const again = await warnings(() => run(true));
  assert.equal(again.warned.length, 0);
  assert.equal(await workerBundle(dynamicImport.url), null);
});

Deno.test("a bundler error is reported with its message; non-file modules are not bundled", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const broken = `${dir}/broken.ts`;
    await Deno.writeTextFile(
      broken,
      'import { nope } from "./missing.ts";\nexport const x = nope;\n',
    );
    const r = await buildWorkerBundle(new URL(`file://${broken}`).href);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, "BUNDLE_FAILED");
    assert.match(!r.ok ? r.reason : "", /missing\.ts/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const remote = await buildWorkerBundle("https://example.com/behaviour.ts");
  assert.equal(!remote.ok && remote.code, "BUNDLE_UNAVAILABLE");
});

Deno.test("a bundle is built once per module and process, as a readable .bundle.js file", async () => {
  const a = await workerBundle(refs.echo.url);
  const b = await workerBundle(refs.echo.url);
  assert.ok(a !== null && a.endsWith(".bundle.js"), String(a));
  assert.equal(a, b);
  const code = await Deno.readTextFile(new URL(a!));
  assert.ok(code.includes(JSON.stringify(refs.echo.url)), "the entry names the module");
});

Deno.test("npm packages are bundled from their ES module builds; unused machines are dropped", async () => {
  // The ping-pong benchmark behaviour uses xstate and only the VM-instance machine.
  const url = new URL("../../bench/actors_pingpong.ts", import.meta.url).href;
  const r = await buildWorkerBundle(url);
  assert.ok(r.ok, r.ok ? "" : r.reason);
  const code = await Deno.readTextFile(new URL(r.url));
  const sources = code.split("\n").filter((l) => l.startsWith("// ") && l.includes("xstate/"));
  assert.ok(sources.length > 0, "xstate is in the bundle");
  for (const s of sources) assert.ok(s.endsWith(".esm.js"), `not the ES module build: ${s}`);
  assert.ok(code.includes('id: "vmInstance"'), "the machine it uses is kept");
  for (const id of ["assetLoad", "blockApplier", "supervision", "chainNode"]) {
    assert.ok(!code.includes(`id: "${id}"`), `unused machine ${id} was not dropped`);
  }
});

Deno.test("without --allow-run, Workers start unbundled: one warning, the same trace hash", async () => {
  const probe = here("./fixtures/bundle_probe.ts").pathname;
  const config = here("../../deno.json").pathname;
  const child = async (flags: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", `--config=${config}`, ...flags, probe],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, stderr);
    return { hash: new TextDecoder().decode(out.stdout).trim(), stderr };
  };
  const [denied, allowed] = await Promise.all([
    child(["--allow-read", "--allow-write"]),
    child(["--allow-read", "--allow-write", "--allow-run"]),
  ]);
  const inproc = await gossipHash({ seed: 11n, mode: "inprocess" });
  assert.equal(denied.hash, inproc.hash);
  assert.equal(allowed.hash, inproc.hash);
  const lines = denied.stderr.split("\n").filter((l) => l.includes("start unbundled"));
  assert.equal(lines.length, 1, denied.stderr);
  assert.match(lines[0], /BUNDLE_UNAVAILABLE: bundling needs --allow-run/);
  assert.doesNotMatch(allowed.stderr, /start unbundled/);
});
