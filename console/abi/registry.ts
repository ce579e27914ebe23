/**
 * The host registry: every syscall the console offers, by canonical identity
 * `(module, name, version)`, with its metadata. The cartridge loader checks a program's imports
 * against it; an instance binds each import `i` (the target of `ecalli i`) to a dispatcher that
 * checks the capability, charges gas, runs the handler and writes the results to φ7….
 *
 * Registration validates each spec (identity syntax, at most 6 arguments and results, `status`
 * first when the call has statuses, gas within the smallest frame budget) and refuses duplicate
 * identities, so a broken table fails at start-up, not in a guest.
 *
 * @example
 * ```ts
 * import { SyscallRegistry } from "./registry.ts";
 * import { CONSOLE_MODULES } from "./modules.ts";
 * const registry = SyscallRegistry.from(CONSOLE_MODULES);
 * registry.get({ module: "log", name: "write", version: 1 })?.capability; // null (intrinsic)
 * ```
 * @module
 */

import { GuestTrap, type HostAction, type HostHandler, type Vm } from "../../vm/mod.ts";
import { ConsolePanic, ConsoleUsageError } from "../errors.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import type { SyscallCall } from "./call.ts";
import {
  CAPABILITIES,
  type Capability,
  type HostModule,
  identityKey,
  type SyscallIdentity,
  type SyscallSpec,
  YIELD,
} from "./types.ts";

const NAME = /^[a-z][a-z0-9_]*$/;

/** Gas a call costs with the arguments now in the registers (see `GasCost`). */
export function gasCost(spec: SyscallSpec, vm: Vm): number {
  const g = spec.gas;
  if (g.perByte === undefined || g.bytesArg === undefined) return g.base;
  const r = 7 + g.bytesArg;
  const max = g.maxBytes ?? 0;
  const n = vm.hi[r] !== 0 ? max : Math.min(vm.lo[r] >>> 0, max);
  return g.base + g.perByte * n;
}

/** The most gas one call of `spec` can cost. */
export function maxGasCost(spec: SyscallSpec): number {
  const g = spec.gas;
  return g.base + (g.perByte ?? 0) * (g.maxBytes ?? 0);
}

/** Checks one spec; throws `ConsoleUsageError` (BAD_SYSCALL_SPEC) naming what is wrong. */
export function checkSpec(spec: SyscallSpec): void {
  const key = `${spec.module}.${spec.name}@${spec.version}`;
  const bad = (why: string): never => {
    throw new ConsoleUsageError("BAD_SYSCALL_SPEC", `${key}: ${why}`);
  };
  const nameLimit = CONSOLE_LIMITS.maxNameBytes;
  if (!NAME.test(spec.module) || spec.module.length > nameLimit) bad("bad module name");
  if (!NAME.test(spec.name) || spec.name.length > nameLimit) bad("bad syscall name");
  if (!Number.isInteger(spec.version) || spec.version < 1 || spec.version > 0xffff) {
    bad("version must be 1…65535");
  }
  if (spec.args.length > CONSOLE_LIMITS.maxSyscallArgs) bad("more than 6 arguments");
  if (spec.results.length > CONSOLE_LIMITS.maxSyscallResults) bad("more than 6 results");
  if (spec.statuses !== null) {
    if (spec.results[0]?.name !== "status") bad("a call with statuses returns status first");
    const codes = new Set(spec.statuses.map((s) => s.code));
    if (codes.size !== spec.statuses.length) bad("duplicate status codes");
  }
  if (spec.capability !== null && !(CAPABILITIES as readonly string[]).includes(spec.capability)) {
    bad(`unknown capability ${spec.capability}`);
  }
  const g = spec.gas;
  if (!Number.isInteger(g.base) || g.base < 1) bad("gas.base must be a positive integer");
  if ((g.perByte === undefined) !== (g.bytesArg === undefined)) {
    bad("gas.perByte and gas.bytesArg go together");
  }
  if (g.bytesArg !== undefined && (g.bytesArg >= spec.args.length || g.maxBytes === undefined)) {
    bad("gas.bytesArg must name an argument and gas.maxBytes must cap it");
  }
  if (maxGasCost(spec) > CONSOLE_LIMITS.minFrameGas) {
    bad(`can cost ${maxGasCost(spec)} gas, more than the smallest frame budget`);
  }
}

/** The syscalls the host offers, by identity. */
export class SyscallRegistry {
  readonly #byKey = new Map<string, SyscallSpec>();
  readonly #modules: HostModule[] = [];

  /** A registry holding every syscall of `modules` (in order). */
  static from(modules: readonly HostModule[]): SyscallRegistry {
    const r = new SyscallRegistry();
    for (const m of modules) r.addModule(m);
    return r;
  }

  /** Adds a module's syscalls; throws `ConsoleUsageError` on a bad spec or a duplicate identity. */
  addModule(module: HostModule): void {
    for (const spec of module.syscalls) {
      checkSpec(spec);
      const key = identityKey(spec);
      if (this.#byKey.has(key)) {
        throw new ConsoleUsageError("DUPLICATE_SYSCALL", `${key} is registered twice`);
      }
    }
    for (const spec of module.syscalls) this.#byKey.set(identityKey(spec), spec);
    this.#modules.push(module);
  }

  /** The spec of `id`, or undefined. */
  get(id: SyscallIdentity): SyscallSpec | undefined {
    return this.#byKey.get(identityKey(id));
  }

  /** Every spec, in module order then declaration order. */
  all(): SyscallSpec[] {
    return this.#modules.flatMap((m) => [...m.syscalls]);
  }

  /** The modules, in order. */
  modules(): readonly HostModule[] {
    return this.#modules;
  }
}

/** Counters the dispatcher keeps for telemetry. */
export interface DispatchCounters {
  /** Syscalls that ran (paid and dispatched) this frame. */
  syscalls: number;
}

function trapHandler(code: string, message: string): HostHandler<unknown> {
  return () => new GuestTrap(code, message);
}

/**
 * Binds a program's imports to dispatchers: index `i` answers `ecalli i`. An import whose
 * identity is not registered, or whose capability is not in `capabilities`, is bound to a trap
 * (UNKNOWN_SYSCALL, MISSING_CAPABILITY) — the cartridge loader rejects such programs before they
 * run; this keeps the check at call time too.
 */
export function bindImports(
  registry: SyscallRegistry,
  imports: readonly SyscallIdentity[],
  capabilities: ReadonlySet<Capability>,
  call: SyscallCall,
  counters: DispatchCounters,
): HostHandler<unknown>[] {
  return imports.map((id, index) => {
    const key = identityKey(id);
    const spec = registry.get(id);
    if (spec === undefined) {
      return trapHandler(
        "UNKNOWN_SYSCALL",
        `import ${index} (${key}) is not a syscall of this host`,
      );
    }
    if (spec.capability !== null && !capabilities.has(spec.capability)) {
      return trapHandler(
        "MISSING_CAPABILITY",
        `${key} needs capability "${spec.capability}", which the manifest does not declare`,
      );
    }
    const handler = spec.handler;
    const results = spec.results.length;
    return (vm: Vm): HostAction => {
      if (!vm.chargeGas(gasCost(spec, vm))) return "oog";
      counters.syscalls++;
      call.vm = vm;
      call.what = key;
      const out = handler(call);
      if (out === YIELD) return "yield";
      if (out.length !== results) {
        throw new ConsolePanic(`${key} returned ${out.length} results; its spec says ${results}`);
      }
      for (let i = 0; i < results; i++) vm.setRegister(7 + i, out[i]);
      return "continue";
    };
  });
}

/** The host table for `runWithHost`: ecalli `i` → import `i`; any other id traps UNKNOWN_IMPORT. */
export class ImportTable extends Map<number, HostHandler<unknown>> {
  readonly #unknown: HostHandler<unknown>;

  /** @param handlers dispatcher per import index */
  constructor(handlers: readonly HostHandler<unknown>[]) {
    super(handlers.map((h, i) => [i, h]));
    const count = handlers.length;
    const range = count === 0 ? "imports no syscalls" : `imports ${count} (ecalli 0…${count - 1})`;
    this.#unknown = (vm) =>
      new GuestTrap("UNKNOWN_IMPORT", `ecalli ${vm.hostId}: the program ${range}`);
  }

  /** The dispatcher of import `id`, or one that traps UNKNOWN_IMPORT. */
  override get(id: number): HostHandler<unknown> {
    return super.get(id) ?? this.#unknown;
  }
}
