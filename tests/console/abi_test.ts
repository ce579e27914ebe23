/**
 * The host ABI registry: console/ABI.md is exactly what the registry renders (so it cannot
 * drift), every spec is well formed, and the registry refuses broken specs and duplicates.
 * @module
 */

import assert from "node:assert/strict";
import {
  checkSpec,
  consoleRegistry,
  ConsoleUsageError,
  identityKey,
  renderAbiMarkdown,
  SyscallRegistry,
  type SyscallSpec,
} from "../../console/mod.ts";

Deno.test("console/ABI.md is generated from the registry and up to date", async () => {
  const file = await Deno.readTextFile(new URL("../../console/ABI.md", import.meta.url));
  const want = renderAbiMarkdown(consoleRegistry());
  assert.equal(file, want, "console/ABI.md is stale: run deno run -A console/gen_abi.ts");
  for (const s of consoleRegistry().all()) {
    assert.ok(file.includes(`### \`${identityKey(s)}\``), identityKey(s));
    for (const st of s.statuses ?? []) assert.ok(file.includes(`| ${st.code} | \`${st.name}\` |`));
  }
});

Deno.test("registry: every syscall has capability, gas and status metadata that hold together", () => {
  const all = consoleRegistry().all();
  assert.equal(all.length, 35);
  for (const s of all) {
    checkSpec(s);
    if (s.module === "asset") assert.equal(s.capability, "asset");
    if (s.module === "mem") assert.equal(s.capability, "memcard");
    if (s.module === "gfx" || s.module === "composer") assert.equal(s.capability, "gfx");
    if (s.module === "audio") assert.equal(s.capability, "audio");
    if (["system", "log", "input"].includes(s.module)) assert.equal(s.capability, null);
  }
});

Deno.test("registry: refuses malformed specs and duplicate identities", () => {
  const base: SyscallSpec = {
    module: "x",
    name: "y",
    version: 1,
    summary: "",
    args: [],
    results: [{ name: "status", doc: "" }],
    statuses: [{ code: 0, name: "OK", when: "" }],
    capability: null,
    gas: { base: 1 },
    traps: [],
    handler: () => [0],
  };
  const bad: Partial<SyscallSpec>[] = [
    { module: "X" },
    { name: "a-b" },
    { version: 0 },
    { args: Array(7).fill({ name: "a", doc: "" }) },
    { results: [{ name: "value", doc: "" }] },
    { statuses: [{ code: 0, name: "A", when: "" }, { code: 0, name: "B", when: "" }] },
    { capability: "net" as never },
    { gas: { base: 0 } },
    { gas: { base: 1, perByte: 1 } },
    { args: [{ name: "n", doc: "" }], gas: { base: 1, perByte: 1, bytesArg: 0 } },
    {
      args: [{ name: "n", doc: "" }],
      gas: { base: 1, perByte: 10, bytesArg: 0, maxBytes: 20_000 },
    },
  ];
  for (const b of bad) {
    assert.throws(() => checkSpec({ ...base, ...b }), ConsoleUsageError, JSON.stringify(b));
  }
  checkSpec(base);
  const r = new SyscallRegistry();
  r.addModule({ name: "x", summary: "", syscalls: [base] });
  assert.throws(
    () => r.addModule({ name: "x2", summary: "", syscalls: [base] }),
    (e) => e instanceof ConsoleUsageError && e.code === "DUPLICATE_SYSCALL",
  );
});
