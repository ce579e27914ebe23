/**
 * Helpers for the console tests: manifests, small asset packs built in memory, cartridge
 * directories on disk, and "call scripts" — guest programs generated from a list of syscalls,
 * each with its arguments loaded by `load_imm_64` and its six result registers stored to
 * guest memory, so a test observes exactly what a guest sees.
 * @module
 */

import {
  encodeSound,
  encodeTiles,
  MemorySource,
  packBytes,
  type PackInput,
  PackReader,
  type PreloadEntry,
} from "../../assets/mod.ts";
import { InProcessBackend } from "../../assets/manager/backend.ts";
import type { BanksConfig } from "../../assets/bank_config.ts";
import {
  assembleCartridge,
  type Capability,
  ConsoleInstance,
  encodeManifest,
  encodeProgramContainer,
  type FrameReport,
  type InputFrame,
  type InstanceConfig,
  type Manifest,
  type MemcardStore,
  MemoryStore,
  type SyscallIdentity,
} from "../../console/mod.ts";
import { assemble, encodeStandardProgram } from "../../vm/mod.ts";

/** A valid manifest with `capabilities`. */
export function manifest(capabilities: Capability[] = [], appId = 7): Manifest {
  return {
    magic: "PMTU",
    cartridge_version: 1,
    app_id: appId,
    title: "Test cart",
    app_version: "1.0.0",
    app_mode: "game",
    capabilities,
  };
}

/** Manifest JSON bytes with fields overridden (undefined deletes a field). */
export function manifestBytes(over: Record<string, unknown> = {}): Uint8Array {
  const o: Record<string, unknown> = { ...manifest(["memcard"]), ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete o[k];
  return new TextEncoder().encode(JSON.stringify(o));
}

/** PCM16 saw. */
export function saw(frames: number): Int16Array {
  const s = new Int16Array(frames);
  for (let i = 0; i < frames; i++) s[i] = ((i * 997) % 65536) - 32768;
  return s;
}

/** 8×8 tiles. */
export function tiles(count: number): Uint8Array {
  const pixels = new Uint8Array(count * 64);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 5 + 3) & 0xf;
  const palettes = new Uint16Array(16);
  for (let i = 0; i < 16; i++) palettes[i] = i * 4000;
  return encodeTiles({ tileSize: 8, pixels, palettes, tilePalettes: new Uint8Array(count) });
}

/** The assets of the test pack: two sounds and one tile sheet. */
export function packInputs(): PackInput[] {
  return [
    {
      asset_id: 1,
      asset_name: "tiles.hud",
      bank_type: "TILES",
      codec: "NONE",
      decoded: tiles(4),
      metadata: { tile_size: 8, tile_count: 4, palette_count: 1, transparent: true },
    },
    {
      asset_id: 10,
      asset_name: "sfx.saw",
      bank_type: "SOUNDS",
      codec: "DEFLATE",
      decoded: encodeSound(saw(3000)),
      metadata: { sample_rate: 22050, frame_count: 3000 },
    },
    {
      asset_id: 11,
      asset_name: "sfx.big",
      bank_type: "SOUNDS",
      codec: "NONE",
      decoded: encodeSound(saw(40000)),
      metadata: { sample_rate: 22050, frame_count: 40000 },
    },
  ];
}

/** The test pack bytes (preload: tiles.hud into TILES slot 0 unless given). */
export function packFile(preload: PreloadEntry[] = [{ asset_id: 1, slot: 0 }]): Uint8Array {
  return packBytes(packInputs(), preload);
}

/** An instance's assets from pack bytes, loaded in-process. */
export async function assetsFrom(bytes: Uint8Array, bytesPerFrame?: number) {
  const reader = await PackReader.open(new MemorySource(bytes));
  return { header: reader.header, backend: new InProcessBackend(reader), bytesPerFrame };
}

/** One argument of a scripted call. */
export type Arg =
  | number
  | bigint
  | { data: string } // address of a data label
  | { result: number; reg: number }; // result register `reg` (0 = φ7) of step `result`

/** One step of a call script. */
export interface Step {
  /** `module.name` of an import, or an import index as a number (raw ecalli). */
  call: string | number;
  args?: Arg[];
  /** Insert `system.frame_sync` after the call. */
  sync?: boolean;
}

/** Every syscall of the console, imported in this order by call scripts. */
export const ALL_IMPORTS = [
  "system.frame_sync",
  "system.frame",
  "log.write",
  "input.pad",
  "input.pad_masks",
  "input.touch",
  "asset.load",
  "asset.status",
  "asset.commit",
  "asset.cancel",
  "mem.slot_count",
  "mem.slot_stat",
  "mem.slot_read",
  "mem.slot_write",
  "mem.slot_commit",
  "mem.slot_clear",
];

/** The gfx, composer and audio syscalls, imported in this order by their call scripts. */
export const AV_IMPORTS = [
  "system.frame_sync",
  "gfx.clear",
  "gfx.fill_rect",
  "gfx.draw_line",
  "gfx.draw_circle",
  "gfx.draw_disc",
  "gfx.draw_text",
  "gfx.blit_tile",
  "gfx.set_tile_layer",
  "gfx.scroll_tile_layer",
  "gfx.clear_tile_layer",
  "gfx.present",
  "composer.emit_sprite",
  "composer.compose",
  "audio.play",
  "audio.stop",
  "audio.set_volume",
  "audio.set_pan",
  "audio.set_pitch",
  "audio.is_playing",
];

/**
 * Modules whose statuses tests/console/av_syscalls_test.ts observes (syscalls_test.ts covers
 * every other module).
 */
export const AV_MODULES = ["gfx", "composer", "audio"];

const REGS = ["a0", "a1", "a2", "a3", "a4", "a5"];

/**
 * Assembly for `steps`: each call's results (φ7…φ12) go to `results + 48·i`. `data` adds lines to
 * the rw data section (labels usable as `{ data: "label" }`).
 */
export function scriptSource(steps: Step[], data = "", imports = ALL_IMPORTS): string {
  const lines = imports.map((i) => `.import ${i}@1`);
  lines.push(
    ".stack_size 4096",
    ".rw_data",
    `results: .zero ${Math.max(8, steps.length * 48)}`,
    data,
  );
  lines.push(".code", ".jump_table main", "main:");
  steps.forEach((s, i) => {
    (s.args ?? []).forEach((a, j) => {
      if (typeof a === "number" || typeof a === "bigint") {
        lines.push(`    load_imm_64 ${REGS[j]}, ${BigInt.asUintN(64, BigInt(a))}`);
      } else if ("data" in a) {
        lines.push(`    load_imm ${REGS[j]}, ${a.data}`);
      } else {
        lines.push(`    load_u64 ${REGS[j]}, [results + ${a.result * 48 + a.reg * 8}]`);
      }
    });
    lines.push(`    ecalli ${s.call}`);
    REGS.forEach((r, j) => lines.push(`    store_u64 [results + ${i * 48 + j * 8}], ${r}`));
    if (s.sync) lines.push("    ecalli system.frame_sync");
  });
  lines.push("    jump_ind ra, 0");
  return lines.join("\n") + "\n";
}

/** What a scripted run observed. */
export interface ScriptRun {
  inst: ConsoleInstance;
  reports: FrameReport[];
  /** Result registers φ7…φ12 of each step that ran (zeros for steps that did not). */
  results: bigint[][];
  states: string[];
}

/** Options of {@link runScript}. */
export interface ScriptOptions {
  capabilities?: Capability[];
  assets?: Uint8Array | null;
  bytesPerFrame?: number;
  memcardStore?: MemcardStore;
  data?: string;
  imports?: string[];
  gasPerFrame?: number;
  maxFrames?: number;
  config?: Partial<InstanceConfig>;
  /** Input per frame (default nothing pressed). */
  input?: (frame: number) => InputFrame;
  /** Bank sizes for the asset manager. */
  banks?: BanksConfig;
  /** Output streams to ask for every frame (e.g. "framebuffer", "audio"). */
  wants?: string[];
}

/** Boots a call script and runs it to its end (halt or trap) or `maxFrames`. */
export async function runScript(steps: Step[], o: ScriptOptions = {}): Promise<ScriptRun> {
  const src = scriptSource(steps, o.data ?? "", o.imports ?? ALL_IMPORTS);
  const { program } = assembleCartridge(src, { registry: null });
  const states: string[] = [];
  const inst = await ConsoleInstance.boot({
    manifest: manifest(o.capabilities ?? ["asset", "memcard"]),
    program,
    assets: o.assets === null
      ? null
      : { ...(await assetsFrom(o.assets ?? packFile(), o.bytesPerFrame)), banks: o.banks },
    memcardStore: o.memcardStore ?? new MemoryStore(),
    gasPerFrame: o.gasPerFrame,
    onState: (s) => states.push(s),
    ...o.config,
  });
  const reports: FrameReport[] = [];
  while (!inst.finished && reports.length < (o.maxFrames ?? 1000)) {
    reports.push(
      await inst.runFrame(
        o.input?.(reports.length) ?? { pad: 0, touch: null },
        new Set(o.wants ?? []),
      ),
    );
  }
  return { inst, reports, results: readResults(inst, steps.length), states };
}

/** Reads the results area of a finished script. */
export function readResults(inst: ConsoleInstance, count: number): bigint[][] {
  const addr = 0x20000; // scripts have no read-only data: rw data starts at 2·Z_Z
  const bytes = inst.vm.memory.read(addr, Math.max(8, count * 48));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from(
    { length: count },
    (_, i) => Array.from({ length: 6 }, (_, j) => v.getBigUint64(i * 48 + j * 8, true)),
  );
}

/** A program container importing `imports` whose code is `code` (assembly, no imports). */
export function rawProgram(imports: SyscallIdentity[], body: string): Uint8Array {
  const a = assemble(body);
  return encodeProgramContainer({
    imports,
    exports: [],
    code: encodeStandardProgram({
      roData: a.roData,
      rwData: a.rwData,
      heapPages: a.heapPages,
      stackSize: a.stackSize,
      code: a.programBlob,
    }),
  });
}

/** Writes a cartridge directory; returns its path. */
export async function writeCart(
  dir: string,
  files: { manifest?: Uint8Array; program?: Uint8Array | null; assets?: Uint8Array | null },
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(
    `${dir}/manifest.json`,
    files.manifest ?? encodeManifest(manifest(["memcard"])),
  );
  if (files.program !== null) {
    await Deno.writeFile(
      `${dir}/program.pvm`,
      files.program ?? assembleCartridge(scriptSource([])).bytes,
    );
  }
  if (files.assets) await Deno.writeFile(`${dir}/assets.pa`, files.assets);
  return dir;
}

/** The bytes of a corrupt slot file (a torn header). */
export function encodeSlotCorrupt(): Uint8Array {
  return new TextEncoder().encode("PMCS torn");
}
