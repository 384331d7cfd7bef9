import { MerkleAccumulator } from './accumulator.js';
import { defaultHasher } from './backend.js';
import type { MerkleHasher } from './hasher.js';
import { bytesToHex } from './hex.js';
import { LeafBatch } from './leaf-batch.js';

export interface MerkleOptions {
  /** Hashing backend; default: native when built, else pure JS. */
  readonly hasher?: MerkleHasher;
  /** Leaves hashed per backend call; a power of two (default 2^16). */
  readonly batchLeaves?: number;
}

export const DEFAULT_BATCH_LEAVES = 1 << 16;

export function batchSize(options: MerkleOptions | undefined): number {
  const b = options?.batchLeaves ?? DEFAULT_BATCH_LEAVES;
  if (!Number.isInteger(b) || b < 1 || (b & (b - 1)) !== 0 || b > 1 << 24) {
    throw new RangeError(`batchLeaves must be a power of two up to 2^24, got ${b}`);
  }
  return b;
}

/**
 * Streaming Merkle Tree Hash over ids in sorted order. Memory is bounded by one batch (2^16 ids and
 * their 2 MB of leaf hashes) plus one hash per binary digit of the count: 10 million ids do not need
 * 320 MB of leaf hashes. Throws MerkleOrderError when ids are not strictly increasing bytewise.
 */
export class MerkleBuilder {
  private readonly hasher: MerkleHasher;
  private readonly batch: LeafBatch;
  private readonly acc: MerkleAccumulator;
  private readonly leafHashes: Uint8Array;

  constructor(options?: MerkleOptions) {
    this.hasher = options?.hasher ?? defaultHasher();
    const b = batchSize(options);
    this.batch = new LeafBatch(b);
    this.acc = new MerkleAccumulator(this.hasher);
    this.leafHashes = new Uint8Array(b * 32);
  }

  /** Number of ids added. */
  get size(): number {
    return this.acc.size + this.batch.count;
  }

  add(id: string): void {
    this.batch.addString(id);
    if (this.batch.full) this.flush();
  }

  /** An id given as its UTF-8 bytes `src[start .. end)` (e.g. a slice of a file buffer). */
  addBytes(src: Uint8Array, start = 0, end = src.length): void {
    this.batch.addBytes(src, start, end);
    if (this.batch.full) this.flush();
  }

  addMany(ids: Iterable<string>): void {
    for (const id of ids) this.add(id);
  }

  /** Ids as UTF-8 lines, LF-separated (a trailing LF is optional; empty lines are skipped). */
  addLines(buf: Uint8Array): void {
    let start = 0;
    for (let nl = buf.indexOf(0x0a); ; nl = buf.indexOf(0x0a, start)) {
      const end = nl < 0 ? buf.length : nl;
      if (end > start) this.addBytes(buf, start, end);
      if (nl < 0) return;
      start = nl + 1;
    }
  }

  /** The root so far (32 bytes). The builder can go on taking ids afterwards. */
  root(): Uint8Array {
    if (this.batch.count === 0) return this.acc.root();
    const acc = this.acc.clone();
    this.batch.hash(this.hasher, this.leafHashes);
    acc.pushLeafHashes(this.leafHashes, 0, this.batch.count);
    return acc.root();
  }

  rootHex(): string {
    return bytesToHex(this.root());
  }

  private flush(): void {
    this.batch.hash(this.hasher, this.leafHashes);
    this.acc.pushLeafHashes(this.leafHashes, 0, this.batch.count);
    this.batch.clear();
  }
}

/** `merkleRoot` of spec §6: RFC 6962 MTH over the ids (already sorted bytewise), lowercase hex. */
export function merkleRoot(sortedIds: Iterable<string>, options?: MerkleOptions): string {
  const b = new MerkleBuilder(options);
  b.addMany(sortedIds);
  return b.rootHex();
}
