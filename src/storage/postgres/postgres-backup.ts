/**
 * Backup and restore of a PostgreSQL store as one portable file: a gzip'd text bundle of every
 * table in COPY text format, taken in one REPEATABLE READ snapshot (so the ledger, its personal
 * data and the entities agree), needing neither pg_dump nor the same PostgreSQL version.
 *
 *   {"format":"consentgate-backup","version":1,…}      header: backend, schema, head, time
 *   @table ledger seq,kind,…                             a section: its columns, then COPY lines
 *   1	consent	m1	…
 *   \.                                                   end of section (never a COPY data line)
 *   …
 *   @end {"rows":{…},"sha256":"…"}                       row counts, SHA-256 of every byte above
 *
 * The bundle holds the store's HMAC secret (without it the personal-data commitments cannot be
 * checked): keep backups as safe as the database. Erased personal data is not in a backup made
 * after the erasure; it stays in backups made before, which expire on the operator's schedule.
 *
 * Restore goes into an empty store, in one transaction: COPY every section, check the footer,
 * verify the chain and the personal data inside the transaction, then commit, or roll back and
 * leave the target as it was.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { ConsentgateError } from '../../domain/issues.js';
import type { LedgerHead } from '../../ledger/entry.js';
import { verifyLedger } from '../../ledger/verify-ledger.js';
import type { PersonalDataRow, Store } from '../store.js';
import { LATEST_VERSION } from './postgres-migrations.js';
import { CONTENT_COLUMNS, ENTRY_SELECT, GROUP_COLUMNS, LEDGER_COLUMNS, MEMBER_COLUMNS, toLedgerEntry, type PgLedgerRow } from './postgres-rows.js';
import { releaseClient, type PostgresStore } from './postgres-store.js';

const { from: copyFrom, to: copyTo } = copyStreams;

export const BACKUP_FORMAT = 'consentgate-backup';
export const BACKUP_VERSION = 1;

interface TableSpec {
  name: string;
  columns: readonly string[];
  order: string;
}

/** Tables in restore order. `ord` identities are not dumped: rows go back in `ord` order and get new ones. */
const TABLES: readonly TableSpec[] = [
  { name: 'meta', columns: ['key', 'value'], order: 'key' },
  { name: 'ledger', columns: LEDGER_COLUMNS, order: 'seq' },
  { name: 'personal_data', columns: ['seq', 'subject', 'category', 'data'], order: 'seq' },
  { name: 'erasures', columns: ['at', 'subject', 'categories', 'seqs'], order: 'at, subject' },
  { name: 'member_rows', columns: MEMBER_COLUMNS, order: 'ord' },
  { name: 'group_rows', columns: GROUP_COLUMNS, order: 'ord' },
  { name: 'content_rows', columns: CONTENT_COLUMNS, order: 'ord' },
  { name: 'datasets', columns: ['id', 'as_of', 'built_at', 'policy_id', 'policy_version', 'policy_sha256', 'ledger_seq', 'ledger_hash', 'format', 'location', 'manifest'], order: 'built_at, id' },
  { name: 'dataset_members', columns: ['dataset_id', 'member_id', 'item_ids'], order: 'dataset_id, member_id' },
];
const BY_NAME = new Map(TABLES.map((t) => [t.name, t]));

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  backend: 'postgres';
  schema: number;
  createdAt: string;
  head: LedgerHead;
}

export interface BackupSummary {
  head: LedgerHead;
  rows: Record<string, number>;
  sha256: string;
}

/** Writes the bundle (uncompressed; the caller gzips) to `out`, from one consistent snapshot. */
export async function writePostgresBackup(store: PostgresStore, out: Writable): Promise<BackupSummary> {
  const c = await store.pool.connect();
  let failure: unknown;
  const sha = createHash('sha256');
  const write = async (chunk: string | Buffer) => {
    sha.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = (await c.query<LedgerHead>('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1')).rows[0] ?? { seq: 0, hash: '0'.repeat(64) };
    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, backend: 'postgres', schema: LATEST_VERSION, createdAt: new Date().toISOString(), head };
    await write(`${JSON.stringify(header)}\n`);
    const rows: Record<string, number> = {};
    for (const t of TABLES) {
      await write(`@table ${t.name} ${t.columns.join(',')}\n`);
      const source = c.query(copyTo(`COPY (SELECT ${t.columns.join(', ')} FROM ${t.name} ORDER BY ${t.order}) TO STDOUT`));
      for await (const chunk of source as AsyncIterable<Buffer>) await write(chunk);
      rows[t.name] = source.rowCount;
      await write('\\.\n');
    }
    await c.query('COMMIT');
    const digest = sha.digest('hex');
    const footer = `@end ${JSON.stringify({ rows, sha256: digest })}\n`;
    if (!out.write(footer)) await once(out, 'drain');
    return { head, rows, sha256: digest };
  } catch (e) {
    failure = e;
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    releaseClient(c, failure);
  }
}

export interface RestoreSummary {
  head: LedgerHead;
  rows: Record<string, number>;
  entries: number;
}

const bad = (why: string): ConsentgateError => new ConsentgateError('backup-invalid', `not a valid consentgate backup: ${why}`);

/**
 * Restores a bundle (uncompressed stream) into `store`, which must be empty. All or nothing; the
 * chain and personal data are verified before the commit.
 */
export async function restorePostgresBackup(store: PostgresStore, input: AsyncIterable<Buffer>): Promise<RestoreSummary> {
  const counts = await store.counts();
  const extra = await store.pool.query<{ n: number }>('SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM erasures) + (SELECT COUNT(*) FROM personal_data) AS n');
  if (counts.entries + counts.members + counts.groups + counts.items + extra.rows[0]!.n > 0) {
    throw new ConsentgateError('restore-not-empty', `the target store ${store.location} is not empty: restore into a new, empty database`);
  }
  const c = await store.pool.connect();
  let failure: unknown;
  try {
    await c.query('BEGIN');
    // The fresh store's own secret gives way to the backup's.
    await c.query('DELETE FROM meta');
    const parsed = await loadSections(c, input);
    const secretRow = (await c.query<{ value: Buffer }>(`SELECT value FROM meta WHERE key = 'hmac-secret'`)).rows[0];
    if (!secretRow) throw bad('it holds no HMAC secret');
    const check = await verifyLedger(inTransaction(c, secretRow.value));
    if (!check.ok) throw new ConsentgateError('restore-unverified', `nothing restored: the backup's ledger fails verification, first bad seq: ${check.firstBadSeq} (${check.why})`);
    if (check.head.seq !== parsed.header.head.seq || check.head.hash !== parsed.header.head.hash) {
      throw new ConsentgateError('restore-unverified', `nothing restored: the backup's ledger ends at seq ${check.head.seq}, its header says ${parsed.header.head.seq}`);
    }
    await c.query('COMMIT');
    return { head: check.head, rows: parsed.rows, entries: check.entries };
  } catch (e) {
    failure = e;
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    releaseClient(c, failure);
  }
}

/** Splits the stream into lines (bytes) and feeds each section to a COPY; checks header and footer. */
async function loadSections(c: pg.ClientBase, input: AsyncIterable<Buffer>): Promise<{ header: BackupHeader; rows: Record<string, number> }> {
  const sha: Hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let footer: { rows: Record<string, number>; sha256: string } | undefined;
  let section: { spec: TableSpec; sink: Writable & { rowCount: number }; pending: Buffer[]; size: number } | undefined;
  const rows: Record<string, number> = {};
  const seen = new Set<string>();
  let rest: Buffer = Buffer.alloc(0);

  const flush = async () => {
    if (!section || section.size === 0) return;
    const chunk = Buffer.concat(section.pending);
    section.pending = [];
    section.size = 0;
    if (!section.sink.write(chunk)) await once(section.sink, 'drain');
  };
  const endSection = async () => {
    if (!section) return;
    await flush();
    const sink = section.sink;
    const done = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve);
      sink.on('error', reject);
    });
    sink.end();
    await done;
    rows[section.spec.name] = sink.rowCount;
    section = undefined;
  };
  const onLine = async (line: Buffer) => {
    if (footer) throw bad('data after its end line');
    if (section) {
      sha.update(line).update('\n');
      if (line.length === 2 && line[0] === 0x5c && line[1] === 0x2e) {
        await endSection();
        return;
      }
      section.pending.push(line, NL);
      section.size += line.length + 1;
      if (section.size >= 1 << 18) await flush();
      return;
    }
    const text = line.toString('utf8');
    if (header === undefined) {
      let h: BackupHeader;
      try {
        h = JSON.parse(text) as BackupHeader;
      } catch {
        throw bad('its first line is not a backup header');
      }
      if (h.format !== BACKUP_FORMAT) throw bad('its first line is not a consentgate backup header');
      if (h.version !== BACKUP_VERSION) throw bad(`format version ${h.version} (this consentgate reads ${BACKUP_VERSION})`);
      if (h.schema > LATEST_VERSION) throw bad(`schema ${h.schema} is newer than this consentgate (${LATEST_VERSION}); upgrade first`);
      header = h;
      sha.update(line).update('\n');
      return;
    }
    if (text.startsWith('@end ')) {
      footer = JSON.parse(text.slice(5)) as { rows: Record<string, number>; sha256: string };
      return;
    }
    const m = /^@table ([a-z_]+) ([a-z0-9_,]+)$/.exec(text);
    if (!m) throw bad(`unexpected line: ${text.slice(0, 60)}`);
    const spec = BY_NAME.get(m[1]!);
    if (!spec || seen.has(spec.name)) throw bad(`unknown or repeated table ${m[1]}`);
    const columns = m[2]!.split(',');
    if (columns.some((col) => !spec.columns.includes(col))) throw bad(`unknown columns in table ${spec.name}`);
    seen.add(spec.name);
    sha.update(line).update('\n');
    const sink = c.query(copyFrom(`COPY ${spec.name} (${columns.join(', ')}) FROM STDIN`));
    section = { spec, sink, pending: [], size: 0 };
  };

  for await (const chunk of input) {
    let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      await onLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    rest = Buffer.from(buf.subarray(start));
    buf = Buffer.alloc(0);
  }
  if (rest.length > 0) throw bad('it ends in the middle of a line (truncated?)');
  if (section) throw bad(`it ends inside table ${section.spec.name} (truncated?)`);
  if (!header) throw bad('it is empty');
  if (!footer) throw bad('it has no end line (truncated?)');
  if (footer.sha256 !== sha.digest('hex')) throw bad('its checksum does not match its contents');
  for (const [name, n] of Object.entries(footer.rows)) if (rows[name] !== n) throw bad(`table ${name} has ${rows[name] ?? 0} rows, its end line says ${n}`);
  return { header, rows };
}

const NL = Buffer.from('\n');

/** The part of `Store` that `verifyLedger` reads, over one client inside its transaction. */
function inTransaction(c: pg.ClientBase, secret: Buffer): Store {
  let n = 0;
  async function* cursor<R>(sql: string): AsyncIterable<R> {
    const name = `cg_restore_${n++}`;
    await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
    try {
      for (;;) {
        const r = await c.query(`FETCH 10000 FROM ${name}`);
        if (r.rows.length === 0) break;
        yield* r.rows as R[];
      }
    } finally {
      await c.query(`CLOSE ${name}`).catch(() => undefined);
    }
  }
  const reader = {
    secret,
    async *entries() {
      for await (const r of cursor<PgLedgerRow>(`SELECT ${ENTRY_SELECT} FROM ledger ORDER BY seq`)) yield toLedgerEntry(r);
    },
    async *personalData() {
      for await (const r of cursor<{ seq: number; subject: string; category: PersonalDataRow['category']; data: string }>('SELECT seq, subject, category, data FROM personal_data ORDER BY seq')) {
        yield { seq: r.seq, subject: r.subject, category: r.category, data: JSON.parse(r.data) as Record<string, unknown> };
      }
    },
  };
  return reader as unknown as Store;
}
