/**
 * The VM-instance actor: one cartridge instance in its own Worker. Its lifecycle is the
 * VM-instance machine; every transition is reported with `ctx.state`, so it is in the trace.
 * Thin on purpose: decode the spawn input, boot a {@link ConsoleInstance}, and per `frame`
 * message hand the loader's answers to the relay backend, run the frame, send the loads it asked
 * for to the loader actor and output the report.
 *
 * Worker permissions: read and write of this instance's memcard folder only (none with an
 * in-memory card). Assets come through the loader actor; the program comes in the spawn input.
 *
 * @example
 * ```ts
 * import { instanceBehaviour } from "./instance_actor.ts";
 * // await sys.spawn({ name: "cart/0", behaviour: instanceBehaviour("/abs/card/7"), input, dedicatedWorker: true });
 * ```
 * @module
 */

import {
  type ActorContext,
  type BehaviourRef,
  behaviourRef,
  defineBehaviour,
} from "../../actors/behaviour.ts";
import { LOAD_REQUEST } from "../../assets/manager/loader_wire.ts";
import { decodeProgramContainer } from "../cartridge/program.ts";
import { ConsolePanic } from "../errors.ts";
import { FileStore, MemoryStore } from "../memcard/store.ts";
import { ConsoleInstance } from "./instance.ts";
import { RelayBackend } from "./relay_backend.ts";
import { FRAME, type FrameMessage, type FrameReportBody, type InstanceInput } from "./wire.ts";

interface State {
  inst: ConsoleInstance;
  relay: RelayBackend | null;
  index: number;
  loader: string | null;
  ctx: { current: ActorContext };
}

/** The behaviour. */
export const behaviour = defineBehaviour<State, InstanceInput>({
  async init(input, ctx) {
    const ctxRef = { current: ctx };
    const program = decodeProgramContainer(input.program);
    const relay = input.assetsHeader === null ? null : new RelayBackend(input.index, input.preload);
    const inst = await ConsoleInstance.boot({
      name: `cart/${input.index}`,
      manifest: input.manifest,
      program,
      assets: relay === null ? null : { header: input.assetsHeader!, backend: relay },
      memcardStore: input.memcardDir === null ? new MemoryStore() : new FileStore(input.memcardDir),
      gasPerFrame: input.gasPerFrame,
      onState: (s) => ctxRef.current.state(s),
    });
    if (relay !== null && !relay.preloadDone) {
      throw new ConsolePanic("preload answers left over after boot");
    }
    return { inst, relay, index: input.index, loader: input.loader, ctx: ctxRef };
  },
  async receive(state, msg, ctx) {
    if (msg.type !== FRAME) return;
    state.ctx.current = ctx;
    const m = msg.body as FrameMessage;
    if (state.inst.finished) return;
    if (m.frame !== state.inst.frame) {
      throw new ConsolePanic(
        `frame ${m.frame} arrived; instance ${state.index} expected ${state.inst.frame}`,
      );
    }
    state.relay?.deliver(m.loads);
    const r = await state.inst.runFrame({ pad: m.pad, touch: m.touch }, new Set(m.wants));
    if (state.relay !== null && state.loader !== null) {
      for (const req of state.relay.takeRequests()) ctx.send(state.loader, LOAD_REQUEST, req);
    }
    const body: FrameReportBody = { index: state.index, ...r, exit: r.exit };
    ctx.output(FRAME, body);
  },
  async stop(state) {
    await state.inst.close();
  },
});

/** The behaviour reference for an instance whose memcard lives in `memcardDir` (absolute) or in memory. */
export function instanceBehaviour(memcardDir: string | null): BehaviourRef {
  return behaviourRef("console/instance", new URL(import.meta.url), {
    permissions: memcardDir === null ? undefined : { read: [memcardDir], write: [memcardDir] },
  });
}
