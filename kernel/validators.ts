/**
 * Validator keys: Ed25519 key pairs derived deterministically from a run seed (for tests, the
 * CLI, and issue 8's nodes), and who authors a slot. A secret key is
 * H(0xC0 ‖ "pvm-actors/validator" ‖ u64 seed ‖ u32 index). Never print secret keys.
 *
 * @example
 * ```ts
 * import { deriveValidatorKeys } from "./validators.ts";
 * const [v0] = deriveValidatorKeys(42n, 1);
 * v0.publicKey.length; // 32
 * ```
 * @module
 */

import { ed25519 } from "./ed25519.ts";
import { Writer } from "./bytes.ts";
import { KernelError } from "./errors.ts";
import { hash, TAG } from "./hash.ts";
import { LIMITS } from "./limits.ts";
import type { State } from "./state.ts";

/** An Ed25519 key pair. */
export interface ValidatorKey {
  /** Index in the validator set. */
  readonly index: number;
  /** 32-byte public key (in σ.validators). */
  readonly publicKey: Uint8Array;
  /** 32-byte secret key (signs blocks; never print it). */
  readonly secretKey: Uint8Array;
}

const LABEL = new TextEncoder().encode("pvm-actors/validator");

/**
 * `count` validator key pairs for run seed `seed` (0 ≤ seed < 2^64).
 *
 * @example
 * ```ts
 * deriveValidatorKeys(1n, 4).map((k) => k.publicKey);
 * ```
 */
export function deriveValidatorKeys(seed: bigint | number, count: number): ValidatorKey[] {
  const s = BigInt(seed);
  if (s < 0n || s >= 1n << 64n) {
    throw new KernelError("BAD_OPTIONS", `seed must be in [0, 2^64), got ${s}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > LIMITS.VALIDATORS) {
    throw new KernelError(
      "BAD_OPTIONS",
      `validator count must be 1…${LIMITS.VALIDATORS}, got ${count}`,
    );
  }
  return Array.from({ length: count }, (_, index) => {
    const secretKey = hash(
      new Writer(64).u8(TAG.VALIDATOR_KEY).raw(LABEL).u64(s).u32(index).finish(),
    );
    return { index, publicKey: ed25519.getPublicKey(secretKey), secretKey };
  });
}

/**
 * The public key that must author `slot` in σ: validators[slot mod n].
 *
 * @example
 * ```ts
 * slotAuthor(σ, 5);
 * ```
 */
export function slotAuthor(state: Pick<State, "validators">, slot: number): Uint8Array {
  return state.validators[slot % state.validators.length];
}
