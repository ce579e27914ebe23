/**
 * Typed errors of the actor runtime. Every error has a stable `code` that programs can switch on
 * and a message a user can act on.
 *
 * @example
 * ```ts
 * import { ActorError } from "./errors.ts";
 * try {
 *   throw new ActorError("UNKNOWN_ACTOR", "no actor named cart-9");
 * } catch (e) {
 *   if (e instanceof ActorError && e.code === "UNKNOWN_ACTOR") console.log(e.message);
 * }
 * ```
 * @module
 */

/** Every error code the runtime raises. */
export type ActorErrorCode =
  /** A message or API call named an actor that does not exist. */
  | "UNKNOWN_ACTOR"
  /** `spawn` with a name already in use. */
  | "DUPLICATE_ACTOR"
  /** An argument is out of range or of the wrong shape. */
  | "BAD_ARGUMENT"
  /** A message body, checkpoint or input is larger than the limit. */
  | "PAYLOAD_TOO_LARGE"
  /** A BigInt wider than the codec's limit. */
  | "BIGINT_TOO_LARGE"
  /** A value msgpack would silently change (Map, Set, class instance, non-Uint8 typed array…). */
  | "UNSUPPORTED_VALUE"
  /** Bytes that do not decode as the expected message, batch or trace. */
  | "MALFORMED_MESSAGE"
  /** A behaviour module that does not export a valid behaviour. */
  | "BAD_BEHAVIOUR"
  /** An actor could not be started. */
  | "SPAWN_FAILED"
  /** The Worker hosting an actor threw an uncaught error or died. */
  | "WORKER_DIED"
  /** A Worker did not answer within the watchdog time (liveness only; the run is aborted). */
  | "WORKER_UNRESPONSIVE"
  /** An actor called a wall-clock or random API that would break determinism. */
  | "NONDETERMINISTIC_API"
  /** An actor exceeded a per-round limit (messages sent, spawns, states). */
  | "LIMIT_EXCEEDED"
  /** The system was shut down, or failed earlier and refuses further work. */
  | "SYSTEM_CLOSED"
  /** A trace file that cannot be read, or a trace too long to keep. */
  | "TRACE_MALFORMED"
  /** The trace kept in memory reached its limit; it can no longer be written whole. */
  | "TRACE_TRUNCATED";

/**
 * An error of the actor runtime, with a stable `code`.
 *
 * @example
 * ```ts
 * new ActorError("PAYLOAD_TOO_LARGE", "body is 20 MiB; the limit is 16 MiB").code;
 * ```
 */
export class ActorError extends Error {
  /** The stable code. */
  readonly code: ActorErrorCode;

  /** Creates an error with `code` and `message`; `cause` is kept as the standard `cause`. */
  constructor(code: ActorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ActorError";
    this.code = code;
  }
}

/**
 * Describes any thrown value in one line (name and message), for crash causes in traces.
 *
 * @example
 * ```ts
 * describeError(new RangeError("bad")); // "RangeError: bad"
 * ```
 */
export function describeError(e: unknown): string {
  if (e instanceof ActorError) return `${e.name}(${e.code}): ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `thrown: ${String(e)}`;
}

/**
 * Throws a `Panic`-class error when an invariant of the runtime itself does not hold.
 *
 * @example
 * ```ts
 * assert(1 + 1 === 2, "arithmetic");
 * ```
 */
export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`actors: invariant broken: ${what}`);
}
