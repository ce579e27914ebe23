/**
 * console/ — the cartridge machine: cartridge formats and their loader (boot at `func_id = 0`),
 * the host ABI (syscalls by identity, capability-gated, Trap / status / Panic), the devices
 * (log, input, assets, memcard, gfx, audio), the 60 Hz frame loop with a rolling per-frame hash,
 * the VM-instance actor and the firmware that runs instances in Workers; the pure gfx, audio and
 * render cores; and the viewers (PNG, WAV, terminal preview, the `--serve` page).
 *
 * @example
 * ```ts
 * import { Console, loadCartridge } from "./mod.ts";
 * const cart = await loadCartridge("out/cartridges/demo");
 * const con = await Console.start({ cartridges: [cart], memcard: "memory" });
 * while (con.running) await con.step();
 * console.log(con.instances[0].hash);
 * await con.shutdown();
 * await cart.close();
 * ```
 * @module
 */

export * from "./limits.ts";
export * from "./errors.ts";
export * from "./bytes.ts";
export * from "./abi/types.ts";
export * from "./abi/call.ts";
export * from "./abi/registry.ts";
export * from "./abi/traps.ts";
export * from "./abi/modules.ts";
export * from "./abi/doc.ts";
export * from "./cartridge/manifest.ts";
export * from "./cartridge/program.ts";
export * from "./cartridge/pmc.ts";
export * from "./cartridge/loader.ts";
export * from "./cartridge/asm.ts";
export * from "./cartridge/build.ts";
export * from "./input/pad.ts";
export * from "./input/script.ts";
export * from "./input/syscalls.ts";
export * from "./log/log.ts";
export * from "./log/syscalls.ts";
export * from "./system/syscalls.ts";
export * from "./asset/device.ts";
export * from "./asset/syscalls.ts";
export * from "./memcard/format.ts";
export * from "./memcard/store.ts";
export * from "./memcard/memcard.ts";
export * from "./memcard/syscalls.ts";
export * from "./av/args.ts";
export * from "./av/gfx_device.ts";
export * from "./av/gfx_syscalls.ts";
export * from "./av/composer_syscalls.ts";
export * from "./av/audio_device.ts";
export * from "./av/audio_syscalls.ts";
export * from "./runtime/frame_hash.ts";
export * from "./runtime/instance.ts";
export * from "./runtime/relay_backend.ts";
export * from "./runtime/wire.ts";
export * from "./runtime/console.ts";
export {
  behaviour as instanceActorBehaviour,
  instanceBehaviour,
} from "./runtime/instance_actor.ts";
export * from "./gfx/mod.ts";
export * from "./audio/mod.ts";
export * from "./render/mod.ts";
export * from "./view/errors.ts";
export * from "./view/streams.ts";
export * from "./view/png_sink.ts";
export * from "./view/wav_sink.ts";
export * from "./view/terminal.ts";
export * from "./view/summary.ts";
export * from "./serve/mod.ts";
