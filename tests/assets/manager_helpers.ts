/**
 * Helpers for asset-manager tests: managers over in-memory packs, and backends that are slow or
 * broken on purpose.
 * @module
 */

import {
  type AssetEntry,
  AssetManager,
  type AssetManagerOptions,
  InProcessBackend,
  type LoaderBackend,
  type LoadOutcome,
  packBytes,
  PackReader,
  type PreloadEntry,
} from "../../assets/mod.ts";
import { sampleInputs } from "./sample_pack.ts";

/** A booted manager over the sample pack (with `preload`) and an in-process backend. */
export async function sampleManager(
  options: AssetManagerOptions = {},
  preload: PreloadEntry[] = [],
  bytes: Uint8Array = packBytes(sampleInputs(), preload),
): Promise<AssetManager> {
  const reader = await PackReader.openBytes(bytes);
  return await AssetManager.boot(reader.header, new InProcessBackend(reader), options);
}

/** Wraps a backend and delays every outcome by a pseudo-random number of real milliseconds. */
export class SlowBackend implements LoaderBackend {
  #n = 0;
  /** @param inner the real backend @param seed varies the delays */
  constructor(private inner: LoaderBackend, private seed: number) {}
  get available() {
    return this.inner.available;
  }
  start(job: number, entry: AssetEntry) {
    this.inner.start(job, entry);
  }
  async result(job: number): Promise<LoadOutcome> {
    const outcome = await this.inner.result(job);
    const ms = ((this.seed * 7919 + this.#n++ * 104729) % 13) + 1;
    await new Promise((r) => setTimeout(r, ms));
    return outcome;
  }
  discard(job: number) {
    this.inner.discard(job);
  }
  close() {
    return this.inner.close();
  }
}

/** A backend that is down: every job fails, `available` is false after `close`. */
export class BrokenBackend implements LoaderBackend {
  available = true;
  start() {}
  result(): Promise<LoadOutcome> {
    return Promise.resolve({ ok: false, code: "READ_FAILED", message: "disk unplugged" });
  }
  discard() {}
  close() {
    this.available = false;
    return Promise.resolve();
  }
}
