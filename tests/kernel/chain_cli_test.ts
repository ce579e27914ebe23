/**
 * `deno task run chain`: same seed → identical output; another seed → other roots; bad options
 * exit 2.
 */
import { captureMain } from "../_util/cli.ts";
import assert from "node:assert/strict";
import { main } from "../../cli/chain.ts";

const capture = (args: string[]) => captureMain(main, args);

Deno.test("chain CLI: the same seed prints the same output; --replay checks every root", async () => {
  const a = await capture(["--blocks", "3", "--seed", "5", "--txs", "8", "--replay"]);
  const b = await capture(["--blocks", "3", "--seed", "5", "--txs", "8", "--replay"]);
  assert.equal(a.code, 0, a.err);
  assert.equal(a.out, b.out);
  const roots = a.out.split("\n").filter((l) => /^\s+\d+\s+v\d/.test(l)).map((l) =>
    l.trim().split(/\s+/).at(-1)
  );
  assert.equal(roots.length, 3);
  assert.ok(roots.every((r) => /^[0-9a-f]{64}$/.test(r ?? "")));
  assert.match(a.out, /replay: 3 blocks from genesis reproduced every state root/);
  const c = await capture(["--blocks", "3", "--seed", "6", "--txs", "8"]);
  assert.ok(!c.out.includes(roots[2]!));
});

Deno.test("chain CLI: bad options exit 2 with the usage", async () => {
  for (
    const args of [["--blocks"], ["--txs", "x"], ["--validators", "0"], ["--seed", "-1"], [
      "--what",
    ]]
  ) {
    const r = await capture(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, /usage: deno task run chain/);
  }
});
