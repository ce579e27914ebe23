// Shared helpers for the actor tests: behaviour refs of the fixtures and a gossip scenario
// that exercises delays, PRNGs, states, checkpoints and outputs.
import { ActorSystem, type ActorSystemOptions, behaviourRef } from "../../actors/mod.ts";

const here = (p: string) => new URL(p, import.meta.url);

export const refs = {
  echo: behaviourRef("test/echo", here("./fixtures/echo.ts")),
  gossip: behaviourRef("test/gossip", here("./fixtures/gossip.ts")),
  crashy: behaviourRef("test/crashy", here("./fixtures/crashy.ts")),
  dier: behaviourRef("test/dier", here("./fixtures/dier.ts")),
  reader: behaviourRef("test/reader", here("./fixtures/reader.ts")),
  nondeterministic: behaviourRef("test/nondet", here("./fixtures/misc.ts"), {
    export: "nondeterministic",
  }),
  flooder: behaviourRef("test/flooder", here("./fixtures/misc.ts"), { export: "flooder" }),
  sink: behaviourRef("test/sink", here("./fixtures/misc.ts"), { export: "sink" }),
  parent: behaviourRef("test/parent", here("./fixtures/misc.ts"), { export: "parent" }),
  echoOut: behaviourRef("test/echo-out", here("./fixtures/misc.ts"), { export: "echoOut" }),
  slowStart: behaviourRef("test/slow-start", here("./fixtures/misc.ts"), { export: "slowStart" }),
  notABehaviour: behaviourRef("test/bad", here("./fixtures/misc.ts"), { export: "notABehaviour" }),
};

export interface GossipResult {
  hash: string;
  rounds: number;
  entries: number;
  outputs: unknown[];
  sys: ActorSystem;
}

/**
 * Six gossip nodes; five rumors injected one tick apart; run to time 30; every node reports.
 * The caller shuts the system down (so it can inspect or write the trace first).
 */
export async function gossipRun(options: ActorSystemOptions, nodes = 6): Promise<GossipResult> {
  const sys = new ActorSystem({ keepTraceBytes: 1 << 24, ...options });
  const names = Array.from({ length: nodes }, (_, i) => `node-${i}`);
  for (const n of names) {
    await sys.spawn({ name: n, behaviour: refs.gossip, input: { peers: names } });
  }
  for (let t = 0; t < 5; t++) {
    sys.send(names[(t * 5) % nodes], "rumor", { hops: 7, value: t });
    await sys.advance(1);
  }
  await sys.advanceTo(30);
  for (const n of names) sys.send(n, "report");
  await sys.runUntilIdle();
  const outputs = sys.takeOutbox().map((o) => o.body);
  return { hash: sys.traceHash, rounds: sys.round, entries: sys.trace.count, outputs, sys };
}
