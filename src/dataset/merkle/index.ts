/** RFC 6962 Merkle trees over dataset ids: roots, inclusion and exclusion proofs, `prove`. */
export { MerkleBuilder, merkleRoot, DEFAULT_BATCH_LEAVES, type MerkleOptions } from './builder.js';
export { inclusionProof } from './inclusion.js';
export { exclusionProof, membershipProof, verifyExclusion, explainExclusion } from './exclusion.js';
export { ProofScanner, type MembershipProof } from './proof-scanner.js';
export { verifyInclusion, rootFromInclusionPath, leafHash, EMPTY_ROOT } from './verify.js';
export type { InclusionProof, ExclusionProof } from './proof-types.js';
export { MerkleOrderError } from './order-error.js';
export { defaultHasher, getHasher, type HasherName } from './backend.js';
export type { MerkleHasher } from './hasher.js';
export { MerkleAccumulator } from './accumulator.js';
export { proveItem, trustedTreeFromManifest, findIdSource, readIds, IDS_FILE, type IdSource } from './prove-command.js';
export { checkProof, checkProofFile, type CheckResult, type TrustedTree } from './check-proof.js';
export type {
  ProofDocument, InclusionProofDocument, ExclusionProofDocument, ProofLeaf,
} from './proof-document.js';
export { PROOF_FORMAT, PROOF_ALGORITHM } from './proof-document.js';
