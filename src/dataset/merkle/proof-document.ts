/**
 * The JSON that `consentgate prove` prints and `verify-proof` checks. Self-contained: with the
 * manifest's `merkleRoot` (and `counts.included` for the size) anyone can check it with SHA-256 alone
 * (docs/proofs.md).
 */
export const PROOF_FORMAT = 'consentgate-merkle-proof';
export const PROOF_ALGORITHM = 'rfc6962-sha256';

/** A leaf and its audit path; the tree size is the document's. */
export interface ProofLeaf {
  readonly id: string;
  readonly index: number;
  /** SHA-256(0x00 || UTF-8 id), lowercase hex (a convenience; checkers recompute it). */
  readonly leafHash: string;
  /** Sibling hashes, leaf level first (RFC 6962 §2.1.1 PATH order). */
  readonly path: readonly string[];
}

interface ProofDocumentBase {
  readonly format: typeof PROOF_FORMAT;
  readonly version: 1;
  /** Leaf = SHA-256(0x00 || UTF-8 id), node = SHA-256(0x01 || left || right), RFC 6962 §2.1 shape. */
  readonly algorithm: typeof PROOF_ALGORITHM;
  /** The id asked about. */
  readonly item: string;
  readonly dataset: {
    readonly datasetId: string | null;
    readonly asOf: string | null;
    readonly merkleRoot: string;
    /** Number of leaves (= the manifest's `counts.included`). */
    readonly treeSize: number;
  };
}

export interface InclusionProofDocument extends ProofDocumentBase {
  readonly kind: 'inclusion';
  readonly leaf: ProofLeaf;
}

/** `left`: the greatest id below `item`; `right`: the least above; null past either end. */
export interface ExclusionProofDocument extends ProofDocumentBase {
  readonly kind: 'exclusion';
  readonly left: ProofLeaf | null;
  readonly right: ProofLeaf | null;
}

export type ProofDocument = InclusionProofDocument | ExclusionProofDocument;
