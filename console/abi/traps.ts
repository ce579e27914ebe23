/**
 * Trap codes the console raises for any guest, beyond those a syscall documents itself
 * (BAD_ARGUMENT, BAD_WINDOW, BAD_UTF8, STALE_HANDLE, UNKNOWN_HANDLE…). Every trap stops the guest
 * with TrapInfo `{code, pc, opcode, message}`; the run ends with exit code 3.
 *
 * @example
 * ```ts
 * import { GENERAL_TRAPS } from "./traps.ts";
 * GENERAL_TRAPS.map((t) => t.code); // ["UNKNOWN_IMPORT", …]
 * ```
 * @module
 */

import type { TrapDoc } from "./types.ts";

/** The general trap causes, in the order ABI.md lists them. */
export const GENERAL_TRAPS: readonly TrapDoc[] = [
  { code: "UNKNOWN_IMPORT", when: "`ecalli i` with i ≥ the number of imports of the program" },
  {
    code: "UNKNOWN_SYSCALL",
    when:
      "the import's identity is not in this host's registry (the loader rejects such programs; kept at call time too)",
  },
  {
    code: "MISSING_CAPABILITY",
    when:
      "the import needs a capability the manifest does not declare (the loader rejects these too)",
  },
  {
    code: "VM_PANIC",
    when: "the guest ran `trap`, jumped to an invalid target, or accessed memory below 0x10000",
  },
  {
    code: "PAGE_FAULT",
    when: "the guest accessed memory that is not mapped (or wrote read-only memory)",
  },
  {
    code: "BLOCK_OVER_BUDGET",
    when: "a basic block costs more gas than a whole frame's budget, so it can never run",
  },
];
