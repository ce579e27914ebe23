/**
 * Asset codecs. `NONE` stores bytes as they are. `DEFLATE` stores raw DEFLATE (RFC 1951):
 * decoding uses the runtime's built-in `DecompressionStream("deflate-raw")` (no dependency);
 * encoding uses `pako` (pure JavaScript, pinned in deno.lock), whose output depends only on its
 * version and options, so packing is byte-for-byte reproducible on every platform and Deno build
 * (the built-in CompressionStream's output may change with the native zlib it links).
 *
 * @example
 * ```ts
 * import { decodeAsset, encodeAsset } from "./codec.ts";
 * const stored = encodeAsset("DEFLATE", new Uint8Array(1000));
 * const back = await decodeAsset("DEFLATE", stored, 1000, "zeros"); // 1000 zero bytes
 * ```
 * @module
 */

import { deflateRaw } from "pako";
import { PackFormatError } from "./errors.ts";
import type { Codec } from "./types.ts";

/** The fixed pako options the packer uses; changing them changes every packed file. */
export const DEFLATE_OPTIONS = { level: 9, windowBits: 15, memLevel: 8, strategy: 0 } as const;

/** Encodes `decoded` with `codec` (deterministic). */
export function encodeAsset(codec: Codec, decoded: Uint8Array): Uint8Array {
  if (codec === "NONE") return decoded;
  return deflateRaw(decoded, { ...DEFLATE_OPTIONS });
}

/**
 * Decodes `stored` with `codec`; the result must be exactly `decodedSize` bytes. Output is capped
 * at `decodedSize` while it streams, so a small hostile stream cannot make a large allocation.
 * `what` names the asset in error messages. Throws {@link PackFormatError}.
 */
export async function decodeAsset(
  codec: Codec,
  stored: Uint8Array,
  decodedSize: number,
  what: string,
): Promise<Uint8Array> {
  if (codec === "NONE") {
    if (stored.length !== decodedSize) {
      throw new PackFormatError(
        "DECODED_SIZE_MISMATCH",
        `${what}: stored ${stored.length} bytes, decoded_size says ${decodedSize}`,
      );
    }
    return stored;
  }
  if (codec !== "DEFLATE") {
    throw new PackFormatError("UNKNOWN_CODEC", `${what}: unknown codec ${String(codec)}`);
  }
  return await inflateCapped(stored, decodedSize, what);
}

async function inflateCapped(stored: Uint8Array, cap: number, what: string): Promise<Uint8Array> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  // Errors surface on the readable side too; swallow the writer's copy so none goes unhandled.
  writer.write(stored as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => {});
  const reader = stream.readable.getReader();
  // Chunks are kept and joined at the end: memory follows the real output, never the claim.
  const chunks: Uint8Array[] = [];
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > cap) {
        await reader.cancel().catch(() => {});
        throw new PackFormatError(
          "DECODED_SIZE_MISMATCH",
          `${what}: DEFLATE output exceeds decoded_size ${cap}`,
        );
      }
      chunks.push(value);
      filled += value.length;
    }
  } catch (e) {
    if (e instanceof PackFormatError) throw e;
    throw new PackFormatError(
      "DECODE_FAILED",
      `${what}: DEFLATE stream is corrupt (${(e as Error).message})`,
    );
  }
  if (filled !== cap) {
    throw new PackFormatError(
      "DECODED_SIZE_MISMATCH",
      `${what}: DEFLATE output is ${filled} bytes, decoded_size says ${cap}`,
    );
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(filled);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
