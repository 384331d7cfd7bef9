/** One leaf with its audit path (RFC 6962 §2.1.1), hashes as lowercase hex. */
export interface InclusionProof {
  readonly id: string;
  readonly index: number;
  readonly treeSize: number;
  /** SHA-256(0x00 || UTF-8 id), for convenience; verifiers recompute it from `id`. */
  readonly leafHash: string;
  /** Sibling hashes from the leaf up to the root. */
  readonly path: readonly string[];
}

/**
 * Proof that `id` is not a leaf: the leaves just below and just above it in byte order, adjacent
 * (indices i and i+1), each with its audit path. `left` is null when `id` sorts before every leaf,
 * `right` when after; both are null only for the empty tree.
 */
export interface ExclusionProof {
  readonly id: string;
  readonly treeSize: number;
  readonly left: InclusionProof | null;
  readonly right: InclusionProof | null;
}
