/**
 * @module `manifest.json` (spec §6): what went into a dataset and how to check it. Everything but
 * `datasetId` and `build` is a function of the inputs, the policy and the moment, so two builds of
 * the same state give the same manifest apart from those two keys. Keys are written in a fixed order.
 */
import { REASONS, type Reason } from '../../decision/reasons.js';
import type { LedgerHead } from '../../ledger/entry.js';
import { ENTITIES, type Entity, type Policy } from '../../policy/policy.js';

export const MANIFEST_FORMAT = 'consentgate-dataset/1';

export interface DatasetCounts {
  considered: number;
  included: number;
  excluded: Record<Reason, number>;
}

export interface ManifestFile {
  path: string;
  sha256: string;
  rows: number;
  bytes: number;
}

export interface ContentProvenance {
  source: 'store' | 'lake';
  /** Content rows read (every version of every item). */
  rows: number;
  /** Lake files read, sorted (lake only). */
  files?: string[];
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  datasetId: string;
  asOf: string;
  policy: { id: string; version: number; sha256: string; purpose: string };
  ledger: LedgerHead;
  counts: DatasetCounts;
  redactions: Record<Entity, number>;
  transforms: { mentions: number; objections: number };
  /** What the text steps were: the policy's entities, and whether transforms ran at all. */
  redaction: { enabled: boolean; entities: Entity[]; objectionsInForce: number };
  merkleRoot: string;
  files: ManifestFile[];
  rows: { columns: ['id', 'kind', 'createdAt', 'text']; order: 'id, bytewise (UTF-8)' };
  content: ContentProvenance;
  build: { tool: string; builtAt: string; seconds: number; stages: Record<string, number> };
}

export function zeroExcluded(): Record<Reason, number> {
  return Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<Reason, number>;
}

/** Every entity with its count, in the order of spec §5, zero where not applied. */
export function redactionCounts(counts: Partial<Record<Entity, number>>): Record<Entity, number> {
  return Object.fromEntries(ENTITIES.map((e) => [e, counts[e] ?? 0])) as Record<Entity, number>;
}

export interface ManifestInput {
  datasetId: string;
  asOf: string;
  policy: Policy;
  ledger: LedgerHead;
  counts: DatasetCounts;
  redactions: Partial<Record<Entity, number>>;
  transforms: { mentions: number; objections: number };
  redactionEnabled: boolean;
  objectionsInForce: number;
  merkleRoot: string;
  files: ManifestFile[];
  content: ContentProvenance;
  build: Manifest['build'];
}

export function buildManifest(m: ManifestInput): Manifest {
  const excluded = zeroExcluded();
  for (const r of REASONS) excluded[r] = m.counts.excluded[r] ?? 0;
  return {
    format: MANIFEST_FORMAT,
    datasetId: m.datasetId,
    asOf: m.asOf,
    policy: { id: m.policy.id, version: m.policy.version, sha256: m.policy.sha256, purpose: m.policy.purpose },
    ledger: { seq: m.ledger.seq, hash: m.ledger.hash },
    counts: { considered: m.counts.considered, included: m.counts.included, excluded },
    redactions: redactionCounts(m.redactions),
    transforms: { mentions: m.transforms.mentions, objections: m.transforms.objections },
    redaction: { enabled: m.redactionEnabled, entities: ENTITIES.filter((e) => m.policy.redact.has(e)), objectionsInForce: m.objectionsInForce },
    merkleRoot: m.merkleRoot,
    files: m.files.map((f) => ({ path: f.path, sha256: f.sha256, rows: f.rows, bytes: f.bytes })),
    rows: { columns: ['id', 'kind', 'createdAt', 'text'], order: 'id, bytewise (UTF-8)' },
    content: m.content,
    build: m.build,
  };
}

/** The manifest's checks that need nothing but itself: counts add up, every reason present. */
export function manifestProblems(m: Manifest): string[] {
  const out: string[] = [];
  const sum = REASONS.reduce((s, r) => s + (m.counts.excluded[r] ?? NaN), 0);
  if (m.counts.included + sum !== m.counts.considered) out.push(`considered ${m.counts.considered} is not included ${m.counts.included} + excluded ${sum}`);
  const data = m.files.find((f) => f.path.startsWith('data.'));
  if (data && data.rows !== m.counts.included) out.push(`the data file has ${data.rows} rows, not ${m.counts.included}`);
  return out;
}
