/**
 * The seeded assets.pa mutations of the fuzz test, shared by the test and by the memory probe
 * that runs them in a process of its own.
 *
 * @example
 * ```ts
 * import { Prng } from "../_util/prng.ts";
 * import { mutate } from "./fuzz_cases.ts";
 * const bytes = mutate(new Prng(1), 0);
 * ```
 * @module
 */
import {
  type ByteSource,
  canonicalJson,
  contentHash,
  loadResident,
  MemorySource,
  PackReader,
  PRELUDE_SIZE,
} from "../../assets/mod.ts";
import type { Prng } from "../_util/prng.ts";
import { samplePack } from "./sample_pack.ts";

/** A source that fails the test if the reader ever asks for bytes outside the file. */
export class GuardedSource implements ByteSource {
  violations: string[] = [];
  maxRead = 0;
  constructor(private inner: MemorySource) {}
  get size() {
    return this.inner.size;
  }
  read(offset: number, length: number) {
    if (!(offset >= 0 && length >= 0 && offset + length <= this.inner.size)) {
      this.violations.push(`read(${offset}, ${length}) on ${this.inner.size} bytes`);
    }
    this.maxRead = Math.max(this.maxRead, length);
    return this.inner.read(offset, length);
  }
  close() {}
}

const ORIGINAL = samplePack();
const HEADER_LEN = new DataView(ORIGINAL.buffer).getUint32(8, true);
const HEADER_TEXT = new TextDecoder().decode(
  ORIGINAL.subarray(PRELUDE_SIZE, PRELUDE_SIZE + HEADER_LEN),
);
const PAYLOAD = ORIGINAL.subarray(PRELUDE_SIZE + HEADER_LEN);

/** Rebuilds a file around `headerBytes`, with consistent header_len and payload_offset. */
function withHeader(headerBytes: Uint8Array, payload: Uint8Array = PAYLOAD): Uint8Array {
  const out = new Uint8Array(PRELUDE_SIZE + headerBytes.length + payload.length);
  out.set(ORIGINAL.subarray(0, PRELUDE_SIZE));
  const v = new DataView(out.buffer);
  v.setUint32(8, headerBytes.length, true);
  v.setBigUint64(16, BigInt(PRELUDE_SIZE + headerBytes.length), true);
  out.set(headerBytes, PRELUDE_SIZE);
  out.set(payload, PRELUDE_SIZE + headerBytes.length);
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

const HOSTILE_VALUES: unknown[] = [
  -1,
  0,
  1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 28,
  2 ** 28 + 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  "x",
  "",
  null,
  true,
  [],
  {},
  "A".repeat(5000),
  [1, 2, 3],
  { a: 1 },
  "TILES",
  "SOUNDS",
  "NONE",
  "DEFLATE",
  8,
  16,
  32,
  64,
];

function hostileText(r: Prng): string {
  switch (r.int(14)) {
    case 0:
      return "[".repeat(50_000 + r.int(50_000)) + "]".repeat(r.int(3) === 0 ? 0 : 100_000);
    case 1:
      return '{"asset_table":' + "[".repeat(20_000) + "]".repeat(20_000) + ',"preload":[]}';
    case 2:
      return '{"__proto__":{"asset_table":[]},"asset_table":[],"preload":[]}';
    case 3:
      return `{"asset_table":"${"A".repeat(1_000_000)}","preload":[]}`;
    case 4:
      return `{"asset_table":[],"preload":[{"asset_id":1e999,"slot":0}]}`;
    case 5:
      return `{"asset_table":[],"preload":[{"asset_id":123456789012345678901234567890,"slot":0}]}`;
    case 6:
      return '{"asset_table":[],"preload":["\\ud800"]}';
    case 7:
      return r.pick(["null", "true", "0", '"x"', "[]", "{}", '{"asset_table":[],"preload":[]}']);
    case 8:
      return '{"asset_table":[' + "0,".repeat(20_000) + '0],"preload":[]}';
    case 9:
      return '{"asset_table":[],"preload":[' + '{"asset_id":1,"slot":0},'.repeat(2000) + "0]}";
    case 10:
      return HEADER_TEXT.replace('"preload":', '"preload":\u0001');
    case 11:
      return HEADER_TEXT.replaceAll(":", ": ");
    case 12:
      return HEADER_TEXT.replace('"asset_table":', '"asset_table":[],"asset_table":');
    default:
      return HEADER_TEXT.replace(/"sample_rate":(\d+)/, '"sample_rate":$1.0');
  }
}

// deno-lint-ignore no-explicit-any
type Json = any;

export function mutate(r: Prng, kind: number): Uint8Array {
  switch (kind) {
    case 0: { // truncation
      return ORIGINAL.slice(0, r.int(ORIGINAL.length));
    }
    case 1: { // flipped bytes anywhere
      const b = ORIGINAL.slice();
      for (let n = 1 + r.int(4); n > 0; n--) b[r.int(b.length)] ^= 1 + r.int(255);
      return b;
    }
    case 2: { // flipped bytes in the prelude
      const b = ORIGINAL.slice();
      b[r.int(PRELUDE_SIZE)] ^= 1 << r.int(8);
      return b;
    }
    case 3: { // lying header_len / payload_offset
      const b = ORIGINAL.slice();
      const v = new DataView(b.buffer);
      const lie = r.pick([
        0,
        1,
        2,
        HEADER_LEN - 1,
        HEADER_LEN + 1,
        0x7fff_ffff,
        0xffff_ffff,
        r.u32(),
      ]);
      if (r.int(2) === 0) v.setUint32(8, lie, true);
      else v.setBigUint64(16, BigInt(lie) * BigInt(1 + r.int(1000)), true);
      return b;
    }
    case 4: { // canonical header, lying entry fields (offsets, sizes, ids, metadata)
      const h: Json = JSON.parse(HEADER_TEXT);
      const e = r.pick(h.asset_table) as Json;
      const fields = [
        "offset",
        "size",
        "decoded_size",
        "asset_id",
        "codec",
        "bank_type",
        "asset_name",
      ];
      const meta = Object.keys(e.metadata);
      if (r.int(3) === 0) e.metadata[r.pick(meta)] = r.pick(HOSTILE_VALUES);
      else e[r.pick(fields)] = r.pick(HOSTILE_VALUES);
      let text: string;
      try {
        text = canonicalJson(h);
      } catch {
        text = JSON.stringify(h);
      }
      return withHeader(enc(text));
    }
    case 5: { // non-canonical or hostile JSON
      return withHeader(enc(hostileText(r)));
    }
    case 6: { // payload corrupted and the hash "fixed" by the attacker: decoder/materialiser
      const h: Json = JSON.parse(HEADER_TEXT);
      const e = r.pick(h.asset_table) as Json;
      const payload = PAYLOAD.slice();
      for (let n = 1 + r.int(3); n > 0; n--) payload[e.offset + r.int(e.size)] ^= 1 + r.int(255);
      e.metadata.blake2b_256 = contentHash(payload.subarray(e.offset, e.offset + e.size));
      return withHeader(enc(canonicalJson(h)), payload);
    }
    case 7: { // payload flipped, hash left as is
      const b = ORIGINAL.slice();
      b[PRELUDE_SIZE + HEADER_LEN + r.int(PAYLOAD.length)] ^= 1 << r.int(8);
      return b;
    }
    default: { // trailing bytes after the payload: still a valid file
      return new Uint8Array([...ORIGINAL, ...r.bytes(1 + r.int(64))]);
    }
  }
}

export async function loadAll(source: ByteSource): Promise<void> {
  const pack = await PackReader.open(source);
  for (const entry of pack.header.asset_table) await loadResident(pack, entry);
}
