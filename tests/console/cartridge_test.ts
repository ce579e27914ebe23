/**
 * Cartridge formats and the loader: every rejection names its file and field with a stable code,
 * and a valid cartridge (directory or .pmc) loads. Nothing runs for a rejected cartridge.
 * @module
 */

import assert from "node:assert/strict";
import {
  assembleCartridge,
  type Capability,
  CartridgeError,
  decodePmc,
  decodeProgramContainer,
  encodeManifest,
  encodePmc,
  encodeProgramContainer,
  loadCartridge,
  parseManifest,
  VmInitError,
} from "../../console/mod.ts";
import { assemble, encodeStandardProgram } from "../../vm/mod.ts";
import {
  manifest,
  manifestBytes,
  packFile,
  packInputs,
  rawProgram,
  scriptSource,
  writeCart,
} from "./cart_helpers.ts";
import { packBytes } from "../../assets/mod.ts";

function rejects(fn: () => unknown, code: string, field?: string | RegExp): CartridgeError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CartridgeError, `expected CartridgeError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (typeof field === "string") assert.equal(e.field, field);
    if (field instanceof RegExp) assert.match(e.message, field);
    return e;
  }
  assert.fail(`expected ${code}`);
}

async function rejectsAsync(p: Promise<unknown>, code: string, file: string, field?: string) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CartridgeError, `expected CartridgeError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.file, file, e.message);
    if (field !== undefined) assert.equal(e.field, field, e.message);
    assert.ok(e.message.startsWith(file), e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

Deno.test("manifest: a valid one parses; canonical encoding round-trips", () => {
  const m = parseManifest(manifestBytes());
  assert.deepEqual(m, manifest(["memcard"]));
  assert.deepEqual(parseManifest(encodeManifest(m)), m);
  assert.equal(
    parseManifest(manifestBytes({ app_version: "2.0.0-rc.1+build.5" })).app_version,
    "2.0.0-rc.1+build.5",
  );
});

Deno.test("manifest: every field is checked, naming the field", () => {
  rejects(() => parseManifest(manifestBytes({ magic: "PMTX" })), "BAD_MAGIC", "magic");
  rejects(
    () => parseManifest(manifestBytes({ cartridge_version: 2 })),
    "UNSUPPORTED_VERSION",
    "cartridge_version",
  );
  rejects(
    () => parseManifest(manifestBytes({ cartridge_version: "1" })),
    "UNSUPPORTED_VERSION",
    "cartridge_version",
  );
  for (
    const f of [
      "magic",
      "cartridge_version",
      "app_id",
      "title",
      "app_version",
      "app_mode",
      "capabilities",
    ]
  ) {
    rejects(() => parseManifest(manifestBytes({ [f]: undefined })), "MISSING_FIELD", f);
  }
  const e = rejects(
    () => parseManifest(manifestBytes({ entrypoint: "main" })),
    "UNKNOWN_FIELD",
    "entrypoint",
  );
  assert.match(e.message, /func_id 0/);
  for (const v of [0, -1, 1.5, 2 ** 32, "7", null]) {
    rejects(() => parseManifest(manifestBytes({ app_id: v })), "BAD_FIELD", "app_id");
  }
  for (const v of ["", "x".repeat(65), "a\nb", 5]) {
    rejects(() => parseManifest(manifestBytes({ title: v })), "BAD_FIELD", "title");
  }
  for (const v of ["1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0.0", 1]) {
    rejects(() => parseManifest(manifestBytes({ app_version: v })), "BAD_FIELD", "app_version");
  }
  for (const v of ["Game", "app", null]) {
    rejects(() => parseManifest(manifestBytes({ app_mode: v })), "BAD_FIELD", "app_mode");
  }
  rejects(() => parseManifest(manifestBytes({ capabilities: "gfx" })), "BAD_FIELD", "capabilities");
  rejects(
    () => parseManifest(manifestBytes({ capabilities: ["gfx", "net"] })),
    "BAD_FIELD",
    "capabilities[1]",
  );
  rejects(
    () => parseManifest(manifestBytes({ capabilities: ["gfx", "gfx"] })),
    "BAD_FIELD",
    "capabilities[1]",
  );
  rejects(() => parseManifest(new TextEncoder().encode("{")), "MANIFEST_NOT_JSON");
  rejects(() => parseManifest(new TextEncoder().encode("[1]")), "MANIFEST_NOT_JSON");
  rejects(() => parseManifest(new Uint8Array([0x7b, 0xff, 0x7d])), "MANIFEST_NOT_JSON");
  rejects(() => parseManifest(new Uint8Array(70_000).fill(32)), "FILE_TOO_LARGE");
});

function code(src = ".jump_table main\nmain:\n    jump_ind ra, 0\n"): Uint8Array {
  const a = assemble(src);
  return encodeStandardProgram({
    roData: a.roData,
    rwData: a.rwData,
    heapPages: a.heapPages,
    stackSize: a.stackSize,
    code: a.programBlob,
  });
}

Deno.test("program.pvm: round trip; imports in ecalli order; exports resolve", () => {
  const out = assembleCartridge(
    ".import log.write@1\n.import mem.slot_count@1\n.jump_table main, other\n.export main, main\n.export other_fn, other\nmain:\n    ecalli mem.slot_count\n    ecalli log.write\n    jump_ind ra, 0\nother:\n    jump_ind ra, 0\n",
  );
  const p = decodeProgramContainer(out.bytes);
  assert.deepEqual(p.imports, [{ module: "log", name: "write", version: 1 }, {
    module: "mem",
    name: "slot_count",
    version: 1,
  }]);
  assert.deepEqual(p.exports, [{ name: "main", funcId: 0 }, { name: "other_fn", funcId: 1 }]);
  assert.equal(p.entryPc, 0);
  assert.deepEqual(encodeProgramContainer(p), out.bytes);
  // ecalli operands are the import indices
  assert.equal(out.assembly.code[1], 1);
  assert.equal(p.standard.program.code[0], 10);
});

Deno.test("program.pvm: every malformed container is refused naming the field", () => {
  const good = encodeProgramContainer({
    imports: [{ module: "log", name: "write", version: 1 }],
    exports: [],
    code: code(),
  });
  const mut = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  rejects(() => decodeProgramContainer(mut((b) => (b[0] = 0x58))), "BAD_PROGRAM", "magic");
  rejects(
    () => decodeProgramContainer(mut((_, v) => v.setUint16(4, 2, true))),
    "BAD_PROGRAM",
    "version",
  );
  rejects(
    () => decodeProgramContainer(mut((_, v) => v.setUint16(6, 1, true))),
    "BAD_PROGRAM",
    "flags",
  );
  rejects(
    () => decodeProgramContainer(mut((_, v) => v.setUint16(8, 300, true))),
    "BAD_PROGRAM",
    "import_count",
  );
  rejects(
    () => decodeProgramContainer(mut((_, v) => v.setUint16(10, 2000, true))),
    "BAD_PROGRAM",
    "export_count",
  );
  rejects(
    () => decodeProgramContainer(mut((_, v) => v.setUint32(12, 1, true))),
    "BAD_PROGRAM",
    "code",
  );
  rejects(() => decodeProgramContainer(good.subarray(0, 10)), "BAD_PROGRAM", "export_count");
  rejects(() => decodeProgramContainer(good.subarray(0, 20)), "BAD_PROGRAM", "imports[0].name");
  rejects(
    () => decodeProgramContainer(mut((b) => (b[17] = 0x41))),
    "BAD_PROGRAM",
    "imports[0].module",
  ); // "Log"
  rejects(
    () => decodeProgramContainer(mut((b) => (b[good.length - 1] ^= 0xff))),
    "BAD_PROGRAM",
    "code",
  );
  const dup = encodeProgramContainer({
    imports: [{ module: "log", name: "write", version: 1 }],
    exports: [],
    code: code(),
  });
  const twice = new Uint8Array(dup.length + 12);
  // import the same identity twice by hand
  twice.set(dup.subarray(0, 16));
  new DataView(twice.buffer).setUint16(8, 2, true);
  twice.set(dup.subarray(16, 28), 16);
  twice.set(dup.subarray(16, 28), 28);
  twice.set(dup.subarray(28), 40);
  rejects(
    () => decodeProgramContainer(twice.subarray(0, 40 + dup.length - 28)),
    "BAD_PROGRAM",
    "imports[1]",
  );
  rejects(
    () =>
      decodeProgramContainer(
        encodeProgramContainer({ imports: [], exports: [{ name: "f", funcId: 5 }], code: code() }),
      ),
    "BAD_PROGRAM",
    "exports[0].func_id",
  );
  rejects(
    () =>
      encodeProgramContainer({
        imports: [{ module: "Log", name: "write", version: 1 }],
        exports: [],
        code: code(),
      }),
    "BAD_PROGRAM",
    "imports[0].module",
  );
});

Deno.test("program.pvm: no valid function 0 is VmInitError EntrypointNotFound", () => {
  for (
    const src of [
      "    jump_ind ra, 0\n", // no jump table at all
      ".jump_table @1\n    load_imm a0, 1\n    jump_ind ra, 0\n", // entry 0 inside an instruction
    ]
  ) {
    const bytes = encodeProgramContainer({ imports: [], exports: [], code: code(src) });
    try {
      decodeProgramContainer(bytes);
      assert.fail("expected VmInitError");
    } catch (e) {
      assert.ok(e instanceof VmInitError, String(e));
      assert.equal(e.code, "EntrypointNotFound");
      assert.equal(e.file, "program.pvm");
      assert.equal(e.field, "jump_table[0]");
    }
  }
});

Deno.test(".pmc: deterministic round trip; torn, padded, altered and foreign files refused", () => {
  const parts = {
    manifest: manifestBytes(),
    program: new Uint8Array([1, 2, 3]),
    assets: packFile(),
  };
  const a = encodePmc(parts);
  assert.deepEqual(encodePmc(parts), a);
  assert.deepEqual(decodePmc(a, "x.pmc"), parts);
  assert.equal(decodePmc(encodePmc({ ...parts, assets: null }), "x.pmc").assets, null);
  rejects(() => decodePmc(a.subarray(0, 40), "x.pmc"), "BAD_PMC", "header");
  rejects(() => decodePmc(a.subarray(0, a.length - 1), "x.pmc"), "BAD_PMC", "length");
  rejects(() => decodePmc(new Uint8Array([...a, 0]), "x.pmc"), "BAD_PMC", "length");
  const flipped = a.slice();
  flipped[a.length - 3] ^= 1;
  rejects(() => decodePmc(flipped, "x.pmc"), "BAD_PMC", "digest");
  const magic = a.slice();
  magic[0] = 0;
  rejects(() => decodePmc(magic, "x.pmc"), "BAD_PMC", "magic");
  const version = a.slice();
  version[4] = 9;
  rejects(() => decodePmc(version, "x.pmc"), "BAD_PMC", "version");
  const big = a.slice();
  new DataView(big.buffer).setUint32(8, 1 << 20, true);
  rejects(() => decodePmc(big, "x.pmc"), "BAD_PMC", "manifest_length");
});

Deno.test("loader: valid directory and .pmc load; every rejection names file and field", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const good = (caps: Capability[] = ["asset", "memcard"]) => ({
      manifest: encodeManifest(manifest(caps)),
      program: assembleCartridge(scriptSource([], "", ["asset.load", "mem.slot_count"])).bytes,
      assets: packFile(),
    });
    const ok = await loadCartridge(await writeCart(`${tmp}/ok`, good()));
    assert.equal(ok.manifest.app_id, 7);
    assert.deepEqual(ok.program.imports.map((i) => i.name), ["load", "slot_count"]);
    assert.equal(ok.assetsHeader?.preload.length, 1);
    await ok.close();
    const pmcPath = `${tmp}/ok.pmc`;
    await Deno.writeFile(pmcPath, encodePmc(good()));
    const fromPmc = await loadCartridge(pmcPath);
    const extracted = fromPmc.assetsPath!;
    assert.deepEqual(await Deno.readFile(extracted), packFile());
    await fromPmc.close();
    await assert.rejects(Deno.stat(extracted));

    const at = (name: string, files: Parameters<typeof writeCart>[1]) =>
      writeCart(`${tmp}/${name}`, files);
    await rejectsAsync(loadCartridge(`${tmp}/nothing`), "FILE_MISSING", `${tmp}/nothing`);
    await rejectsAsync(
      loadCartridge(await at("noprog", { ...good(), program: null })),
      "FILE_MISSING",
      "program.pvm",
    );
    await rejectsAsync(
      loadCartridge(await at("magic", { ...good(), manifest: manifestBytes({ magic: "NOPE" }) })),
      "BAD_MAGIC",
      "manifest.json",
      "magic",
    );
    await rejectsAsync(
      loadCartridge(
        await at("version", { ...good(), manifest: manifestBytes({ cartridge_version: 3 }) }),
      ),
      "UNSUPPORTED_VERSION",
      "manifest.json",
      "cartridge_version",
    );
    await rejectsAsync(
      loadCartridge(
        await at("unknown", {
          ...good(),
          program: rawProgram(
            [{ module: "gfx", name: "warp", version: 9 }],
            ".jump_table m\nm:\n    jump_ind ra, 0\n",
          ),
        }),
      ),
      "UNKNOWN_IMPORT",
      "program.pvm",
      "imports[0]",
    );
    await rejectsAsync(
      loadCartridge(await at("cap", { ...good(["asset"]) })),
      "UNDECLARED_CAPABILITY",
      "program.pvm",
      "imports[1]",
    );
    const badPack = packFile();
    badPack[0] = 0;
    await rejectsAsync(
      loadCartridge(await at("badpack", { ...good(), assets: badPack })),
      "BAD_ASSETS",
      "assets.pa",
    );
    const clash = packBytes(packInputs(), [{ asset_id: 10, slot: 2 }, { asset_id: 11, slot: 2 }]);
    const e = await rejectsAsync(
      loadCartridge(await at("clash", { ...good(), assets: clash })),
      "BAD_PRELOAD",
      "assets.pa",
      "preload[1]",
    );
    assert.match(e.message, /PRELOAD_SLOT_CLASH/);
    await rejectsAsync(
      loadCartridge(await at("noassets", { ...good(), assets: null })),
      "ASSETS_MISSING",
      "assets.pa",
    );
    const noFn0 = encodeProgramContainer({
      imports: [],
      exports: [],
      code: code("    jump_ind ra, 0\n"),
    });
    const vmErr = await rejectsAsync(
      loadCartridge(await at("nofn0", { ...good(), program: noFn0 })),
      "EntrypointNotFound",
      "program.pvm",
      "jump_table[0]",
    );
    assert.ok(vmErr instanceof VmInitError);
    const torn = encodePmc(good());
    await Deno.writeFile(`${tmp}/torn.pmc`, torn.subarray(0, torn.length - 10));
    await rejectsAsync(loadCartridge(`${tmp}/torn.pmc`), "BAD_PMC", "torn.pmc", "length");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
