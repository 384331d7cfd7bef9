import { firstUnordered, LEAF_PREFIX, NODE_PREFIX, type MerkleHasher } from './hasher.js';
import { JsSha256 } from './sha256-js.js';

/** Pure-JS backend: the fallback that always works (about 3× faster than `crypto.hash` per message). */
export function createJsHasher(): MerkleHasher {
  const sha = new JsSha256();
  return {
    name: 'js',
    hashLeaves(data, offsets, count, out) {
      for (let i = 0; i < count; i++) sha.digestInto(LEAF_PREFIX, data, offsets[i]!, offsets[i + 1]!, out, i * 32);
      return firstUnordered(data, offsets, count);
    },
    hashNodes(nodes, pairs, out) {
      // Left to right is safe in place: output i lands at 32i, behind input i (64i) which is already read.
      for (let i = 0; i < pairs; i++) sha.digestInto(NODE_PREFIX, nodes, i * 64, i * 64 + 64, out, i * 32);
    },
    sha256(data) {
      const out = new Uint8Array(32);
      sha.digestInto(-1, data, 0, data.length, out, 0);
      return out;
    },
  };
}
