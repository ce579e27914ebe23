/**
 * How materialised assets travel between the loader actor's Worker and the manager: plain
 * bodies the actor codec accepts (typed arrays other than `Uint8Array` are not allowed, so they
 * travel as byte views of their buffers — large ones are transferred, not copied — and are
 * wrapped again on arrival, copying only when a view is misaligned).
 *
 * @example
 * ```ts
 * import { fromWire, toWire } from "./loader_wire.ts";
 * const body = toWire(7, data);      // in the Worker
 * const back = fromWire(body);      // on the main thread: { job: 7, outcome: { ok: true, data } }
 * ```
 * @module
 */

import type { ResidentData } from "../materialise.ts";
import type { LoadOutcome } from "./backend.ts";

/** Message type of a load request (manager → actor). */
export const LOAD_REQUEST = "load";
/** Message type of a finished load (actor → manager). */
export const LOAD_DONE = "loaded";
/** Message type of a failed load (actor → manager). */
export const LOAD_FAILED = "failed";

/** Body of a load request. */
export interface LoadRequestBody {
  /** Job id chosen by the manager. */
  job: number;
  /** Which asset. */
  asset_id: number;
}

/** Body of a finished load. */
export interface LoadDoneBody {
  /** Job id. */
  job: number;
  /** The bank type. */
  bank_type: "TILES" | "SOUNDS";
  /** Scalars of the materialised asset. */
  info: Record<string, number | boolean | null>;
  /** Its arrays as bytes. */
  arrays: Record<string, Uint8Array>;
}

/** Body of a failed load. */
export interface LoadFailedBody {
  /** Job id. */
  job: number;
  /** Stable error code. */
  code: string;
  /** What went wrong. */
  message: string;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function view<T>(
  bytes: Uint8Array,
  width: number,
  make: (b: ArrayBuffer, o: number, n: number) => T,
): T {
  const aligned = bytes.byteOffset % width === 0 && bytes.buffer instanceof ArrayBuffer;
  const src = aligned ? bytes : bytes.slice();
  return make(src.buffer as ArrayBuffer, src.byteOffset, src.byteLength / width);
}

/** Encodes a materialised asset for sending. */
export function toWire(job: number, data: ResidentData): LoadDoneBody {
  if (data.bank_type === "TILES") {
    const s = data.sheet;
    return {
      job,
      bank_type: "TILES",
      info: {
        tile_size: s.tileSize,
        tile_count: s.tileCount,
        palette_count: s.paletteCount,
        transparent: s.transparent,
      },
      arrays: { pixels: s.pixels, palettes: bytesOf(s.palettes), tile_palettes: s.tilePalettes },
    };
  }
  const d = data.sound;
  return {
    job,
    bank_type: "SOUNDS",
    info: {
      sample_rate: d.sampleRate,
      frame_count: d.frameCount,
      loop_start: d.loop?.start ?? null,
      loop_end: d.loop?.end ?? null,
    },
    arrays: { samples: bytesOf(d.samples) },
  };
}

/** Decodes a finished load's body back into a materialised asset. */
export function fromWire(body: LoadDoneBody): { job: number; outcome: LoadOutcome } {
  const i = body.info;
  if (body.bank_type === "TILES") {
    return {
      job: body.job,
      outcome: {
        ok: true,
        data: {
          bank_type: "TILES",
          sheet: {
            tileSize: i.tile_size as 8 | 16 | 32,
            tileCount: i.tile_count as number,
            paletteCount: i.palette_count as number,
            transparent: i.transparent as boolean,
            pixels: body.arrays.pixels,
            palettes: view(body.arrays.palettes, 2, (b, o, n) => new Uint16Array(b, o, n)),
            tilePalettes: body.arrays.tile_palettes,
          },
        },
      },
    };
  }
  const loop = i.loop_start === null
    ? null
    : { start: i.loop_start as number, end: i.loop_end as number };
  return {
    job: body.job,
    outcome: {
      ok: true,
      data: {
        bank_type: "SOUNDS",
        sound: {
          sampleRate: i.sample_rate as number,
          frameCount: i.frame_count as number,
          loop,
          samples: view(body.arrays.samples, 2, (b, o, n) => new Int16Array(b, o, n)),
        },
      },
    },
  };
}
