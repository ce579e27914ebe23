/**
 * kernel/ed25519.ts (a kernel fix for issue 8): Ed25519 with deterministic blinding gives the
 * same public keys and signatures as noble's own instance, and — unlike it — runs inside an
 * actor Worker, where crypto.getRandomValues is forbidden.
 */
import assert from "node:assert/strict";
import { ed25519 as reference } from "@noble/curves/ed25519.js";
import { ActorSystem, behaviourRef } from "../../actors/mod.ts";
import { ed25519 } from "../../kernel/ed25519.ts";
import { decodeBlock, encodeBlock, signBlock, verifyBlockSignature } from "../../kernel/block.ts";
import { deriveValidatorKeys } from "../../kernel/validators.ts";
import { hash } from "../../kernel/hash.ts";

Deno.test("ed25519: keys and signatures equal noble's reference instance byte for byte", () => {
  for (let i = 0; i < 40; i++) {
    const secret = hash(new Uint8Array([i, 7, 7]));
    const msg = hash(new Uint8Array([i]));
    assert.deepEqual(ed25519.getPublicKey(secret), reference.getPublicKey(secret));
    const sig = ed25519.sign(msg, secret);
    assert.deepEqual(sig, reference.sign(msg, secret));
    assert.ok(reference.verify(sig, msg, reference.getPublicKey(secret)));
    const bad = sig.slice();
    bad[5] ^= 1;
    assert.equal(ed25519.verify(bad, msg, ed25519.getPublicKey(secret)), false);
  }
});

Deno.test("ed25519: signBlock and deriveValidatorKeys run inside an actor Worker", async () => {
  const sys = new ActorSystem({ seed: 1n, mode: "workers" });
  try {
    await sys.spawn({
      name: "signer",
      behaviour: behaviourRef("tests/sign", new URL("./fixtures/sign_actor.ts", import.meta.url)),
    });
    sys.send("signer", "sign", { seed: 9n });
    await sys.runUntilIdle();
    const [out] = sys.takeOutbox().filter((o) => o.type === "signed");
    assert.ok(out, "the Worker signed (no NONDETERMINISTIC_API crash)");
    const body = out.body as { publicKey: Uint8Array; block: Uint8Array };
    const keys = deriveValidatorKeys(9n, 2);
    assert.deepEqual(body.publicKey, keys[1].publicKey);
    const here = signBlock({ parent: new Uint8Array(32), slot: 1, events: [] }, keys[1]);
    assert.deepEqual(body.block, encodeBlock(here));
    assert.ok(verifyBlockSignature(decodeBlock(body.block)));
  } finally {
    await sys.shutdown();
  }
});
