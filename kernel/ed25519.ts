/**
 * Ed25519 (RFC 8032) that also runs inside actor Workers.
 *
 * noble-curves blinds every secret-scalar multiplication (public key, signing) with 16 bytes
 * from `crypto.getRandomValues`; actor Workers forbid that API (`NONDETERMINISTIC_API`), so
 * `signBlock` and `deriveValidatorKeys` could not run in a node actor. The blind never changes a
 * result — n·P with n = s + blind·L equals s·P because L·P = O — so this instance takes its
 * blinds from a deterministic blake2b counter instead: same keys, same signatures, byte for
 * byte (tests compare with noble's own instance), and the multiplication stays constant-time.
 * Verification is unchanged (it never touches a secret).
 *
 * @example
 * ```ts
 * import { ed25519 } from "./ed25519.ts";
 * const pk = ed25519.getPublicKey(new Uint8Array(32).fill(1));
 * ed25519.verify(ed25519.sign(new Uint8Array([1]), new Uint8Array(32).fill(1)), new Uint8Array([1]), pk); // true
 * ```
 * @module
 */

import { eddsa, edwards } from "@noble/curves/abstract/edwards.js";
import { ed25519 as reference } from "@noble/curves/ed25519.js";
import { blake2b } from "@noble/hashes/blake2.js";
import { sha512 } from "@noble/hashes/sha2.js";

let blinds = 0n;

/** Deterministic blinding bytes: blake2b of a counter (any value gives the same results). */
function blindBytes(n = 32): Uint8Array {
  blinds++;
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, blinds, true);
  return blake2b(counter, { dkLen: n });
}

/** RFC 8032 §5.1.5 scalar clamping (as noble's ed25519). */
function adjustScalarBytes(bytes: Uint8Array): Uint8Array {
  bytes[0] &= 248;
  bytes[31] &= 127;
  bytes[31] |= 64;
  return bytes;
}

/** Ed25519 with deterministic blinding (see the module doc); API as noble's `ed25519`. */
export const ed25519 = eddsa(
  edwards(reference.Point.CURVE(), { randomBytes: blindBytes }),
  sha512,
  { adjustScalarBytes, randomBytes: blindBytes, zip215: true },
);
