/**
 * The numeric status codes of the asset syscalls (stable: guests see them).
 *
 * | `load` → status         | `status(handle)` | `commit` / `cancel` |
 * |-------------------------|------------------|---------------------|
 * | 0 OK                    | 0 PENDING        | 0 OK                |
 * | 3 ASSET_NOT_FOUND       | 1 LOADING        | 1 UNKNOWN_HANDLE    |
 * | 4 SLOT_KIND_MISMATCH    | 2 READY          | 2 INVALID_STATE     |
 * | 5 SLOT_INDEX_INVALID    | 3 COMMITTED      |                     |
 * | 6 BACKEND_ERROR         | 4 CANCELED       |                     |
 * |                         | 5 ERROR          |                     |
 * |                         | 6 UNKNOWN_HANDLE |                     |
 *
 * @example
 * ```ts
 * import { LOAD_STATUS } from "./status.ts";
 * LOAD_STATUS.SLOT_INDEX_INVALID; // 5
 * ```
 * @module
 */

import { ASSET_LOAD_STATUS } from "../../machines/mod.ts";

/** Result of `load(name, kind, slot)`. A failed load returns handle 0. */
export const LOAD_STATUS = {
  OK: 0,
  ASSET_NOT_FOUND: 3,
  SLOT_KIND_MISMATCH: 4,
  SLOT_INDEX_INVALID: 5,
  BACKEND_ERROR: 6,
} as const;
/** A `load` status code. */
export type LoadStatus = (typeof LOAD_STATUS)[keyof typeof LOAD_STATUS];

/** Result of `status(handle)`: the lifecycle state (from the asset-load machine) or unknown. */
export const LIFECYCLE_STATUS = { ...ASSET_LOAD_STATUS, UNKNOWN_HANDLE: 6 } as const;
/** A `status` code. */
export type LifecycleStatus = (typeof LIFECYCLE_STATUS)[keyof typeof LIFECYCLE_STATUS];

/** Result of `commit(handle)` and `cancel(handle)`. */
export const OP_STATUS = { OK: 0, UNKNOWN_HANDLE: 1, INVALID_STATE: 2 } as const;
/** A `commit` / `cancel` status code. */
export type OpStatus = (typeof OP_STATUS)[keyof typeof OP_STATUS];

/** A load handle: `generation << 32 | index`, a u64. 0 is never a valid handle. */
export type Handle = bigint;
