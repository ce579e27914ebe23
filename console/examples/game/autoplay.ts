/**
 * Records `console/examples/game/input.json`: a scripted player for Orchard. It runs the game
 * in this thread and, after each frame, looks at the guest's memory (basket, falling objects) to
 * choose the next frame's buttons — as a person would from the screen — and writes every change
 * of input as an `--input` script. Deterministic: the same game gives the same script.
 *
 * The session: title screen, START at frame 40; then 40 seconds of chasing fruit and dodging
 * rocks; then a careless spell (it chases the rocks) until the game is over; SELECT saves and
 * quits about two seconds later, and the cartridge halts.
 *
 * @example
 * ```sh
 * deno run -A console/examples/game/autoplay.ts            # rewrite game/input.json (then deno fmt it)
 * deno run -A console/examples/game/autoplay.ts out.json   # or another file
 * ```
 * @module
 */

import { BUTTONS, type InputFrame, padMask } from "../../input/pad.ts";
import { encodeInputScript, type InputEntry } from "../../input/script.ts";
import { bootSources, peek32 } from "../gen/inprocess.ts";

const GAME = new URL("./", import.meta.url).pathname;
/** Frames of careful play before the careless spell. */
const CAREFUL_FRAMES = 40 * 60;
/** Most frames the recording may take. */
const MAX_FRAMES = 20_000;

/** Plays and returns the input entries. */
export async function autoplay(): Promise<InputEntry[]> {
  const { inst, labels } = await bootSources(GAME);
  const at = (name: string) => {
    const a = labels.get(name);
    if (a === undefined) throw new Error(`autoplay: the game has no label ${name}`);
    return a;
  };
  const entries: InputEntry[] = [];
  let input: InputFrame = { pad: 0, touch: null };
  let overAt = -1;
  try {
    for (let frame = 0; frame < MAX_FRAMES && !inst.finished; frame++) {
      const last = entries.at(-1)?.input;
      if (last === undefined || last.pad !== input.pad) entries.push({ frame, input });
      await inst.runFrame(input);
      const state = peek32(inst, at("state"));
      let pad = 0;
      if (state === 0 && frame >= 39) pad = padMask(["start"]);
      if (state === 1) pad = steer(inst, at("basketX"), at("objects"), frame >= CAREFUL_FRAMES);
      if (state === 2) {
        if (overAt < 0) overAt = frame;
        if (frame - overAt === 120) pad = padMask(["select"]);
      }
      // a button press is one frame long; a held direction is held
      input = {
        pad: last?.pad === pad && (pad & padMask(["start", "select"])) !== 0 ? 0 : pad,
        touch: null,
      };
    }
    if (!inst.finished) throw new Error(`autoplay: the game did not end in ${MAX_FRAMES} frames`);
  } finally {
    await inst.close();
  }
  return entries;
}

/** The direction to hold: toward the lowest fruit (or rock, when careless), away from rocks. */
function steer(
  inst: Parameters<typeof peek32>[0],
  basketAt: number,
  objectsAt: number,
  careless: boolean,
): number {
  const centre = peek32(inst, basketAt) + 16;
  let target: number | null = null;
  let lowest = -1_000_000;
  let danger: number | null = null;
  for (let i = 0; i < 8; i++) {
    const o = objectsAt + 16 * i;
    if (peek32(inst, o) === 0) continue;
    const kind = peek32(inst, o + 4);
    const x = peek32(inst, o + 8, true) + 8;
    const y = peek32(inst, o + 12, true) >> 4;
    const rock = kind === 2;
    if (rock && !careless && y > 70 && y < 150 && Math.abs(x - centre) < 30) danger = x;
    if (rock !== careless || y > 146) continue;
    if (y > lowest) {
      lowest = y;
      target = x;
    }
  }
  const left = padMask(["left"]);
  const right = padMask(["right"]);
  if (danger !== null) {
    return danger >= centre ? (centre > 40 ? left : right) : (centre < 280 ? right : left);
  }
  if (target === null || Math.abs(target - centre) <= 4) return 0;
  return target < centre ? left : right;
}

if (import.meta.main) {
  const out = Deno.args[0] ?? `${GAME}input.json`;
  const entries = await autoplay();
  await Deno.writeTextFile(out, encodeInputScript(entries));
  const last = entries.at(-1)!;
  console.log(
    `wrote ${entries.length} input changes to ${out} (last at frame ${last.frame}: ${
      BUTTONS.filter((_, i) => last.input.pad & (1 << i)).join(",") || "nothing"
    })`,
  );
}
