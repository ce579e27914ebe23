/**
 * Graph export of a lifecycle machine, built by walking the machine definition (xstate v5
 * `machine.root`): a plain {@link MachineGraph}, Mermaid `stateDiagram-v2` text and Graphviz DOT
 * text. No rendering here (machines/ stays pure); `cli/viz.ts` turns DOT into SVG.
 *
 * @example
 * ```ts
 * import { machineGraph, toDot, toMermaid } from "./graph.ts";
 * import { assetLoadMachine } from "./asset_load.ts";
 * const g = machineGraph(assetLoadMachine);
 * toMermaid(g).startsWith("stateDiagram-v2"); // true
 * toDot(g).startsWith("digraph"); // true
 * ```
 * @module
 */

import type { AnyStateMachine } from "xstate";

/** One state of a flat machine. */
export interface GraphState {
  /** State name (the key in `states`). */
  key: string;
  /** True for final states. */
  final: boolean;
  /** The state's `description`, or null. */
  description: string | null;
}

/** One transition of the definition. Targetless transitions point back at their source. */
export interface GraphEdge {
  /** Source state. */
  from: string;
  /** Target state (equals `from` for self and targetless transitions). */
  to: string;
  /** Event type. */
  event: string;
  /** Guard name, or null when unguarded. */
  guard: string | null;
  /** True when the transition has no target (actions only; the state is not re-entered). */
  targetless: boolean;
}

/** A flat machine as plain data. */
export interface MachineGraph {
  /** Machine id. */
  id: string;
  /** The machine's `description`, or null. */
  description: string | null;
  /** Initial state. */
  initial: string;
  /** States in definition order. */
  states: GraphState[];
  /** Transitions in definition order (per state, per event, per candidate). */
  edges: GraphEdge[];
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === "string") return guard;
  if (typeof guard === "object" && "type" in guard && typeof guard.type === "string") {
    return guard.type;
  }
  return "inline";
}

/**
 * Walks `machine`'s definition into a {@link MachineGraph}. Throws on nested (compound or
 * parallel) states, eventless (`always`) or delayed (`after`) transitions: our machines are flat
 * and timeless by design, and the pictures assume it.
 *
 * @example
 * ```ts
 * machineGraph(assetLoadMachine).initial; // "PENDING"
 * ```
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const initialTargets = root.initial?.target ?? [];
  if (initialTargets.length !== 1) {
    throw new Error(`machine ${machine.id}: no single initial state`);
  }
  const states: GraphState[] = [];
  const edges: GraphEdge[] = [];
  for (const [key, node] of Object.entries(root.states)) {
    if (node.type !== "atomic" && node.type !== "final") {
      throw new Error(`machine ${machine.id}: state ${key} is ${node.type}; only flat machines`);
    }
    if ((node.always?.length ?? 0) > 0 || node.after.length > 0) {
      throw new Error(`machine ${machine.id}: state ${key} has eventless or delayed transitions`);
    }
    states.push({ key, final: node.type === "final", description: node.description ?? null });
    for (const [event, candidates] of node.transitions) {
      for (const t of candidates) {
        const targets = t.target ?? [];
        if (targets.length > 1) throw new Error(`machine ${machine.id}: multi-target transition`);
        const to = targets.length === 0 ? key : targets[0].key;
        edges.push({
          from: key,
          to,
          event,
          guard: guardName(t.guard),
          targetless: targets.length === 0,
        });
      }
    }
  }
  return {
    id: machine.id,
    description: root.description ?? null,
    initial: initialTargets[0].key,
    states,
    edges,
  };
}

/** The label of an edge: `EVENT [guard]`. */
export function edgeLabel(edge: GraphEdge): string {
  return edge.guard === null ? edge.event : `${edge.event} [${edge.guard}]`;
}

function mermaidText(s: string): string {
  return s.replace(/[:;#]/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Mermaid `stateDiagram-v2` text for a graph (GitHub renders `.mmd` files natively).
 *
 * @example
 * ```ts
 * toMermaid(machineGraph(assetLoadMachine)).includes("PENDING --> LOADING : START"); // true
 * ```
 */
export function toMermaid(graph: MachineGraph): string {
  const lines = ["stateDiagram-v2", "  direction LR"];
  for (const s of graph.states) {
    // `state "label" as id` keeps the state's name visible next to its description.
    if (s.description !== null) {
      lines.push(
        `  state "${s.key} — ${mermaidText(s.description).replace(/"/g, "'")}" as ${s.key}`,
      );
    }
  }
  lines.push(`  [*] --> ${graph.initial}`);
  for (const e of graph.edges) {
    lines.push(`  ${e.from} --> ${e.to} : ${mermaidText(edgeLabel(e))}`);
  }
  for (const s of graph.states) if (s.final) lines.push(`  ${s.key} --> [*]`);
  return lines.join("\n") + "\n";
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * Graphviz DOT text for a graph: rounded boxes, double border on final states, a dot for the
 * initial pseudo-state, edges labelled `EVENT [guard]`.
 *
 * @example
 * ```ts
 * toDot(machineGraph(assetLoadMachine)).includes('"READY" -> "COMMITTED"'); // true
 * ```
 */
export function toDot(graph: MachineGraph): string {
  const lines = [
    `digraph ${dotString(graph.id)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", label=${
      dotString(graph.description ?? graph.id)
    }, labelloc=t];`,
    `  node [shape=box, style="rounded", fontname="Helvetica", fontsize=12];`,
    `  edge [fontname="Helvetica", fontsize=10];`,
    `  "__initial" [shape=point, width=0.15, label=""];`,
  ];
  for (const s of graph.states) {
    const label = s.description === null ? s.key : `${s.key}\n${s.description}`;
    const extra = s.final ? ", peripheries=2" : "";
    lines.push(`  ${dotString(s.key)} [label=${dotString(label)}${extra}];`);
  }
  lines.push(`  "__initial" -> ${dotString(graph.initial)};`);
  for (const e of graph.edges) {
    const style = e.targetless ? ", style=dashed" : "";
    lines.push(
      `  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(edgeLabel(e))}${style}];`,
    );
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
