/**
 * The behaviour the "actors" benchmark runs: every "ping" goes back to the peer named in the
 * input. It boots an xstate VM-instance lifecycle in `init`, so each Worker loads xstate the way
 * a real VM-instance actor does. Imports only the behaviour API and the machines, as a
 * behaviour module should (not the whole actor system).
 *
 * @example
 * ```ts
 * import { behaviourRef } from "../actors/mod.ts";
 * behaviourRef("bench/ping-pong", new URL("./actors_pingpong.ts", import.meta.url));
 * ```
 * @module
 */

import { defineBehaviour } from "../actors/behaviour.ts";
import { Lifecycle, vmInstanceMachine } from "../machines/mod.ts";

/** Ping-pong state: the peer, a VM lifecycle, messages handled. */
export interface PingPongState {
  /** Where pings go. */
  peer: string;
  /** A booted VM-instance lifecycle (xstate). */
  vm: Lifecycle<typeof vmInstanceMachine>;
  /** Messages handled. */
  n: number;
}

/** The benchmark behaviour. */
export const behaviour = defineBehaviour<PingPongState, { peer: string }>({
  init(input, ctx) {
    const vm = new Lifecycle(vmInstanceMachine, { instanceId: ctx.self });
    vm.send({ type: "BOOT" });
    vm.send({ type: "BOOTED" });
    ctx.state(vm.state);
    return { peer: input.peer, vm, n: 0 };
  },
  receive(state, msg, ctx) {
    if (msg.type === "ping") ctx.send(state.peer, "ping", (msg.body as number) + 1);
    state.n++;
    return state;
  },
});
