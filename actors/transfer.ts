/**
 * Builds the transfer list for one postMessage. Attachments (at least `ATTACH_THRESHOLD` bytes,
 * see `codec.ts`) are always handed over, not copied; the envelope is handed over only when it is
 * at least {@link TRANSFER_MIN_BYTES}, else structured clone copies it. An attachment that is a
 * view on part of a larger buffer, or whose buffer is already in the list, is copied first
 * (transferring would detach more than it owns); a small envelope that is such a view is copied
 * too (cloning a view clones its whole buffer).
 *
 * @example
 * ```ts
 * import { transferList } from "./transfer.ts";
 * const { list } = transferList(new Uint8Array(4), [new Uint8Array(1 << 20)]);
 * list.length; // 1: the small envelope is copied, the attachment transferred
 * ```
 * @module
 */

/**
 * Envelopes below this many bytes are copied rather than transferred. Measured with Deno 2.9.6
 * (`deno task bench actors` has the spawn figures): a fresh Worker's first message that carries a
 * transfer list arrives 1.5–3 ms later than one that does not, and below about 16 KiB a warm copy
 * is as fast as a transfer.
 */
export const TRANSFER_MIN_BYTES = 16 * 1024;

/** The transfer list and the (possibly copied) envelope and attachments to post. */
export function transferList(
  bytes: Uint8Array,
  attachments: readonly Uint8Array[],
): { list: ArrayBuffer[]; bytes: Uint8Array; attachments: Uint8Array[] } {
  const seen = new Set<ArrayBufferLike>();
  const list: ArrayBuffer[] = [];
  const whole = (a: Uint8Array): boolean =>
    a.byteOffset === 0 && a.byteLength === a.buffer.byteLength &&
    a.buffer instanceof ArrayBuffer && !seen.has(a.buffer);
  const take = (a: Uint8Array): Uint8Array => {
    const owned = whole(a) ? a : a.slice();
    seen.add(owned.buffer);
    list.push(owned.buffer as ArrayBuffer);
    return owned;
  };
  const envelope = bytes.byteLength >= TRANSFER_MIN_BYTES
    ? take(bytes)
    : whole(bytes)
    ? bytes
    : bytes.slice();
  seen.add(envelope.buffer);
  return { list, bytes: envelope, attachments: attachments.map(take) };
}
