// Fuzz: seeded random and mutated blobs fed to the decoders and the runner. The only allowed
// outcomes are a ProgramDecodeError or a normal exit — no other exception, no hang.
import assert from "node:assert/strict";
import { decodeProgram } from "../../vm/program.ts";
import { ProgramDecodeError } from "../../vm/errors.ts";
import { Vm } from "../../vm/interpreter.ts";
import { decodeStandardProgram, encodeStandardProgram } from "../../vm/standard.ts";
import { parseVector } from "../../vm/conformance.ts";
import { Prng } from "../_util/prng.ts";
import { drive, randomizeMachine, randomProgram } from "../_util/random_program.ts";

const CASES = 12_000;

async function seedBlobs(): Promise<Uint8Array[]> {
  const dir = new URL("../fixtures/pvm-vectors/", import.meta.url);
  const out: Uint8Array[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.endsWith(".json")) {
      out.push(parseVector(await Deno.readTextFile(new URL(e.name, dir))).program);
    }
  }
  return out.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

/** Overwrites a few bytes after the header, keeping the length: the blob usually still decodes. */
function corrupt(rng: Prng, src: Uint8Array): Uint8Array {
  const b = Uint8Array.from(src);
  for (let i = 0, n = 1 + rng.int(6); i < n && b.length > 3; i++) {
    b[3 + rng.int(b.length - 3)] = rng.int(256);
  }
  return b;
}

/** Structural damage: flips, truncations, insertions, lying header fields, deletions. */
function mutate(rng: Prng, src: Uint8Array): Uint8Array {
  if (rng.int(2) === 0) return corrupt(rng, src);
  const b = [...src];
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    switch (rng.int(6)) {
      case 0: // flip a byte
        if (b.length > 0) b[rng.int(b.length)] ^= 1 << rng.int(8);
        break;
      case 1: // truncate
        b.length = rng.int(b.length + 1);
        break;
      case 2: // insert random bytes
        b.splice(rng.int(b.length + 1), 0, ...rng.bytes(1 + rng.int(8)));
        break;
      case 3: // lie in the header: huge or varied length prefixes
        b.splice(
          0,
          rng.int(3),
          ...rng.pick([[0xff], [0xe4, 0, 0, 0], [0x80, 0x7f], [rng.int(256)]]),
        );
        break;
      case 4: // delete a range
        b.splice(rng.int(b.length + 1), 1 + rng.int(6));
        break;
      default: // random byte anywhere
        if (b.length > 0) b[rng.int(b.length)] = rng.int(256);
    }
  }
  return Uint8Array.from(b);
}

Deno.test(`fuzz: ${CASES} random and mutated blobs only decode-fail or exit normally`, async () => {
  const seeds = await seedBlobs();
  const rng = new Prng(31337);
  const tally = { decodeError: 0, ran: 0, spiDecodeError: 0, spiRan: 0 };
  for (let i = 0; i < CASES; i++) {
    const kind = i % 4;
    const blob = kind === 0
      ? rng.bytes(rng.int(48))
      : kind === 1
      ? mutate(rng, rng.pick(seeds))
      : kind === 2
      ? mutate(rng, randomProgram(rng, 20).blob)
      : mutate(
        rng,
        encodeStandardProgram({
          roData: rng.bytes(rng.int(20)),
          rwData: rng.bytes(rng.int(20)),
          heapPages: rng.int(3),
          stackSize: rng.int(9000),
          code: randomProgram(rng, 10).blob,
        }),
      );
    try {
      if (kind === 3) {
        const std = decodeStandardProgram(blob);
        tally.spiRan++;
        const vm = new Vm(std.program, { gas: 2000n });
        randomizeMachine(vm, rng);
        drive(vm, 16);
      } else {
        const vm = new Vm(decodeProgram(blob), { gas: 2000n });
        randomizeMachine(vm, rng);
        drive(vm, 16);
        tally.ran++;
      }
    } catch (e) {
      if (!(e instanceof ProgramDecodeError)) {
        throw new Error(`case ${i}: unexpected ${e} for blob [${blob.join(",")}]`);
      }
      assert.ok(e.message.length > 0 && e.code.length > 0);
      if (kind === 3) tally.spiDecodeError++;
      else tally.decodeError++;
    }
  }
  // Both outcomes must be common, or the fuzzer is not exploring.
  assert.ok(tally.decodeError > 1000 && tally.ran > 1000, JSON.stringify(tally));
  assert.ok(tally.spiDecodeError > 100 && tally.spiRan > 100, JSON.stringify(tally));
});
