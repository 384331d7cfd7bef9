import { batchSize, type MerkleOptions } from './builder.js';
import { defaultHasher } from './backend.js';
import { compareBytes, type MerkleHasher } from './hasher.js';
import { bytesToHex } from './hex.js';
import { LeafBatch } from './leaf-batch.js';
import { PathCollector, type CollectedPath } from './path-collector.js';
import type { ExclusionProof, InclusionProof } from './proof-types.js';

const decoder = new TextDecoder();

export type MembershipProof =
  | { readonly kind: 'inclusion'; readonly proof: InclusionProof }
  | { readonly kind: 'exclusion'; readonly proof: ExclusionProof };

/**
 * One streaming pass over the sorted ids of a dataset that yields an inclusion proof for `target`
 * when it is there, else an exclusion proof (its two neighbours). Each id is compared with the
 * target before the batch holding the previous id is hashed, so the neighbour below is always
 * known in time. Memory: one batch plus O(log² n) hashes.
 */
export class ProofScanner {
  private readonly hasher: MerkleHasher;
  private readonly batch: LeafBatch;
  private readonly hashes: Uint8Array;
  private readonly collector: PathCollector;
  private readonly target: Uint8Array;
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(512);
  /** Index of the first id >= target, once seen. */
  private found = -1;
  private equal = false;

  constructor(readonly targetId: string, options?: MerkleOptions) {
    this.hasher = options?.hasher ?? defaultHasher();
    const b = batchSize(options);
    this.batch = new LeafBatch(b);
    this.hashes = new Uint8Array(b * 32);
    this.collector = new PathCollector(this.hasher);
    this.target = this.encoder.encode(targetId);
  }

  get size(): number {
    return this.batch.start + this.batch.count;
  }

  add(id: string): void {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    const { written } = this.encoder.encodeInto(id, this.scratch);
    this.addBytes(this.scratch, 0, written);
  }

  addBytes(src: Uint8Array, start = 0, end = src.length): void {
    if (this.found < 0) {
      const c = compareBytes(src, start, end, this.target, 0, this.target.length);
      if (c >= 0) this.decide(this.size, c === 0, c === 0 ? this.targetId : decoder.decode(src.subarray(start, end)));
    }
    if (this.batch.full) this.flush();
    this.batch.addBytes(src, start, end);
  }

  finish(): MembershipProof {
    if (this.found < 0) this.decide(this.size, false, null);
    this.flush();
    const n = this.collector.size;
    const paths = this.collector.finish();
    const byIndex = new Map(paths.map((p) => [p.index, p]));
    const proofOf = (index: number, id: string): InclusionProof | null => {
      const p = byIndex.get(index);
      return p === undefined ? null : toProof(p, id, n);
    };
    if (this.equal) {
      const p = proofOf(this.found, this.targetId);
      if (p === null) throw new Error('internal: no path for the target');
      return { kind: 'inclusion', proof: p };
    }
    return {
      kind: 'exclusion',
      proof: {
        id: this.targetId,
        treeSize: n,
        left: this.found > 0 ? proofOf(this.found - 1, this.belowId) : null,
        right: this.found < n ? proofOf(this.found, this.aboveId) : null,
      },
    };
  }

  private belowId = '';
  private aboveId = '';

  /** `current` is the id at `index` (the one being added), or null past the end. */
  private decide(index: number, equal: boolean, current: string | null): void {
    this.found = index;
    this.equal = equal;
    if (current !== null) {
      this.collector.addTarget(index);
      this.aboveId = current;
    }
    if (!equal && index > 0) {
      // The id just below is still the last of the unflushed batch: flushing waits for this call.
      this.collector.addTarget(index - 1);
      this.belowId = this.batch.idAt(this.batch.count - 1);
    }
    this.collector.sealTargets();
  }

  private flush(): void {
    if (this.batch.count > 0) {
      this.batch.hash(this.hasher, this.hashes);
      this.collector.push(this.hashes, this.batch.count);
    }
    this.batch.clear();
  }
}

function toProof(p: CollectedPath, id: string, treeSize: number): InclusionProof {
  return { id, index: p.index, treeSize, leafHash: bytesToHex(p.leafHash), path: p.path.map(bytesToHex) };
}
