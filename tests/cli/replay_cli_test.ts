// `deno task run replay <trace>`: identical replays exit 0 (Workers and in-process); a behaviour
// changed since the recording exits 1 naming the first diverging entry in both versions; bad
// files and bad arguments exit 2 with a clear message.
import assert from "node:assert/strict";
import { ActorSystem, behaviourRef } from "../../actors/mod.ts";
import { main } from "../../cli/replay.ts";
import { captureMain, runCli } from "../_util/cli.ts";

const BEHAVIOUR_MOD = new URL("../../actors/behaviour.ts", import.meta.url).href;

/** A behaviour module: outputs `answer` with each ping, and passes it on between a and b (8 hops). */
function echoSource(answer: string): string {
  return `import { defineBehaviour } from ${JSON.stringify(BEHAVIOUR_MOD)};
export const behaviour = defineBehaviour({
  init: () => 0,
  receive(n, msg, ctx) {
    ctx.output(${JSON.stringify(answer)}, msg.body);
    const next = (msg.body ?? 0) + 1;
    if (next < 8) ctx.send(msg.from === "a" ? "b" : "a", "ping", next, { delay: 1 });
    return n + 1;
  },
});
`;
}

/** Records a short run of two actors of the module at `dir/echo.ts` (with a fault switch). */
async function record(dir: string): Promise<string> {
  const ref = behaviourRef("test/echo-file", new URL(`file://${dir}/echo.ts`));
  const sys = new ActorSystem({ seed: 4n, faults: { delay: 0.3, maxDelay: 2 } });
  await sys.spawnMany([{ name: "a", behaviour: ref }, { name: "b", behaviour: ref }]);
  sys.send("a", "ping", 0);
  await sys.advanceTo(5);
  sys.setFaults(null);
  await sys.advanceTo(10);
  const path = `${dir}/run.trace`;
  await sys.writeTrace(path);
  await sys.shutdown();
  return path;
}

Deno.test("replay: identical in Workers and in-process; a changed behaviour diverges", async () => {
  const dir = await Deno.makeTempDir({ prefix: "replay-cli-" });
  try {
    await Deno.writeTextFile(`${dir}/echo.ts`, echoSource("seen"));
    const trace = await record(dir);
    const workers = await runCli("replay", trace, "--workers", "3");
    assert.equal(workers.code, 0, workers.err);
    assert.match(workers.out, /identical: all \d+ entries replayed the same/);
    const hashes = [...workers.out.matchAll(/(recorded|replayed) hash +([0-9a-f]{64})/g)];
    assert.equal(hashes.length, 2);
    assert.equal(hashes[0][2], hashes[1][2]);
    const inproc = await runCli("replay", trace, "--inprocess");
    assert.equal(inproc.code, 0, inproc.err);

    // The code changed since the recording: the first output differs.
    await Deno.writeTextFile(`${dir}/echo.ts`, echoSource("changed"));
    const changed = await runCli("replay", trace);
    assert.equal(changed.code, 1, changed.out + changed.err);
    assert.match(changed.out, /DIVERGED at entry \d+ of \d+/);
    assert.match(changed.out, /recorded: .*"seen"/);
    assert.match(changed.out, /replayed: .*"changed"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay: unreadable, foreign and corrupted files, and bad arguments, exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "replay-cli-bad-" });
  try {
    const missing = await captureMain(main, [`${dir}/nope.trace`]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*nope\.trace/);

    await Deno.writeTextFile(`${dir}/text.trace`, "hello, not a trace");
    const foreign = await captureMain(main, [`${dir}/text.trace`]);
    assert.equal(foreign.code, 2);
    assert.match(foreign.err, /not a valid trace file/);

    await Deno.writeTextFile(`${dir}/echo.ts`, echoSource("seen"));
    const bytes = await Deno.readFile(await record(dir));
    bytes[bytes.length >> 1] ^= 0xff; // one flipped byte in the middle of the entries
    await Deno.writeFile(`${dir}/flipped.trace`, bytes);
    const flipped = await captureMain(main, [`${dir}/flipped.trace`]);
    assert.equal(flipped.code, 2);
    assert.match(flipped.err, /not a valid trace file/);

    for (
      const [args, pattern] of [
        [[], /which trace file\?/],
        [["a.trace", "b.trace"], /one trace file at a time/],
        [["a.trace", "--workers", "0"], /--workers needs an integer 1…64/],
        [["a.trace", "--fast"], /unknown option --fast/],
      ] as [string[], RegExp][]
    ) {
      const r = await captureMain(main, args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.err, pattern);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
