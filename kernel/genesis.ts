/**
 * Genesis: the first σ of a chain from its chain Image. The chain Instance starts with its
 * Image's initial and pinned slots and the kernel slots 7…18, image hash chain = the Image's
 * hash; the root quota (id 0) holds the storage budget; validators are fixed; the head is
 * H(0x91 ‖ state root of this σ with a zero head), so block 1 names a parent unique to the chain.
 *
 * @example
 * ```ts
 * import { genesis } from "./genesis.ts";
 * // const σ = genesis(chainImage, { validators: [publicKey] });
 * // σ.slot === 0
 * ```
 * @module
 */

import { ROOT_ID } from "./abi.ts";
import { toHex } from "./bytes.ts";
import { CNodeCap, DataCap, ImageCap, type Slot } from "./caps.ts";
import { chainImageProblem } from "./chain_image.ts";
import { KernelError } from "./errors.ts";
import { hashTagged, TAG, ZERO_HASH } from "./hash.ts";
import type { Image } from "./image.ts";
import { refillKernelSlots } from "./kernel_slots.ts";
import { LIMITS } from "./limits.ts";
import { emptyMaps, keyOfId, type State, stateRoot } from "./state.ts";
import { StoreWriter } from "./store_writer.ts";

/** Options of `genesis`. */
export interface GenesisOptions {
  /** Validator Ed25519 public keys (1…1024, 32 bytes each); slot s is authored by [s mod n]. */
  validators: readonly Uint8Array[];
  /** Gas in the root meter at the start of every event (default 10,000,000). */
  eventGas?: bigint;
  /** Bytes in the root storage quota (default 64 MiB). */
  storageQuota?: bigint;
  /** Other Images the chain Image pins (by hash) in its pinned slots. */
  images?: readonly Image[];
}

/** Default gas per event. */
export const DEFAULT_EVENT_GAS = 10_000_000n;
/** Default root storage quota. */
export const DEFAULT_STORAGE_QUOTA = 64n << 20n;

function bad(message: string): never {
  throw new KernelError("BAD_OPTIONS", message);
}

/**
 * The genesis σ for `chainImage`. Throws `KernelError` (BAD_OPTIONS, BAD_CHAIN_IMAGE, or
 * BAD_IMAGE) when the options or Images are not acceptable.
 */
export function genesis(chainImage: Image, options: GenesisOptions): State {
  const validators = options.validators;
  if (
    !Array.isArray(validators) || validators.length === 0 || validators.length > LIMITS.VALIDATORS
  ) {
    bad(`need 1…${LIMITS.VALIDATORS} validators`);
  }
  for (const v of validators) {
    if (!(v instanceof Uint8Array) || v.length !== 32) bad("a validator key must be 32 bytes");
  }
  const eventGas = options.eventGas ?? DEFAULT_EVENT_GAS;
  if (eventGas <= 0n || eventGas > LIMITS.AMOUNT_MAX) {
    bad(`event gas must be in 1…2^62, got ${eventGas}`);
  }
  const storageQuota = options.storageQuota ?? DEFAULT_STORAGE_QUOTA;
  if (storageQuota < 0n || storageQuota > LIMITS.AMOUNT_MAX) {
    bad(`storage quota must be in 0…2^62, got ${storageQuota}`);
  }

  const images = new Map<string, ImageCap>();
  for (const img of options.images ?? []) {
    const cap = ImageCap.fromImage(img);
    images.set(toHex(cap.imageHash), cap);
  }
  const chainCap = ImageCap.fromImage(chainImage);
  images.set(toHex(chainCap.imageHash), chainCap);
  const problem = chainImageProblem(chainImage);
  if (problem !== null) throw new KernelError("BAD_CHAIN_IMAGE", `not a chain Image: ${problem}`);
  for (const cap of images.values()) {
    for (const p of cap.image.pinnedSlots) {
      if (p.content.kind === "image" && !images.has(toHex(p.content.imageHash))) {
        throw new KernelError(
          "BAD_CHAIN_IMAGE",
          `pinned Image ${toHex(p.content.imageHash)} is not among the genesis Images`,
        );
      }
    }
  }
  const slots = new Array<Slot>(256).fill(null);
  for (const s of chainImage.initialSlots) slots[s.slot] = DataCap.fromBytes(s.bytes);
  for (const p of chainImage.pinnedSlots) {
    slots[p.slot] = p.content.kind === "data"
      ? DataCap.fromBytes(p.content.bytes)
      : images.get(toHex(p.content.imageHash)) as ImageCap;
  }
  refillKernelSlots(slots);
  const cnode = CNodeCap.fromSlots(slots);

  const maps = emptyMaps();
  const w = new StoreWriter(
    maps.objects,
    maps.quotas.set(keyOfId(ROOT_ID), storageQuota),
    (h) => images.get(toHex(h)),
  );
  w.retain(chainCap);
  w.retain(cnode);
  const zeroHead: State = {
    head: ZERO_HASH,
    slot: 0,
    chain: { chain: chainCap.imageHash, image: chainCap.imageHash, cnode: cnode.cnodeHash },
    eventGas,
    validators: validators.map((v) => v.slice()),
    nextFileId: 0n,
    objects: w.objects,
    files: maps.files,
    quotas: w.quotas,
  };
  return { ...zeroHead, head: hashTagged(TAG.GENESIS, stateRoot(zeroHead)) };
}
