/**
 * The node actor's behaviour: a thin shell over {@link ChainNode}. `init` (also after every
 * crash: nodes restart fresh, from their database) opens the store and reports `started`;
 * `receive` hands each message to the node; `stop` closes the database. Each node runs in a
 * Worker of its own with read/write permission on its data directory only.
 *
 * @example
 * ```ts
 * import { behaviourRef } from "../../actors/mod.ts";
 * const ref = behaviourRef("kernel/node", new URL("./actor.ts", import.meta.url), {
 *   permissions: { read: [dir], write: [dir] },
 * });
 * ```
 * @module
 */

import { defineBehaviour } from "../../actors/behaviour.ts";
import type { NodeInput } from "./config.ts";
import { ChainNode } from "./node.ts";

/** The chain node behaviour. */
export const behaviour = defineBehaviour<ChainNode, NodeInput>({
  init: (input, ctx) => ChainNode.start(input, ctx),
  receive(node, msg, ctx) {
    node.handle(msg, ctx);
  },
  stop(node) {
    node.close();
  },
});
