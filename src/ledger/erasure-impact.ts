/** What an erasure takes away, said before it happens (spec §2, §6 `erase`). */
import type { PersonalDataRow, Store } from '../storage/store.js';

export interface ErasureImpact {
  rows: number;
  evidence: number;
  identifiers: number;
  lines: string[];
}

export async function erasureImpact(store: Store, subject: string, categories: readonly PersonalDataRow['category'][]): Promise<ErasureImpact> {
  const ledger = await store.subjectLedger(subject);
  const rows = (await store.personalDataOf(ledger.events.map((e) => e.seq))).filter((r) => categories.includes(r.category));
  const evidence = rows.filter((r) => r.category === 'evidence').length;
  const identifiers = rows.filter((r) => r.category === 'identifiers');
  const lines: string[] = [];
  if (rows.length === 0) lines.push(`No personal data of ${subject} is kept: nothing to erase.`);
  else {
    lines.push(`Erasing the personal data of ${subject}:`);
    if (evidence > 0) lines.push(`- the evidence of ${evidence} consent event(s) (user agent, truncated IP, URL, language) is deleted; the events themselves stay in the ledger and still decide, and the chain still verifies, but the evidence can no longer be shown to anyone.`);
    for (const r of identifiers) {
      const d = r.data as { name?: string; emails?: string[]; handles?: string[] };
      const what = [d.name ? 'a name' : '', d.emails?.length ? `${d.emails.length} email(s)` : '', d.handles?.length ? `${d.handles.length} handle(s)` : ''].filter(Boolean).join(', ');
      lines.push(`- the identifiers of objection seq ${r.seq} (${what || 'links only'}) are deleted: from the next build on, others' posts that mention this person by them are NO LONGER REDACTED. The objection's deny still excludes the subject's own items.`);
    }
  }
  return { rows: rows.length, evidence, identifiers: identifiers.length, lines };
}
