/**
 * @module The dataset card, `README.md`: YAML front matter as dataset hubs read it (Hugging Face's
 * `pretty_name`, `license`, `task_categories`, `size_categories`, `configs`, `dataset_info`), then
 * prose for people: what the corpus is, the policy and moment it obeys, the counts, what was
 * redacted and how to check it. The licence is left for the operator to set.
 */
import { stringify } from 'yaml';
import { REASONS, REASON_TEXT } from '../../decision/reasons.js';
import { PURPOSE_TITLES, type Purpose } from '../../domain/purpose.js';
import type { Manifest } from './manifest.js';

const TASKS: Record<Purpose, string[]> = {
  'train-ai': ['text-generation'],
  'train-genai': ['text-generation'],
  'train-personalization': ['text-classification', 'text-retrieval'],
  'share-affiliates-ads': [],
};

function sizeCategory(n: number): string {
  const bands: [number, string][] = [[1e3, 'n<1K'], [1e4, '1K<n<10K'], [1e5, '10K<n<100K'], [1e6, '100K<n<1M'], [1e7, '1M<n<10M'], [1e8, '10M<n<100M'], [1e9, '100M<n<1B']];
  for (const [limit, label] of bands) if (n < limit) return label;
  return 'n>1B';
}

export function datasetCard(m: Manifest, format: 'jsonl' | 'parquet'): string {
  const data = m.files.find((f) => f.path.startsWith('data.'));
  const purpose = m.policy.purpose as Purpose;
  const front = {
    pretty_name: `${m.policy.id} v${m.policy.version} corpus as of ${m.asOf}`,
    license: 'other',
    license_name: 'set-by-the-operator',
    task_categories: TASKS[purpose] ?? [],
    size_categories: [sizeCategory(m.counts.included)],
    tags: ['consentgate', 'consent-gated', ...(m.redaction.enabled ? ['pii-redacted'] : ['not-redacted'])],
    configs: [{ config_name: 'default', data_files: [{ split: 'train', path: data?.path ?? `data.${format}` }] }],
    dataset_info: {
      features: [
        { name: 'id', dtype: 'string' },
        { name: 'kind', dtype: 'string' },
        { name: 'createdAt', dtype: 'string' },
        { name: 'text', dtype: 'string' },
      ],
      splits: [{ name: 'train', num_examples: m.counts.included, ...(data ? { num_bytes: data.bytes } : {}) }],
    },
    consentgate: {
      datasetId: m.datasetId,
      asOf: m.asOf,
      policy: m.policy,
      ledger: m.ledger,
      merkleRoot: m.merkleRoot,
      counts: m.counts,
      redactions: m.redactions,
      transforms: m.transforms,
    },
  };
  const excluded = REASONS.filter((r) => m.counts.excluded[r] > 0);
  const lines = [
    '---',
    '# license: set the licence under which you share this corpus (left to the operator on purpose).',
    stringify(front, { lineWidth: 0 }).trimEnd(),
    '---',
    '',
    `# ${front.pretty_name}`,
    '',
    `Training text for **${PURPOSE_TITLES[purpose] ?? purpose}** (\`${purpose}\`), built by consentgate from the platform's`,
    `members' content as it stood at **${m.asOf}**, under policy \`${m.policy.id}\` version ${m.policy.version}`,
    `(sha256 \`${m.policy.sha256}\`) and the consent ledger up to seq ${m.ledger.seq} (head \`${m.ledger.hash}\`).`,
    '',
    ...(m.redaction.enabled ? [] : ['> **Not redacted.** This build ran with `--no-redaction` (a benchmark setting): mentions,', '> objections and personal data were left in the text. Do not train on it.', '']),
    '## What is in it',
    '',
    `${m.counts.included} of ${m.counts.considered} items existing at that moment (${(m.counts.considered === 0 ? 0 : (100 * m.counts.included) / m.counts.considered).toFixed(1)}%), one row each:`,
    '`id`, `kind`, `createdAt` (UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`) and `text`, sorted by `id` (bytewise).',
    '',
    '| excluded because | items |',
    '|---|---:|',
    ...(excluded.length === 0 ? ['| (nothing excluded) | 0 |'] : excluded.map((r) => `| \`${r}\`: ${REASON_TEXT[r]} | ${m.counts.excluded[r]} |`)),
    '',
    'Each item counts once, under the first reason that applies (spec §4 precedence).',
    '',
    '## What was changed in the text',
    '',
    `- mentions of people who may not be named replaced by \`[PERSON]\`: ${m.transforms.mentions}`,
    `- identifiers of objections in force (emails, names, handles) replaced: ${m.transforms.objections} (${m.redaction.objectionsInForce} objections)`,
    `- personal data redacted (${m.redaction.entities.length > 0 ? m.redaction.entities.join(', ') : 'none asked by the policy'}): ${Object.entries(m.redactions).map(([e, n]) => `${e} ${n}`).join(', ')}`,
    '',
    '## How to check it',
    '',
    `- \`manifest.json\` lists every file with its SHA-256; \`merkleRoot\` (\`${m.merkleRoot}\`) is the RFC 6962 Merkle`,
    '  tree hash over the included ids (`ids.txt`).',
    '- `consentgate prove --dataset DIR --item ID` gives an inclusion or exclusion proof for one item;',
    '  `consentgate verify-proof --proof FILE --root ROOT` checks it with nothing but SHA-256.',
    '- The store records this build (lineage): which members\' items it holds, for opt-outs, erasure and access requests.',
    '',
    '## Licence',
    '',
    'Not set by consentgate: the operator states under which terms this corpus may be used.',
    '',
  ];
  return lines.join('\n');
}
