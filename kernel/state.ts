/**
 * σ, the chain state: the object store (content-addressed Data, Images, CNodes, Instance records,
 * YieldCatcher lists, with reference counts), the chain Instance (image hash chain, Image, cnode),
 * files, storage quotas, validators and counters. σ is immutable: every change makes a new σ that
 * shares everything untouched, so the state before an event or a block is kept for free.
 *
 * The state root is H(state header) (ENCODING.md §State); the header carries the Merkle roots
 * of the three maps, so computing it rehashes only what changed since the last root.
 * `encodeState` / `decodeState` give the full canonical bytes (for persistence and transfer);
 * decoding validates every hash, reference and count.
 *
 * @example
 * ```ts
 * import { decodeState, encodeState, stateRoot } from "./state.ts";
 * // σ from genesis(...):
 * // decodeState(encodeState(σ)) has the same stateRoot(σ)
 * ```
 * @module
 */

import { bytesEqual, compareBytes, Reader, toHex, u64Bytes, Writer } from "./bytes.ts";
import { decodeCNodeObject, objectChildren, type ObjectSource } from "./caps.ts";
import { invariant, KernelError } from "./errors.ts";
import { hash, TAG } from "./hash.ts";
import { decodeImage } from "./image.ts";
import { LIMITS } from "./limits.ts";
import { PMap } from "./pmap.ts";

/** One stored object: its encoding, reference count, and who paid for it. */
export interface ObjectEntry {
  /** The object encoding (its key is H(encoding)). */
  readonly encoding: Uint8Array;
  /** References from σ (chain record, other objects, files). Always ≥ 1. */
  readonly refs: number;
  /** Quota id refunded when the object is released (meaningful when `charged` > 0). */
  readonly payer: bigint;
  /** Bytes charged to `payer` for it (Data minted through MINT_DATA_CAP or write-back; Images). */
  readonly charged: bigint;
}

/** One file: the Data it holds, and the quota its bytes are charged to. */
export interface FileEntry {
  /** Object hash of the file's Data. */
  readonly data: Uint8Array;
  /** Size of that Data. */
  readonly size: number;
  /** Quota id charged `size` bytes for the file. */
  readonly payer: bigint;
}

/** The chain Instance as σ keeps it. */
export interface ChainRecord {
  /** Its image hash chain. */
  readonly chain: Uint8Array;
  /** Object hash of its current Image. */
  readonly image: Uint8Array;
  /** Object hash of its 256-slot cnode. */
  readonly cnode: Uint8Array;
}

/** σ. Immutable; create with `genesis`, change with `applyBlock`. */
export interface State {
  /** Hash of the last applied block (the genesis head before the first). */
  readonly head: Uint8Array;
  /** Slot of the last applied block (0 at genesis). */
  readonly slot: number;
  /** The chain Instance. */
  readonly chain: ChainRecord;
  /** Gas the root meter holds at the start of every event. */
  readonly eventGas: bigint;
  /** Validator Ed25519 public keys; slot s is authored by validators[s mod n]. */
  readonly validators: readonly Uint8Array[];
  /** The id HOST_SAVE gives the next new file. */
  readonly nextFileId: bigint;
  /** Object store: object hash → entry. */
  readonly objects: PMap<ObjectEntry>;
  /** Files: file id (u64 LE key) → entry. */
  readonly files: PMap<FileEntry>;
  /** Storage quotas: quota id (u64 LE key) → bytes remaining. */
  readonly quotas: PMap<bigint>;
}

/** Version byte of the state header and encoding. */
export const STATE_VERSION = 1;
const MAGIC = new TextEncoder().encode("PKS1");

/** Leaf value bytes of an object entry: u32 refs ‖ u64 payer ‖ u64 charged. */
export function encodeObjectLeaf(e: ObjectEntry): Uint8Array {
  const out = new Uint8Array(20);
  const v = new DataView(out.buffer);
  v.setUint32(0, e.refs, true);
  v.setBigUint64(4, e.payer, true);
  v.setBigUint64(12, e.charged, true);
  return out;
}

/** Leaf value bytes of a file entry: data hash ‖ u32 size ‖ u64 payer. */
export function encodeFileLeaf(e: FileEntry): Uint8Array {
  const out = new Uint8Array(44);
  out.set(e.data, 0);
  const v = new DataView(out.buffer);
  v.setUint32(32, e.size, true);
  v.setBigUint64(36, e.payer, true);
  return out;
}

/** Leaf value bytes of a quota: u64 remaining. */
export function encodeQuotaLeaf(v: bigint): Uint8Array {
  return u64Bytes(v);
}

/** Empty maps with the right key lengths and leaf encodings. */
export function emptyMaps(): Pick<State, "objects" | "files" | "quotas"> {
  return {
    objects: PMap.empty<ObjectEntry>(32, encodeObjectLeaf),
    files: PMap.empty<FileEntry>(8, encodeFileLeaf),
    quotas: PMap.empty<bigint>(8, encodeQuotaLeaf),
  };
}

/**
 * An `ObjectSource` over σ's object store.
 *
 * @example
 * ```ts
 * objectSource(σ).object(σ.chain.cnode)?.[0]; // 0x41
 * ```
 */
export function objectSource(state: Pick<State, "objects">): ObjectSource {
  const objects = state.objects;
  return { object: (h) => objects.get(h)?.encoding };
}

/**
 * The state header (tag 0x90): everything in σ, with the maps given by their Merkle roots.
 *
 * @example
 * ```ts
 * stateHeader(σ)[0]; // 0x90
 * ```
 */
export function stateHeader(s: State): Uint8Array {
  const w = new Writer(256 + 32 * s.validators.length);
  w.u8(TAG.STATE).u8(STATE_VERSION);
  writeHeaderBody(w, s);
  w.bytes32(s.objects.root()).bytes32(s.files.root()).bytes32(s.quotas.root());
  w.u32(s.objects.size).u32(s.files.size).u32(s.quotas.size);
  return w.finish();
}

function writeHeaderBody(w: Writer, s: State): void {
  w.bytes32(s.head).u64(s.slot).bytes32(s.chain.chain).bytes32(s.chain.image).bytes32(
    s.chain.cnode,
  );
  w.u64(s.eventGas).u64(s.nextFileId).u16(s.validators.length);
  for (const v of s.validators) w.bytes32(v);
}

/**
 * The state root: H(state header). Only map nodes changed since the last call are rehashed.
 *
 * @example
 * ```ts
 * stateRoot(σ).length; // 32
 * ```
 */
export function stateRoot(s: State): Uint8Array {
  return hash(stateHeader(s));
}

function idKey(id: bigint): Uint8Array {
  return u64Bytes(id);
}

function idOf(key: Uint8Array): bigint {
  return new DataView(key.buffer, key.byteOffset, 8).getBigUint64(0, true);
}

/**
 * The quota remaining for `id` (0 when it never existed).
 *
 * @example
 * ```ts
 * quotaOf(σ, 0n); // the root quota
 * ```
 */
export function quotaOf(s: Pick<State, "quotas">, id: bigint): bigint {
  return s.quotas.get(idKey(id)) ?? 0n;
}

/**
 * The file with `id`, or undefined.
 *
 * @example
 * ```ts
 * fileOf(σ, 0n)?.size;
 * ```
 */
export function fileOf(s: Pick<State, "files">, id: bigint): FileEntry | undefined {
  return s.files.get(idKey(id));
}

/** Map key of a u64 id (8 bytes LE). */
export const keyOfId: (id: bigint) => Uint8Array = idKey;
/** The u64 id of a map key. */
export const idOfKey: (key: Uint8Array) => bigint = idOf;

/**
 * The full canonical encoding of σ (ENCODING.md §State encoding): magic "PKS1", version,
 * header fields, every object (by hash), file (by id) and quota (by id), then the state root.
 *
 * @example
 * ```ts
 * encodeState(σ).subarray(0, 4); // "PKS1"
 * ```
 */
export function encodeState(s: State): Uint8Array {
  const w = new Writer(1 << 16);
  w.raw(MAGIC).u8(STATE_VERSION);
  writeHeaderBody(w, s);
  const objects = [...s.objects.entries()].sort((a, b) => compareBytes(a[0], b[0]));
  w.u32(objects.length);
  for (const [k, e] of objects) {
    w.bytes32(k).u32(e.refs).u64(e.payer).u64(e.charged).varBytes(e.encoding);
  }
  const files = [...s.files.entries()].map(([k, e]) => [idOf(k), e] as const).sort((a, b) =>
    a[0] < b[0] ? -1 : 1
  );
  w.u32(files.length);
  for (const [id, e] of files) w.u64(id).bytes32(e.data).u32(e.size).u64(e.payer);
  const quotas = [...s.quotas.entries()].map(([k, v]) => [idOf(k), v] as const).sort((a, b) =>
    a[0] < b[0] ? -1 : 1
  );
  w.u32(quotas.length);
  for (const [id, v] of quotas) w.u64(id).u64(v);
  w.bytes32(stateRoot(s));
  return w.finish();
}

const MAX_OBJECT_BYTES = LIMITS.IMAGE_BYTES + 64;

/**
 * Decodes and fully validates σ bytes: structure, canonical order, every object's hash, every
 * reference (nothing missing, reference counts exact, nothing unreachable), file sizes, limits,
 * and the trailing state root. Throws `KernelError` with a stable code on any problem.
 *
 * @example
 * ```ts
 * stateRoot(decodeState(encodeState(σ))); // equals stateRoot(σ)
 * ```
 */
export function decodeState(bytes: Uint8Array): State {
  const r = new Reader(bytes, "state");
  const magic = r.raw(4, "the magic");
  if (!bytesEqual(magic, MAGIC)) r.bad('magic is not "PKS1"', "BAD_TAG");
  const version = r.u8("the version");
  if (version !== STATE_VERSION) {
    throw new KernelError("BAD_VERSION", `state version ${version} is not ${STATE_VERSION}`);
  }
  const head = r.bytes32("the head");
  const slot64 = r.u64("the slot");
  if (slot64 > BigInt(Number.MAX_SAFE_INTEGER)) r.bad(`slot ${slot64} exceeds 2^53`);
  const chain = { chain: r.bytes32(), image: r.bytes32(), cnode: r.bytes32() };
  const eventGas = r.u64("the event gas");
  if (eventGas > LIMITS.AMOUNT_MAX) r.bad(`event gas ${eventGas} exceeds 2^62`, "LIMIT");
  const nextFileId = r.u64("the next file id");
  const nv = r.u16("the validator count");
  if (nv === 0 || nv > LIMITS.VALIDATORS) {
    r.bad(`${nv} validators (need 1…${LIMITS.VALIDATORS})`, "LIMIT");
  }
  const validators = Array.from({ length: nv }, () => r.bytes32("a validator key"));
  let { objects, files, quotas } = emptyMaps();
  const no = r.u32("the object count");
  let prev: Uint8Array | null = null;
  const entries: [Uint8Array, ObjectEntry][] = [];
  for (let i = 0; i < no; i++) {
    const key = r.bytes32("an object key");
    if (prev !== null && compareBytes(prev, key) >= 0) {
      r.bad("objects are not in strictly increasing key order", "NOT_CANONICAL");
    }
    prev = key;
    const refs = r.u32(), payer = r.u64(), charged = r.u64();
    const encoding = r.varBytes(MAX_OBJECT_BYTES, "an object");
    if (!bytesEqual(hash(encoding), key)) {
      throw new KernelError("HASH_MISMATCH", `object ${toHex(key)} does not hash to its key`);
    }
    if (refs === 0) {
      throw new KernelError("REFCOUNT_MISMATCH", `object ${toHex(key)} has no references`);
    }
    entries.push([key, { encoding, refs, payer, charged }]);
    objects = objects.set(key, { encoding, refs, payer, charged });
  }
  const nf = r.u32("the file count");
  let prevId = -1n;
  const fileEntries: FileEntry[] = [];
  for (let i = 0; i < nf; i++) {
    const id = r.u64("a file id");
    if (id <= prevId) r.bad("files are not in strictly increasing id order", "NOT_CANONICAL");
    if (id >= nextFileId) r.bad(`file id ${id} is not below the next file id ${nextFileId}`);
    prevId = id;
    const e = { data: r.bytes32(), size: r.u32(), payer: r.u64() };
    fileEntries.push(e);
    files = files.set(idKey(id), e);
  }
  const nq = r.u32("the quota count");
  prevId = -1n;
  for (let i = 0; i < nq; i++) {
    const id = r.u64("a quota id");
    if (id <= prevId) r.bad("quotas are not in strictly increasing id order", "NOT_CANONICAL");
    prevId = id;
    const v = r.u64("a quota");
    if (v > LIMITS.AMOUNT_MAX) r.bad(`quota ${id} holds ${v}, above 2^62`, "LIMIT");
    quotas = quotas.set(idKey(id), v);
  }
  const claimed = r.bytes32("the state root");
  r.end();
  const state: State = {
    head,
    slot: Number(slot64),
    chain,
    eventGas,
    validators,
    nextFileId,
    objects,
    files,
    quotas,
  };
  validateReferences(state, entries, fileEntries);
  if (!bytesEqual(stateRoot(state), claimed)) {
    throw new KernelError(
      "HASH_MISMATCH",
      "the state root at the end does not match the decoded state",
    );
  }
  return state;
}

/** Checks every object parses, every reference resolves, and every count is exact. */
function validateReferences(
  s: State,
  entries: [Uint8Array, ObjectEntry][],
  files: FileEntry[],
): void {
  const source = objectSource(s);
  const counts = new Map<string, number>();
  const bump = (h: Uint8Array, from: string): void => {
    const k = toHex(h);
    if (!s.objects.has(h)) {
      throw new KernelError("MISSING_OBJECT", `${from} refers to object ${k}, which is not stored`);
    }
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const expectTag = (h: Uint8Array, tag: number, what: string): void => {
    const e = s.objects.get(h);
    if (e !== undefined && e.encoding[0] !== tag) {
      throw new KernelError("BAD_VALUE", `${what} ${toHex(h)} is not the right kind of object`);
    }
  };
  bump(s.chain.image, "the chain");
  bump(s.chain.cnode, "the chain");
  expectTag(s.chain.image, TAG.IMAGE_OBJECT, "the chain image");
  expectTag(s.chain.cnode, TAG.CNODE_OBJECT, "the chain cnode");
  for (const [key, e] of entries) {
    const tag = e.encoding[0];
    try {
      if (tag === TAG.DATA_OBJECT) {
        if (e.encoding.length - 1 > LIMITS.DATA_BYTES) {
          throw new KernelError("LIMIT", "data object too large");
        }
        if (e.encoding.length > 1 && e.encoding[e.encoding.length - 1] === 0) {
          throw new KernelError("NOT_CANONICAL", "data object has trailing zeros");
        }
      } else if (tag === TAG.IMAGE_OBJECT) decodeImage(e.encoding);
      else if (tag === TAG.CNODE_OBJECT) {
        const { sizeLog } = decodeCNodeObject(e.encoding, source);
        if (bytesEqual(key, s.chain.cnode) && sizeLog !== 8) {
          throw new KernelError("BAD_VALUE", "the chain cnode must have 256 slots");
        }
      } else if (tag === TAG.INSTANCE_OBJECT) {
        if (e.encoding.length !== 65) {
          throw new KernelError("BAD_VALUE", "instance object is not 65 bytes");
        }
        expectTag(e.encoding.subarray(1, 33), TAG.IMAGE_OBJECT, "an instance image");
        expectTag(e.encoding.subarray(33, 65), TAG.CNODE_OBJECT, "an instance cnode");
      } else if (tag === TAG.CATCHER_OBJECT) {
        const n = e.encoding.length >= 3 ? e.encoding[1] | (e.encoding[2] << 8) : -1;
        if (n < 0 || n > LIMITS.CATCHER_MARKERS || e.encoding.length !== 3 + 32 * n) {
          throw new KernelError("BAD_VALUE", "bad yield catcher object");
        }
        for (let i = 1; i < n; i++) {
          if (
            compareBytes(
              e.encoding.subarray(3 + 32 * (i - 1), 3 + 32 * i),
              e.encoding.subarray(3 + 32 * i, 3 + 32 * (i + 1)),
            ) >= 0
          ) {
            throw new KernelError("NOT_CANONICAL", "yield catcher markers are not sorted");
          }
        }
      } else throw new KernelError("BAD_TAG", `unknown object tag 0x${tag?.toString(16)}`);
      for (const c of objectChildren(e.encoding)) bump(c, `object ${toHex(key)}`);
    } catch (err) {
      if (err instanceof KernelError && err.code !== "MISSING_OBJECT" && err.code !== "INVARIANT") {
        throw new KernelError(err.code, `object ${toHex(key)}: ${err.message}`);
      }
      throw err;
    }
  }
  for (const f of files) {
    bump(f.data, "a file");
    const e = s.objects.get(f.data);
    invariant(e !== undefined, "file data present");
    if (e.encoding[0] !== TAG.DATA_OBJECT || e.encoding.length - 1 !== f.size) {
      throw new KernelError("BAD_VALUE", `a file's size ${f.size} does not match its data object`);
    }
  }
  for (const [key, e] of entries) {
    const c = counts.get(toHex(key)) ?? 0;
    if (c !== e.refs) {
      throw new KernelError(
        "REFCOUNT_MISMATCH",
        `object ${toHex(key)} records ${e.refs} references but has ${c}`,
      );
    }
  }
}
