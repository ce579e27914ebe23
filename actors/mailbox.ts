/**
 * A bounded mailbox: pending messages of one actor, kept in delivery order
 * (deliverAt, sent time, sent round, sender ordinal, sequence). Enqueueing into a full mailbox
 * is refused (the caller turns that into a visible `MAILBOX_FULL` bounce), never a silent drop.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox(2);
 * // box.push(message) → true, true, then false when full
 * ```
 * @module
 */

import { assert } from "./errors.ts";

/** A message in flight, as the scheduler keeps it. */
export interface Pending {
  /** Virtual time it becomes deliverable. */
  deliverAt: number;
  /** Virtual time it was sent. */
  time: number;
  /** Round it was sent in. */
  round: number;
  /** Sender ordinal (0 $system, 1 $ext, actors from 2 in spawn order). */
  from: number;
  /** Sender sequence number. */
  seq: number;
  /** Receiver ordinal. */
  to: number;
  /** Message type. */
  type: string;
  /** Encoded body. */
  payload: Uint8Array;
  /** Out-of-band attachments. */
  attachments: Uint8Array[];
  /** blake2b digest of the attachments (null when none). */
  attachmentDigest: Uint8Array | null;
}

/** Total order of delivery. */
export function compareKey(a: Pending, b: Pending): number {
  return a.deliverAt - b.deliverAt || a.time - b.time || a.round - b.round ||
    a.from - b.from || a.seq - b.seq;
}

/** Most messages any mailbox may hold. */
export const MAX_MAILBOX_CAPACITY = 1 << 20;

/** Pending messages of one actor, bounded. */
export class Mailbox {
  private items: Pending[] = [];
  private head = 0;

  /** Creates a mailbox holding at most `capacity` messages. */
  constructor(readonly capacity: number) {
    assert(
      Number.isSafeInteger(capacity) && capacity >= 1 && capacity <= MAX_MAILBOX_CAPACITY,
      "capacity",
    );
  }

  /** Messages waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** True when no more can be accepted. */
  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** Adds `m` in order; false (and nothing changes) when full. */
  push(m: Pending): boolean {
    if (this.full) return false;
    this.insert(m);
    return true;
  }

  private insert(m: Pending): void {
    const items = this.items;
    let i = items.length;
    // Fast path: new messages usually sort last.
    while (i > this.head && compareKey(items[i - 1], m) > 0) i--;
    if (i === items.length) items.push(m);
    else items.splice(i, 0, m);
  }

  /** Puts messages that were taken but not handled back at the front (they keep their keys). */
  unshift(ms: Pending[]): void {
    for (const m of ms) this.insert(m);
  }

  /** Delivery time of the first message, or null when empty. */
  nextDue(): number | null {
    return this.size === 0 ? null : this.items[this.head].deliverAt;
  }

  /** Removes and returns up to `max` messages deliverable at `now`, in order. */
  takeDue(now: number, max: number): Pending[] {
    const out: Pending[] = [];
    const items = this.items;
    while (this.head < items.length && out.length < max && items[this.head].deliverAt <= now) {
      out.push(items[this.head++]);
    }
    this.compact();
    return out;
  }

  /** Removes and returns everything. */
  drain(): Pending[] {
    const out = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return out;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    } else if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
  }
}
