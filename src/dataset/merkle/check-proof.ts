import { readFile } from 'node:fs/promises';
import { explainExclusion } from './exclusion.js';
import { bytesToHex, isHash } from './hex.js';
import {
  PROOF_ALGORITHM,
  PROOF_FORMAT,
  type ProofDocument,
  type ProofLeaf,
} from './proof-document.js';
import type { InclusionProof } from './proof-types.js';
import { leafHash, verifyInclusion } from './verify.js';

/** What a checker trusts from elsewhere (a manifest it holds, a published root). */
export interface TrustedTree {
  /** The dataset's `merkleRoot`; without it the document's own root is used (self-consistency only). */
  readonly root?: string;
  /** The dataset's `counts.included`. */
  readonly treeSize?: number;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly kind: 'inclusion' | 'exclusion' | null;
  readonly item: string | null;
  /** True: `item` is in the dataset; false: proven absent; null: the proof failed. */
  readonly included: boolean | null;
  readonly root: string | null;
  /** `argument` when the root came from the caller, `document` when only the proof's own. */
  readonly rootSource: 'argument' | 'document';
  readonly treeSize: number | null;
  readonly errors: readonly string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseLeaf(v: unknown, where: string, errors: string[]): ProofLeaf | null {
  if (!isObj(v)) {
    errors.push(`${where}: not an object`);
    return null;
  }
  const { id, index, leafHash: lh, path } = v;
  const before = errors.length;
  if (typeof id !== 'string' || id.length === 0) errors.push(`${where}.id: not a non-empty string`);
  if (!isIndex(index)) errors.push(`${where}.index: not a non-negative integer`);
  if (!isHash(lh)) errors.push(`${where}.leafHash: not 64 lowercase hex digits`);
  if (!Array.isArray(path) || !path.every(isHash)) errors.push(`${where}.path: not a list of 64-hex-digit hashes`);
  if (errors.length > before) return null;
  const leaf = { id, index, leafHash: lh, path } as ProofLeaf;
  if (bytesToHex(leafHash(leaf.id)) !== leaf.leafHash) errors.push(`${where}.leafHash: is not SHA-256(0x00 || id)`);
  return leaf;
}

const asInclusion = (l: ProofLeaf, treeSize: number): InclusionProof => ({ ...l, treeSize });

/**
 * Checks a proof document (parsed JSON of any shape) against a trusted root and size when given.
 * Never throws; `errors` says what is wrong.
 */
export function checkProof(doc: unknown, trusted: TrustedTree = {}): CheckResult {
  const errors: string[] = [];
  const rootSource = trusted.root !== undefined ? 'argument' : 'document';
  const fail = (kind: CheckResult['kind'] = null, item: string | null = null): CheckResult => ({
    ok: false, kind, item, included: null, root: trusted.root ?? null, rootSource, treeSize: trusted.treeSize ?? null, errors,
  });
  if (!isObj(doc)) return (errors.push('not a JSON object'), fail());
  if (doc['format'] !== PROOF_FORMAT) errors.push(`format: expected "${PROOF_FORMAT}"`);
  if (doc['version'] !== 1) errors.push('version: expected 1');
  if (doc['algorithm'] !== PROOF_ALGORITHM) errors.push(`algorithm: expected "${PROOF_ALGORITHM}"`);
  const kind = doc['kind'] === 'inclusion' || doc['kind'] === 'exclusion' ? doc['kind'] : null;
  if (kind === null) errors.push('kind: expected "inclusion" or "exclusion"');
  const item = typeof doc['item'] === 'string' ? doc['item'] : null;
  if (item === null) errors.push('item: not a string');
  const ds = doc['dataset'];
  if (!isObj(ds)) return (errors.push('dataset: not an object'), fail(kind, item));
  const docRoot = ds['merkleRoot'];
  const docSize = ds['treeSize'];
  if (!isHash(docRoot)) errors.push('dataset.merkleRoot: not 64 lowercase hex digits');
  if (!isIndex(docSize)) errors.push('dataset.treeSize: not a non-negative integer');
  if (trusted.root !== undefined && !isHash(trusted.root)) errors.push('the given root is not 64 lowercase hex digits');
  if (errors.length > 0 || kind === null || item === null || !isHash(docRoot) || !isIndex(docSize)) return fail(kind, item);

  const root = trusted.root ?? docRoot;
  if (root !== docRoot) errors.push(`dataset.merkleRoot ${docRoot} is not the given root ${root}`);
  if (trusted.treeSize !== undefined && trusted.treeSize !== docSize) {
    errors.push(`dataset.treeSize ${docSize} is not the dataset's size ${trusted.treeSize}`);
  }
  const treeSize = docSize;
  let included: boolean | null = null;
  if (kind === 'inclusion') {
    const leaf = parseLeaf(doc['leaf'], 'leaf', errors);
    if (leaf !== null) {
      if (leaf.id !== item) errors.push('leaf.id is not the item');
      if (!verifyInclusion(root, leaf.id, leaf.index, treeSize, leaf.path)) errors.push('leaf: audit path does not lead to the root');
      included = true;
    }
  } else {
    const left = doc['left'] === null ? null : parseLeaf(doc['left'], 'left', errors);
    const right = doc['right'] === null ? null : parseLeaf(doc['right'], 'right', errors);
    if (errors.length === 0) {
      const why = explainExclusion(root, {
        id: item,
        treeSize,
        left: left && asInclusion(left, treeSize),
        right: right && asInclusion(right, treeSize),
      });
      if (why !== null) errors.push(why);
      included = false;
    }
  }
  const ok = errors.length === 0;
  return { ok, kind, item, included: ok ? included : null, root, rootSource, treeSize, errors };
}

/** Reads a proof file (JSON) and checks it; a file that is not JSON is a failed check, not an exception. */
export async function checkProofFile(file: string, trusted: TrustedTree = {}): Promise<CheckResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return checkProofError(`${file}: ${msg}`, trusted);
  }
  return checkProof(doc, trusted);
}

function checkProofError(message: string, trusted: TrustedTree): CheckResult {
  return {
    ok: false, kind: null, item: null, included: null, root: trusted.root ?? null,
    rootSource: trusted.root !== undefined ? 'argument' : 'document', treeSize: trusted.treeSize ?? null, errors: [message],
  };
}

export type { ProofDocument };
