/**
 * machines/ — the xstate v5 lifecycle machines of the runtime, pure (no I/O, no clocks, no
 * delayed events, no randomness), plus pure stepping with explicit `INVALID_STATE` outcomes, a
 * registry of every machine, and graph export (Mermaid, DOT).
 *
 * - {@link assetLoadMachine}: PENDING → LOADING → READY → COMMITTED / CANCELED / ERROR
 * - {@link vmInstanceMachine}: created → booting → running ⇄ yielded / outOfGas → resumed … halted / trapped / panicked
 * - {@link blockApplierMachine}: idle → applying i → rollingBack → sealing → committed / rejected
 * - {@link supervisionMachine}: spawning → running → crashed → restarting / stopped
 * - {@link nodeMachine}: idle → proposing / verifying / applying → committed / rejected; syncing
 *
 * @example
 * ```ts
 * import { initialAssetLoad, stepAssetLoad, MACHINES, machineGraph, toMermaid } from "./mod.ts";
 * const r = stepAssetLoad(initialAssetLoad({ assetId: "a" }), { type: "COMMIT" });
 * r.outcome; // "INVALID_STATE"
 * const text = toMermaid(machineGraph(MACHINES[0].machine));
 * ```
 * @module
 */

export * from "./step.ts";
export * from "./asset_load.ts";
export * from "./vm_instance.ts";
export * from "./block_applier.ts";
export * from "./supervision.ts";
export * from "./chain_node.ts";
export * from "./graph.ts";
export * from "./registry.ts";
