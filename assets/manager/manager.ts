/**
 * The asset manager: banks and slots, the `load / status / commit / cancel` surface behind the
 * guest's asset syscalls, boot preload, and telemetry. Each load is driven by the asset-load
 * machine from machines/ (PENDING → LOADING → READY → COMMITTED, or CANCELED / ERROR); refused
 * transitions come back as `INVALID_STATE`, never as silent no-ops.
 *
 * Progress follows virtual time, never real speed. Loads share one channel that moves
 * `bytesPerFrame` bytes per frame, in request order. At each frame boundary ({@link endFrame}):
 *   1. the LOADING load (if any) advances by `bytesPerFrame`; once it has covered its cost
 *      (`decoded_size` bytes) the manager takes the backend's outcome — waiting for the real
 *      work if it lags — and the load becomes READY, or ERROR (integrity failure, read error);
 *   2. if no load is LOADING now, the oldest PENDING one becomes LOADING.
 * So a load requested during frame f is PENDING in frame f, LOADING from frame f+1 (if the
 * channel is free) and READY in frame f+1+ceil(cost / bytesPerFrame). `commit` and `cancel` act
 * at once. The real work starts when the load is accepted and runs in the backend meanwhile.
 *
 * Budgets: a load reserves its materialised size in its bank at `load` time (refused with
 * BACKEND_ERROR when `used + in-flight + size` would exceed the budget), so a commit can never
 * overflow the bank. Commit swaps the slot in one step and releases the previous resident;
 * cancel and failure return the reservation and drop staged bytes.
 *
 * @example
 * ```ts
 * import { openAssetManager } from "./open.ts";
 * const assets = await openAssetManager("assets.pa"); // preload resident and committed
 * const { status, handle } = assets.load("sfx.beep", "SOUNDS", 3);
 * while (assets.status(handle) < 2) await assets.endFrame(); // the console's frame loop does this
 * assets.commit(handle); // 0 OK
 * assets.sound(3)?.samples;
 * ```
 * @module
 */

import {
  type AssetLoadEvent,
  type AssetLoadSnapshot,
  assetLoadStatus,
  initialAssetLoad,
  stepAssetLoad,
} from "../../machines/mod.ts";
import { type BanksConfig, DEFAULT_BANKS } from "../bank_config.ts";
import { AssetsUsageError, PreloadError } from "../errors.ts";
import { residentBytes } from "../materialise.ts";
import { validatePreload } from "../preload.ts";
import type { SoundSample } from "../sounds.ts";
import type { TileSheet } from "../tiles.ts";
import { type AssetEntry, BANK_TYPES, type BankType, type PackHeader } from "../types.ts";
import type { LoaderBackend, LoadOutcome } from "./backend.ts";
import { Bank, type BankTelemetry, type ResidentAsset, type SlotRef } from "./banks.ts";
import { type HandleKind, HandleTable } from "./handles.ts";
import {
  type Handle,
  LIFECYCLE_STATUS,
  type LifecycleStatus,
  LOAD_STATUS,
  type LoadStatus,
  OP_STATUS,
  type OpStatus,
} from "./status.ts";

/** Options of an {@link AssetManager}. */
export interface AssetManagerOptions {
  /** Bank sizes (default {@link DEFAULT_BANKS}). */
  banks?: BanksConfig;
  /** Virtual channel speed in bytes per frame (default {@link DEFAULT_BYTES_PER_FRAME}). */
  bytesPerFrame?: number;
  /** Size of the handle table: most loads alive at once (default 64). */
  maxLoads?: number;
}

/** Default virtual channel speed: 1 MiB per frame (60 MiB/s at 60 frames per second). */
export const DEFAULT_BYTES_PER_FRAME = 1024 * 1024;
/** Default handle-table size. */
export const DEFAULT_MAX_LOADS = 64;

interface LoadRecord {
  handle: Handle;
  entry: AssetEntry;
  slot: SlotRef;
  bytes: number;
  cost: number;
  job: number;
  progress: number;
  snapshot: AssetLoadSnapshot;
  staged: ResidentAsset | null;
  error: { code: string; message: string } | null;
}

/** Result of `load`: a status and a handle (0 unless the status is OK). */
export interface LoadResult {
  /** 0 OK, 3 ASSET_NOT_FOUND, 4 SLOT_KIND_MISMATCH, 5 SLOT_INDEX_INVALID, 6 BACKEND_ERROR. */
  status: LoadStatus;
  /** The load's handle, or 0n. */
  handle: Handle;
}

/** Whole-manager telemetry. */
export interface AssetTelemetry {
  /** Frame boundaries passed so far. */
  frame: number;
  /** Loads in each live state. */
  loads: { pending: number; loading: number; ready: number };
  /** Per bank. */
  banks: Record<BankType, BankTelemetry>;
}

function bankOfKind(kind: BankType | number): BankType | null {
  if (typeof kind === "number") return Number.isInteger(kind) ? BANK_TYPES[kind] ?? null : null;
  return (BANK_TYPES as readonly string[]).includes(kind) ? kind : null;
}

/** The asset manager (see the module documentation). */
export class AssetManager {
  readonly #banks: Record<BankType, Bank>;
  readonly #byName: Map<string, AssetEntry>;
  readonly #table: HandleTable<LoadRecord>;
  readonly #pending: LoadRecord[] = [];
  #active: LoadRecord | null = null;
  #frame = 0;
  #nextJob = 1;
  #inBoundary = false;
  #preloaded = false;
  /** Virtual channel speed, bytes per frame. */
  readonly bytesPerFrame: number;

  /**
   * A manager over `header`'s table with `backend` doing the work. Nothing is resident until
   * {@link preload} (or use {@link AssetManager.boot}).
   */
  constructor(
    readonly header: PackHeader,
    readonly backend: LoaderBackend,
    options: AssetManagerOptions = {},
  ) {
    const banks = options.banks ?? DEFAULT_BANKS;
    this.#banks = {
      TILES: new Bank("TILES", banks.TILES),
      SOUNDS: new Bank("SOUNDS", banks.SOUNDS),
    };
    this.#byName = new Map(header.asset_table.map((e) => [e.asset_name, e]));
    this.#table = new HandleTable(options.maxLoads ?? DEFAULT_MAX_LOADS);
    this.bytesPerFrame = options.bytesPerFrame ?? DEFAULT_BYTES_PER_FRAME;
    if (!Number.isSafeInteger(this.bytesPerFrame) || this.bytesPerFrame < 1) {
      throw new AssetsUsageError(
        "BAD_CONFIG",
        `bytesPerFrame ${this.bytesPerFrame} must be a positive integer`,
      );
    }
  }

  /** A manager with its preload resident and committed (see {@link preload}). */
  static async boot(
    header: PackHeader,
    backend: LoaderBackend,
    options: AssetManagerOptions = {},
  ): Promise<AssetManager> {
    const manager = new AssetManager(header, backend, options);
    await manager.preload();
    return manager;
  }

  /** Bank sizes in use. */
  get banksConfig(): BanksConfig {
    return { TILES: this.#banks.TILES.spec, SOUNDS: this.#banks.SOUNDS.spec };
  }

  /** Frame boundaries passed so far. */
  get frame(): number {
    return this.#frame;
  }

  /**
   * Validates `preload` (unknown id, slot out of range, two entries for one bank slot, budget)
   * and makes every entry resident and committed, each through the load machine. All entries
   * are loaded before any is installed: if one fails (`PRELOAD_LOAD_FAILED`, naming the entry),
   * nothing is installed. Throws {@link PreloadError}. Call once, before the first frame.
   */
  async preload(): Promise<void> {
    if (this.#preloaded || this.#frame !== 0 || this.#table.live().next().done === false) {
      throw new AssetsUsageError(
        "PRELOAD_LATE",
        "preload runs once, before the first frame and any load",
      );
    }
    this.#preloaded = true;
    const resolved = validatePreload(this.header, this.banksConfig);
    const jobs = resolved.map((r) => {
      const job = this.#nextJob++;
      this.backend.start(job, r.entry);
      return job;
    });
    const outcomes: LoadOutcome[] = [];
    for (const job of jobs) outcomes.push(await this.backend.result(job));
    outcomes.forEach((o, i) => {
      if (!o.ok) {
        const r = resolved[i];
        throw new PreloadError(
          "PRELOAD_LOAD_FAILED",
          r.index,
          `preload[${r.index}] {asset_id: ${r.entry.asset_id}, slot: ${r.slot}}: ${o.code}: ${o.message}`,
        );
      }
    });
    resolved.forEach((r, i) => {
      const o = outcomes[i] as Extract<LoadOutcome, { ok: true }>;
      const bytes = residentBytes(r.entry);
      let s = initialAssetLoad({
        assetId: String(r.entry.asset_id),
        totalBytes: r.entry.decoded_size,
      });
      for (
        const ev of [
          { type: "START" },
          { type: "PROGRESS", bytes: r.entry.decoded_size },
          { type: "LOADED" },
          { type: "COMMIT" },
        ] as AssetLoadEvent[]
      ) {
        const step = stepAssetLoad(s, ev);
        if (step.outcome !== "OK") {
          throw new Error(`preload: machine refused ${ev.type} (invariant broken)`);
        }
        s = step.snapshot;
      }
      const bank = this.#banks[r.entry.bank_type];
      if (!bank.reserve(bytes)) throw new Error("preload: budget was validated (invariant broken)");
      bank.install(r.slot, { entry: r.entry, bytes, data: o.data });
    });
  }

  #guard(op: string): void {
    if (this.#inBoundary) {
      throw new AssetsUsageError(
        "REENTRANT",
        `${op} during endFrame: call it between frame boundaries`,
      );
    }
  }

  #step(r: LoadRecord, event: AssetLoadEvent): boolean {
    const step = stepAssetLoad(r.snapshot, event);
    r.snapshot = step.snapshot;
    return step.outcome === "OK";
  }

  /**
   * Requests `name` (an asset of bank `kind`: "TILES"/"SOUNDS" or 0/1) into slot `slot` of that
   * bank. The load starts PENDING. Checks, in order: the name exists (else 3), its bank is `kind`
   * (else 4 — also for an unknown kind), the slot exists (else 5), the backend is up, a handle is
   * free and the bank's budget can hold it (else 6). A failed load returns handle 0.
   */
  load(name: string, kind: BankType | number, slot: number): LoadResult {
    this.#guard("load");
    const fail = (status: LoadStatus): LoadResult => ({ status, handle: 0n });
    const entry = typeof name === "string" ? this.#byName.get(name) : undefined;
    if (entry === undefined) return fail(LOAD_STATUS.ASSET_NOT_FOUND);
    if (bankOfKind(kind) !== entry.bank_type) return fail(LOAD_STATUS.SLOT_KIND_MISMATCH);
    const bank = this.#banks[entry.bank_type];
    if (!bank.hasSlot(slot)) return fail(LOAD_STATUS.SLOT_INDEX_INVALID);
    if (!this.backend.available) return fail(LOAD_STATUS.BACKEND_ERROR);
    const bytes = residentBytes(entry);
    if (!bank.reserve(bytes)) return fail(LOAD_STATUS.BACKEND_ERROR);
    const record: LoadRecord = {
      handle: 0n,
      entry,
      slot: { bank_type: entry.bank_type, index: slot },
      bytes,
      cost: entry.decoded_size,
      job: this.#nextJob++,
      progress: 0,
      snapshot: initialAssetLoad({
        assetId: String(entry.asset_id),
        totalBytes: entry.decoded_size,
      }),
      staged: null,
      error: null,
    };
    const handle = this.#table.allocate(record);
    if (handle === null) {
      bank.unreserve(bytes);
      return fail(LOAD_STATUS.BACKEND_ERROR);
    }
    record.handle = handle;
    this.#pending.push(record);
    this.backend.start(record.job, entry);
    return { status: LOAD_STATUS.OK, handle };
  }

  /** The lifecycle status of `handle`: 0..5 from the machine, 6 UNKNOWN_HANDLE (also when stale). */
  status(handle: Handle): LifecycleStatus {
    const r = this.#table.get(handle);
    if (r === undefined) return LIFECYCLE_STATUS.UNKNOWN_HANDLE;
    return assetLoadStatus(r.snapshot);
  }

  /** Whether `handle` is live, stale (its slot in the table was reused) or unknown. */
  handleKind(handle: Handle): HandleKind {
    return this.#table.kind(handle);
  }

  /** Why a load ended in ERROR (diagnostics; not guest-visible), else null. */
  loadError(handle: Handle): { code: string; message: string } | null {
    return this.#table.get(handle)?.error ?? null;
  }

  /**
   * Installs a READY load into its slot in one step (the previous resident is released).
   * 0 OK, 1 UNKNOWN_HANDLE (unknown or stale), 2 INVALID_STATE (not READY).
   */
  commit(handle: Handle): OpStatus {
    this.#guard("commit");
    const r = this.#table.get(handle);
    if (r === undefined) return OP_STATUS.UNKNOWN_HANDLE;
    if (!this.#step(r, { type: "COMMIT" })) return OP_STATUS.INVALID_STATE;
    const staged = r.staged;
    if (staged === null) {
      throw new Error("commit: READY load without staged data (invariant broken)");
    }
    r.staged = null;
    this.#banks[r.slot.bank_type].install(r.slot.index, staged);
    this.#table.finish(handle);
    return OP_STATUS.OK;
  }

  /**
   * Cancels a PENDING, LOADING or READY load: staged bytes are dropped, the reservation is
   * returned, the slot is untouched. 0 OK, 1 UNKNOWN_HANDLE, 2 INVALID_STATE (already final).
   */
  cancel(handle: Handle): OpStatus {
    this.#guard("cancel");
    const r = this.#table.get(handle);
    if (r === undefined) return OP_STATUS.UNKNOWN_HANDLE;
    if (!this.#step(r, { type: "CANCEL" })) return OP_STATUS.INVALID_STATE;
    if (this.#active === r) this.#active = null;
    const queued = this.#pending.indexOf(r);
    if (queued >= 0) this.#pending.splice(queued, 1);
    if (r.staged === null) this.backend.discard(r.job);
    r.staged = null;
    this.#banks[r.slot.bank_type].unreserve(r.bytes);
    this.#table.finish(handle);
    return OP_STATUS.OK;
  }

  /**
   * The frame boundary: advances the virtual channel (see the module documentation). Waits for
   * the backend when a load is due and its real work has not finished.
   */
  async endFrame(): Promise<void> {
    this.#guard("endFrame");
    this.#inBoundary = true;
    try {
      await this.backend.boundary?.(this.#frame);
      const a = this.#active;
      if (a !== null) {
        a.progress = Math.min(a.cost, a.progress + this.bytesPerFrame);
        this.#step(a, { type: "PROGRESS", bytes: a.progress });
        if (a.progress >= a.cost) {
          const outcome = await this.backend.result(a.job);
          this.#active = null;
          if (outcome.ok) {
            a.staged = { entry: a.entry, bytes: a.bytes, data: outcome.data };
            this.#step(a, { type: "LOADED" });
          } else {
            a.error = { code: outcome.code, message: outcome.message };
            this.#step(a, { type: "FAIL", reason: outcome.code });
            this.#banks[a.slot.bank_type].unreserve(a.bytes);
            this.#table.finish(a.handle);
          }
        }
      }
      if (this.#active === null) {
        const next = this.#pending.shift();
        if (next !== undefined) {
          this.#step(next, { type: "START" });
          this.#active = next;
        }
      }
      this.#frame++;
    } finally {
      this.#inBoundary = false;
    }
  }

  /** What `ref` holds (entry, bytes, materialised data), or null. */
  resident(ref: SlotRef): ResidentAsset | null {
    const bank = this.#banks[ref.bank_type];
    return bank === undefined ? null : bank.resident(ref.index);
  }

  /** The tile sheet committed in TILES slot `slot`, or null. */
  tiles(slot: number): TileSheet | null {
    const r = this.#banks.TILES.resident(slot);
    return r !== null && r.data.bank_type === "TILES" ? r.data.sheet : null;
  }

  /** The sample committed in SOUNDS slot `slot`, or null. */
  sound(slot: number): SoundSample | null {
    const r = this.#banks.SOUNDS.resident(slot);
    return r !== null && r.data.bank_type === "SOUNDS" ? r.data.sound : null;
  }

  /** Telemetry: frame, live loads by state, and per bank total/used/free/in-flight bytes and slots. */
  telemetry(): AssetTelemetry {
    const loads = { pending: 0, loading: 0, ready: 0 };
    for (const [h] of this.#table.live()) {
      const s = this.status(h);
      if (s === LIFECYCLE_STATUS.PENDING) loads.pending++;
      if (s === LIFECYCLE_STATUS.LOADING) loads.loading++;
      if (s === LIFECYCLE_STATUS.READY) loads.ready++;
    }
    return {
      frame: this.#frame,
      loads,
      banks: { TILES: this.#banks.TILES.telemetry(), SOUNDS: this.#banks.SOUNDS.telemetry() },
    };
  }

  /** Closes the backend. */
  async close(): Promise<void> {
    await this.backend.close();
  }
}
