import { MerkleAccumulator, type PerfectSubtree } from './accumulator.js';
import type { MerkleHasher } from './hasher.js';

/** What the collector found for one target leaf. */
export interface CollectedPath {
  readonly index: number;
  readonly leafHash: Uint8Array;
  /** Audit path, bottom-up, exactly as RFC 6962 §2.1.1 PATH(m, D[n]). */
  readonly path: Uint8Array[];
}

interface Target {
  readonly index: number;
  leafHash?: Uint8Array;
  /** Perfect subtrees left of the leaf: the left siblings, one per 1-bit of the index. */
  left?: readonly PerfectSubtree[];
  /** Level j (index bit j = 0) → the tree over the right sibling range at that level. */
  readonly right: Map<number, MerkleAccumulator>;
}

/**
 * Audit paths for a few leaves in one streaming pass, without knowing the tree size in advance.
 * Read level by level, the RFC tree pairs node i with i^1 and lifts an unpaired last node unchanged
 * (the same tree as MTH's split at k). So at level j the leaf m meets node i = m >> j:
 *   i odd  → its left sibling, a perfect subtree that is on the accumulator's stack when m arrives;
 *   i even → its right sibling, the tree over leaves [(i+1)·2^j, (i+2)·2^j) ∩ [0, n), if not empty.
 * Those right ranges are disjoint, so each later leaf feeds at most one accumulator per target
 * (and neighbours share theirs above the level where they meet).
 */
export class PathCollector {
  private readonly acc: MerkleAccumulator;
  private readonly targets: Target[] = [];
  /** Right-sibling trees by level and first leaf, shared: neighbours i and i+1 have the same ones above their meeting point. */
  private readonly ranges = new Map<string, MerkleAccumulator>();
  /** Targets not yet reached by the stream; while any remain the main accumulator is kept. */
  private pending = 0;
  /** Whether addTarget may still be called; until sealed the main accumulator is kept too. */
  private sealed = false;

  /** Leaves pushed so far. */
  private streamed = 0;

  constructor(private readonly hasher: MerkleHasher) {
    this.acc = new MerkleAccumulator(hasher);
  }

  get size(): number {
    return this.streamed;
  }

  /** Asks for the path of leaf `index`; it must not have been pushed yet. */
  addTarget(index: number): void {
    if (!Number.isSafeInteger(index) || index < this.streamed) {
      throw new RangeError(`target ${index} already streamed (at ${this.streamed})`);
    }
    if (this.sealed) throw new Error('targets are sealed');
    if (this.targets.some((t) => t.index === index)) return;
    this.targets.push({ index, right: new Map() });
    this.pending++;
  }

  /** No more targets will be added: the left part of the tree need no longer be tracked. */
  sealTargets(): void {
    this.sealed = true;
  }

  /** The next `count` leaf hashes, at `hashes[32*i]`. */
  push(hashes: Uint8Array, count: number): void {
    const start = this.streamed;
    const end = start + count;
    for (const t of this.targets) {
      if (t.left === undefined && t.index >= start && t.index < end) {
        const before = this.acc.clone();
        before.pushLeafHashes(hashes, 0, t.index - start);
        t.left = before.perfectSubtrees();
        t.leafHash = hashes.slice((t.index - start) * 32, (t.index - start + 1) * 32);
        this.pending--;
      }
      if (t.left !== undefined) this.feedRight(t, hashes, start, end);
    }
    if (this.pending > 0 || !this.sealed) this.acc.pushLeafHashes(hashes, 0, count);
    this.streamed = end;
  }

  /** Paths for the targets that exist (index < size), in the order they were asked for. */
  finish(): CollectedPath[] {
    const n = this.streamed;
    const out: CollectedPath[] = [];
    for (const t of this.targets) {
      if (t.left === undefined || t.leafHash === undefined) continue; // beyond the end of the tree
      const leftByHeight = new Map(t.left.map((s) => [s.height, s.hash]));
      const path: Uint8Array[] = [];
      for (let j = 0; ; j++) {
        const width = 2 ** j;
        const nodes = Math.ceil(n / width);
        if (nodes <= 1) break;
        const i = Math.floor(t.index / width);
        if (i % 2 === 1) {
          const h = leftByHeight.get(j);
          if (h === undefined) throw new Error(`internal: no left sibling at level ${j}`);
          path.push(h);
        } else if (i + 1 < nodes) {
          const acc = t.right.get(j);
          if (acc === undefined) throw new Error(`internal: no right sibling at level ${j}`);
          path.push(acc.root());
        }
      }
      out.push({ index: t.index, leafHash: t.leafHash, path });
    }
    return out;
  }

  /** Routes leaves [start, end) after the target into its right-sibling ranges. */
  private feedRight(t: Target, hashes: Uint8Array, start: number, end: number): void {
    for (let j = 0; ; j++) {
      const width = 2 ** j;
      const i = Math.floor(t.index / width);
      if (i % 2 === 1) continue;
      const lo = (i + 1) * width;
      if (lo >= end) break; // higher ranges start even later
      const hi = lo + width;
      const a = Math.max(lo, start);
      const b = Math.min(hi, end);
      if (a >= b) continue;
      let acc = t.right.get(j);
      if (acc === undefined) {
        const key = `${j}:${lo}`;
        acc = this.ranges.get(key) ?? new MerkleAccumulator(this.hasher);
        this.ranges.set(key, acc);
        t.right.set(j, acc);
      }
      // A shared range may already have taken this batch through another target.
      const from = Math.max(a, lo + acc.size);
      if (from < b) acc.pushLeafHashes(hashes, from - start, b - from);
    }
  }
}
