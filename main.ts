/**
 * The one command-line entry: `deno task run <subcommand> [args…]`.
 *
 * Each subcommand lives in its own module under `cli/` and is imported only when it runs, so
 * starting one command never pays for the others. Every module exports `main(args)` returning
 * the process exit code, and `HELP`, its usage text.
 *
 * @example
 * ```sh
 * deno task run vectors tests/fixtures/pvm-vectors
 * deno task run help cartridge
 * ```
 * @module
 */

/** What a subcommand module exports. */
export interface Command {
  /** Usage text printed by `help <name>` and `<name> --help`. */
  HELP: string;
  /** Runs the command; resolves to the process exit code. */
  main(args: string[]): Promise<number>;
}

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

/** Subcommands in the order `help` lists them. */
export const COMMANDS: Record<string, Entry> = {
  cartridge: {
    summary: "run a cartridge (default: the bundled demo)",
    load: () => import("./cli/cartridge.ts"),
  },
  build: {
    summary: "build a cartridge from a source folder",
    load: () => import("./cli/build.ts"),
  },
  pack: { summary: "pack an asset folder into assets.pa", load: () => import("./cli/pack.ts") },
  inspect: {
    summary: "print and validate an assets.pa file",
    load: () => import("./cli/inspect.ts"),
  },
  chain: {
    summary: "run the example ledger chain for N blocks",
    load: () => import("./cli/chain.ts"),
  },
  testnet: {
    summary: "run N chain nodes as actors, with optional faults",
    load: () => import("./cli/testnet.ts"),
  },
  pvm: { summary: "run a PVM program blob or assembly file", load: () => import("./cli/pvm.ts") },
  asm: { summary: "assemble PVM assembly text into a blob", load: () => import("./cli/asm.ts") },
  disasm: { summary: "disassemble a PVM blob into text", load: () => import("./cli/disasm.ts") },
  vectors: {
    summary: "run PVM conformance vectors in a folder",
    load: () => import("./cli/vectors.ts"),
  },
  viz: {
    summary: "draw the lifecycle machines or a recorded trace",
    load: () => import("./cli/viz.ts"),
  },
  replay: {
    summary: "run a recorded actor trace again and check it replays the same",
    load: () => import("./cli/replay.ts"),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) =>
    `  ${name.padEnd(width)}  ${e.summary}`
  );
  return [
    "usage: deno task run <subcommand> [args…]",
    "",
    "subcommands:",
    ...lines,
    "",
    "`deno task run help <subcommand>` (or `<subcommand> --help`) prints its options.",
  ].join("\n");
}

/** Dispatches `args` to a subcommand and resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = rest[0];
    if (name === "help" && topic !== undefined && topic in COMMANDS) {
      console.log((await COMMANDS[topic].load()).HELP);
      return 0;
    }
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    console.error(`unknown subcommand: ${name}\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.HELP);
    return 0;
  }
  return await command.main(rest);
}

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
