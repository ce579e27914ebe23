// deno task viz: every machine gets .mmd, .dot and .svg plus index.html; a trace gets a
// timeline. Then a real browser (headless Chromium from Debian) loads every SVG and we check
// that each decodes as an image with a size and that a screenshot has actual drawing in it.
import assert from "node:assert/strict";
import { decode as decodePng } from "fast-png";
import { writePictures } from "../../cli/viz.ts";
import { machineGraph, MACHINES } from "../../machines/mod.ts";
import { gossipRun } from "../actors/helpers.ts";

async function makeTrace(dir: string): Promise<string> {
  const r = await gossipRun(
    { seed: 5n, mode: "inprocess", faults: { drop: 0.05, crash: 0.05 } },
    4,
  );
  await r.sys.crash("node-1", "crash for the picture");
  const path = `${dir}/sample.trace`;
  await r.sys.writeTrace(path);
  await r.sys.shutdown();
  return path;
}

Deno.test("viz writes Mermaid, DOT and SVG for every machine, an index and a trace timeline", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const trace = await makeTrace(dir);
    const files = await writePictures({ out: dir, trace, maxRows: 4000 });
    for (const m of MACHINES) {
      const svg = await Deno.readTextFile(`${dir}/${m.name}.svg`);
      assert.match(svg, /^<\?xml|^<svg|<!DOCTYPE svg/);
      assert.ok(svg.includes("</svg>"));
      for (const s of machineGraph(m.machine).states) {
        assert.ok(svg.includes(`>${s.key}<`), `${m.name}: ${s.key}`);
      }
      assert.ok((await Deno.readTextFile(`${dir}/${m.name}.mmd`)).startsWith("stateDiagram-v2"));
      assert.ok((await Deno.readTextFile(`${dir}/${m.name}.dot`)).startsWith("digraph"));
    }
    const index = await Deno.readTextFile(`${dir}/index.html`);
    for (const m of MACHINES) assert.ok(index.includes(`<img src="${m.name}.svg"`));
    assert.ok(index.includes(`href="sample.timeline.html"`));
    const timeline = await Deno.readTextFile(`${dir}/sample.timeline.svg`);
    for (const lane of ["$ext", "node-0", "node-3"]) {
      assert.ok(timeline.includes(`>${lane}<`), lane);
    }
    assert.ok(timeline.includes("crash for the picture"));
    assert.ok(timeline.includes("rumor"));
    assert.equal(files.length, MACHINES.length * 3 + 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function hasChromium(): Promise<boolean> {
  try {
    const out = await new Deno.Command("chromium", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

const chromium = await hasChromium();
if (!chromium) {
  console.log(
    "viz_test: skipping the browser check: chromium is not installed (CI installs it: .ci/setup.d/chromium.sh)",
  );
}

async function runChromium(args: string[]): Promise<string> {
  const profile = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command("chromium", {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(90_000),
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

/** Fraction of pixels that are clearly not background. */
function inkRatio(png: Uint8Array): { ink: number; width: number; height: number } {
  const img = decodePng(png);
  const ch = img.channels;
  let ink = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const p = i * ch;
    const sum = Number(img.data[p]) + Number(img.data[p + 1]) + Number(img.data[p + 2]);
    if (sum < 600) ink++;
  }
  return { ink: ink / n, width: img.width, height: img.height };
}

Deno.test({
  name: "headless Chromium loads every SVG as an image and draws them",
  ignore: !chromium,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const trace = await makeTrace(dir);
      await writePictures({ out: dir, trace, maxRows: 4000 });
      const svgs = [...MACHINES.map((m) => `${m.name}.svg`), "sample.timeline.svg"];
      // A page that loads each SVG as an <img> and writes what the browser made of it.
      await Deno.writeTextFile(
        `${dir}/check.html`,
        `<!doctype html><html><body><pre id="out">pending</pre>
${svgs.map((s) => `<img src="${s}">`).join("\n")}
<script>
window.addEventListener("load", () => {
  const r = [...document.images].map((i) => [i.getAttribute("src"), i.complete, i.naturalWidth, i.naturalHeight]);
  const tag = ["RES", "ULT"].join("");
  document.getElementById("out").textContent = tag + JSON.stringify(r) + "END";
});
</script></body></html>`,
      );
      const dom = await runChromium([
        "--virtual-time-budget=10000",
        "--dump-dom",
        `file://${dir}/check.html`,
      ]);
      const m = dom.match(/RESULT(.*)END/);
      assert.ok(m, `no result in the dumped DOM:\n${dom.slice(0, 500)}`);
      const results = JSON.parse(m[1]) as [string, boolean, number, number][];
      assert.equal(results.length, svgs.length);
      for (const [src, complete, w, h] of results) {
        assert.ok(complete && w > 100 && h > 50, `${src} rendered as ${w}×${h}`);
      }
      // Screenshots: the pixels must contain drawing, not a blank or error page.
      for (const name of ["vmInstance.svg", "sample.timeline.svg"]) {
        const shot = `${dir}/${name}.png`;
        await runChromium([
          "--window-size=1000,800",
          `--screenshot=${shot}`,
          `file://${dir}/${name}`,
        ]);
        const { ink, width, height } = inkRatio(await Deno.readFile(shot));
        assert.equal(width, 1000);
        assert.equal(height, 800);
        assert.ok(ink > 0.005 && ink < 0.5, `${name}: ${(ink * 100).toFixed(2)}% ink`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
