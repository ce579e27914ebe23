/**
 * How much of xstate's first use in a fresh isolate is V8's lazy compilation: builds a small
 * machine and steps it three times, timing the first pass against the next two. Run it plain and
 * with `--v8-flags=--no-lazy` (every function compiled up front) and compare the first pass:
 *
 * @example
 * ```sh
 * deno run -A bench/xstate_cold.ts
 * deno run -A --v8-flags=--no-lazy bench/xstate_cold.ts
 * ```
 * @module
 */

import { assign, initialTransition, setup, transition } from "xstate";

/** Builds a four-state machine and takes it to "running"; ms for each part. */
function pass(id: string): { machine: number; steps: number } {
  const t0 = performance.now();
  const m = setup({
    types: { context: {} as { n: number } },
    actions: { inc: assign({ n: ({ context }) => context.n + 1 }) },
  }).createMachine({
    id,
    initial: "created",
    context: { n: 0 },
    states: {
      created: { on: { BOOT: "booting" } },
      booting: { on: { BOOTED: { target: "running", actions: "inc" } } },
      running: { on: { HALT: "halted" } },
      halted: { type: "final" },
    },
  });
  const t1 = performance.now();
  let [s] = initialTransition(m);
  for (const type of ["BOOT", "BOOTED"] as const) {
    if (!s.can({ type })) throw new Error(`cannot ${type}`);
    [s] = transition(m, s, { type });
  }
  if (s.value !== "running") throw new Error(`ended in ${String(s.value)}`);
  return { machine: t1 - t0, steps: performance.now() - t1 };
}

if (import.meta.main) {
  for (const id of ["first", "second", "third"]) {
    const r = pass(id);
    console.log(
      `${id.padEnd(6)} pass: machine ${r.machine.toFixed(2)} ms, initial + 2 steps ${
        r.steps.toFixed(2)
      } ms`,
    );
  }
}
