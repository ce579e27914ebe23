/**
 * Audio status codes: what a well-formed call returns when the sound chip could not do it. They
 * are stable numbers (the host ABI returns them in φ7). A refused call changes nothing.
 *
 * | code | name | meaning |
 * |-----:|------|---------|
 * | 0 | `OK` | done |
 * | 1 | `SLOT_EMPTY` | the SOUNDS slot holds no committed sample |
 * | 2 | `NO_VOICE` | `play` on `ANY_VOICE`: every voice is busy with a higher priority than the new sound |
 * | 3 | `VOICE_IDLE` | `stop` / `setVolume` / `setPan` / `setPitch` on a voice that is not playing |
 *
 * @example
 * ```ts
 * import { AUDIO_STATUS } from "./status.ts";
 * AUDIO_STATUS.NO_VOICE; // 2
 * ```
 * @module
 */

/** Audio status codes (see the module table). */
export const AUDIO_STATUS = Object.freeze(
  {
    OK: 0,
    SLOT_EMPTY: 1,
    NO_VOICE: 2,
    VOICE_IDLE: 3,
  } as const,
);

/** One audio status code. */
export type AudioStatus = typeof AUDIO_STATUS[keyof typeof AUDIO_STATUS];

/** The name of a status code (`"UNKNOWN"` for other numbers). */
export function audioStatusName(code: number): string {
  for (const [name, value] of Object.entries(AUDIO_STATUS)) if (value === code) return name;
  return "UNKNOWN";
}
