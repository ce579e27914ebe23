// Model-based tests over every registered machine, driven by xstate/graph traversal:
// every state reachable, every defined transition taken at least once, every other event
// refused with INVALID_STATE, and every shortest path replayed on a live xstate actor.

import assert from "node:assert/strict";
import { type AnyStateMachine, createActor, transition } from "xstate";
import { getAdjacencyMap, getShortestPaths } from "xstate/graph";
import { machineGraph, MACHINES, stateName, stepMachine } from "../../machines/mod.ts";

type Snap = { value: unknown; context: unknown; status: string; can(e: unknown): boolean };

function explore(entry: (typeof MACHINES)[number]) {
  const adjacency = getAdjacencyMap(entry.machine as AnyStateMachine, {
    events: entry.sampleEvents as never,
    input: entry.input as never,
    serializeState: (s) => entry.stateKey(s as Snap),
  });
  return Object.values(adjacency).map((v) => v.state as unknown as Snap);
}

for (const entry of MACHINES) {
  Deno.test(`${entry.name}: every state is reachable`, () => {
    const graph = machineGraph(entry.machine);
    const reached = new Set(explore(entry).map((s) => stateName(s)));
    assert.deepEqual([...reached].sort(), graph.states.map((s) => s.key).sort());
  });

  Deno.test(`${entry.name}: every transition is taken, every other event is refused`, () => {
    const graph = machineGraph(entry.machine);
    const triple = (from: string, event: string, to: string) => `${from} -${event}-> ${to}`;
    const defined = graph.edges.map((e) => triple(e.from, e.event, e.to));
    assert.equal(new Set(defined).size, defined.length, "definition triples are unique");
    const handles = new Set(graph.edges.map((e) => `${e.from}/${e.event}`));
    const taken = new Set<string>();
    let refusedByState = 0;
    let refusedByGuard = 0;
    for (const snapshot of explore(entry)) {
      const from = stateName(snapshot);
      for (const event of entry.sampleEvents) {
        const r = stepMachine(entry.machine, snapshot as never, event as never);
        if (snapshot.can(event)) {
          assert.equal(r.outcome, "OK");
          const [next] = transition(entry.machine, snapshot as never, event as never);
          assert.deepEqual((r.snapshot as Snap).value, (next as Snap).value);
          taken.add(triple(from, event.type, stateName(r.snapshot as Snap)));
        } else {
          assert.equal(r.outcome, "INVALID_STATE", `${from} must refuse ${event.type}`);
          assert.equal(r.snapshot, snapshot, "a refused event leaves the snapshot unchanged");
          if (handles.has(`${from}/${event.type}`)) refusedByGuard++;
          else refusedByState++;
        }
      }
    }
    assert.deepEqual([...taken].sort(), [...defined].sort());
    assert.ok(refusedByState > 0, "some events are invalid in some state");
    if (graph.edges.some((e) => e.guard !== null)) {
      assert.ok(refusedByGuard > 0, "some guarded event was refused by its guard");
    }
  });

  Deno.test(`${entry.name}: shortest paths replay on a live actor`, () => {
    const paths = getShortestPaths(entry.machine as AnyStateMachine, {
      events: entry.sampleEvents as never,
      input: entry.input as never,
      serializeState: (s) => entry.stateKey(s as Snap),
    });
    const ends = new Set<string>();
    for (const path of paths) {
      const actor = createActor(entry.machine, { input: entry.input as never }).start();
      for (const step of path.steps) {
        actor.send(step.event);
        const live = actor.getSnapshot() as Snap;
        const model = step.state as unknown as Snap;
        // States are keyed by value plus the context guards read (counters collapse), so
        // compare what the key covers.
        assert.equal(entry.stateKey(live), entry.stateKey(model));
      }
      ends.add(stateName(path.state as unknown as Snap));
      actor.stop();
    }
    assert.equal(ends.size, machineGraph(entry.machine).states.length);
  });
}
