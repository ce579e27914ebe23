/**
 * Boots a demo cartridge from its source folder in this thread (no actors, assets loaded
 * in-process) with the labels of its assembly, so a recorder script can look at guest memory
 * while it decides the next frame's input. For tools only: the console itself never reads guest
 * memory.
 *
 * @example
 * ```ts
 * import { bootSources } from "./inprocess.ts";
 * // const { inst, labels } = await bootSources("console/examples/game");
 * // inst.vm.memory.read(labels.get("score")!, 8);
 * ```
 * @module
 */

import { InProcessBackend } from "../../../assets/manager/backend.ts";
import { PackReader } from "../../../assets/reader.ts";
import { MemorySource } from "../../../assets/source.ts";
import { assembleCartridge } from "../../cartridge/asm.ts";
import { buildCartridge } from "../../cartridge/build.ts";
import { MemoryStore } from "../../memcard/store.ts";
import { ConsoleInstance } from "../../runtime/instance.ts";

/** A booted instance and its program's labels (code offsets and data addresses). */
export interface BootedSources {
  inst: ConsoleInstance;
  labels: ReadonlyMap<string, number>;
}

/** Builds `folder` in memory and boots it with an empty in-memory memcard. */
export async function bootSources(folder: string): Promise<BootedSources> {
  const built = await buildCartridge(folder);
  const source = await Deno.readTextFile(`${folder}/program.pasm`);
  const { program, assembly } = assembleCartridge(source);
  let assets = null;
  if (built.files.assets !== null) {
    const reader = await PackReader.open(new MemorySource(built.files.assets));
    assets = { header: reader.header, backend: new InProcessBackend(reader) };
  }
  const inst = await ConsoleInstance.boot({
    manifest: built.manifest,
    program,
    assets,
    memcardStore: new MemoryStore(),
  });
  return { inst, labels: assembly.labels };
}

/** Reads a little-endian u32 (signed when `signed`) of guest memory. */
export function peek32(inst: ConsoleInstance, address: number, signed = false): number {
  const b = inst.vm.memory.read(address, 4);
  const v = new DataView(b.buffer, b.byteOffset, 4);
  return signed ? v.getInt32(0, true) : v.getUint32(0, true);
}
