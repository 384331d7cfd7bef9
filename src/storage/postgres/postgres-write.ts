/** Ledger writes shared by appends and import sessions. */
import type pg from 'pg';
import type { SealedWrite } from '../../ledger/seal.js';
import { copyRows } from './postgres-copy.js';
import { entryValues, LEDGER_COLUMNS, type PgValue } from './postgres-rows.js';

/** Above this many entries a write goes through COPY rather than one INSERT … unnest. */
const COPY_THRESHOLD = 256;

/** Writes sealed entries and their personal data: one INSERT for a few, COPY for many. */
export async function writeSealed(c: pg.ClientBase, sealed: readonly SealedWrite[]): Promise<void> {
  if (sealed.length === 0) return;
  const ledger = sealed.map((w) => entryValues(w.entry, w.key));
  const pd = sealed.flatMap((w) => (w.personalData ? [[w.entry.seq, w.entry.subject, w.personalData.category, JSON.stringify(w.personalData.data)] as PgValue[]] : []));
  if (sealed.length >= COPY_THRESHOLD) {
    await copyRows(c, 'ledger', LEDGER_COLUMNS, ledger);
    if (pd.length > 0) await copyRows(c, 'personal_data', ['seq', 'subject', 'category', 'data'], pd);
    return;
  }
  // Both tables in one statement (one round trip): columns as arrays, unnested.
  const col = (rows: PgValue[][], i: number) => rows.map((r) => r[i] ?? null);
  const ledgerTypes = ['bigint', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];
  const params: unknown[] = ledgerTypes.map((_, i) => col(ledger, i));
  const ledgerSql = `INSERT INTO ledger (${LEDGER_COLUMNS.join(', ')}) SELECT * FROM unnest(${ledgerTypes.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  if (pd.length === 0) {
    await c.query(ledgerSql, params);
    return;
  }
  const n = params.length;
  params.push(col(pd, 0), col(pd, 1), col(pd, 2), col(pd, 3));
  await c.query(`WITH l AS (${ledgerSql}) INSERT INTO personal_data (seq, subject, category, data) SELECT * FROM unnest($${n + 1}::bigint[], $${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[])`, params);
}

