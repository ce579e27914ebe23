/**
 * The asset loader actor (a Worker behaviour): opens the `assets.pa` named by its input with the
 * only permission it has (read that one file), and for each `load {job, asset_id}` reads the
 * slice, checks its blake2b-256, decodes and materialises it, and reports `loaded` or `failed`
 * to the program. Thin on purpose: the work is `loadResident` from materialise.ts.
 *
 * @example
 * ```ts
 * import { ActorSystem } from "../../actors/mod.ts";
 * import { loaderBehaviour } from "./loader_actor.ts";
 * const sys = new ActorSystem();
 * await sys.spawn({ name: "loader", behaviour: loaderBehaviour("/abs/assets.pa"), input: { path: "/abs/assets.pa" } });
 * sys.send("loader", "load", { job: 1, asset_id: 3 });
 * await sys.runUntilIdle();
 * sys.takeOutbox(); // [{ type: "loaded", body: { job: 1, … } }]
 * ```
 * @module
 */

import {
  type Behaviour,
  type BehaviourRef,
  behaviourRef,
  defineBehaviour,
} from "../../actors/mod.ts";
import { PackFormatError } from "../errors.ts";
import { loadResident } from "../materialise.ts";
import { PackReader } from "../reader.ts";
import {
  LOAD_DONE,
  LOAD_FAILED,
  LOAD_REQUEST,
  type LoadFailedBody,
  type LoadRequestBody,
  toWire,
} from "./loader_wire.ts";

/** Input of the loader actor. */
export interface LoaderInput {
  /** Absolute path of the `assets.pa` to serve. */
  path: string;
}

/** The behaviour: state is the open reader. */
export const behaviour: Behaviour<{ reader: PackReader }, LoaderInput> = defineBehaviour<
  { reader: PackReader },
  LoaderInput
>({
  async init(input) {
    return { reader: await PackReader.openFile(input.path) };
  },
  async receive(state, msg, ctx) {
    if (msg.type !== LOAD_REQUEST) return;
    const { job, asset_id } = msg.body as LoadRequestBody;
    const entry = state.reader.entryById(asset_id);
    if (entry === undefined) {
      const body: LoadFailedBody = { job, code: "UNKNOWN_ASSET", message: `no asset ${asset_id}` };
      ctx.output(LOAD_FAILED, body);
      return;
    }
    try {
      ctx.output(LOAD_DONE, toWire(job, await loadResident(state.reader, entry)));
    } catch (e) {
      const body: LoadFailedBody = e instanceof PackFormatError
        ? { job, code: e.code, message: e.message }
        : { job, code: "BACKEND_FAILED", message: e instanceof Error ? e.message : String(e) };
      ctx.output(LOAD_FAILED, body);
    }
  },
  stop(state) {
    state.reader.close();
  },
});

/** The behaviour reference for a loader serving `path` (absolute): read permission on it only. */
export function loaderBehaviour(path: string): BehaviourRef {
  return behaviourRef("assets/loader", new URL(import.meta.url), { permissions: { read: [path] } });
}
