/** Ledger writes shared by appends and import sessions. */
import type pg from 'pg';
import type { SealedWrite } from '../../ledger/seal.js';
import { copyText } from './postgres-copy.js';
import { sealedCopyText } from './postgres-ledger-copy.js';
import { entryValues, LEDGER_COLUMNS, type PgValue } from './postgres-rows.js';

export { sealedCopyText };

/** Above this many entries a write goes through COPY rather than one INSERT … unnest. */
const COPY_THRESHOLD = 256;

/**
 * The end of an append's transaction in one round trip: the rows and `COMMIT` in one simple query.
 * Values are written as literals, escaped by `pg` (strings through `escapeLiteral`, numbers checked
 * to be integers), so no value is ever SQL. Fewer round trips while the ledger lock is held means
 * more appends a second for every writer.
 */
export async function insertAndCommit(c: pg.ClientBase, sealed: readonly SealedWrite[]): Promise<void> {
  const lit = (v: PgValue): string => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
      return String(v);
    }
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    return c.escapeLiteral(v);
  };
  const rows = (values: PgValue[][]) => values.map((r) => `(${r.map(lit).join(',')})`).join(',');
  const ledger = sealed.map((w) => entryValues(w.entry, w.key));
  const pd = sealed.flatMap((w) => (w.personalData ? [[w.entry.seq, w.entry.subject, w.personalData.category, JSON.stringify(w.personalData.data)] as PgValue[]] : []));
  let sql = `INSERT INTO ledger (${LEDGER_COLUMNS.join(', ')}) VALUES ${rows(ledger)};`;
  if (pd.length > 0) sql += ` INSERT INTO personal_data (seq, subject, category, data) VALUES ${rows(pd)};`;
  await c.query(`${sql} COMMIT`);
}

const PD_COLUMNS = ['seq', 'subject', 'category', 'data'] as const;

/** Writes sealed entries and their personal data: one INSERT for a few, COPY for many. */
export async function writeSealed(c: pg.ClientBase, sealed: readonly SealedWrite[]): Promise<void> {
  if (sealed.length === 0) return;
  if (sealed.length >= COPY_THRESHOLD) {
    const text = sealedCopyText(sealed);
    await writeCopyText(c, text.ledger, text.personalData);
    return;
  }
  const ledger = sealed.map((w) => entryValues(w.entry, w.key));
  const pd = sealed.flatMap((w) => (w.personalData ? [[w.entry.seq, w.entry.subject, w.personalData.category, JSON.stringify(w.personalData.data)] as PgValue[]] : []));
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


/** Writes ledger rows and personal-data rows already in COPY text (see `postgres-ledger-copy.ts`). */
export async function writeCopyText(c: pg.ClientBase, ledger: string | Uint8Array, personalData: string | Uint8Array): Promise<void> {
  if (ledger.length > 0) await copyText(c, 'ledger', LEDGER_COLUMNS, ledger);
  if (personalData.length > 0) await copyText(c, 'personal_data', PD_COLUMNS, personalData);
}
