/**
 * Applying a block: `applyBlock(σ, block)` — a pure function of its two arguments (no I/O, no
 * clock). The block-applier machine (machines/block_applier) drives it: BEGIN; the header is
 * checked (parent = σ's head, slot after σ's, author = the slot's validator, Ed25519 signature
 * over the block hash) and a bad one is REJECTed with σ returned unchanged; each event runs
 * (EVENT_APPLIED, or EVENT_FAILED → ROLLED_BACK, which keeps σ exactly as before that event);
 * then sealing sets the head and slot and computes the state root (SEALED).
 *
 * @example
 * ```ts
 * import { applyBlock } from "./apply.ts";
 * // const r = applyBlock(σ, block);
 * // if (r.accepted) { σ = r.state; r.stateRoot; r.outcomes } else { r.code; r.message }
 * ```
 * @module
 */

import { blockApplierMachine, Lifecycle, type TransitionRecord } from "../machines/mod.ts";
import { bytesEqual, toHex } from "./bytes.ts";
import { type Block, blockHash, verifyBlockSignature } from "./block.ts";
import { invariant, KernelError, type KernelErrorCode } from "./errors.ts";
import { type EventOutcome, runEvent } from "./executor.ts";
import { type State, stateRoot } from "./state.ts";
import { slotAuthor } from "./validators.ts";

/** The result of `applyBlock`. */
export type ApplyResult =
  | {
    /** The block was applied. */
    accepted: true;
    /** σ after the block. */
    state: State;
    /** The block hash (σ's new head). */
    blockHash: Uint8Array;
    /** State root of the new σ. */
    stateRoot: Uint8Array;
    /** One outcome per event, in order. */
    outcomes: EventOutcome[];
    /** The block-applier machine's transitions. */
    lifecycle: TransitionRecord[];
  }
  | {
    /** The block was rejected. */
    accepted: false;
    /** σ, unchanged. */
    state: State;
    /** Why: BAD_PARENT, BAD_SLOT, BAD_AUTHOR, BAD_SIGNATURE, BAD_VALUE, LIMIT. */
    code: KernelErrorCode;
    /** Details. */
    message: string;
    /** The block-applier machine's transitions. */
    lifecycle: TransitionRecord[];
  };

/**
 * Applies `block` to `state` (see the module doc). Never throws for a bad block; throws
 * `KernelError("INVARIANT")` only if the kernel itself is broken.
 */
export function applyBlock(state: State, block: Block): ApplyResult {
  // Not memoised: its events carry the slot, reasons and the state root, so none repeat.
  const machine = new Lifecycle(blockApplierMachine, undefined);
  const lifecycle: TransitionRecord[] = [];
  const send = (event: Parameters<typeof machine.send>[0]): boolean => {
    const ok = machine.send(event).outcome === "OK";
    if (ok && machine.last !== null) lifecycle.push(machine.last);
    return ok;
  };
  const reject = (code: KernelErrorCode, message: string): ApplyResult => {
    send({ type: "REJECT", reason: `${code}: ${message}` });
    return { accepted: false, state, code, message, lifecycle };
  };

  let hash: Uint8Array;
  try {
    hash = blockHash(block);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    return { accepted: false, state, code: e.code, message: e.message, lifecycle };
  }
  invariant(
    send({ type: "BEGIN", slot: block.slot, eventCount: block.events.length }),
    "BEGIN accepted for a well-formed block",
  );
  if (!bytesEqual(block.parent, state.head)) {
    return reject(
      "BAD_PARENT",
      `parent ${toHex(block.parent)} is not the head ${toHex(state.head)}`,
    );
  }
  if (block.slot <= state.slot) {
    return reject("BAD_SLOT", `slot ${block.slot} is not after slot ${state.slot}`);
  }
  if (!bytesEqual(block.author, slotAuthor(state, block.slot))) {
    return reject(
      "BAD_AUTHOR",
      `author ${toHex(block.author)} is not the validator of slot ${block.slot}`,
    );
  }
  if (!verifyBlockSignature(block)) {
    return reject("BAD_SIGNATURE", "the signature does not verify for the author");
  }

  let s = state;
  const outcomes: EventOutcome[] = [];
  for (const event of block.events) {
    const r = runEvent(s, event.endpoint, event.payload);
    outcomes.push(r.outcome);
    if (r.outcome.kind === "halt") {
      s = r.state;
      invariant(send({ type: "EVENT_APPLIED" }), "EVENT_APPLIED accepted");
    } else {
      invariant(r.state === s, "a faulted event leaves σ as it was");
      invariant(send({ type: "EVENT_FAILED", reason: r.outcome.reason }), "EVENT_FAILED accepted");
      invariant(send({ type: "ROLLED_BACK" }), "ROLLED_BACK accepted");
    }
  }
  const sealed: State = { ...s, head: hash, slot: block.slot };
  const root = stateRoot(sealed);
  invariant(send({ type: "SEALED", stateRoot: toHex(root) }), "SEALED accepted");
  invariant(machine.state === "committed", "the block applier ends committed");
  return { accepted: true, state: sealed, blockHash: hash, stateRoot: root, outcomes, lifecycle };
}
