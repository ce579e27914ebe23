/**
 * The `build` and `cartridge` commands as a user runs them: exit codes, messages naming file and
 * field, the final hash equal to the library's, and a trap reported with its TrapInfo.
 * @module
 */

import assert from "node:assert/strict";
import { runCli } from "../_util/cli.ts";
import { assembleCartridge, encodeManifest } from "../../console/mod.ts";
import { manifest, manifestBytes, writeCart } from "./cart_helpers.ts";

const cli = runCli;

Deno.test("cli: build writes a cartridge and a .pmc that run to the same hash; rejections exit 1", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const src = `${tmp}/src`;
    await Deno.mkdir(src);
    await Deno.writeFile(`${src}/manifest.json`, encodeManifest(manifest(["memcard"])));
    await Deno.writeTextFile(
      `${src}/program.pasm`,
      `.import system.frame_sync@1
.import log.write@1
.import mem.slot_write@1
.rw_data
t: .ascii "tick"
.code
.jump_table main
main:
    load_imm s0, 5
    fallthrough
again:
    load_imm a0, 1
    load_imm a1, t
    load_imm a2, 4
    ecalli log.write
    ecalli system.frame_sync
    add_imm_64 s0, s0, -1
    branch_ne_imm s0, 0, again
    ecalli 7
`,
    );
    const b = await cli("build", src, "-o", `${tmp}/cart`, "--pmc", `${tmp}/cart.pmc`);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /program\.pvm/);
    const dir = await cli("cartridge", `${tmp}/cart`, "--memcard", "none", "--hash", "--inprocess");
    const pmc = await cli("cartridge", `${tmp}/cart.pmc`, "--memcard", "none", "--hash");
    assert.equal(dir.code, 3, dir.out + dir.err); // the program ends with ecalli 7: a trap
    assert.equal(pmc.code, 3);
    assert.match(dir.out, /TRAP UNKNOWN_IMPORT at pc \d+ \(ecalli\)/);
    assert.equal(dir.out.match(/\[f4\] info: tick/)?.length, 1);
    const hash = (s: string) => s.match(/^hash cart\/0 ([0-9a-f]{64})$/m)?.[1];
    assert.ok(hash(dir.out));
    assert.equal(hash(pmc.out), hash(dir.out));

    await Deno.writeFile(`${src}/manifest.json`, manifestBytes({ app_mode: "arcade" }));
    const bad = await cli("build", src, "--check");
    assert.equal(bad.code, 1);
    assert.match(bad.err, /build: BAD_FIELD: manifest\.json: app_mode:/);

    await writeCart(`${tmp}/nocap`, {
      manifest: encodeManifest(manifest([])),
      program:
        assembleCartridge(".import mem.slot_count@1\n.jump_table m\nm:\n    jump_ind ra, 0\n")
          .bytes,
    });
    const run = await cli("cartridge", `${tmp}/nocap`, "--memcard", "none");
    assert.equal(run.code, 1);
    assert.match(run.err, /UNDECLARED_CAPABILITY: program\.pvm: imports\[0\]/);
    const usage = await cli("cartridge", "--frames", "zero");
    assert.equal(usage.code, 2);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
