import { createHash } from 'node:crypto';
import { firstUnordered, LEAF_PREFIX, NODE_PREFIX, type MerkleHasher } from './hasher.js';

/**
 * One `node:crypto` hash per message: the obvious implementation, kept as an independent
 * cross-check in tests and as a baseline in the benchmark (it is the slowest).
 */
export function createNodeCryptoHasher(): MerkleHasher {
  const leafPrefix = new Uint8Array([LEAF_PREFIX]);
  const nodePrefix = new Uint8Array([NODE_PREFIX]);
  return {
    name: 'node-crypto',
    hashLeaves(data, offsets, count, out) {
      for (let i = 0; i < count; i++) {
        const h = createHash('sha256').update(leafPrefix).update(data.subarray(offsets[i]!, offsets[i + 1]!)).digest();
        out.set(h, i * 32);
      }
      return firstUnordered(data, offsets, count);
    },
    hashNodes(nodes, pairs, out) {
      for (let i = 0; i < pairs; i++) {
        const h = createHash('sha256').update(nodePrefix).update(nodes.subarray(i * 64, i * 64 + 64)).digest();
        out.set(h, i * 32);
      }
    },
    sha256(data) {
      return new Uint8Array(createHash('sha256').update(data).digest());
    },
  };
}
