/**
 * The batch hashing interface behind every Merkle computation. Work is handed over a level (or a
 * batch of leaves) at a time, so a native or WASM backend pays its call overhead once per batch,
 * not once per hash.
 */
export interface MerkleHasher {
  /** `native` (N-API + OpenSSL), `js` (pure JS, always available) or `node-crypto` (one `crypto.hash` per message). */
  readonly name: string;
  /**
   * Leaf hashes SHA-256(0x00 || id) for `count` ids stored in `data` at `offsets[i] .. offsets[i+1]`,
   * written to `out` at `32 * i`. Returns -1 when the ids are strictly increasing bytewise, else the
   * first index i >= 1 with id[i] <= id[i-1] (the check is free while the bytes are at hand).
   */
  hashLeaves(data: Uint8Array, offsets: Uint32Array, count: number, out: Uint8Array): number;
  /**
   * One tree level: `out[32i .. 32i+32) = SHA-256(0x01 || nodes[64i .. 64i+64))` for i < pairs.
   * `out` may be `nodes` itself (hashing in place).
   */
  hashNodes(nodes: Uint8Array, pairs: number, out: Uint8Array): void;
  /** Plain SHA-256 of `data` (the empty tree's root). */
  sha256(data: Uint8Array): Uint8Array;
}

export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;
export const HASH_BYTES = 32;

/** Bytewise comparison of two ranges (the order of UTF-8 encoded ids). */
export function compareBytes(
  a: Uint8Array, aStart: number, aEnd: number,
  b: Uint8Array, bStart: number, bEnd: number,
): number {
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

/** The shared order check of `hashLeaves`, for backends that hash in JS. */
export function firstUnordered(data: Uint8Array, offsets: Uint32Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const c = compareBytes(data, offsets[i - 1]!, offsets[i]!, data, offsets[i]!, offsets[i + 1]!);
    if (c >= 0) return i;
  }
  return -1;
}
