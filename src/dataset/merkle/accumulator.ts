import { HASH_BYTES, type MerkleHasher } from './hasher.js';

/** Shared by all accumulators (JS is single-threaded and pushLeafHashes does not re-enter). */
let scratch = new Uint8Array(0);

/** A complete subtree of 2^height leaves, aligned on a multiple of its size. */
export interface PerfectSubtree {
  readonly height: number;
  readonly hash: Uint8Array;
}

/**
 * The RFC 6962 tree over leaf hashes, streamed in O(log n) memory. MTH splits at k, the largest power
 * of two below n, so the tree of n leaves is the perfect subtrees of n's binary digits, largest first,
 * folded from the right: MTH = H(P1, H(P2, … H(Pm-1, Pm))). We keep those perfect subtrees like a
 * binary counter, merging two of equal height as soon as they exist; a batch of leaves that starts
 * on a multiple of its size is reduced a whole level per backend call.
 */
export class MerkleAccumulator {
  private stack: PerfectSubtree[] = [];
  private count = 0;
  private readonly pair = new Uint8Array(64);

  constructor(private readonly hasher: MerkleHasher) {}

  get size(): number {
    return this.count;
  }

  /** Appends `count` leaf hashes stored at `src[32*start ..]`; `src` is not modified. */
  pushLeafHashes(src: Uint8Array, start: number, count: number): void {
    if (count <= 0) return;
    const bytes = count * HASH_BYTES;
    if (scratch.length < bytes) scratch = new Uint8Array(bytes);
    const s = scratch;
    s.set(src.subarray(start * HASH_BYTES, start * HASH_BYTES + bytes));
    let pos = 0;
    while (pos < count) {
      // The largest power of two that fits what is left and keeps the chunk aligned on its size.
      let height = 0;
      while (pos + 2 ** (height + 1) <= count && this.count % 2 ** (height + 1) === 0) height++;
      const size = 2 ** height;
      const view = s.subarray(pos * HASH_BYTES, (pos + size) * HASH_BYTES);
      for (let n = size; n > 1; n /= 2) this.hasher.hashNodes(view, n / 2, view);
      this.pushPerfect(view.slice(0, HASH_BYTES), height, size);
      pos += size;
    }
  }

  /** The perfect subtrees so far, left to right (heights strictly decreasing: the binary digits of size). */
  perfectSubtrees(): readonly PerfectSubtree[] {
    return this.stack.slice();
  }

  clone(): MerkleAccumulator {
    const c = new MerkleAccumulator(this.hasher);
    c.stack = this.stack.slice();
    c.count = this.count;
    return c;
  }

  /** MTH of the leaves so far; SHA-256 of nothing for none. Does not change the accumulator. */
  root(): Uint8Array {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return this.hasher.sha256(new Uint8Array(0));
    let r = top.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = this.node(this.stack[i]!.hash, r);
    return r;
  }

  /** SHA-256(0x01 || left || right). */
  node(left: Uint8Array, right: Uint8Array): Uint8Array {
    const p = this.pair;
    p.set(left, 0);
    p.set(right, 32);
    const out = new Uint8Array(HASH_BYTES);
    this.hasher.hashNodes(p, 1, out);
    return out;
  }

  private pushPerfect(hash: Uint8Array, height: number, size: number): void {
    let h = hash;
    let ht = height;
    for (let top = this.stack[this.stack.length - 1]; top !== undefined && top.height === ht; top = this.stack[this.stack.length - 1]) {
      h = this.node(top.hash, h);
      ht++;
      this.stack.pop();
    }
    this.stack.push({ height: ht, hash: h });
    this.count += size;
  }
}
