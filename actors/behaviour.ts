/**
 * What an actor is made of: a {@link Behaviour} (pure code: `init`, `receive`, optional
 * `restore` and `stop`) living in a module of its own, named by a {@link BehaviourRef} (module
 * URL + export name + a short stable id + the permissions its Worker needs). Any folder can
 * define behaviours; nothing in actors/ has to change.
 *
 * A behaviour must be deterministic: the same messages in the same order give the same sends,
 * states and checkpoints. Use `ctx.rng` for randomness and `ctx.time` for time; in Workers,
 * `Math.random`, `Date.now`, `performance.now` and `crypto.getRandomValues` throw
 * `NONDETERMINISTIC_API`. Real async work (file reads) is allowed: the round waits for it, and
 * its results become visible at the round boundary in the scheduler's order. A behaviour stuck
 * in a busy loop cannot be stopped (Deno cannot terminate a spinning Worker): bound guest work
 * with VM gas.
 *
 * @example
 * ```ts
 * // counter.ts, in any folder
 * import { defineBehaviour } from "../actors/mod.ts";
 * export const behaviour = defineBehaviour<{ n: number }, { start: number }>({
 *   init: (input) => ({ n: input.start }),
 *   receive(state, msg, ctx) {
 *     if (msg.type === "add") ctx.reply(msg, "sum", state.n + (msg.body as number));
 *     return { n: state.n + 1 };
 *   },
 * });
 * // elsewhere: behaviourRef("example/counter", new URL("./counter.ts", import.meta.url))
 * ```
 * @module
 */

import { ActorError } from "./errors.ts";
import type { Rng } from "./rng.ts";
import type { SupervisionPolicy } from "../machines/mod.ts";

/** The pseudo-actor standing for the program outside the system (inputs and outputs). */
export const EXTERNAL = "$ext";
/** The pseudo-actor that sends system messages (`$bounce`, `$child`). */
export const SYSTEM = "$system";

/** A message as an actor receives it. */
export interface Envelope<B = unknown> {
  /** Sender name (`$ext` for the outside program, `$system` for system messages). */
  from: string;
  /** Receiver name. */
  to: string;
  /** Message type chosen by the sender; types starting with `$` are the system's. */
  type: string;
  /** The decoded body. */
  body: B;
  /** Sender's sequence number (per sender, from 0). */
  seq: number;
  /** Virtual time of delivery. */
  time: number;
  /** Round of delivery. */
  round: number;
}

/** Body of a `$bounce` system message: a message of yours could not be delivered. */
export interface BounceBody {
  /**
   * Why: `MAILBOX_FULL` (backpressure: retry later), `UNKNOWN_ACTOR`, `ACTOR_STOPPED`, or
   * `LOST_IN_CRASH`: the receiver's Worker died while handling the batch (which messages were
   * handled is unknowable, so none counts), or the receiver threw before reaching this message
   * and it carried transferred attachments (they cannot be delivered twice). Messages without
   * attachments that a throwing receiver did not reach stay queued for its next incarnation.
   */
  code: "MAILBOX_FULL" | "UNKNOWN_ACTOR" | "ACTOR_STOPPED" | "LOST_IN_CRASH";
  /** The intended receiver. */
  to: string;
  /** The refused message's type. */
  type: string;
  /** The refused message's sequence number. */
  seq: number;
}

/** Body of a `$child` system message: something happened to a child you spawned. */
export interface ChildBody {
  /** The child's name. */
  child: string;
  /** What happened. */
  event: "crashed" | "restarted" | "stopped";
  /** The crash cause or stop reason. */
  detail: string;
}

/** Options of `ctx.send`. */
export interface SendOptions {
  /** Deliver this many virtual-time ticks later (0: next round at the same time). */
  delay?: number;
}

/** Permissions a behaviour's Worker gets (all else is denied). Paths are absolute. */
export interface ActorPermissions {
  /** Readable paths. */
  read?: string[];
  /** Writable paths. */
  write?: string[];
  /** Reachable hosts. */
  net?: string[];
  /** Readable environment variables. */
  env?: string[];
}

/** Where a behaviour lives and what it needs. */
export interface BehaviourRef {
  /** Short stable name that goes into the trace (not the URL, which differs per checkout). */
  id: string;
  /** Module URL (`new URL("./x.ts", import.meta.url).href`). */
  url: string;
  /** Exported name of the behaviour (default `behaviour`). */
  export: string;
  /** Worker permissions (default none; an actor with permissions gets its own Worker). */
  permissions: ActorPermissions | null;
}

/** Spawn request made from inside an actor (the child is supervised by that actor). */
export interface ChildSpec {
  /** Unique name of the child. */
  name: string;
  /** Its behaviour. */
  behaviour: BehaviourRef;
  /** Input for `init`. */
  input?: unknown;
  /** Restart policy overrides. */
  supervision?: Partial<SupervisionPolicy>;
  /** Mailbox bound. */
  mailboxCapacity?: number;
}

/** What a behaviour can do while it handles a message (or in `init` / `restore`). */
export interface ActorContext {
  /** This actor's name. */
  readonly self: string;
  /** Its parent (`$ext` for actors spawned by the program). */
  readonly parent: string;
  /** Virtual time now. */
  readonly time: number;
  /** Round now. */
  readonly round: number;
  /** How many times this actor was restarted (0 for the first start). */
  readonly incarnation: number;
  /** This actor's seeded random stream (derived from run seed, name and incarnation). */
  readonly rng: Rng;
  /** Sends a message (becomes visible at the round boundary; delivered next round or later). */
  send(to: string, type: string, body?: unknown, options?: SendOptions): void;
  /** Sends to the sender of `message`. */
  reply(message: Envelope, type: string, body?: unknown, options?: SendOptions): void;
  /** Sends to the outside program (collected with `system.takeOutbox()`). */
  output(type: string, body?: unknown): void;
  /** Reports this actor's lifecycle state (recorded in the trace when it changes). */
  state(name: string): void;
  /** Saves a checkpoint (plain data) to restart from after a crash. */
  checkpoint(value: unknown): void;
  /** Spawns a child at the round boundary; its crashes come back as `$child` messages. */
  spawn(spec: ChildSpec): void;
  /** Stops this actor after the current message. */
  stop(reason?: string): void;
}

/** An actor's code. `S` is its state, `I` its input. */
export interface Behaviour<S = unknown, I = unknown> {
  /** Makes the first state (fresh start). */
  init(input: I, ctx: ActorContext): S | Promise<S>;
  /** Handles one message; returns the next state (or nothing to keep the same object). */
  receive(state: S, message: Envelope, ctx: ActorContext): S | void | Promise<S | void>;
  /** Rebuilds the state from the last checkpoint (restart "from checkpoint"); else `init`. */
  restore?(checkpoint: unknown, input: I, ctx: ActorContext): S | Promise<S>;
  /** Called once when the actor is stopped (no sends possible). */
  stop?(state: S, reason: string): void | Promise<void>;
}

/**
 * Checks and returns a behaviour (an identity with types and a shape check).
 *
 * @example
 * ```ts
 * export const behaviour = defineBehaviour({ init: () => 0, receive: (n: number) => n + 1 });
 * ```
 */
export function defineBehaviour<S, I = unknown>(b: Behaviour<S, I>): Behaviour<S, I> {
  assertBehaviour(b, "defineBehaviour");
  return b;
}

/** Throws `BAD_BEHAVIOUR` unless `b` has the shape of a {@link Behaviour}. */
export function assertBehaviour(b: unknown, where: string): asserts b is Behaviour {
  const o = b as Record<string, unknown> | null;
  if (
    typeof o !== "object" || o === null || typeof o.init !== "function" ||
    typeof o.receive !== "function" ||
    (o.restore !== undefined && typeof o.restore !== "function") ||
    (o.stop !== undefined && typeof o.stop !== "function")
  ) {
    throw new ActorError(
      "BAD_BEHAVIOUR",
      `${where}: not a behaviour (needs init and receive functions; restore and stop optional)`,
    );
  }
}

const ID = /^[A-Za-z0-9_.\/-]{1,128}$/;

/**
 * Names a behaviour module.
 *
 * @example
 * ```ts
 * const ref = behaviourRef("assets/loader", new URL("./loader.ts", import.meta.url), {
 *   permissions: { read: ["/data/assets.pa"] },
 * });
 * ```
 */
export function behaviourRef(
  id: string,
  url: URL | string,
  options: { export?: string; permissions?: ActorPermissions } = {},
): BehaviourRef {
  if (!ID.test(id)) {
    throw new ActorError(
      "BAD_ARGUMENT",
      `behaviour id ${JSON.stringify(id)}: use [A-Za-z0-9_./-], 1-128 chars`,
    );
  }
  const href = typeof url === "string" ? new URL(url).href : url.href;
  return {
    id,
    url: href,
    export: options.export ?? "behaviour",
    permissions: options.permissions ?? null,
  };
}

const NAME = /^[A-Za-z0-9_.:\/-]{1,64}$/;

/** Throws `BAD_ARGUMENT` unless `name` is a valid actor name (not starting with `$`). */
export function checkActorName(name: string): void {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new ActorError(
      "BAD_ARGUMENT",
      `actor name ${JSON.stringify(name)}: use [A-Za-z0-9_.:/-], 1-64 chars ($ is reserved)`,
    );
  }
}
