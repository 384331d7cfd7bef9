/**
 * @module Test support: a small generated platform (the `generate` command's files) imported into a
 * store, and the reference answers a build must match: `decide` per item and `transformText` per
 * included text, both computed one item at a time from the store, the slow and obvious way.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decide, type Decision } from '../../decision/decide.js';
import { standingOf } from '../../decision/standing.js';
import type { Millis } from '../../domain/time.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import { generatePlatform } from '../../generate/generate-platform.js';
import { importFiles, type ImportFiles } from '../../import/import-files.js';
import type { Policy } from '../../policy/policy.js';
import { compileObjections, transformText } from '../../redact/index.js';
import { loadDecisionFacts } from '../../storage/decision-facts.js';
import type { Store } from '../../storage/store.js';

export const FIXTURE_FILES = ['members', 'groups', 'content', 'consent', 'notices', 'objections'] as const;

/** Generates the platform into `dir` (once) and returns its files. */
export async function platformFiles(dir: string, members = 40, items = 400, seed = 7): Promise<ImportFiles> {
  const files = Object.fromEntries(FIXTURE_FILES.map((k) => [k, join(dir, `${k}.jsonl`)])) as Required<ImportFiles>;
  if (!existsSync(files.content)) {
    mkdirSync(dir, { recursive: true });
    await generatePlatform({ out: dir, members, items, seed, progress: false });
  }
  return files;
}

export async function importPlatform(store: Store, files: ImportFiles): Promise<void> {
  await importFiles(store, files);
}

/** Every item's decision as of `asOf` (items not yet created left out), the reference way. */
export async function referenceDecisions(store: Store, policy: Policy, asOf: Millis): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  const ids = new Set<string>();
  for await (const batch of store.contentRows()) for (const c of batch) ids.add(c.id);
  for (const id of ids) {
    const facts = await loadDecisionFacts(store, id);
    if (facts === undefined) continue;
    const row = rowAsOf(facts.item, asOf);
    if (row === undefined || row.createdAt > asOf) continue;
    out.set(id, decide(facts, policy, asOf));
  }
  return out;
}

/** The text an included item must have (spec §4 "Text of an included item"), the reference way. */
export async function referenceTexts(store: Store, policy: Policy, asOf: Millis, ids: Iterable<string>): Promise<Map<string, string>> {
  const suppressor = compileObjections((await store.objections(asOf)).flatMap((o) => (o.identifiers ? [o.identifiers] : [])));
  const hidden = new Map<string, boolean>();
  const isHiddenNow = async (id: string): Promise<boolean> => {
    const rows = await store.memberRows(id);
    if (rows.length === 0) return true;
    const ledger = await store.subjectLedger(id);
    return standingOf({ member: rows, events: ledger.events, notices: ledger.notices }, policy, asOf).mask !== 0;
  };
  const out = new Map<string, string>();
  for (const id of ids) {
    const row = rowAsOf(await store.itemRows(id), asOf)!;
    for (const m of row.text.matchAll(/\(member:([A-Za-z0-9._:-]+)\)/g)) {
      if (!hidden.has(m[1]!)) hidden.set(m[1]!, await isHiddenNow(m[1]!));
    }
    out.set(id, transformText(row.text, { isHidden: (m) => hidden.get(m) ?? true, suppressor, entities: policy.redact }).text);
  }
  return out;
}
