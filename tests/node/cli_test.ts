/**
 * `deno task run testnet`: the same seed prints the same output (Workers and in-process alike),
 * client transactions report their fate, the trace file draws with `viz --trace`, a run that
 * cannot converge exits 1, and bad usage exits 2.
 */
import { captureMain } from "../_util/cli.ts";
import assert from "node:assert/strict";
import { decodeEntries, decodeTraceFile } from "../../actors/mod.ts";
import { main } from "../../cli/testnet.ts";
import { tracePicture } from "../../cli/viz.ts";

const capture = (args: string[]) => captureMain(main, args);

const FAULTY = [
  "--nodes",
  "4",
  "--slots",
  "8",
  "--seed",
  "5",
  "--faults",
  "drop=0.2,delay=0.2,crash=0.03",
];

Deno.test("testnet CLI: same seed, same output; slot lines, client tx fates, a drawable trace", async () => {
  const dir = await Deno.makeTempDir({ prefix: "testnet-cli-" });
  try {
    const txs = [
      "--tx",
      "2:transfer:1:2:50",
      "--tx",
      "2:transfer:1:2:50:as=3",
      "--tx",
      "3:hex:00ff",
    ];
    const a = await capture([...FAULTY, "--inprocess", ...txs, "--trace", `${dir}/run.trace`]);
    const b = await capture([...FAULTY, "--inprocess", ...txs]);
    assert.equal(a.code, 0, a.err + a.out);
    assert.equal(b.code, 0);
    const strip = (s: string) => s.split("\n").filter((l) => !l.startsWith("trace:")).join("\n");
    assert.equal(strip(a.out), b.out);
    const slots = a.out.split("\n").filter((l) => /^\s+\d+\s+n\d\s/.test(l));
    assert.equal(slots.length, 8);
    for (const l of slots) {
      assert.match(
        l,
        /(block [0-9a-f]{8}\s+\d+ txs|skip \(ballot \d+\)|pending)\s+n0\s+\d+:[0-9a-f]{8}/,
      );
    }
    assert.match(
      a.out,
      /tx [0-9a-f]{8} transfer:1:2:50 \(before slot 2, via n2\): accepted into the mempool/,
    );
    assert.match(a.out, /transfer:1:2:50:as=3 .*: rejected BAD_SIGNATURE/);
    assert.match(a.out, /hex:00ff .*: rejected MALFORMED_TX/);
    assert.match(a.out, /tx [0-9a-f]{8} transfer:1:2:50: included in the block of slot \d+/);
    assert.match(a.out, /liveness: converged .*every node at slot \d+, root [0-9a-f]{64}/);
    assert.match(a.out, /safety: \d+ commits checked .* no two nodes committed different values/);
    // The trace holds the nodes' lifecycle states and draws as a timeline.
    const file = decodeTraceFile(await Deno.readFile(`${dir}/run.trace`));
    const states = new Set(
      decodeEntries(file.entries).filter((e) => e.kind === "state").map((e) =>
        (e as { state: string }).state
      ),
    );
    for (const s of ["idle", "proposing", "verifying", "applying", "committed", "syncing"]) {
      assert.ok(states.has(s), s);
    }
    const pic = await tracePicture(`${dir}/run.trace`, 500);
    assert.match(pic.svg, /<svg/);
    // Workers print the same.
    const w = await capture([...FAULTY, ...txs]);
    assert.equal(w.out, b.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("testnet CLI: nodes that cannot converge exit 1; bad usage exits 2", async () => {
  const stuck = await capture([
    "--slots",
    "3",
    "--faults",
    "drop=1",
    "--liveness",
    "0",
    "--inprocess",
    "--txs",
    "1",
  ]);
  assert.equal(stuck.code, 1, stuck.out);
  assert.match(stuck.out, /liveness: NOT converged after 0 fault-free slots/);
  for (
    const args of [
      ["--nodes", "0"],
      ["--slots", "x"],
      ["--seed", "-1"],
      ["--faults", "drop=2"],
      ["--faults", "explode=0.1"],
      ["--faults", "maxDelay=10"],
      ["--tx", "0:mint:1:1"],
      ["--tx", "1:burn:1"],
      ["--resume"],
      ["--what"],
    ]
  ) {
    const r = await capture(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, /usage: deno task run testnet/);
  }
  const dir = await Deno.makeTempDir({ prefix: "testnet-cli-" });
  try {
    assert.equal(
      (await capture(["--slots", "1", "--txs", "1", "--inprocess", "--data", dir])).code,
      0,
    );
    const again = await capture(["--slots", "1", "--inprocess", "--data", dir]);
    assert.equal(again.code, 2);
    assert.match(again.err, /holds node databases from an earlier run/);
    const resumed = await capture([
      "--slots",
      "2",
      "--txs",
      "1",
      "--inprocess",
      "--data",
      dir,
      "--resume",
    ]);
    assert.equal(resumed.code, 0, resumed.out);
    assert.match(resumed.out, /resumed at slot 1/);
    assert.match(resumed.out, /every node at slot 3/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
