/**
 * Slot references and the cap rules. A slot reference is a register value: 0…255 names a slot of
 * the running Instance's own cnode; `0x10000 | outer << 8 | inner` names slot `inner` of the
 * CNode cap held in own slot `outer` (one level). Any other value traps the guest (BAD_SLOT).
 *
 * Rules (result codes from abi.ts): reading a source needs a cap there (E_EMPTY); taking a cap
 * out (MOVE, COPY, DROP, SWAP) is refused on a pinned slot (E_PINNED); writing needs the
 * destination empty (E_OCCUPIED) and not pinned (E_PINNED); a nested reference needs a CNode in
 * the outer slot (E_EMPTY / E_KIND) and an inner index inside it (E_INVALID). Only own slots can
 * be pinned (pinned slots hold Data or Images, never CNodes).
 *
 * @example
 * ```ts
 * import { parseSlotRef } from "./slots.ts";
 * parseSlotRef(5n); // { outer: 5, inner: null }
 * parseSlotRef(0x12005n); // { outer: 32, inner: 5 }
 * ```
 * @module
 */

import { GuestTrap, type Vm } from "../vm/mod.ts";
import { NESTED_BIT, RESULT } from "./abi.ts";
import { CNodeCap, type Slot } from "./caps.ts";
import { invariant } from "./errors.ts";
import type { Frame } from "./frame.ts";

/** A parsed slot reference. */
export interface SlotRef {
  /** Own slot (0…255). */
  readonly outer: number;
  /** Slot inside the CNode held in `outer`, or null for the own slot itself. */
  readonly inner: number | null;
}

/**
 * Parses a slot-reference value; throws `GuestTrap("BAD_SLOT")` when malformed.
 *
 * @example
 * ```ts
 * parseSlotRef(300n); // throws GuestTrap BAD_SLOT
 * ```
 */
export function parseSlotRef(v: bigint): SlotRef {
  if (v < 256n) return { outer: Number(v), inner: null };
  if ((v >> 17n) === 0n && (v & BigInt(NESTED_BIT)) !== 0n) {
    const n = Number(v);
    return { outer: (n >> 8) & 0xff, inner: n & 0xff };
  }
  throw new GuestTrap(
    "BAD_SLOT",
    `0x${v.toString(16)} is not a slot reference (0…255, or 0x10000 | outer << 8 | inner)`,
  );
}

/** The slot reference in register `r`. */
export function slotArg(vm: Vm, r: number): SlotRef {
  return parseSlotRef(vm.getRegister(r));
}

/** Whether `ref` names a pinned slot of `frame`. */
export function isPinned(frame: Frame, ref: SlotRef): boolean {
  return ref.inner === null && frame.pinned.has(ref.outer);
}

/** Reads the cap at `ref`: the cap (or null when empty), or a result code when unresolvable. */
export function readSlot(frame: Frame, ref: SlotRef): Slot | bigint {
  const own = frame.slots[ref.outer];
  if (ref.inner === null) return own;
  if (own === null) return RESULT.E_EMPTY;
  if (!(own instanceof CNodeCap)) return RESULT.E_KIND;
  if (ref.inner >= own.length) return RESULT.E_INVALID;
  return own.slots[ref.inner];
}

/** Reads a source cap: the cap, or E_EMPTY / a resolution code. */
export function source(frame: Frame, ref: SlotRef): Exclude<Slot, null> | bigint {
  const c = readSlot(frame, ref);
  if (c === null) return RESULT.E_EMPTY;
  return c;
}

/** Checks `ref` may receive a cap: resolvable, not pinned, empty. Returns OK or a code. */
export function checkDestination(frame: Frame, ref: SlotRef): bigint {
  if (isPinned(frame, ref)) return RESULT.E_PINNED;
  const c = readSlot(frame, ref);
  if (typeof c === "bigint") return c;
  return c === null ? RESULT.OK : RESULT.E_OCCUPIED;
}

/** Writes `cap` (or empties) at `ref`; the reference must resolve (checked before). */
export function writeSlot(frame: Frame, ref: SlotRef, cap: Slot): void {
  if (ref.inner === null) {
    frame.slots[ref.outer] = cap;
    return;
  }
  const own = frame.slots[ref.outer];
  invariant(
    own instanceof CNodeCap && ref.inner < own.length,
    `write to unresolvable slot ${ref.outer}/${ref.inner}`,
  );
  frame.slots[ref.outer] = own.with(ref.inner, cap);
}

/** Whether two references name the same slot. */
export function sameSlot(a: SlotRef, b: SlotRef): boolean {
  return a.outer === b.outer && a.inner === b.inner;
}
