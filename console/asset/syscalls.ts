/**
 * The `asset.*` syscalls (capability `asset`): request a load by name into a bank slot, poll its
 * lifecycle, commit or cancel it. The statuses are the asset manager's, number for number
 * (assets/manager/status.ts). Handles are `generation << 32 | index`; a handle the manager does
 * not know, or one whose record was reused (stale), traps — so the UNKNOWN_HANDLE statuses of
 * the manager's tables never reach a guest.
 *
 * @example
 * ```ts
 * import { ASSET_MODULE } from "./syscalls.ts";
 * ASSET_MODULE.syscalls.map((s) => s.name); // ["load", "status", "commit", "cancel"]
 * ```
 * @module
 */

import { LIFECYCLE_STATUS, LOAD_STATUS, OP_STATUS } from "../../assets/manager/status.ts";
import type { SyscallCall } from "../abi/call.ts";
import type { DeviceModule, StatusDoc, SyscallSpec } from "../abi/types.ts";
import { CONSOLE_LIMITS } from "../limits.ts";
import { AssetDevice } from "./device.ts";

const NAME_MAX = CONSOLE_LIMITS.maxAssetNameBytes;

function named<T extends Record<string, number>>(
  table: T,
  when: Record<keyof T, string>,
): StatusDoc[] {
  return Object.entries(table).map(([name, code]) => ({ code, name, when: when[name as keyof T] }));
}

function handleArg(call: SyscallCall): bigint {
  const h = call.u64(0);
  const m = call.device<AssetDevice>("asset").manager;
  const kind = m.handleKind(h);
  if (kind === "stale") {
    call.trap("STALE_HANDLE", `handle 0x${h.toString(16)} is stale (its load record was reused)`);
  }
  if (kind === "unknown") {
    call.trap("UNKNOWN_HANDLE", `handle 0x${h.toString(16)} was never issued`);
  }
  return h;
}

const HANDLE_TRAPS = [
  {
    code: "STALE_HANDLE",
    when: "the handle's record was reused by a later load (its generation moved on)",
  },
  {
    code: "UNKNOWN_HANDLE",
    when: "the handle was never issued (0 included: a failed load returns 0)",
  },
];
const HANDLE_ARG = { name: "handle", doc: "a handle from asset.load (generation << 32 | index)" };
const common = { module: "asset", version: 1, capability: "asset" } as const;

const OP_DOCS = {
  OK: "done",
  UNKNOWN_HANDLE: "never returned: unknown and stale handles trap",
  INVALID_STATE: "",
};

/** The asset syscalls. */
export const ASSET_SYSCALLS: readonly SyscallSpec[] = [
  {
    ...common,
    name: "load",
    summary: "requests the asset `name` into slot `slot` of bank `kind`; the load starts PENDING",
    args: [
      { name: "name_ptr", doc: "guest address of the asset name (bytes as in assets.pa)" },
      { name: "name_len", doc: `its length, at most ${NAME_MAX}` },
      { name: "kind", doc: "bank: 0 TILES, 1 SOUNDS (anything else: SLOT_KIND_MISMATCH)" },
      { name: "slot", doc: "slot index in that bank (u32)" },
    ],
    results: [
      { name: "status", doc: "see statuses" },
      { name: "handle", doc: "the load's handle when OK, else 0" },
    ],
    statuses: named(LOAD_STATUS, {
      OK: "the load was accepted (PENDING)",
      ASSET_NOT_FOUND: "no asset has that name",
      SLOT_KIND_MISMATCH: "the asset is not of bank `kind` (or `kind` is not 0 or 1)",
      SLOT_INDEX_INVALID: "the bank has no slot `slot`",
      BACKEND_ERROR: "the loader is down, 64 loads are alive, or the bank's budget cannot hold it",
    }),
    gas: { base: 200, perByte: 1, bytesArg: 1, maxBytes: NAME_MAX },
    traps: [
      { code: "BAD_ARGUMENT", when: `name_len > ${NAME_MAX}, or kind / slot do not fit 32 bits` },
      { code: "BAD_WINDOW", when: "the name is not all readable" },
      { code: "BAD_UTF8", when: "the name is not valid UTF-8" },
    ],
    handler: (call) => {
      const name = call.string(0, 1, NAME_MAX, "name");
      const kind = call.u32(2, "kind");
      const slot = call.u32(3, "slot");
      const r = call.device<AssetDevice>("asset").manager.load(name, kind, slot);
      return [r.status, r.handle];
    },
  },
  {
    ...common,
    name: "status",
    summary: "the load's lifecycle state (it moves at frame boundaries)",
    args: [HANDLE_ARG],
    results: [{ name: "status", doc: "the lifecycle state" }],
    statuses: named(LIFECYCLE_STATUS, {
      PENDING: "accepted, waiting for the loader channel",
      LOADING: "on the channel",
      READY: "loaded and staged; commit installs it",
      COMMITTED: "installed in its slot",
      CANCELED: "canceled; nothing installed",
      ERROR: "the asset failed its integrity check or decode; nothing installed",
      UNKNOWN_HANDLE: "never returned: unknown and stale handles trap",
    }),
    gas: { base: 10 },
    traps: HANDLE_TRAPS,
    handler: (call) => {
      const h = handleArg(call);
      return [call.device<AssetDevice>("asset").manager.status(h)];
    },
  },
  {
    ...common,
    name: "commit",
    summary: "installs a READY load into its slot in one step (the previous resident is released)",
    args: [HANDLE_ARG],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: named(OP_STATUS, { ...OP_DOCS, INVALID_STATE: "the load is not READY" }),
    gas: { base: 50 },
    traps: HANDLE_TRAPS,
    handler: (call) => {
      const h = handleArg(call);
      return [call.device<AssetDevice>("asset").manager.commit(h)];
    },
  },
  {
    ...common,
    name: "cancel",
    summary: "cancels a PENDING, LOADING or READY load; the slot is untouched",
    args: [HANDLE_ARG],
    results: [{ name: "status", doc: "see statuses" }],
    statuses: named(OP_STATUS, {
      ...OP_DOCS,
      INVALID_STATE: "the load already ended (COMMITTED, CANCELED or ERROR)",
    }),
    gas: { base: 50 },
    traps: HANDLE_TRAPS,
    handler: (call) => {
      const h = handleArg(call);
      return [call.device<AssetDevice>("asset").manager.cancel(h)];
    },
  },
];

/** The asset module: the device exists when the cartridge has an assets.pa. */
export const ASSET_MODULE: DeviceModule = {
  name: "asset",
  summary: "asset loads into TILES / SOUNDS bank slots: load, status, commit, cancel",
  syscalls: ASSET_SYSCALLS,
  device: (env) => (env.assets === null ? null : new AssetDevice(env.assets)),
};
