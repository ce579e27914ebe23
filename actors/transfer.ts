/**
 * Builds the transfer list for one postMessage: the envelope's buffer and every attachment's
 * buffer are handed over, not copied. An attachment that is a view on part of a larger buffer,
 * or whose buffer is already in the list, is copied first (transferring would detach more than
 * it owns).
 *
 * @example
 * ```ts
 * import { transferList } from "./transfer.ts";
 * const { list } = transferList(new Uint8Array(4), [new Uint8Array(1 << 20)]);
 * list.length; // 2
 * ```
 * @module
 */

/** The transfer list and the (possibly copied) envelope and attachments to post. */
export function transferList(
  bytes: Uint8Array,
  attachments: readonly Uint8Array[],
): { list: ArrayBuffer[]; bytes: Uint8Array; attachments: Uint8Array[] } {
  const seen = new Set<ArrayBufferLike>();
  const list: ArrayBuffer[] = [];
  const take = (a: Uint8Array): Uint8Array => {
    const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength &&
      a.buffer instanceof ArrayBuffer && !seen.has(a.buffer);
    const owned = whole ? a : a.slice();
    seen.add(owned.buffer);
    list.push(owned.buffer as ArrayBuffer);
    return owned;
  };
  const envelope = take(bytes);
  return { list, bytes: envelope, attachments: attachments.map(take) };
}
