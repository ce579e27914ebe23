/**
 * A persistent (immutable, structurally shared) Merkle map: a 16-ary hash-array-mapped trie over
 * fixed-length byte keys. Every update returns a new map that shares all untouched nodes with the
 * old one, so keeping the state before an event (rollback) costs nothing, and a node's hash is
 * computed once and cached, so after k updates the root is found by rehashing only the O(k·depth)
 * nodes on their paths.
 *
 * The trie's shape depends only on the set of keys (a subtree holding one key is always a leaf,
 * placed where its key prefix first becomes unique), so the root hash is independent of the order
 * of insertions and deletions. Keys are read nibble by nibble from byte 0, low nibble first — so
 * little-endian integer ids spread evenly, like hashes do.
 *
 * Hashes (ENCODING.md §Merkle map):
 * - leaf   = H(0x80 ‖ key ‖ valueBytes)
 * - branch = H(0x81 ‖ u16 bitmap ‖ hashes of the children in nibble order)
 * - empty map root = 32 zero bytes; a one-entry map's root is its leaf hash.
 *
 * @example
 * ```ts
 * import { PMap } from "./pmap.ts";
 * const m0 = PMap.empty<number>(1, (v) => new Uint8Array([v]));
 * const m1 = m0.set(new Uint8Array([7]), 42);
 * m1.get(new Uint8Array([7])); // 42
 * m0.size; // 0 (unchanged)
 * m1.root().length; // 32
 * ```
 * @module
 */

import { invariant } from "./errors.ts";
import { hash, TAG, ZERO_HASH } from "./hash.ts";

class Leaf<V> {
  hash: Uint8Array | null = null;
  constructor(readonly key: Uint8Array, readonly value: V) {}
}

class Branch<V> {
  hash: Uint8Array | null = null;
  constructor(
    readonly bitmap: number,
    readonly children: readonly Node<V>[],
    readonly size: number,
  ) {}
}

type Node<V> = Leaf<V> | Branch<V>;

function nibble(key: Uint8Array, depth: number): number {
  const b = key[depth >>> 1];
  return (depth & 1) === 0 ? b & 15 : b >>> 4;
}

function sizeOf<V>(n: Node<V>): number {
  return n instanceof Leaf ? 1 : n.size;
}

function keysEqual(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function popBelow(bitmap: number, bit: number): number {
  let x = bitmap & ((1 << bit) - 1);
  let c = 0;
  while (x !== 0) {
    x &= x - 1;
    c++;
  }
  return c;
}

function pair<V>(a: Leaf<V>, b: Leaf<V>, depth: number): Branch<V> {
  const na = nibble(a.key, depth);
  const nb = nibble(b.key, depth);
  if (na === nb) return new Branch(1 << na, [pair(a, b, depth + 1)], 2);
  return na < nb
    ? new Branch((1 << na) | (1 << nb), [a, b], 2)
    : new Branch((1 << na) | (1 << nb), [b, a], 2);
}

/** A persistent Merkle map from fixed-length byte keys to values of type `V`. */
export class PMap<V> {
  readonly #root: Node<V> | null;
  readonly #keyLength: number;
  readonly #encode: (v: V) => Uint8Array;

  private constructor(root: Node<V> | null, keyLength: number, encode: (v: V) => Uint8Array) {
    this.#root = root;
    this.#keyLength = keyLength;
    this.#encode = encode;
  }

  /**
   * An empty map for keys of `keyLength` bytes; `encode` gives the bytes of a value that its
   * leaf hash commits to.
   *
   * @example
   * ```ts
   * PMap.empty<bigint>(8, (v) => new Uint8Array(8)).size; // 0
   * ```
   */
  static empty<V>(keyLength: number, encode: (v: V) => Uint8Array): PMap<V> {
    invariant(Number.isInteger(keyLength) && keyLength > 0 && keyLength <= 64, "key length");
    return new PMap<V>(null, keyLength, encode);
  }

  /** Number of entries. */
  get size(): number {
    return this.#root === null ? 0 : sizeOf(this.#root);
  }

  /** Key length in bytes. */
  get keyLength(): number {
    return this.#keyLength;
  }

  #checkKey(key: Uint8Array): void {
    invariant(
      key.length === this.#keyLength,
      `map key of ${key.length} bytes, expected ${this.#keyLength}`,
    );
  }

  /** The value at `key`, or undefined. */
  get(key: Uint8Array): V | undefined {
    this.#checkKey(key);
    let node = this.#root;
    let depth = 0;
    while (node !== null) {
      if (node instanceof Leaf) return keysEqual(node.key, key) ? node.value : undefined;
      const bit = nibble(key, depth);
      if ((node.bitmap & (1 << bit)) === 0) return undefined;
      node = node.children[popBelow(node.bitmap, bit)];
      depth++;
    }
    return undefined;
  }

  /** Whether `key` is present. */
  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  /** A new map with `key` set to `value` (this map is unchanged). */
  set(key: Uint8Array, value: V): PMap<V> {
    this.#checkKey(key);
    const k = key.slice();
    const leaf = new Leaf(k, value);
    return new PMap(this.#set(this.#root, leaf, 0), this.#keyLength, this.#encode);
  }

  #set(node: Node<V> | null, leaf: Leaf<V>, depth: number): Node<V> {
    if (node === null) return leaf;
    if (node instanceof Leaf) {
      if (keysEqual(node.key, leaf.key)) return leaf;
      return pair(node, leaf, depth);
    }
    const bit = nibble(leaf.key, depth);
    const i = popBelow(node.bitmap, bit);
    const children = node.children.slice();
    if ((node.bitmap & (1 << bit)) === 0) {
      children.splice(i, 0, leaf);
      return new Branch(node.bitmap | (1 << bit), children, node.size + 1);
    }
    const old = children[i];
    const next = this.#set(old, leaf, depth + 1);
    children[i] = next;
    return new Branch(node.bitmap, children, node.size - sizeOf(old) + sizeOf(next));
  }

  /** A new map without `key` (this map unchanged; the same map back when `key` is absent). */
  delete(key: Uint8Array): PMap<V> {
    this.#checkKey(key);
    const next = this.#delete(this.#root, key, 0);
    return next === this.#root ? this : new PMap(next, this.#keyLength, this.#encode);
  }

  #delete(node: Node<V> | null, key: Uint8Array, depth: number): Node<V> | null {
    if (node === null) return null;
    if (node instanceof Leaf) return keysEqual(node.key, key) ? null : node;
    const bit = nibble(key, depth);
    if ((node.bitmap & (1 << bit)) === 0) return node;
    const i = popBelow(node.bitmap, bit);
    const old = node.children[i];
    const next = this.#delete(old, key, depth + 1);
    if (next === old) return node;
    const children = node.children.slice();
    let bitmap = node.bitmap;
    if (next === null) {
      children.splice(i, 1);
      bitmap &= ~(1 << bit);
    } else {
      children[i] = next;
    }
    // Canonical shape: a subtree holding a single key is that key's leaf.
    if (children.length === 0) return null;
    if (children.length === 1 && children[0] instanceof Leaf) return children[0];
    return new Branch(bitmap, children, node.size - 1);
  }

  /** The Merkle root (cached per node: only nodes changed since the last call are hashed). */
  root(): Uint8Array {
    return this.#root === null ? ZERO_HASH : this.#hash(this.#root);
  }

  #hash(node: Node<V>): Uint8Array {
    if (node.hash !== null) return node.hash;
    let buf: Uint8Array;
    if (node instanceof Leaf) {
      const value = this.#encode(node.value);
      buf = new Uint8Array(1 + node.key.length + value.length);
      buf[0] = TAG.MAP_LEAF;
      buf.set(node.key, 1);
      buf.set(value, 1 + node.key.length);
    } else {
      const n = node.children.length;
      buf = new Uint8Array(3 + 32 * n);
      buf[0] = TAG.MAP_BRANCH;
      buf[1] = node.bitmap & 0xff;
      buf[2] = node.bitmap >>> 8;
      for (let i = 0; i < n; i++) buf.set(this.#hash(node.children[i]), 3 + 32 * i);
    }
    const h = hash(buf);
    node.hash = h;
    return h;
  }

  /** Every entry, in trie order (by key nibbles, low nibble of byte 0 first). */
  *entries(): IterableIterator<[Uint8Array, V]> {
    if (this.#root === null) return;
    const stack: Node<V>[] = [this.#root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n instanceof Leaf) {
        yield [n.key, n.value];
        continue;
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }

  /** Depth statistics: the deepest leaf and the number of branch nodes (for benchmarks). */
  shape(): { maxDepth: number; branches: number } {
    let maxDepth = 0;
    let branches = 0;
    const walk = (n: Node<V>, d: number): void => {
      if (n instanceof Leaf) {
        if (d > maxDepth) maxDepth = d;
        return;
      }
      branches++;
      for (const c of n.children) walk(c, d + 1);
    };
    if (this.#root !== null) walk(this.#root, 0);
    return { maxDepth, branches };
  }
}
