/**
 * Hash domain tags of the node layer (0xD0…0xDF; the kernel uses the others, kernel/hash.ts).
 *
 * @example
 * ```ts
 * import { NODE_TAG } from "./tags.ts";
 * NODE_TAG.TX; // 0xd0
 * ```
 * @module
 */

/** One byte per hashed or signed encoding of the node layer. */
export const NODE_TAG = {
  /** A transaction id: H(0xD0 ‖ chain id ‖ tx ‖ expiry ‖ nonce) — what the signer signs. */
  TX: 0xd0,
  /** A vote: H(0xD1 ‖ chain id ‖ slot ‖ ballot ‖ value id ‖ state root) — what a validator signs. */
  VOTE: 0xd1,
  /** A database row checksum: H(0xD2 ‖ table ‖ key ‖ content). */
  ROW: 0xd2,
  /** Client key derivation: H(0xD8 ‖ "pvm-actors/client" ‖ seed ‖ index). */
  CLIENT_KEY: 0xd8,
} as const;
