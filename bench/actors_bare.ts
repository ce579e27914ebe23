/**
 * A behaviour without xstate (answers nothing), so the "actors" benchmark can show what a Worker
 * spawn costs before xstate is loaded, in the same run.
 *
 * @example
 * ```ts
 * import { behaviourRef } from "../actors/mod.ts";
 * behaviourRef("bench/bare", new URL("./actors_bare.ts", import.meta.url));
 * ```
 * @module
 */

import { defineBehaviour } from "../actors/behaviour.ts";

/** Does nothing; counts messages. */
export const behaviour = defineBehaviour<number, unknown>({
  init: () => 0,
  receive: (n) => n + 1,
});
