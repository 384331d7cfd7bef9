import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MerkleOptions } from './builder.js';
import { checkProof, type TrustedTree } from './check-proof.js';
import { isHash } from './hex.js';
import { readIdLines, readJsonlIds, readParquetIds, type IdSink } from './id-sources.js';
import { PROOF_ALGORITHM, PROOF_FORMAT, type ProofDocument, type ProofLeaf } from './proof-document.js';
import { ProofScanner } from './proof-scanner.js';
import type { InclusionProof } from './proof-types.js';

export { checkProof, checkProofFile, type CheckResult, type TrustedTree } from './check-proof.js';

/** A file of ids in the dataset dir, in the order `prove` prefers them. */
export interface IdSource {
  readonly path: string;
  readonly format: 'lines' | 'jsonl' | 'parquet';
}

/** Optional `ids.txt` (one id a line, sorted, UTF-8; the cheapest to read), then the data file. */
export const IDS_FILE = 'ids.txt';

interface Manifest {
  readonly datasetId: string | null;
  readonly asOf: string | null;
  readonly merkleRoot: string;
  readonly included: number | null;
  readonly files: readonly string[];
}

async function readManifest(datasetDir: string): Promise<Manifest> {
  return readManifestFile(join(datasetDir, 'manifest.json'));
}

async function readManifestFile(file: string): Promise<Manifest> {
  let m: unknown;
  try {
    m = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof m !== 'object' || m === null) throw new Error(`${file}: not a JSON object`);
  const o = m as Record<string, unknown>;
  const root = o['merkleRoot'];
  if (!isHash(root)) throw new Error(`${file}: merkleRoot is not 64 lowercase hex digits`);
  const counts = o['counts'] as Record<string, unknown> | undefined;
  const included = typeof counts?.['included'] === 'number' ? counts['included'] : null;
  const files = Array.isArray(o['files'])
    ? o['files'].flatMap((f: unknown) => (typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string' ? [(f as { path: string }).path] : []))
    : [];
  return {
    datasetId: typeof o['datasetId'] === 'string' ? o['datasetId'] : null,
    asOf: typeof o['asOf'] === 'string' ? o['asOf'] : null,
    merkleRoot: root,
    included,
    files,
  };
}

/**
 * The root and size to check a proof against, from a manifest the checker holds
 * (`verify-proof --manifest FILE`): `merkleRoot` and `counts.included`.
 */
export async function trustedTreeFromManifest(manifestFile: string): Promise<TrustedTree> {
  const m = await readManifestFile(manifestFile);
  return m.included !== null ? { root: m.merkleRoot, treeSize: m.included } : { root: m.merkleRoot };
}

/** Where the dataset's ids are: `ids.txt`, else the data file the manifest lists, else data.jsonl / data.parquet. */
export function findIdSource(datasetDir: string, manifestFiles: readonly string[] = []): IdSource {
  const ids = join(datasetDir, IDS_FILE);
  if (existsSync(ids)) return { path: ids, format: 'lines' };
  const names = [...manifestFiles.filter((f) => /\.(jsonl|parquet)$/.test(f) && !f.includes('..')), 'data.jsonl', 'data.parquet'];
  for (const name of names) {
    const p = join(datasetDir, name);
    if (existsSync(p)) return { path: p, format: name.endsWith('.parquet') ? 'parquet' : 'jsonl' };
  }
  throw new Error(`${datasetDir}: no ${IDS_FILE}, data.jsonl or data.parquet`);
}

export function readIds(source: IdSource, onId: IdSink): Promise<void> {
  switch (source.format) {
    case 'lines':
      return readIdLines(source.path, onId);
    case 'jsonl':
      return readJsonlIds(source.path, onId);
    case 'parquet':
      return readParquetIds(source.path, onId);
  }
}

const leafOf = (p: InclusionProof): ProofLeaf => ({ id: p.id, index: p.index, leafHash: p.leafHash, path: p.path });

/**
 * `consentgate prove --dataset DIR --item ID`: one streaming pass over the dataset's ids giving an
 * inclusion proof when the item is in it, else an exclusion proof. The proof is checked against the
 * manifest's `merkleRoot` (and `counts.included`) before it is returned, so a data file that does not
 * match its manifest is an error, not a proof that fails later.
 */
export async function proveItem(datasetDir: string, itemId: string, options?: MerkleOptions): Promise<ProofDocument> {
  if (typeof itemId !== 'string' || itemId.length === 0) throw new Error('--item: an id is required');
  const manifest = await readManifest(datasetDir);
  const source = findIdSource(datasetDir, manifest.files);
  const scanner = new ProofScanner(itemId, options);
  await readIds(source, (buf, start, end) => scanner.addBytes(buf, start, end));
  const m = scanner.finish();
  const treeSize = m.proof.treeSize;
  const base = {
    format: PROOF_FORMAT,
    version: 1,
    algorithm: PROOF_ALGORITHM,
    item: itemId,
    dataset: { datasetId: manifest.datasetId, asOf: manifest.asOf, merkleRoot: manifest.merkleRoot, treeSize },
  } as const;
  const doc: ProofDocument =
    m.kind === 'inclusion'
      ? { ...base, kind: 'inclusion', leaf: leafOf(m.proof) }
      : {
          ...base,
          kind: 'exclusion',
          left: m.proof.left && leafOf(m.proof.left),
          right: m.proof.right && leafOf(m.proof.right),
        };
  const check = checkProof(doc, {
    root: manifest.merkleRoot,
    ...(manifest.included !== null ? { treeSize: manifest.included } : {}),
  });
  if (!check.ok) {
    throw new Error(
      `${source.path} does not match ${join(datasetDir, 'manifest.json')} (${treeSize} ids read): ${check.errors.join('; ')}`,
    );
  }
  return doc;
}
