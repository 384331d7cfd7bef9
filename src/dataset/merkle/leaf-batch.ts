import { compareBytes, type MerkleHasher } from './hasher.js';
import { MerkleOrderError } from './order-error.js';

const decoder = new TextDecoder();

/**
 * Ids gathered as UTF-8 bytes plus offsets, so one backend call hashes a whole batch of leaves.
 * Also checks, across batches, that ids are strictly increasing bytewise.
 */
export class LeafBatch {
  count = 0;
  /** Index of the first id of this batch in the whole stream. */
  start = 0;
  private data = new Uint8Array(1 << 20);
  private readonly offsets: Uint32Array;
  private used = 0;
  private last: Uint8Array | null = null;

  constructor(readonly capacity: number) {
    this.offsets = new Uint32Array(capacity + 1);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends one id, UTF-8 encoded. ASCII (every spec id) takes a fast path without Buffer.write. */
  addString(id: string): void {
    const len = id.length;
    this.reserve(len * 3);
    const d = this.data;
    let p = this.used;
    let i = 0;
    for (; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c > 0x7f) break;
      d[p + i] = c;
    }
    if (i === len) p += len;
    else p += Buffer.from(d.buffer, d.byteOffset, d.byteLength).write(id, p, 'utf8');
    this.offsets[this.count] = this.used;
    this.used = p;
    this.count++;
  }

  addBytes(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    if (end - start > 64) this.data.set(src.subarray(start, end), this.used);
    else for (let i = start, p = this.used, d = this.data; i < end; i++, p++) d[p] = src[i]!; // no subarray allocation for short ids
    this.offsets[this.count] = this.used;
    this.used += end - start;
    this.count++;
  }

  /** Leaf hashes of the batch into `out` (32 bytes each); throws MerkleOrderError on bad order. */
  hash(hasher: MerkleHasher, out: Uint8Array): void {
    if (this.count === 0) return;
    this.offsets[this.count] = this.used;
    const bad = hasher.hashLeaves(this.data, this.offsets, this.count, out);
    if (bad >= 0) throw new MerkleOrderError(this.start + bad, this.idAt(bad - 1), this.idAt(bad));
    if (this.last !== null) {
      const last = this.last;
      const c = compareBytes(last, 0, last.length, this.data, 0, this.offsets[1]!);
      if (c >= 0) throw new MerkleOrderError(this.start, decoder.decode(last), this.idAt(0));
    }
  }

  /** Starts the next batch, remembering the last id for the order check. */
  clear(): void {
    if (this.count > 0) this.last = this.data.slice(this.offsets[this.count - 1]!, this.used);
    this.start += this.count;
    this.count = 0;
    this.used = 0;
  }

  idAt(i: number): string {
    const end = i + 1 < this.count ? this.offsets[i + 1]! : this.used;
    return decoder.decode(this.data.subarray(this.offsets[i]!, end));
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.data.length) return;
    const next = new Uint8Array(Math.max(this.data.length * 2, this.used + extra));
    next.set(this.data.subarray(0, this.used));
    this.data = next;
  }
}
