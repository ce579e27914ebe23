/**
 * Capabilities as immutable values. Five kinds — Instance, Image, Data, CNode, Type — plus the
 * kernel-issued Instances (gas meter and quota handles, YieldCatcher, the authority caps, File,
 * the OOG and StorageExhausted markers), recognised by their well-known image hash chain.
 *
 * A cap's identity is `id = H(descriptor)`, where the descriptor is a tagged canonical encoding
 * (ENCODING.md §Caps) that names any content by its object hash. Content — Data bytes, an
 * Image, a CNode's slots, an Instance's record, a YieldCatcher's marker list — lives in the
 * object store under `H(object encoding)`. Caps built during an event hold their content in
 * memory and hash it only when asked; caps read from σ load their content on first use.
 *
 * @example
 * ```ts
 * import { DataCap, TypeCap } from "./caps.ts";
 * const d = DataCap.fromBytes(new Uint8Array([1, 2, 0, 0]));
 * d.size; // 2 (trailing zeros stripped)
 * d.id.length; // 32
 * new TypeCap(new Uint8Array(32)).descriptor()[0]; // 0x50
 * ```
 * @module
 */

import { bytesEqual, Reader, stripTrailingZeros, toHex, Writer } from "./bytes.ts";
import { invariant, KernelError } from "./errors.ts";
import { hash, kernelImageHash, TAG, ZERO_HASH } from "./hash.ts";
import { decodeImage, encodeImage, type Image, imageHashOf, validateImageShape } from "./image.ts";
import { LIMITS } from "./limits.ts";
import type { Program } from "../vm/mod.ts";

/** Where caps read from σ find their content: object hash → object encoding. */
export interface ObjectSource {
  /** The object encoding stored under `hash`, or undefined. */
  object(hash: Uint8Array): Uint8Array | undefined;
}

function load(source: ObjectSource | null, h: Uint8Array, what: string): Uint8Array {
  const enc = source?.object(h);
  if (enc === undefined) {
    throw new KernelError("MISSING_OBJECT", `${what} object ${toHex(h)} is not in the store`);
  }
  return enc;
}

/** The kernel-issued Instance kinds, by name. */
export const KERNEL_KINDS = [
  "gas_meter",
  "storage_quota",
  "yield_catcher",
  "set_gas_meter",
  "set_storage_quota",
  "mint_gas",
  "mint_quota",
  "create_yield_catcher",
  "host_open",
  "host_save",
  "file",
  "oog_marker",
  "storage_exhausted_marker",
] as const;

/** A kernel-issued Instance kind. */
export type KernelKind = typeof KERNEL_KINDS[number];

/** Well-known image hash of each kernel kind (its caps' image hash chain). */
export const KERNEL_CHAINS: Readonly<Record<KernelKind, Uint8Array>> = Object.fromEntries(
  KERNEL_KINDS.map((k) => [k, kernelImageHash(k)]),
) as Record<KernelKind, Uint8Array>;

// Keyed by the chain's first four bytes (then checked in full): no hex strings on the hot path.
const KIND_BY_PREFIX = new Map<number, KernelKind>(
  KERNEL_KINDS.map((k) => [prefix32(KERNEL_CHAINS[k]), k]),
);

function prefix32(h: Uint8Array): number {
  return (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
}

/** Kernel kinds whose caps carry a u64 id (meter id, quota id, file id). */
const WITH_ID: ReadonlySet<KernelKind> = new Set(["gas_meter", "storage_quota", "file"]);

/**
 * The kernel kind whose well-known chain is `chain`, or null for a user Instance.
 *
 * @example
 * ```ts
 * kernelKindOf(KERNEL_CHAINS.oog_marker); // "oog_marker"
 * ```
 */
export function kernelKindOf(chain: Uint8Array): KernelKind | null {
  const k = KIND_BY_PREFIX.get(prefix32(chain));
  return k !== undefined && bytesEqual(KERNEL_CHAINS[k], chain) ? k : null;
}

/** Common behaviour: the descriptor and the identity hash (both computed once). */
abstract class CapBase {
  #id: Uint8Array | null = null;
  #descriptor: Uint8Array | null = null;
  /** Builds the descriptor (called once; see `descriptor`). */
  protected abstract buildDescriptor(): Uint8Array;
  /** The tagged canonical descriptor (ENCODING.md §Caps). Do not mutate. */
  descriptor(): Uint8Array {
    return this.#descriptor ??= this.buildDescriptor();
  }
  /** The cap's identity: H(descriptor). */
  get id(): Uint8Array {
    return this.#id ??= hash(this.descriptor());
  }
  /** Whether `other` is the same cap (same identity). */
  equals(other: Cap): boolean {
    return (this as unknown) === other || bytesEqual(this.id, other.id);
  }
}

/** Bytes, trailing zeros stripped. Descriptor: 0x30 ‖ u32 size ‖ H(0x31 ‖ bytes). */
export class DataCap extends CapBase {
  /** Kind tag. */
  readonly kind = "data";
  /** Length after stripping trailing zeros. */
  readonly size: number;
  #bytes: Uint8Array | null;
  #dataHash: Uint8Array | null;
  readonly #source: ObjectSource | null;

  private constructor(
    size: number,
    bytes: Uint8Array | null,
    dataHash: Uint8Array | null,
    source: ObjectSource | null,
  ) {
    super();
    this.size = size;
    this.#bytes = bytes;
    this.#dataHash = dataHash;
    this.#source = source;
  }

  /** A Data cap holding `bytes` with trailing zeros stripped (copied). */
  static fromBytes(bytes: Uint8Array): DataCap {
    const b = stripTrailingZeros(bytes).slice();
    invariant(b.length <= LIMITS.DATA_BYTES, "data cap larger than the limit");
    return new DataCap(b.length, b, null, null);
  }

  /** A Data cap whose bytes are in the store under `dataHash`. */
  static fromStore(size: number, dataHash: Uint8Array, source: ObjectSource): DataCap {
    return new DataCap(size, null, dataHash, source);
  }

  /** The bytes (loaded from the store on first use). */
  get bytes(): Uint8Array {
    if (this.#bytes === null) {
      const enc = load(this.#source, this.#dataHash as Uint8Array, "data");
      invariant(enc[0] === TAG.DATA_OBJECT && enc.length - 1 === this.size, "data object shape");
      this.#bytes = enc.subarray(1);
    }
    return this.#bytes;
  }

  /** Object hash of the bytes: H(0x31 ‖ bytes). */
  get dataHash(): Uint8Array {
    return this.#dataHash ??= hash(this.objectEncoding());
  }

  /** The object encoding: 0x31 ‖ bytes. */
  objectEncoding(): Uint8Array {
    const b = this.bytes;
    const out = new Uint8Array(1 + b.length);
    out[0] = TAG.DATA_OBJECT;
    out.set(b, 1);
    return out;
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(37).u8(TAG.DATA).u32(this.size).bytes32(this.dataHash).finish();
  }
}

/** An Image. Descriptor: 0x20 ‖ image hash, where image hash = H(image encoding). */
export class ImageCap extends CapBase {
  /** Kind tag. */
  readonly kind = "image";
  /** H(image encoding). */
  readonly imageHash: Uint8Array;
  #image: Image | null;
  #encoding: Uint8Array | null;
  #program: Program | null = null;
  readonly #source: ObjectSource | null;

  private constructor(
    imageHash: Uint8Array,
    image: Image | null,
    encoding: Uint8Array | null,
    source: ObjectSource | null,
  ) {
    super();
    this.imageHash = imageHash;
    this.#image = image;
    this.#encoding = encoding;
    this.#source = source;
  }

  /** An Image cap for a valid `image` (validates and encodes it; throws `ImageError`). */
  static fromImage(image: Image): ImageCap {
    const encoding = encodeImage(image);
    return new ImageCap(imageHashOf(encoding), image, encoding, null);
  }

  /** An Image cap from an Image encoding (decodes and validates it; throws `ImageError`). */
  static fromEncoding(encoding: Uint8Array): ImageCap {
    const image = decodeImage(encoding);
    return new ImageCap(imageHashOf(encoding), image, encoding.slice(), null);
  }

  /** An Image cap whose encoding is in the store. */
  static fromStore(imageHash: Uint8Array, source: ObjectSource): ImageCap {
    return new ImageCap(imageHash, null, null, source);
  }

  /** The canonical encoding (the Image object). */
  get encoding(): Uint8Array {
    return this.#encoding ??= load(this.#source, this.imageHash, "image");
  }

  /** The Image. */
  get image(): Image {
    return this.#image ??= cachedImage(this.imageHash, this.encoding).image;
  }

  /** The decoded PVM program of the Image's code (cached by image hash). */
  get program(): Program {
    return this.#program ??= cachedImage(this.imageHash, this.encoding).program;
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(33).u8(TAG.IMAGE).bytes32(this.imageHash).finish();
  }
}

// Decoded images and programs by image hash: content-addressed, so sharing is safe.
const IMAGE_CACHE = new Map<string, { image: Image; program: Program }>();
const IMAGE_CACHE_MAX = 256;

function cachedImage(
  imageHash: Uint8Array,
  encoding: Uint8Array,
): { image: Image; program: Program } {
  const key = toHex(imageHash);
  let hit = IMAGE_CACHE.get(key);
  if (hit === undefined) {
    const image = decodeImage(encoding);
    hit = { image, program: validateImageShape(image) };
    if (IMAGE_CACHE.size >= IMAGE_CACHE_MAX) {
      IMAGE_CACHE.delete(IMAGE_CACHE.keys().next().value as string);
    }
    IMAGE_CACHE.set(key, hit);
  }
  return hit;
}

/** A cap slot: a cap or empty. */
export type Slot = Cap | null;

// Decoded CNode objects by hash. Content-addressed and immutable, so sharing is safe; the caps
// inside keep a reference to the store they came from, which holds their content under the
// same hashes forever (stores are persistent maps).
const CNODE_CACHE = new Map<string, readonly Slot[]>();
const CNODE_CACHE_MAX = 256;

/**
 * A CNode: 2^sizeLog slots. Descriptor: 0x40 ‖ u8 sizeLog ‖ H(cnode object). Object:
 * 0x41 ‖ u8 sizeLog ‖ u16 count ‖ count × (u8 index ‖ descriptor), non-empty slots by index.
 */
export class CNodeCap extends CapBase {
  /** Kind tag. */
  readonly kind = "cnode";
  /** log2 of the slot count (0…8). */
  readonly sizeLog: number;
  #slots: readonly Slot[] | null;
  #cnodeHash: Uint8Array | null;
  readonly #source: ObjectSource | null;

  private constructor(
    sizeLog: number,
    slots: readonly Slot[] | null,
    cnodeHash: Uint8Array | null,
    source: ObjectSource | null,
  ) {
    super();
    invariant(
      Number.isInteger(sizeLog) && sizeLog >= 0 && sizeLog <= LIMITS.CNODE_MAX_SIZE_LOG,
      "cnode size",
    );
    this.sizeLog = sizeLog;
    this.#slots = slots;
    this.#cnodeHash = cnodeHash;
    this.#source = source;
  }

  /** An empty CNode of 2^sizeLog slots. */
  static empty(sizeLog: number): CNodeCap {
    return new CNodeCap(sizeLog, new Array<Slot>(1 << sizeLog).fill(null), null, null);
  }

  /** A CNode holding `slots` (length must be a power of two ≤ 256; not copied: do not mutate). */
  static fromSlots(slots: readonly Slot[]): CNodeCap {
    const sizeLog = Math.log2(slots.length);
    invariant(Number.isInteger(sizeLog), "cnode slot count is a power of two");
    return new CNodeCap(sizeLog, slots, null, null);
  }

  /** A CNode whose object is in the store. */
  static fromStore(sizeLog: number, cnodeHash: Uint8Array, source: ObjectSource): CNodeCap {
    return new CNodeCap(sizeLog, null, cnodeHash, source);
  }

  /** Number of slots. */
  get length(): number {
    return 1 << this.sizeLog;
  }

  /** The slots (decoded from the store on first use). Read-only: use `with` to change one. */
  get slots(): readonly Slot[] {
    if (this.#slots === null) {
      const h = this.#cnodeHash as Uint8Array;
      const key = toHex(h);
      let slots = CNODE_CACHE.get(key);
      if (slots === undefined) {
        slots =
          decodeCNodeObject(load(this.#source, h, "cnode"), this.#source as ObjectSource).slots;
        if (CNODE_CACHE.size >= CNODE_CACHE_MAX) {
          CNODE_CACHE.delete(CNODE_CACHE.keys().next().value as string);
        }
        CNODE_CACHE.set(key, slots);
      }
      this.#slots = slots;
      invariant(slots.length === this.length, "cnode object size");
    }
    return this.#slots;
  }

  /** A new CNode equal to this one except slot `index` holds `cap`. */
  with(index: number, cap: Slot): CNodeCap {
    const next = this.slots.slice();
    next[index] = cap;
    return new CNodeCap(this.sizeLog, next, null, null);
  }

  /** Object hash of the slots. */
  get cnodeHash(): Uint8Array {
    return this.#cnodeHash ??= hash(this.objectEncoding());
  }

  /** The object encoding (see the class doc). */
  objectEncoding(): Uint8Array {
    return encodeCNodeObject(this.sizeLog, this.slots);
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(34).u8(TAG.CNODE).u8(this.sizeLog).bytes32(this.cnodeHash).finish();
  }
}

/**
 * A user Instance: an Image and a 256-slot cnode, with its image hash chain. Descriptor:
 * 0x10 ‖ chain ‖ content, content = H(0x11 ‖ image hash ‖ cnode object hash) (the Instance object).
 */
export class UserInstanceCap extends CapBase {
  /** Kind tag. */
  readonly kind = "instance";
  /** Not kernel-issued. */
  readonly kernel = null;
  /** The image hash chain. */
  readonly chain: Uint8Array;
  #image: ImageCap | null;
  #cnode: CNodeCap | null;
  #content: Uint8Array | null;
  readonly #source: ObjectSource | null;

  private constructor(
    chain: Uint8Array,
    image: ImageCap | null,
    cnode: CNodeCap | null,
    content: Uint8Array | null,
    source: ObjectSource | null,
  ) {
    super();
    this.chain = chain;
    this.#image = image;
    this.#cnode = cnode;
    this.#content = content;
    this.#source = source;
  }

  /** An Instance of `image` with `cnode` (256 slots) and image hash chain `chain`. */
  static create(chain: Uint8Array, image: ImageCap, cnode: CNodeCap): UserInstanceCap {
    invariant(cnode.length === LIMITS.CNODE_SLOTS, "an Instance's cnode has 256 slots");
    invariant(kernelKindOf(chain) === null, "a user Instance cannot carry a kernel chain");
    return new UserInstanceCap(chain, image, cnode, null, null);
  }

  /** An Instance whose record is in the store under `content`. */
  static fromStore(chain: Uint8Array, content: Uint8Array, source: ObjectSource): UserInstanceCap {
    return new UserInstanceCap(chain, null, null, content, source);
  }

  #loadRecord(): void {
    const enc = load(this.#source, this.#content as Uint8Array, "instance");
    const r = new Reader(enc, "instance object");
    invariant(r.u8() === TAG.INSTANCE_OBJECT, "instance object tag");
    const imageHash = r.bytes32();
    const cnodeHash = r.bytes32();
    r.end();
    this.#image = ImageCap.fromStore(imageHash, this.#source as ObjectSource);
    this.#cnode = CNodeCap.fromStore(8, cnodeHash, this.#source as ObjectSource);
  }

  /** The Image it runs. */
  get image(): ImageCap {
    if (this.#image === null) this.#loadRecord();
    return this.#image as ImageCap;
  }

  /** Its 256-slot cnode. */
  get cnode(): CNodeCap {
    if (this.#cnode === null) this.#loadRecord();
    return this.#cnode as CNodeCap;
  }

  /** The Instance object hash. */
  get content(): Uint8Array {
    return this.#content ??= hash(this.objectEncoding());
  }

  /** The Instance object: 0x11 ‖ image hash ‖ cnode object hash. */
  objectEncoding(): Uint8Array {
    return new Writer(65).u8(TAG.INSTANCE_OBJECT).bytes32(this.image.imageHash).bytes32(
      this.cnode.cnodeHash,
    ).finish();
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(65).u8(TAG.INSTANCE).bytes32(this.chain).bytes32(this.content).finish();
  }
}

/**
 * A kernel-issued Instance. Descriptor: 0x10 ‖ well-known chain ‖ content, where content is the
 * u64 id (LE) padded with zeros for meters, quotas and files; the marker-list object hash for a
 * YieldCatcher; 32 zero bytes for the rest.
 */
export class KernelCap extends CapBase {
  /** Kind tag. */
  readonly kind = "instance";
  /** Which kernel Instance. */
  readonly kernel: KernelKind;
  /** Meter / quota / file id (0 for kinds without one). */
  readonly id64: bigint;
  /** YieldCatcher only: marker cap ids, sorted, unique. */
  readonly markers: readonly Uint8Array[];
  #content: Uint8Array | null = null;

  /** A kernel cap of `kind`, with `id` for meters/quotas/files and `markers` for catchers. */
  constructor(kind: KernelKind, id = 0n, markers: readonly Uint8Array[] = []) {
    super();
    invariant(WITH_ID.has(kind) || id === 0n, `${kind} has no id`);
    invariant(id >= 0n && id < 1n << 64n, "kernel cap id is a u64");
    invariant(kind === "yield_catcher" || markers.length === 0, `${kind} has no markers`);
    this.kernel = kind;
    this.id64 = id;
    this.markers = markers;
  }

  /** The well-known image hash chain. */
  get chain(): Uint8Array {
    return KERNEL_CHAINS[this.kernel];
  }

  /** The content hash (see the class doc). */
  get content(): Uint8Array {
    if (this.#content !== null) return this.#content;
    if (this.kernel === "yield_catcher") this.#content = hash(this.catcherObject());
    else if (WITH_ID.has(this.kernel)) {
      const c = new Uint8Array(32);
      new DataView(c.buffer).setBigUint64(0, this.id64, true);
      this.#content = c;
    } else this.#content = ZERO_HASH;
    return this.#content;
  }

  /** YieldCatcher object: 0x61 ‖ u16 count ‖ marker ids (sorted). */
  catcherObject(): Uint8Array {
    invariant(this.kernel === "yield_catcher", "only a YieldCatcher has a marker list");
    const w = new Writer(3 + 32 * this.markers.length).u8(TAG.CATCHER_OBJECT).u16(
      this.markers.length,
    );
    for (const m of this.markers) w.bytes32(m);
    return w.finish();
  }

  /** Whether this YieldCatcher lists the marker with cap id `markerId`. */
  catches(markerId: Uint8Array): boolean {
    return this.markers.some((m) => bytesEqual(m, markerId));
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(65).u8(TAG.INSTANCE).bytes32(this.chain).bytes32(this.content).finish();
  }
}

/** A Type: an image hash chain, for identification only. Descriptor: 0x50 ‖ chain. */
export class TypeCap extends CapBase {
  /** Kind tag. */
  readonly kind = "type";
  /** @param chain the image hash chain it names */
  constructor(readonly chain: Uint8Array) {
    super();
    invariant(chain.length === 32, "type chain is 32 bytes");
  }

  /** @inheritdoc */
  protected buildDescriptor(): Uint8Array {
    return new Writer(33).u8(TAG.TYPE).bytes32(this.chain).finish();
  }
}

/** Any Instance (user or kernel-issued). */
export type InstanceCap = UserInstanceCap | KernelCap;

/** Any cap. */
export type Cap = DataCap | ImageCap | CNodeCap | InstanceCap | TypeCap;

/** The cap kind numbers TYPE_OF-style calls and ABI.md use. */
export const CAP_KIND_NUMBER = { instance: 1, image: 2, data: 3, cnode: 4, type: 5 } as const;

/**
 * Encodes a CNode object (tag 0x41) from its slots.
 *
 * @example
 * ```ts
 * encodeCNodeObject(0, [null]); // [0x41, 0, 0, 0]
 * ```
 */
export function encodeCNodeObject(sizeLog: number, slots: readonly Slot[]): Uint8Array {
  let count = 0;
  for (const s of slots) if (s !== null) count++;
  const w = new Writer(4 + count * 66).u8(TAG.CNODE_OBJECT).u8(sizeLog).u16(count);
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    if (s !== null) w.u8(i).raw(s.descriptor());
  }
  return w.finish();
}

/**
 * Decodes one cap descriptor at the reader's position. Kernel Instances are recognised by chain;
 * a YieldCatcher's markers and user Instances' records are looked up in `source` (lazily for
 * user Instances).
 */
export function readDescriptor(r: Reader, source: ObjectSource): Cap {
  const tag = r.u8("a cap tag");
  switch (tag) {
    case TAG.INSTANCE: {
      const chain = r.bytes32();
      const content = r.bytes32();
      const kind = kernelKindOf(chain);
      if (kind === null) return UserInstanceCap.fromStore(chain, content, source);
      if (kind === "yield_catcher") {
        const enc = load(source, content, "yield catcher");
        const cr = new Reader(enc, "yield catcher object");
        if (cr.u8() !== TAG.CATCHER_OBJECT) cr.bad("bad tag", "BAD_TAG");
        const n = cr.u16();
        if (n > LIMITS.CATCHER_MARKERS) {
          cr.bad(`${n} markers exceed ${LIMITS.CATCHER_MARKERS}`, "LIMIT");
        }
        const markers = Array.from({ length: n }, () => cr.bytes32());
        cr.end();
        return new KernelCap("yield_catcher", 0n, markers);
      }
      if (WITH_ID.has(kind)) {
        for (let i = 8; i < 32; i++) {
          if (content[i] !== 0) r.bad(`${kind} content has non-zero padding`, "NOT_CANONICAL");
        }
        return new KernelCap(
          kind,
          new DataView(content.buffer, content.byteOffset, 32).getBigUint64(0, true),
        );
      }
      if (!bytesEqual(content, ZERO_HASH)) r.bad(`${kind} content must be zero`, "NOT_CANONICAL");
      return new KernelCap(kind);
    }
    case TAG.IMAGE:
      return ImageCap.fromStore(r.bytes32(), source);
    case TAG.DATA: {
      const size = r.u32();
      if (size > LIMITS.DATA_BYTES) r.bad(`data size ${size} exceeds the limit`, "LIMIT");
      return DataCap.fromStore(size, r.bytes32(), source);
    }
    case TAG.CNODE: {
      const sizeLog = r.u8();
      if (sizeLog > LIMITS.CNODE_MAX_SIZE_LOG) r.bad(`cnode size_log ${sizeLog} exceeds 8`);
      return CNodeCap.fromStore(sizeLog, r.bytes32(), source);
    }
    case TAG.TYPE:
      return new TypeCap(r.bytes32());
    default:
      return r.bad(`unknown cap tag 0x${tag.toString(16)}`, "BAD_TAG");
  }
}

/**
 * Decodes a CNode object (tag 0x41): its slots, strictly by increasing index.
 */
export function decodeCNodeObject(
  enc: Uint8Array,
  source: ObjectSource,
): { sizeLog: number; slots: Slot[] } {
  const r = new Reader(enc, "cnode object");
  if (r.u8() !== TAG.CNODE_OBJECT) r.bad("tag is not 0x41", "BAD_TAG");
  const sizeLog = r.u8();
  if (sizeLog > LIMITS.CNODE_MAX_SIZE_LOG) r.bad(`size_log ${sizeLog} exceeds 8`);
  const slots = new Array<Slot>(1 << sizeLog).fill(null);
  const count = r.u16();
  let last = -1;
  for (let i = 0; i < count; i++) {
    const index = r.u8();
    if (index <= last || index >= slots.length) {
      r.bad(`slot index ${index} out of order or range`, "NOT_CANONICAL");
    }
    last = index;
    slots[index] = readDescriptor(r, source);
  }
  r.end();
  return { sizeLog, slots };
}

/**
 * The object hashes an object encoding refers to (its children in the object store).
 * Used by reference counting and by σ validation.
 *
 * @example
 * ```ts
 * objectChildren(new Uint8Array([0x31, 1])); // [] (data has no children)
 * ```
 */
export function objectChildren(enc: Uint8Array): Uint8Array[] {
  switch (enc[0]) {
    case TAG.DATA_OBJECT:
    case TAG.CATCHER_OBJECT:
      return [];
    case TAG.INSTANCE_OBJECT:
      return [enc.slice(1, 33), enc.slice(33, 65)];
    case TAG.IMAGE_OBJECT: {
      const image = decodeImage(enc);
      return image.pinnedSlots.flatMap((p) =>
        p.content.kind === "image" ? [p.content.imageHash] : []
      );
    }
    case TAG.CNODE_OBJECT: {
      const out: Uint8Array[] = [];
      const r = new Reader(enc, "cnode object");
      r.u8();
      r.u8();
      const count = r.u16();
      for (let i = 0; i < count; i++) {
        r.u8();
        const tag = r.u8();
        if (tag === TAG.INSTANCE) {
          const chain = r.bytes32();
          const content = r.bytes32();
          const kind = kernelKindOf(chain);
          if (kind === null || kind === "yield_catcher") out.push(content);
        } else if (tag === TAG.IMAGE) out.push(r.bytes32());
        else if (tag === TAG.DATA) {
          r.u32();
          out.push(r.bytes32());
        } else if (tag === TAG.CNODE) {
          r.u8();
          out.push(r.bytes32());
        } else if (tag === TAG.TYPE) r.bytes32();
        else r.bad(`unknown cap tag 0x${tag.toString(16)}`, "BAD_TAG");
      }
      r.end();
      return out;
    }
    default:
      throw new KernelError("BAD_TAG", `unknown object tag 0x${enc[0]?.toString(16)}`);
  }
}
