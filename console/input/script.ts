/**
 * Input scripts (`--input <file>`): a recorded pad and pointer, replayed frame by frame. The same
 * format is what a recorder writes (the web player of issue 6 records into it).
 *
 * ```json
 * { "format": "pvm-console-input", "version": 1,
 *   "entries": [
 *     { "frame": 0,  "pad": [] },
 *     { "frame": 30, "pad": ["a", "right"] },
 *     { "frame": 34, "pad": ["right"], "touch": [160, 90] },
 *     { "frame": 40 } ] }
 * ```
 *
 * Each entry sets the whole input from its `frame` until the next entry: `pad` lists the buttons
 * held (names from `BUTTONS`; absent = none), `touch` is `[x, y]` while the pointer is down
 * (absent or null = up). Before the first entry nothing is held; after the last one its state
 * stays. Frames are integers 0…2³¹−1, strictly increasing. No other keys are allowed. Limits:
 * 16 MiB of file, 1,000,000 entries.
 *
 * @example
 * ```ts
 * import { InputScript } from "./script.ts";
 * const s = InputScript.parse('{"format":"pvm-console-input","version":1,"entries":[{"frame":2,"pad":["a"]}]}');
 * s.at(1).pad; // 0
 * s.at(5).pad; // 16 (bit 4 = a)
 * ```
 * @module
 */

import { InputScriptError } from "../errors.ts";
import { SCREEN_HEIGHT, SCREEN_WIDTH } from "../gfx/constants.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { type Button, BUTTONS, type InputFrame, maskNames, NO_INPUT } from "./pad.ts";

/** The `format` value of an input script. */
export const INPUT_FORMAT = "pvm-console-input";
/** The `version` of this format. */
export const INPUT_VERSION = 1;

/** One entry: the input from `frame` on. */
export interface InputEntry {
  frame: number;
  input: InputFrame;
}

function fail(code: ConstructorParameters<typeof InputScriptError>[0], msg: string): never {
  throw new InputScriptError(code, msg);
}

/** A replayable input script. */
export class InputScript {
  #cursor = 0;

  private constructor(readonly entries: readonly InputEntry[]) {}

  /** A script from entries (validated like a parsed file). */
  static fromEntries(entries: readonly InputEntry[]): InputScript {
    return InputScript.parse(encodeInputScript(entries));
  }

  /** An empty script: nothing is ever held. */
  static empty(): InputScript {
    return new InputScript([]);
  }

  /** Parses and validates script text; throws {@link InputScriptError} naming the entry at fault. */
  static parse(text: string, file = "input script"): InputScript {
    if (text.length > CONSOLE_LIMITS.maxInputScriptBytes) {
      fail("FILE_TOO_LARGE", `${file}: larger than ${CONSOLE_LIMITS.maxInputScriptBytes} bytes`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      fail("NOT_JSON", `${file}: not JSON (${(e as Error).message})`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail("BAD_FORMAT", `${file}: expected a JSON object`);
    }
    const o = raw as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k !== "format" && k !== "version" && k !== "entries") {
        fail("BAD_FORMAT", `${file}: unknown key "${k}" (allowed: format, version, entries)`);
      }
    }
    if (o.format !== INPUT_FORMAT) {
      fail(
        "BAD_FORMAT",
        `${file}: format: expected "${INPUT_FORMAT}", got ${JSON.stringify(o.format)}`,
      );
    }
    if (o.version !== INPUT_VERSION) {
      fail(
        "BAD_FORMAT",
        `${file}: version: expected ${INPUT_VERSION}, got ${JSON.stringify(o.version)}`,
      );
    }
    if (!Array.isArray(o.entries)) fail("BAD_FORMAT", `${file}: entries: expected an array`);
    const list = o.entries as unknown[];
    if (list.length > CONSOLE_LIMITS.maxInputEntries) {
      fail(
        "TOO_MANY_ENTRIES",
        `${file}: ${list.length} entries; the limit is ${CONSOLE_LIMITS.maxInputEntries}`,
      );
    }
    const entries: InputEntry[] = [];
    let last = -1;
    list.forEach((e, i) => {
      const where = `${file}: entries[${i}]`;
      if (typeof e !== "object" || e === null || Array.isArray(e)) {
        fail("BAD_ENTRY", `${where}: expected an object`);
      }
      const r = e as Record<string, unknown>;
      for (const k of Object.keys(r)) {
        if (k !== "frame" && k !== "pad" && k !== "touch") {
          fail("BAD_ENTRY", `${where}: unknown key "${k}" (allowed: frame, pad, touch)`);
        }
      }
      const frame = r.frame;
      if (
        typeof frame !== "number" || !Number.isInteger(frame) || frame < 0 ||
        frame > CONSOLE_LIMITS.maxFrame
      ) {
        fail("BAD_ENTRY", `${where}.frame: expected an integer 0…${CONSOLE_LIMITS.maxFrame}`);
      }
      if (frame <= last) {
        fail("UNSORTED", `${where}.frame: ${frame} is not after the previous entry's ${last}`);
      }
      last = frame;
      let pad = 0;
      if (r.pad !== undefined) {
        if (!Array.isArray(r.pad)) {
          fail("BAD_ENTRY", `${where}.pad: expected an array of button names`);
        }
        (r.pad as unknown[]).forEach((b, j) => {
          const bit = BUTTONS.indexOf(b as Button);
          if (typeof b !== "string" || bit < 0) {
            fail(
              "BAD_ENTRY",
              `${where}.pad[${j}]: ${JSON.stringify(b)} is not one of ${BUTTONS.join(", ")}`,
            );
          }
          if ((pad & (1 << bit)) !== 0) {
            fail("BAD_ENTRY", `${where}.pad[${j}]: "${b}" is listed twice`);
          }
          pad |= 1 << bit;
        });
      }
      let touch: [number, number] | null = null;
      if (r.touch !== undefined && r.touch !== null) {
        const t = r.touch;
        const ok = Array.isArray(t) && t.length === 2 && Number.isInteger(t[0]) &&
          Number.isInteger(t[1]) && t[0] >= 0 && t[0] < SCREEN_WIDTH && t[1] >= 0 &&
          t[1] < SCREEN_HEIGHT;
        if (!ok) {
          fail(
            "BAD_ENTRY",
            `${where}.touch: expected [x, y] with 0 ≤ x < ${SCREEN_WIDTH}, 0 ≤ y < ${SCREEN_HEIGHT}, or null`,
          );
        }
        touch = [t[0], t[1]];
      }
      entries.push({ frame, input: { pad, touch } });
    });
    return new InputScript(entries);
  }

  /** Reads and parses `path`; throws {@link InputScriptError} (FILE_MISSING for a missing file). */
  static async load(path: string): Promise<InputScript> {
    let text: string;
    try {
      const info = await Deno.stat(path);
      if (info.size > CONSOLE_LIMITS.maxInputScriptBytes) {
        fail(
          "FILE_TOO_LARGE",
          `${path}: ${info.size} bytes; the limit is ${CONSOLE_LIMITS.maxInputScriptBytes}`,
        );
      }
      text = await Deno.readTextFile(path);
    } catch (e) {
      if (e instanceof InputScriptError) throw e;
      fail("FILE_MISSING", `${path}: ${(e as Error).message}`);
    }
    return InputScript.parse(text, path);
  }

  /** The input of `frame` (fast when frames are asked in increasing order). */
  at(frame: number): InputFrame {
    const e = this.entries;
    if (e.length === 0 || frame < e[0].frame) return NO_INPUT;
    let i = this.#cursor;
    if (i >= e.length || e[i].frame > frame) i = 0;
    while (i + 1 < e.length && e[i + 1].frame <= frame) i++;
    this.#cursor = i;
    return e[i].input;
  }
}

/** The canonical text of a script with `entries` (what a recorder writes). */
export function encodeInputScript(entries: readonly InputEntry[]): string {
  const lines = entries.map((e) => {
    const o: Record<string, unknown> = { frame: e.frame, pad: maskNames(e.input.pad) };
    if (e.input.touch !== null) o.touch = [e.input.touch[0], e.input.touch[1]];
    return "    " + JSON.stringify(o);
  });
  return `{ "format": "${INPUT_FORMAT}", "version": ${INPUT_VERSION}, "entries": [\n${
    lines.join(",\n")
  }\n] }\n`;
}
