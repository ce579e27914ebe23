/**
 * One cartridge instance, without actors: the VM booted at `func_id = 0`, the devices of the
 * host modules, the bound imports, and the frame step. The VM-instance actor (instance_actor.ts)
 * wraps it in a Worker; tests drive it directly.
 *
 * A frame (`runFrame`): latch input → devices' `beginFrame` → the VM runs with the frame's gas
 * budget until `system.frame_sync` (the frame ends normally), the budget is spent (an overrun:
 * counted, and the VM resumes at the same instruction next frame), or it halts, traps or the
 * runtime panics → devices' `endFrame` (the asset boundary moves loads along; each device adds
 * what the guest produced to the frame hash) → telemetry → the frame hash is chained. The
 * lifecycle is the VM-instance machine (machines/vm_instance.ts): each transition is reported
 * through `onState`.
 *
 * Fault mapping: a `GuestTrap` from a syscall, an unknown import, a PVM panic (the `trap`
 * instruction, a bad jump, an access below 0x10000), a page fault and a basic block that costs
 * more than a whole frame's budget are Traps (TrapInfo `{code, pc, opcode, message}`); any other
 * exception from the runtime is a Panic.
 *
 * @example
 * ```ts
 * import { ConsoleInstance } from "./instance.ts";
 * // const inst = await ConsoleInstance.boot({ manifest, program, assets: null });
 * // const report = await inst.runFrame({ pad: 0, touch: null });
 * // report.end; // "sync" | "overrun" | "halt" | "trap" | "panic"
 * ```
 * @module
 */

import type { BanksConfig } from "../../assets/bank_config.ts";
import type { LoaderBackend } from "../../assets/manager/backend.ts";
import { AssetManager } from "../../assets/manager/manager.ts";
import type { PackHeader } from "../../assets/types.ts";
import { Lifecycle, vmInstanceMachine } from "../../machines/mod.ts";
import {
  HALT_ADDRESS,
  instantiateStandardProgram,
  OPCODES,
  runWithHost,
  type TrapInfo,
  type Vm,
} from "../../vm/mod.ts";
import { SyscallCall } from "../abi/call.ts";
import { CONSOLE_MODULES, consoleRegistry } from "../abi/modules.ts";
import {
  bindImports,
  type DispatchCounters,
  ImportTable,
  type SyscallRegistry,
} from "../abi/registry.ts";
import type { Capability, Device, DeviceEnv, DeviceModule, HostModule } from "../abi/types.ts";
import type { Manifest } from "../cartridge/manifest.ts";
import type { CartridgeProgram } from "../cartridge/program.ts";
import { ConsolePanic, ConsoleUsageError, invariant } from "../errors.ts";
import type { InputDevice } from "../input/syscalls.ts";
import type { InputFrame } from "../input/pad.ts";
import { CONSOLE_LIMITS, DEFAULT_FRAME_GAS } from "../limits.ts";
import type { LogDevice, LogLine } from "../log/log.ts";
import type { MemcardStore } from "../memcard/store.ts";
import { MemoryStore } from "../memcard/store.ts";
import { FRAME_END, type FrameEndKind, FrameHasher } from "./frame_hash.ts";

/**
 * A wanted stream named `final:<stream>` asks for `<stream>` only on the instance's last frame
 * (the one that halts, traps or panics), e.g. `final:framebuffer` for `--png-last`: the embedder
 * cannot know in advance which frame that is.
 */
export const FINAL_STREAM_PREFIX = "final:";

/** The assets of an instance: the validated header and the backend doing the real loads. */
export interface InstanceAssets {
  header: PackHeader;
  backend: LoaderBackend;
  banks?: BanksConfig;
  bytesPerFrame?: number;
}

/** How to boot an instance. */
export interface InstanceConfig {
  /** Name used in messages (default "cart"). */
  name?: string;
  manifest: Manifest;
  program: CartridgeProgram;
  /** Assets (null when the cartridge has no assets.pa). */
  assets: InstanceAssets | null;
  /** Memcard storage (default: a fresh in-memory store). */
  memcardStore?: MemcardStore;
  /** Host modules (default `CONSOLE_MODULES`) and their registry. */
  modules?: readonly HostModule[];
  registry?: SyscallRegistry;
  /** Gas budget of each frame (default `DEFAULT_FRAME_GAS`). */
  gasPerFrame?: number;
  /** Called with the lifecycle state after each transition. */
  onState?: (state: string) => void;
}

/** How an instance ended. */
export type InstanceExit =
  | { kind: "halt" }
  | { kind: "trap"; trap: TrapInfo }
  | { kind: "panic"; message: string };

/** What one frame did. */
export interface FrameReport {
  /** The frame number. */
  frame: number;
  /** How it ended. */
  end: FrameEndKind;
  /** The lifecycle state after it. */
  state: string;
  /** Gas the guest used this frame. */
  gasUsed: number;
  /** Syscalls that ran this frame. */
  syscalls: number;
  /** Overruns so far. */
  overruns: number;
  /** The rolling frame hash after this frame (64 hex digits). */
  hash: string;
  /** Log lines written this frame. */
  logs: LogLine[];
  /** End-of-frame telemetry: `gas_used`, `syscalls`, `overruns`, then `<device>.<name>`. */
  telemetry: Record<string, number>;
  /** The exit, on the frame the instance ended. */
  exit: InstanceExit | null;
  /** Output streams the embedder asked for (see `FrameEnd.put`). */
  outputs: Record<string, Uint8Array>;
}

function isDeviceModule(m: HostModule): m is DeviceModule {
  return typeof (m as DeviceModule).device === "function";
}

function opcodeAt(vm: Vm, pc: number): string {
  const code = vm.program.code;
  return pc < code.length ? OPCODES[code[pc]]?.name ?? "trap" : "trap";
}

/** A booted cartridge instance. */
export class ConsoleInstance {
  readonly #vm: Vm;
  readonly #table: ImportTable;
  readonly #devices: Device[];
  readonly #byName: Map<string, Device>;
  readonly #lifecycle: Lifecycle<typeof vmInstanceMachine>;
  readonly #counters: DispatchCounters;
  readonly #hasher = new FrameHasher();
  readonly #onState: (state: string) => void;
  /** The frame number syscalls see (shared with the SyscallCall services). */
  readonly #frameRef: { frame: number };
  #frame = 0;
  #overruns = 0;
  #exit: InstanceExit | null = null;
  /** Gas per frame. */
  readonly gasPerFrame: number;
  /** The asset manager, or null. */
  readonly assets: AssetManager | null;

  private constructor(
    readonly name: string,
    vm: Vm,
    table: ImportTable,
    devices: Device[],
    lifecycle: Lifecycle<typeof vmInstanceMachine>,
    counters: DispatchCounters,
    gasPerFrame: number,
    assets: AssetManager | null,
    onState: (state: string) => void,
    frameRef: { frame: number },
  ) {
    this.#vm = vm;
    this.#table = table;
    this.#devices = devices;
    this.#byName = new Map(devices.map((d) => [d.name, d]));
    this.#lifecycle = lifecycle;
    this.#counters = counters;
    this.gasPerFrame = gasPerFrame;
    this.assets = assets;
    this.#onState = onState;
    this.#frameRef = frameRef;
  }

  /**
   * Boots: asset manager with its preload, devices, the VM at function 0, imports bound.
   * Throws `PreloadError` when a preload entry cannot be loaded, `ConsoleUsageError` for bad
   * options.
   */
  static async boot(config: InstanceConfig): Promise<ConsoleInstance> {
    const gasPerFrame = config.gasPerFrame ?? DEFAULT_FRAME_GAS;
    if (
      !Number.isSafeInteger(gasPerFrame) || gasPerFrame < CONSOLE_LIMITS.minFrameGas ||
      gasPerFrame > CONSOLE_LIMITS.maxFrameGas
    ) {
      throw new ConsoleUsageError(
        "BAD_GAS",
        `gas per frame must be ${CONSOLE_LIMITS.minFrameGas}…${CONSOLE_LIMITS.maxFrameGas}, got ${gasPerFrame}`,
      );
    }
    const name = config.name ?? "cart";
    const onState = config.onState ?? (() => {});
    const lifecycle = new Lifecycle(vmInstanceMachine, { instanceId: name });
    onState(lifecycle.state);
    step(lifecycle, { type: "BOOT" }, onState);
    const assets = config.assets === null ? null : await AssetManager.boot(
      config.assets.header,
      config.assets.backend,
      { banks: config.assets.banks, bytesPerFrame: config.assets.bytesPerFrame },
    );
    const capabilities = new Set<Capability>(config.manifest.capabilities);
    const env: DeviceEnv = {
      capabilities,
      appId: config.manifest.app_id,
      assets,
      memcardStore: config.memcardStore ?? new MemoryStore(),
    };
    const modules = config.modules ?? CONSOLE_MODULES;
    const registry = config.registry ?? consoleRegistry();
    const devices: Device[] = [];
    for (const m of modules) {
      if (!isDeviceModule(m)) continue;
      const d = await m.device(env);
      if (d !== null) devices.push(d);
    }
    const byName = new Map(devices.map((d) => [d.name, d]));
    const frameRef = { frame: 0 };
    const call = new SyscallCall({
      get frame() {
        return frameRef.frame;
      },
      device<T extends Device>(n: string): T {
        const d = byName.get(n);
        if (d === undefined) throw new ConsolePanic(`no device "${n}" in this instance`);
        return d as T;
      },
    });
    const counters: DispatchCounters = { syscalls: 0 };
    const table = new ImportTable(
      bindImports(registry, config.program.imports, capabilities, call, counters),
    );
    const vm = instantiateStandardProgram(config.program.standard, new Uint8Array(0), { gas: 0 });
    vm.pc = config.program.entryPc;
    vm.setRegister(0, HALT_ADDRESS);
    step(lifecycle, { type: "BOOTED" }, onState);
    return new ConsoleInstance(
      name,
      vm,
      table,
      devices,
      lifecycle,
      counters,
      gasPerFrame,
      assets,
      onState,
      frameRef,
    );
  }

  /** The lifecycle state (created, booting, running, yielded, outOfGas, resumed, halted, trapped, panicked). */
  get state(): string {
    return this.#lifecycle.state;
  }

  /** True once halted, trapped or panicked. */
  get finished(): boolean {
    return this.#exit !== null;
  }

  /** How it ended, or null. */
  get exit(): InstanceExit | null {
    return this.#exit;
  }

  /** The rolling frame hash so far (64 hex digits). */
  get hash(): string {
    return this.#hasher.current;
  }

  /** The next frame's number (= frames run so far). */
  get frame(): number {
    return this.#frame;
  }

  /** Overruns so far. */
  get overruns(): number {
    return this.#overruns;
  }

  /** The guest VM (tests and tools). */
  get vm(): Vm {
    return this.#vm;
  }

  /** The device `name`, or undefined. */
  device<T extends Device>(name: string): T | undefined {
    return this.#byName.get(name) as T | undefined;
  }

  /**
   * Runs one frame with `input`; `wants` names the output streams to attach (`final:<stream>`:
   * only if this frame ends the instance).
   */
  async runFrame(input: InputFrame, wants: ReadonlySet<string> = new Set()): Promise<FrameReport> {
    invariant(this.#exit === null, `${this.name}: runFrame after the instance ended`);
    const frame = this.#frame;
    this.#frameRef.frame = frame;
    const vm = this.#vm;
    const lc = this.#lifecycle;
    let end: FrameEndKind;
    let gasUsed = 0;
    try {
      if (lc.state === "yielded" || lc.state === "outOfGas") {
        step(lc, { type: "RESUME" }, this.#onState);
        step(lc, { type: "RUN" }, this.#onState);
      }
      invariant(lc.state === "running", `${this.name}: frame ${frame} starts in state ${lc.state}`);
      this.device<InputDevice>("input")?.latch.latch(input);
      for (const d of this.#devices) d.beginFrame?.(frame);
      this.#counters.syscalls = 0;
      vm.gas = this.gasPerFrame;
      const r = runWithHost(vm, this.#table, null);
      gasUsed = this.gasPerFrame - Number(vm.gas);
      end = this.#settle(r, gasUsed);
    } catch (e) {
      end = this.#panic(e);
    }
    const outputs: Record<string, Uint8Array> = {};
    const sections: [string, Uint8Array][] = [];
    let current = "";
    const frameEnd = {
      frame,
      hash: (bytes: Uint8Array) => sections.push([current, bytes.slice()]),
      wants: (s: string) =>
        wants.has(s) || (this.#exit !== null && wants.has(`${FINAL_STREAM_PREFIX}${s}`)),
      put: (s: string, bytes: Uint8Array) => {
        outputs[s] = bytes.slice();
      },
    };
    try {
      for (const d of this.#devices) {
        current = d.name;
        await d.endFrame?.(frameEnd);
      }
    } catch (e) {
      if (end !== "panic") end = this.#panic(e);
    }
    const telemetry: Record<string, number> = {
      gas_used: gasUsed,
      syscalls: this.#counters.syscalls,
      overruns: this.#overruns,
    };
    for (const d of this.#devices) {
      const t = d.telemetry?.();
      if (t !== undefined) {
        for (const [k, v] of Object.entries(t)) telemetry[`${d.name}.${k}`] = v;
      }
    }
    this.#hasher.begin(frame, FRAME_END[end], gasUsed, this.#counters.syscalls, this.#overruns);
    for (const [n, bytes] of sections) this.#hasher.section(n, bytes);
    const hash = this.#hasher.finish();
    this.#frame++;
    return {
      frame,
      end,
      state: lc.state,
      gasUsed,
      syscalls: this.#counters.syscalls,
      overruns: this.#overruns,
      hash,
      logs: this.device<LogDevice>("log")?.lines ?? [],
      telemetry,
      exit: this.#exit,
      outputs,
    };
  }

  #settle(r: ReturnType<typeof runWithHost>, gasUsed: number): FrameEndKind {
    const vm = this.#vm;
    const lc = this.#lifecycle;
    switch (r.kind) {
      case "yield":
        step(lc, { type: "YIELD", reason: "frame_sync" }, this.#onState);
        return "sync";
      case "oog":
        if (gasUsed === 0) {
          return this.#trap({
            code: "BLOCK_OVER_BUDGET",
            pc: vm.pc,
            opcode: opcodeAt(vm, vm.pc),
            message:
              `the basic block at pc ${vm.pc} costs more gas than a whole frame's budget (${this.gasPerFrame}); it can never run`,
          });
        }
        this.#overruns++;
        step(lc, { type: "OUT_OF_GAS" }, this.#onState);
        return "overrun";
      case "halt":
        this.#exit = { kind: "halt" };
        step(lc, { type: "HALT" }, this.#onState);
        return "halt";
      case "trap":
        return this.#trap(r.trap);
      case "panic":
        return this.#trap({
          code: "VM_PANIC",
          pc: vm.exitPc,
          opcode: opcodeAt(vm, vm.exitPc),
          message:
            "the guest executed trap, jumped to an invalid address, or touched memory below 0x10000",
        });
      case "fault":
        return this.#trap({
          code: "PAGE_FAULT",
          pc: vm.exitPc,
          opcode: opcodeAt(vm, vm.exitPc),
          message: `the guest accessed unmapped or read-only memory at page 0x${
            r.address.toString(16)
          }`,
        });
    }
  }

  #trap(trap: TrapInfo): FrameEndKind {
    this.#exit = { kind: "trap", trap };
    step(this.#lifecycle, { type: "TRAP", code: trap.code, message: trap.message }, this.#onState);
    return "trap";
  }

  #panic(e: unknown): FrameEndKind {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.#exit = { kind: "panic", message };
    if (this.#lifecycle.can({ type: "PANIC", message })) {
      step(this.#lifecycle, { type: "PANIC", message }, this.#onState);
    }
    return "panic";
  }

  /** Closes devices and the asset backend. */
  async close(): Promise<void> {
    for (const d of this.#devices) await d.close?.();
    await this.assets?.close();
  }
}

type VmEvent = Parameters<Lifecycle<typeof vmInstanceMachine>["send"]>[0];

function step(
  lc: Lifecycle<typeof vmInstanceMachine>,
  event: VmEvent,
  onState: (s: string) => void,
): void {
  const r = lc.send(event);
  if (r.outcome !== "OK") {
    throw new ConsolePanic(`the VM-instance machine refused ${event.type} in state ${lc.state}`);
  }
  onState(lc.state);
}
