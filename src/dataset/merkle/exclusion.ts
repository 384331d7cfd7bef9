import type { MerkleOptions } from './builder.js';
import { EMPTY_ROOT, verifyInclusion } from './verify.js';
import { ProofScanner, type MembershipProof } from './proof-scanner.js';
import type { ExclusionProof, InclusionProof } from './proof-types.js';

/** Inclusion proof when `id` is among `sortedIds`, else an exclusion proof; one pass. */
export function membershipProof(sortedIds: Iterable<string>, id: string, options?: MerkleOptions): MembershipProof {
  const s = new ProofScanner(id, options);
  for (const x of sortedIds) s.add(x);
  return s.finish();
}

/** Proof that `id` is not among `sortedIds`; throws when it is (there is no such proof). */
export function exclusionProof(sortedIds: Iterable<string>, id: string, options?: MerkleOptions): ExclusionProof {
  const m = membershipProof(sortedIds, id, options);
  if (m.kind === 'inclusion') throw new Error(`${JSON.stringify(id)} is in the tree (index ${m.proof.index}): it cannot be excluded`);
  return m.proof;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Why an exclusion proof fails against `root`, or null when it holds. */
export function explainExclusion(root: string, proof: ExclusionProof): string | null {
  const { id, treeSize, left, right } = proof;
  if (typeof id !== 'string') return 'id is not a string';
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) return 'bad treeSize';
  if (treeSize === 0) {
    if (left !== null || right !== null) return 'an empty tree has no neighbours';
    return root === EMPTY_ROOT ? null : 'root is not the empty tree (SHA-256 of nothing)';
  }
  if (left === null && right === null) return 'a non-empty tree needs at least one neighbour';
  const check = (side: string, p: InclusionProof): string | null => {
    if (p.treeSize !== treeSize) return `${side}: treeSize differs`;
    if (!verifyInclusion(root, p.id, p.index, treeSize, p.path)) return `${side}: inclusion proof does not verify`;
    return null;
  };
  if (left !== null) {
    const e = check('left', left);
    if (e) return e;
    if (Buffer.compare(utf8(left.id), utf8(id)) >= 0) return 'left neighbour does not sort below the id';
  }
  if (right !== null) {
    const e = check('right', right);
    if (e) return e;
    if (Buffer.compare(utf8(id), utf8(right.id)) >= 0) return 'right neighbour does not sort above the id';
  }
  // Adjacency: nothing can sit between the neighbours, nor before the first or after the last leaf.
  if (left !== null && right !== null && right.index !== left.index + 1) return 'neighbours are not adjacent leaves';
  if (left === null && right !== null && right.index !== 0) return 'right neighbour is not the first leaf';
  if (right === null && left !== null && left.index !== treeSize - 1) return 'left neighbour is not the last leaf';
  return null;
}

/**
 * True when the proof shows `proof.id` is not a leaf of the tree with `root`. This rests on the
 * builder's guarantee that leaves are unique and sorted by UTF-8 bytes (anyone holding the data
 * file can check that order; `merkleRoot`'s builder refuses unsorted input).
 */
export function verifyExclusion(root: string, proof: ExclusionProof): boolean {
  return explainExclusion(root, proof) === null;
}
