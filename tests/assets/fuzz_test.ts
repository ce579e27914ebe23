/**
 * Fuzz: 12,000 seeded mutations of a valid assets.pa. Each must either load completely (every
 * asset read, hash-checked, decoded and materialised) or be rejected with a PackFormatError —
 * never another exception, never a read outside the file, never unbounded memory growth.
 */
import assert from "node:assert/strict";
import { MemorySource, PackFormatError } from "../../assets/mod.ts";
import { Prng } from "../_util/prng.ts";
import { GuardedSource, loadAll, mutate } from "./fuzz_cases.ts";

const CASES = 12_000;

Deno.test(`fuzz: ${CASES} seeded mutations of assets.pa load or fail with a typed error`, async () => {
  const r = new Prng(0xa55e7);
  const outcomes = new Map<string, number>();
  const byKind: Array<{ loaded: number; rejected: number }> = Array.from(
    { length: 9 },
    () => ({ loaded: 0, rejected: 0 }),
  );
  for (let i = 0; i < CASES; i++) {
    const kind = i % 9;
    const bytes = mutate(r, kind);
    const source = new GuardedSource(new MemorySource(bytes));
    try {
      await loadAll(source);
      byKind[kind].loaded++;
      outcomes.set("LOADED", (outcomes.get("LOADED") ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof PackFormatError)) {
        throw new Error(`case ${i} (kind ${kind}): untyped ${e}`);
      }
      byKind[kind].rejected++;
      outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
    }
    assert.deepEqual(source.violations, [], `case ${i} (kind ${kind}) read outside the file`);
    assert.ok(source.maxRead <= bytes.length);
  }
  // Every kind of mutation was exercised; corruptions were caught; harmless ones loaded.
  for (const kind of [0, 2, 3, 5, 7]) {
    assert.ok(
      byKind[kind].rejected > CASES / 9 * 0.9,
      `kind ${kind}: ${JSON.stringify(byKind[kind])}`,
    );
  }
  assert.equal(
    byKind[8].loaded,
    byKind[8].loaded + byKind[8].rejected,
    "trailing bytes are harmless",
  );
  assert.ok(byKind[4].rejected > 0 && byKind[6].rejected > 0);
  for (
    const code of [
      "PRELUDE_TRUNCATED",
      "BAD_MAGIC",
      "HEADER_TOO_LARGE",
      "HEADER_TRUNCATED",
      "BAD_PAYLOAD_OFFSET",
      "HEADER_NOT_JSON",
      "HEADER_NOT_CANONICAL",
      "HEADER_SCHEMA",
      "ENTRY_OUT_OF_RANGE",
      "HASH_MISMATCH",
      "DECODE_FAILED",
      "BAD_METADATA",
    ]
  ) {
    assert.ok(
      (outcomes.get(code) ?? 0) > 0,
      `no case produced ${code}: ${JSON.stringify([...outcomes])}`,
    );
  }
});

// Memory is measured in a process of its own: test modules run in parallel in this one, so
// its RSS says nothing about the reader.
Deno.test("fuzz: lying lengths never become big allocations (RSS measured in its own process)", async () => {
  const probe = new URL("./fuzz_memory_probe.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", probe, "4000"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(r.cases, 4000);
  // The sample file is ~3 KB. ArrayBuffer memory peaks near 24 MB; one buffer allocated from a
  // lying length (the format allows claims up to 256 MiB) would add its full size here.
  assert.ok(
    r.externalPeak < 64 * 1024 * 1024,
    `ArrayBuffer memory peaked ${r.externalPeak} bytes up`,
  );
  // RSS also carries allocator slack (~150 MB measured, flat over 12,000 cases): a loose bound.
  assert.ok(r.rssGrowth < 512 * 1024 * 1024, `rss grew by ${r.rssGrowth} bytes`);
});
