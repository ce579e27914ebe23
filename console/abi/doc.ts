/**
 * Renders `console/ABI.md` from the registry, so the document cannot drift from the code:
 * `deno run -A console/gen_abi.ts` writes it, and a test fails when the file differs from what
 * this renders.
 *
 * @example
 * ```ts
 * import { renderAbiMarkdown } from "./doc.ts";
 * import { consoleRegistry } from "./modules.ts";
 * renderAbiMarkdown(consoleRegistry()).startsWith("# Console host ABI"); // true
 * ```
 * @module
 */

import { CONSOLE_LIMITS, DEFAULT_FRAME_GAS } from "../limits.ts";
import type { SyscallRegistry } from "./registry.ts";
import { GENERAL_TRAPS } from "./traps.ts";
import { identityKey, type SyscallSpec } from "./types.ts";

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

function gasText(spec: SyscallSpec): string {
  const g = spec.gas;
  if (g.perByte === undefined) return `${g.base}`;
  return `${g.base} + ${g.perByte} × min(${spec.args[g.bytesArg!].name}, ${g.maxBytes})`;
}

function renderSyscall(spec: SyscallSpec): string[] {
  const out: string[] = [];
  out.push(`### \`${identityKey(spec)}\``, "", spec.summary + ".", "");
  out.push(
    `Capability: ${
      spec.capability === null ? "none (VM-owned)" : `\`${spec.capability}\``
    } · gas: ${gasText(spec)}`,
    "",
  );
  out.push("| | register | name | meaning |", "|---|---|---|---|");
  spec.args.forEach((a, i) => out.push(`| in | φ${7 + i} | \`${a.name}\` | ${cell(a.doc)} |`));
  spec.results.forEach((r, i) => out.push(`| out | φ${7 + i} | \`${r.name}\` | ${cell(r.doc)} |`));
  if (spec.args.length === 0 && spec.results.length === 0) {
    out.push("| | — | | no arguments, no results |");
  }
  out.push("");
  if (spec.statuses !== null) {
    out.push("| status | name | when |", "|---:|---|---|");
    for (const s of spec.statuses) out.push(`| ${s.code} | \`${s.name}\` | ${cell(s.when)} |`);
    out.push("");
  } else {
    out.push("No status: this call has no operational failure.", "");
  }
  if (spec.traps.length > 0) {
    out.push("Traps: " + spec.traps.map((t) => `\`${t.code}\` — ${t.when}`).join("; ") + ".", "");
  }
  return out;
}

/** The whole document. */
export function renderAbiMarkdown(registry: SyscallRegistry): string {
  const lines: string[] = [
    "# Console host ABI",
    "",
    "<!-- Generated from the syscall registry by `deno run -A console/gen_abi.ts`; do not edit by hand. -->",
    "",
    "A cartridge reaches the host only through the syscalls its `program.pvm` imports, each by its",
    "canonical identity `module.name@version`. Import `i` (in the container's import order) is called",
    "with `ecalli i`; in cartridge assembly, `.import log.write@1` defines `log.write` = i, so the call",
    "site reads `ecalli log.write`.",
    "",
    "## Calling convention",
    "",
    `- Arguments in φ7 … φ12 (registers r7 … r12, at most ${CONSOLE_LIMITS.maxSyscallArgs}); results in φ7, φ8, … (at most ${CONSOLE_LIMITS.maxSyscallResults}). Registers a call does not return are left as they were.`,
    "- A call that can fail operationally returns its **status first**, in φ7; its other results follow. A call with no operational failure returns plain values.",
    "- Pointers and lengths are 32-bit: a register whose value does not fit 32 bits is a bad argument. Guest memory is read and written only through checked windows, all or nothing.",
    "- Each call's gas is charged before it runs. When the frame's gas cannot pay it, the frame ends as an overrun and the same call runs again at the start of the next frame, with a fresh budget " +
    `(default ${DEFAULT_FRAME_GAS} gas per frame; unused gas does not carry over).`,
    "- Capabilities: `gfx`, `audio`, `asset`, `memcard`. A call whose capability the manifest does not declare makes the loader reject the cartridge; `system`, `log` and `input` are VM-owned and need none.",
    "",
    "## Faults",
    "",
    "- **Trap** — the guest called wrong. It stops with TrapInfo `{code, pc, opcode, message}` (pc and opcode of the `ecalli`, or of the faulting instruction) and the run exits with code 3.",
    "- **Status** — the guest called right but the domain could not; returned in φ7, documented per call below. Never a silent no-op, never a partial success.",
    "- **Panic** — a broken invariant of the runtime itself; the instance stops and the run exits with code 4.",
    "",
    "Traps any program can hit:",
    "",
    "| code | when |",
    "|---|---|",
    ...GENERAL_TRAPS.map((t) => `| \`${t.code}\` | ${cell(t.when)} |`),
    "",
    "Traps a call raises itself are listed with the call.",
    "",
    "## Syscalls",
    "",
  ];
  lines.push("| identity | capability | args → results | gas |", "|---|---|---|---|");
  for (const s of registry.all()) {
    lines.push(
      `| [\`${identityKey(s)}\`](#${identityKey(s).replace(/[.@]/g, "")}) | ${
        s.capability ?? "—"
      } | ${s.args.map((a) => a.name).join(", ") || "—"} → ${
        s.results.map((r) => r.name).join(", ") || "—"
      } | ${gasText(s)} |`,
    );
  }
  lines.push("");
  for (const m of registry.modules()) {
    lines.push(`## Module \`${m.syscalls[0]?.module ?? m.name}\``, "", m.summary + ".", "");
    for (const s of m.syscalls) lines.push(...renderSyscall(s));
  }
  return lines.join("\n").replace(/\n+$/, "\n");
}
