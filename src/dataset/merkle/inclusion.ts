import { defaultHasher } from './backend.js';
import { batchSize, type MerkleOptions } from './builder.js';
import { bytesToHex } from './hex.js';
import { LeafBatch } from './leaf-batch.js';
import { PathCollector } from './path-collector.js';
import type { InclusionProof } from './proof-types.js';

/**
 * The audit path (RFC 6962 §2.1.1) of leaf `index` in the tree over `sortedIds`, in one pass
 * (an array or any iterable of ids in order; `treeSize` is what was iterated).
 */
export function inclusionProof(sortedIds: Iterable<string>, index: number, options?: MerkleOptions): InclusionProof {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`bad leaf index ${index}`);
  const hasher = options?.hasher ?? defaultHasher();
  const b = batchSize(options);
  const batch = new LeafBatch(b);
  const hashes = new Uint8Array(b * 32);
  const collector = new PathCollector(hasher);
  collector.addTarget(index);
  collector.sealTargets();
  let id: string | undefined;
  const flush = (): void => {
    batch.hash(hasher, hashes);
    collector.push(hashes, batch.count);
    batch.clear();
  };
  let i = 0;
  for (const s of sortedIds) {
    if (i === index) id = s;
    batch.addString(s);
    if (batch.full) flush();
    i++;
  }
  flush();
  const [p] = collector.finish();
  if (p === undefined || id === undefined) throw new RangeError(`leaf index ${index} out of range for ${i} leaves`);
  return { id, index, treeSize: i, leafHash: bytesToHex(p.leafHash), path: p.path.map(bytesToHex) };
}
