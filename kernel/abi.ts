/**
 * The guest ABI of the kernel: host-call numbers (`ecalli n`), result codes, CALL statuses,
 * fault codes, slot-reference encoding, the chain Instance's kernel slots, and gas costs.
 * ABI.md explains each call; this file is the single source of the numbers.
 *
 * @example
 * ```ts
 * import { HOST, RESULT, nested } from "./abi.ts";
 * HOST.MINT_DATA_CAP; // 23
 * RESULT.E_EMPTY; // 2^64 − 1
 * nested(32, 5); // slot 5 inside the CNode held in own slot 32
 * ```
 * @module
 */

/** Host-call numbers (`ecalli n`). 6…15 and 29…63 are reserved for the kernel; ≥ 64 trap. */
export const HOST = {
  REPLY: 0,
  COPY: 1,
  MOVE: 2,
  DROP: 3,
  CNODE_SWAP: 4,
  CNODE_MINT: 5,
  HOST_YIELD: 16,
  SET_IMAGE: 17,
  DERIVE_SPAWN: 18,
  MAKE_IMAGE: 19,
  SAME_TYPE: 20,
  TYPE_OF: 21,
  READ_DATA_CAP: 22,
  MINT_DATA_CAP: 23,
  HOST_OPEN: 24,
  HOST_SAVE: 25,
  CALL: 26,
  CALL_RESUME: 27,
  DROP_PAUSED: 28,
} as const;

const TOP = 1n << 64n;

/** φ7 result codes of host calls: 0 = OK, errors count down from 2^64 − 1. */
export const RESULT = {
  /** Success. */
  OK: 0n,
  /** A slot that must hold a cap is empty. */
  E_EMPTY: TOP - 1n,
  /** A slot holds the wrong kind of cap. */
  E_KIND: TOP - 2n,
  /** The slot is pinned by the Image: it cannot be moved, copied out, dropped or overwritten. */
  E_PINNED: TOP - 3n,
  /** The destination slot is occupied. */
  E_OCCUPIED: TOP - 4n,
  /** A value is invalid (unknown endpoint, bad size, invalid Image — reason in φ8, …). */
  E_INVALID: TOP - 5n,
  /** The target Instance is already on the call stack (no re-entrancy). */
  E_BUSY: TOP - 6n,
  /** A limit would be exceeded (call depth, data size, paused table, mapping size, markers). */
  E_LIMIT: TOP - 7n,
  /** Not found: no paused callee with that handle, no such file. */
  E_NOT_FOUND: TOP - 8n,
  /** The authority cap (HostOpen / HostSave) is not in the slot named. */
  E_DENIED: TOP - 9n,
  /** Not enough gas: the callee has no gas meter, or a top-up exceeds the caller's gas. */
  E_GAS: TOP - 10n,
  /** Not enough quota for a SetStorageQuota raise, or the caller has no quota. */
  E_QUOTA: TOP - 11n,
} as const;

/** Names of the result codes, by value (for traces and messages). */
export const RESULT_NAMES: ReadonlyMap<bigint, string> = new Map(
  Object.entries(RESULT).map(([k, v]) => [v, k]),
);

/** φ8 after CALL / CALL_RESUME: how the callee came back. */
export const CALL_STATUS = { OK: 0n, PAUSED: 1n, FAULTED: 2n } as const;

/** φ9 after a Paused return: why the callee paused. */
export const PAUSE_CAUSE = { OUT_OF_GAS: 1n, STORAGE_EXHAUSTED: 2n, HOST_YIELD: 3n } as const;

/**
 * φ7 after a Faulted return caused by the callee itself (refusals before the callee ran carry an
 * `E_*` result code instead).
 */
export const FAULT = {
  /** The PVM panicked: `trap`, an invalid instruction or jump, an access below 0x10000. */
  PANIC: 1n,
  /** A memory access outside the Image's mappings (or a write to a read-only mapping). */
  PAGE_FAULT: 2n,
  /** A host call's memory window was not accessible. */
  BAD_WINDOW: 3n,
  /** A slot-reference register was malformed. */
  BAD_SLOT: 4n,
  /** An `ecalli` number the kernel does not define. */
  UNKNOWN_HOST_CALL: 5n,
  /** A register argument did not fit its width. */
  BAD_ARGUMENT: 6n,
  /** HALT could not pay for writing back its mapped Data (native halt: no retry possible). */
  WRITE_BACK: 7n,
} as const;

/** Names of fault codes, by value. */
export const FAULT_NAMES: ReadonlyMap<bigint, string> = new Map(
  Object.entries(FAULT).map(([k, v]) => [v, k]),
);

/** Bit that marks a nested slot reference. */
export const NESTED_BIT = 1 << 16;

/**
 * A slot reference to slot `inner` of the CNode cap held in own slot `outer`.
 * Plain own slots are referenced by their number 0…255.
 *
 * @example
 * ```ts
 * nested(32, 5); // 0x10000 | 32 << 8 | 5
 * ```
 */
export function nested(outer: number, inner: number): number {
  return NESTED_BIT | (outer << 8) | inner;
}

/** The chain Instance's kernel slots, refilled at the start of every event (see ABI.md). */
export const CHAIN_SLOT = {
  /** Gas meter handle of the root meter (id 0), the chain Image's gas slot. */
  GAS: 7,
  /** Quota handle of the root quota (id 0), the chain Image's quota slot. */
  QUOTA: 8,
  /** The chain's YieldCatcher (kept across events once the chain changed it). */
  YIELD_CATCHER: 9,
  SET_GAS_METER: 10,
  SET_STORAGE_QUOTA: 11,
  MINT_GAS: 12,
  MINT_QUOTA: 13,
  CREATE_YIELD_CATCHER: 14,
  HOST_OPEN: 15,
  HOST_SAVE: 16,
  OOG_MARKER: 17,
  STORAGE_EXHAUSTED_MARKER: 18,
} as const;

/** Root meter and root quota id. */
export const ROOT_ID = 0n;

/** Gas costs charged by the kernel (on top of the PVM's per-instruction gas). */
export const GAS = {
  /** Every host call, before anything else. */
  HOST_CALL: 10,
  /** Per 64 bytes copied in or out of guest memory, or hashed. */
  PER_64_BYTES: 1,
  /** A CALL / CALL_RESUME into a user Instance (plus per page mapped). */
  CALL: 100,
  /** Per 4 KiB page a CALL maps. */
  CALL_PER_PAGE: 4,
  /** A call to a kernel-issued Instance. */
  KERNEL_CALL: 20,
  /** MAKE_IMAGE, plus PER_64_BYTES of the encoding and one per instruction decoded. */
  MAKE_IMAGE: 1000,
  /** DERIVE_SPAWN, SET_IMAGE. */
  IMAGE_OP: 50,
} as const;
