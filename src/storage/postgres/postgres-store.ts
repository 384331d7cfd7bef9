/**
 * The production store: PostgreSQL through `pg`, for many API processes writing to one ledger.
 *
 * Ledger writes serialise on a transaction-scoped advisory lock (`LEDGER_LOCK`): a writer begins,
 * takes the lock, reads the head, seals (`sealEntries`), inserts and commits; the lock is released
 * only after the commit is visible, so the next writer reads the new head. Within a process,
 * concurrent appends share one transaction (`GroupCommit`), so one WAL flush acknowledges many.
 * `synchronous_commit` is forced on for every session: an append settles after its commit record
 * is flushed to disk. Imports write through COPY in one transaction holding the same lock.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ContentItem, Group, Member } from '../../domain/entities.js';
import { ConsentgateError } from '../../domain/issues.js';
import type { Millis } from '../../domain/time.js';
import { EMPTY_HEAD, type ConsentEntry, type LedgerEntry, type LedgerHead } from '../../ledger/entry.js';
import { entryKey, sealEntries, unsealedBody, type UnsealedEntry } from '../../ledger/seal.js';
import { unreadableLedger } from '../../ledger/verify-ledger.js';
import { logger } from '../../ops/logger.js';
import { recordLedgerCommit, tallyEntries } from '../../ops/metrics.js';
import { GroupCommit } from '../group-commit.js';
import { splitLedger } from '../sqlite/sqlite-store.js';
import type { DatasetRecord, DecisionFactsBatch, ImportSession, MemberItems, ObjectionRecord, PersonalDataRow, Store, SubjectLedger } from '../store.js';
import { copyOut, copyRows } from './postgres-copy.js';
import { CsvFile } from './csv-file.js';
import { ledgerFacts, memberFacts } from './postgres-scans.js';
import type { LedgerFacts } from '../sqlite/sqlite-scans.js';
import type { MemberFacts } from '../../decision/standing.js';
import { LEDGER_INDEXES, LEDGER_LOCK, migrate, type MigrationResult } from './postgres-migrations.js';
import {
  datasetValues, ENTRY_SELECT, toDataset, toGroup, toItem, toLedgerEntry, toMember,
  type ContentRow, type DatasetRow, type GroupRow, type MemberRow, type PgLedgerRow, type PgValue,
} from './postgres-rows.js';
import { IMPORT_PLANNER, PgImportSession } from './postgres-session.js';
import { insertAndCommit, writeSealed } from './postgres-write.js';

const FETCH = 10_000;
/** An import that wrote at least this many rows refreshes the planner's statistics. */
const ANALYZE_AFTER = 10_000;

// int8 as a JS number: seqs and epoch milliseconds stay far below 2^53.
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections in this process's pool (default 10, or `?pool=N` in the URL). */
  poolSize?: number;
  /** Apply pending migrations on open (default true: every command does). */
  migrate?: boolean;
}

type PdRow = { seq: number; subject: string; category: PersonalDataRow['category']; data: string };

export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  readonly #appends: GroupCommit<UnsealedEntry, LedgerEntry>;
  readonly #inflight = new Set<Promise<unknown>>();

  /** `url`: as given to `open` (credentials included), for a worker thread that opens its own connection. */
  private constructor(readonly location: string, readonly url: string, readonly pool: pg.Pool, readonly secret: Buffer, readonly migrations: MigrationResult | undefined) {
    this.#appends = new GroupCommit((items) => this.#commitAppend(items));
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const { connectionString, poolSize, location } = parseUrl(url);
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? poolSize ?? 10, types: TYPES, application_name: 'consentgate' });
    // A connection the server drops (a restart, a failover) must not crash the process, idle in the
    // pool or checked out between two queries: the error is logged, the connection is thrown away
    // when it is released, and the next query opens a new one.
    pool.on('error', (e) => logger().warn({ err: e, store: location }, 'a pooled PostgreSQL connection failed'));
    pool.on('connect', (client) => {
      client.on('error', (e) => {
        BROKEN.add(client);
        logger().warn({ err: e, store: location }, 'a PostgreSQL connection failed');
      });
    });
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (cause) {
      await pool.end().catch(() => undefined);
      throw new ConsentgateError('store-unreadable', [{ file: location, message: `cannot connect to PostgreSQL: ${(cause as Error).message}` }], { cause });
    }
    let migrations: MigrationResult | undefined;
    let secret: Buffer;
    try {
      migrations = options.migrate === false ? undefined : await migrate(client);
      secret = await loadSecret(client);
      // With fsync off on the server, a committed write is not on disk when it is acknowledged.
      const fsync = (await client.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync;
      if (fsync === 'off') logger().warn({ store: location }, 'the PostgreSQL server runs with fsync = off: acknowledged consent changes can be lost in a power failure');
    } catch (cause) {
      client.release();
      await pool.end().catch(() => undefined);
      throw new ConsentgateError('store-unreadable', [{ file: location, message: `cannot open the store: ${(cause as Error).message}` }], { cause });
    }
    client.release();
    return new PostgresStore(location, url, pool, secret, migrations);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    await this.pool.end();
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#inflight.add(p);
    void p.finally(() => this.#inflight.delete(p)).catch(() => undefined);
    return p;
  }

  async #withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let failure: unknown;
    try {
      return await fn(c);
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      releaseClient(c, failure);
    }
  }

  /** BEGIN, take the ledger lock, read the head: one round trip. */
  async #beginLocked(c: pg.ClientBase): Promise<LedgerHead> {
    const results = (await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${LEDGER_LOCK}); SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1`)) as unknown as pg.QueryResult[];
    const row = results[2]?.rows[0] as LedgerHead | undefined;
    return row ?? EMPTY_HEAD;
  }

  async #rollback(c: pg.ClientBase): Promise<void> {
    await c.query('ROLLBACK').catch(() => undefined);
  }

  #commitAppend(items: readonly UnsealedEntry[]): Promise<LedgerEntry[]> {
    // Everything of an entry but its seq and hash (the personal-data HMAC, the key) is worked out
    // before the ledger lock: other processes wait for as short a time as can be.
    const prepared = items.map(withBody(this.secret));
    return this.#withClient(async (c) => {
      const started = performance.now();
      try {
        const head = await this.#beginLocked(c);
        const sealed = sealEntries(head, prepared, this.secret);
        // Two round trips under the lock: [begin, lock, head] and [rows, commit].
        if (sealed.length < 256) await insertAndCommit(c, sealed);
        else {
          await writeSealed(c, sealed);
          await c.query('COMMIT');
        }
        const entries = sealed.map((w) => w.entry);
        recordLedgerCommit('postgres', tallyEntries(entries), (performance.now() - started) / 1000);
        return entries;
      } catch (e) {
        await this.#rollback(c);
        throw e;
      }
    });
  }

  append(entries: readonly UnsealedEntry[]): Promise<LedgerEntry[]> {
    return this.#track(this.#appends.submit(entries));
  }

  importSession<T>(fn: (session: ImportSession) => Promise<T>): Promise<T> {
    return this.#track(this.#withClient(async (c) => {
      const started = performance.now();
      let session: PgImportSession | undefined;
      try {
        const head = await this.#beginLocked(c);
        // Within the import, statistics do not see the rows it writes, and the planner overestimates
        // what a batch's lookup matches: keep it on plain index scans (a sequential scan per batch
        // would make the import quadratic; parallel workers cost more to start than the lookup).
        await c.query(IMPORT_PLANNER.map((x) => `SET LOCAL ${x}`).join('; '));
        const deferred = head.seq === 0 ? await deferLedgerIndexes(c) : false;
        session = new PgImportSession(c, this.pool, head, this.secret, { consent: 0, notice: 0, headSeq: head.seq });
        const out = await fn(session);
        await session.flush();
        if (deferred) await c.query(Object.values(LEDGER_INDEXES).join('; '));
        await c.query('COMMIT');
        recordLedgerCommit('postgres', session.tally, (performance.now() - started) / 1000);
        // After a bulk load, fresh statistics now rather than at autovacuum's next round.
        if (session.rowsWritten >= ANALYZE_AFTER) await c.query(`ANALYZE ${[...session.written].join(', ')}`).catch(() => undefined);
        return out;
      } catch (e) {
        // Queued writes must be done (or failed) before the connection can roll back.
        await session?.flush().catch(() => undefined);
        await this.#rollback(c);
        throw e;
      } finally {
        await session?.release();
      }
    }));
  }

  /**
   * Streams a query's rows in batches through a cursor, in one read-only transaction: a consistent
   * snapshot at any size, with flat memory. The next batch is fetched while the caller works on
   * this one (the server's time hides behind the client's; two batches in memory at most). The
   * connection is released when the caller stops.
   */
  async *stream<R>(sql: string, params: readonly unknown[] = [], batch = FETCH, rowMode?: 'array'): AsyncIterable<R[]> {
    const c = await this.pool.connect();
    let done = false;
    let failure: unknown;
    let next: Promise<pg.QueryResult<R & pg.QueryResultRow>> | undefined;
    const fetch = (): Promise<pg.QueryResult<R & pg.QueryResultRow>> => {
      const text = `FETCH ${batch} FROM cg_stream`;
      const p = rowMode === undefined ? c.query<R & pg.QueryResultRow>(text) : (c.query({ text, rowMode }) as unknown as Promise<pg.QueryResult<R & pg.QueryResultRow>>);
      // Awaited below, or abandoned when the caller stops early (its failure then does not matter).
      p.catch(() => undefined);
      return p;
    };
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await c.query(`DECLARE cg_stream NO SCROLL CURSOR FOR ${sql}`, params as unknown[]);
      next = fetch();
      for (;;) {
        const r = await next;
        next = undefined;
        if (r.rows.length < batch) {
          if (r.rows.length > 0) yield r.rows;
          break;
        }
        next = fetch();
        yield r.rows;
      }
      await c.query('COMMIT');
      done = true;
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      // An abandoned fetch settles before the rollback that follows it on the connection.
      if (next !== undefined) await next.catch(() => undefined);
      if (!done) await this.#rollback(c);
      releaseClient(c, failure);
    }
  }

  async head(): Promise<LedgerHead> {
    try {
      const r = await this.pool.query<LedgerHead>('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1');
      return r.rows[0] ?? EMPTY_HEAD;
    } catch (cause) {
      throw unreadableLedger(this.location, cause);
    }
  }

  async *entries(fromSeq = 1): AsyncIterable<LedgerEntry> {
    for await (const rows of this.stream<PgLedgerRow>(`SELECT ${ENTRY_SELECT} FROM ledger WHERE seq >= $1 ORDER BY seq`, [fromSeq])) {
      for (const r of rows) yield toLedgerEntry(r);
    }
  }

  async *personalData(): AsyncIterable<PersonalDataRow> {
    for await (const rows of this.stream<PdRow>('SELECT seq, subject, category, data FROM personal_data ORDER BY seq')) {
      for (const r of rows) yield toPd(r);
    }
  }

  async personalDataOf(seqs: readonly number[]): Promise<PersonalDataRow[]> {
    if (seqs.length === 0) return [];
    const r = await this.pool.query<PdRow>('SELECT seq, subject, category, data FROM personal_data WHERE seq = ANY($1::bigint[]) ORDER BY seq', [[...seqs]]);
    return r.rows.map(toPd);
  }

  async subjectLedger(subject: string): Promise<SubjectLedger> {
    const r = await this.pool.query<PgLedgerRow>(`SELECT ${ENTRY_SELECT} FROM ledger WHERE subject = $1 ORDER BY seq`, [subject]);
    return splitLedger(r.rows.map(toLedgerEntry));
  }

  async objections(asOf: Millis = Number.MAX_SAFE_INTEGER): Promise<ObjectionRecord[]> {
    const r = await this.pool.query<PgLedgerRow & { pd: string | null }>(
      `SELECT l.seq, l.kind, l.subject, l.at, l.purpose, l.choice, l.method, l.notice_version, l.channel, l.personal_data, l.hash, p.data AS pd
       FROM ledger l LEFT JOIN personal_data p ON p.seq = l.seq AND p.category = 'identifiers'
       WHERE l.method = 'objection-form' AND l.at <= $1 ORDER BY l.seq`, [asOf]);
    return r.rows.map((row) => {
      const rec: ObjectionRecord = { entry: toLedgerEntry(row) as ConsentEntry };
      if (row.pd !== null) rec.identifiers = JSON.parse(row.pd) as NonNullable<ObjectionRecord['identifiers']>;
      return rec;
    });
  }

  async erasePersonalData(subject: string, categories: readonly PersonalDataRow['category'][]): Promise<number[]> {
    const seqs = await this.#withClient(async (c) => {
      await c.query('BEGIN');
      try {
        const r = await c.query<{ seq: number }>('DELETE FROM personal_data WHERE subject = $1 AND category = ANY($2::text[]) RETURNING seq', [subject, [...categories]]);
        const erased = r.rows.map((x) => x.seq).sort((a, b) => a - b);
        await c.query('INSERT INTO erasures (at, subject, categories, seqs) VALUES ($1, $2, $3, $4)', [Date.now(), subject, categories.join(','), erased.join(',')]);
        await c.query('COMMIT');
        return erased;
      } catch (e) {
        await this.#rollback(c);
        throw e;
      }
    });
    // Remove the dead row versions now rather than at the next autovacuum (docs/operations.md says
    // what VACUUM does not reach: WAL segments and earlier backups).
    if (seqs.length > 0) await this.pool.query('VACUUM personal_data').catch(() => undefined);
    return seqs;
  }

  async memberRows(id: string): Promise<Member[]> {
    return (await this.pool.query<MemberRow>('SELECT * FROM member_rows WHERE id = $1 ORDER BY ord', [id])).rows.map(toMember);
  }
  async groupRows(id: string): Promise<Group[]> {
    return (await this.pool.query<GroupRow>('SELECT * FROM group_rows WHERE id = $1 ORDER BY ord', [id])).rows.map(toGroup);
  }
  async itemRows(id: string): Promise<ContentItem[]> {
    return (await this.pool.query<ContentRow>('SELECT * FROM content_rows WHERE id = $1 ORDER BY ord', [id])).rows.map(toItem);
  }

  allMemberRows(): AsyncIterable<Member[]> {
    return groupById(this.stream<MemberRow>('SELECT * FROM member_rows ORDER BY id, ord'), toMember);
  }
  allGroupRows(): AsyncIterable<Group[]> {
    return groupById(this.stream<GroupRow>('SELECT * FROM group_rows ORDER BY id, ord'), toGroup);
  }

  async *allSubjectLedgers(): AsyncIterable<{ subject: string } & SubjectLedger> {
    let current: ({ subject: string } & SubjectLedger) | undefined;
    for await (const rows of this.stream<PgLedgerRow>(`SELECT ${ENTRY_SELECT} FROM ledger ORDER BY subject, seq`)) {
      for (const row of rows) {
        if (current?.subject !== row.subject) {
          if (current) yield current;
          current = { subject: row.subject, events: [], notices: [] };
        }
        const e = toLedgerEntry(row);
        if (e.kind === 'consent') current.events.push(e);
        else current.notices.push(e);
      }
    }
    if (current) yield current;
  }

  async *contentRows(): AsyncIterable<ContentItem[]> {
    for await (const rows of this.stream<ContentRow>('SELECT * FROM content_rows ORDER BY id, ord')) yield rows.map(toItem);
  }

  /**
   * The content rows as CSV in `file`, written by the server (`COPY … TO STDOUT (FORMAT csv)`), for
   * a builder to load in one read: the columns of `CONTENT_COLUMNS`, texts as stored (`toPgText`: a
   * text that starts with U+0001 is encoded, `fromPgText` decodes it). Without `range`, every row
   * in (id, write order) with `ord` numbering them from 1, as `contentRows` yields them; with it,
   * the rows of that `ord` range in `ord` order with their own `ord` (a content cache's sync).
   * Rows as objects through the client cost minutes at ten million rows; bytes cost seconds (JSON
   * built by the server cost 2.5× CSV).
   */
  async contentCsv(file: string, onRows?: (rows: number) => void, range?: { afterOrd: number; throughOrd: number }): Promise<{ rows: number; longest: number }> {
    const columns = 'id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from';
    let sql: string;
    if (range === undefined) {
      sql = `COPY (SELECT row_number() OVER (ORDER BY id, ord), ${columns} FROM content_rows ORDER BY id, ord) TO STDOUT WITH (FORMAT csv)`;
    } else {
      const { afterOrd, throughOrd } = range;
      if (!Number.isSafeInteger(afterOrd) || !Number.isSafeInteger(throughOrd)) throw new TypeError(`contentCsv: ord range must be integers, got ${afterOrd}, ${throughOrd}`);
      sql = `COPY (SELECT ord, ${columns} FROM content_rows WHERE ord > ${afterOrd} AND ord <= ${throughOrd} ORDER BY ord) TO STDOUT WITH (FORMAT csv)`;
    }
    const csv = new CsvFile(file, onRows);
    try {
      await this.#withClient((c) => copyOut(c, sql, csv.writable()));
    } finally {
      csv.close();
    }
    return { rows: csv.records, longest: csv.longest };
  }

  /** Content rows above `afterOrd`, and the highest `ord` (0 when there is none): a cache's sync. */
  async contentPending(afterOrd: number): Promise<{ rows: number; maxOrd: number }> {
    const r = await this.pool.query<{ rows: number; max_ord: number }>('SELECT count(*) AS rows, coalesce(max(ord), 0) AS max_ord FROM content_rows WHERE ord > $1', [afterOrd]);
    const row = r.rows[0];
    return { rows: row?.rows ?? 0, maxOrd: row?.max_ord ?? 0 };
  }

  /** The content row at `ord` as stored (`CONTENT_COLUMNS` order, text encoded), or undefined. */
  async contentRowAt(ord: number): Promise<unknown[] | undefined> {
    const r = await this.pool.query<unknown[]>({
      text: 'SELECT ord, id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from FROM content_rows WHERE ord = $1',
      values: [ord], rowMode: 'array',
    });
    return r.rows[0];
  }

  /** Every member's rows with only the fields a standing reads (`scanMemberFacts` of SQLite). */
  memberFacts(): AsyncIterable<MemberFacts[]> {
    return memberFacts(this);
  }

  /** Every subject's entries up to `maxSeq` with only the fields a standing reads (`scanLedgerFacts` of SQLite). */
  ledgerFacts(maxSeq: number): AsyncIterable<LedgerFacts> {
    return ledgerFacts(this, maxSeq);
  }

  async memberItemIds(memberId: string): Promise<string[]> {
    return (await this.pool.query<{ id: string }>('SELECT DISTINCT id FROM content_rows WHERE member_id = $1 ORDER BY id', [memberId])).rows.map((r) => r.id);
  }

  async recordDataset(record: DatasetRecord, included: AsyncIterable<MemberItems[]>): Promise<void> {
    // Collect outside the transaction (the iterable may do I/O), write inside one.
    const rows: PgValue[][] = [];
    for await (const batch of included) for (const m of batch) rows.push([record.id, m.memberId, [...m.itemIds].sort().join('\n')]);
    await this.#withClient(async (c) => {
      await c.query('BEGIN');
      try {
        await c.query('INSERT INTO datasets (id, as_of, built_at, policy_id, policy_version, policy_sha256, ledger_seq, ledger_hash, format, location, manifest) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)', datasetValues(record));
        await copyRows(c, 'dataset_members', ['dataset_id', 'member_id', 'item_ids'], rows);
        await c.query('COMMIT');
      } catch (e) {
        await this.#rollback(c);
        throw e;
      }
    });
  }

  async datasets(): Promise<DatasetRecord[]> {
    return (await this.pool.query<DatasetRow>('SELECT * FROM datasets ORDER BY built_at, id')).rows.map(toDataset);
  }

  async dataset(id: string): Promise<DatasetRecord | undefined> {
    const row = (await this.pool.query<DatasetRow>('SELECT * FROM datasets WHERE id = $1', [id])).rows[0];
    return row ? toDataset(row) : undefined;
  }

  async memberDatasets(memberId: string): Promise<{ datasetId: string; itemIds: string[] }[]> {
    const r = await this.pool.query<{ dataset_id: string; item_ids: string }>(
      `SELECT m.dataset_id, m.item_ids FROM dataset_members m JOIN datasets d ON d.id = m.dataset_id
       WHERE m.member_id = $1 ORDER BY d.built_at, d.id`, [memberId]);
    const out = new Map<string, string[]>();
    for (const row of r.rows) out.set(row.dataset_id, [...(out.get(row.dataset_id) ?? []), ...row.item_ids.split('\n')]);
    return [...out].map(([datasetId, itemIds]) => ({ datasetId, itemIds: itemIds.sort() }));
  }

  async datasetIncludes(datasetId: string, itemId: string): Promise<boolean> {
    const author = (await this.pool.query<{ member_id: string }>('SELECT member_id FROM content_rows WHERE id = $1 LIMIT 1', [itemId])).rows[0];
    if (author === undefined) return false;
    const r = await this.pool.query<{ item_ids: string }>('SELECT item_ids FROM dataset_members WHERE dataset_id = $1 AND member_id = $2', [datasetId, author.member_id]);
    return r.rows.some((row) => row.item_ids.split('\n').includes(itemId));
  }

  async *datasetMembers(datasetId: string): AsyncIterable<string[]> {
    for await (const rows of this.stream<{ member_id: string }>('SELECT DISTINCT member_id FROM dataset_members WHERE dataset_id = $1 ORDER BY member_id', [datasetId])) {
      yield rows.map((r) => r.member_id);
    }
  }

  /**
   * The facts `decide` needs for many items at once (`POST decisions`), set-based: the head and the
   * items (without their text, which decisions never read), then their authors' rows, ledgers (up
   * to that head) and groups in parallel. Two round trips whatever the batch size. Nothing is
   * cached (other processes write to the same database), so `version` is new on every call.
   */
  async decisionFacts(itemIds: readonly string[]): Promise<DecisionFactsBatch> {
    const items = new Map<string, ContentItem[] | null>();
    const members = new Map<string, Member[] | null>();
    const groups = new Map<string, Group[] | null>();
    const ledgers = new Map<string, SubjectLedger>();
    const [head, itemRows] = await Promise.all([
      this.head(),
      this.pool.query<ContentRow>(
        `SELECT id, member_id, kind, visibility, group_id, created_at, deleted_at, '' AS text, valid_from FROM content_rows WHERE id = ANY($1::text[]) ORDER BY id, ord`, [[...new Set(itemIds)]]),
    ]);
    const authors = new Set<string>();
    const groupIds = new Set<string>();
    for (const r of itemRows.rows) {
      push(items, r.id, toItem(r));
      authors.add(r.member_id);
      if (r.group_id !== null) groupIds.add(r.group_id);
    }
    if (authors.size > 0) {
      const [memberRows, ledger, groupRows] = await Promise.all([
        this.pool.query<MemberRow>('SELECT * FROM member_rows WHERE id = ANY($1::text[]) ORDER BY id, ord', [[...authors]]),
        // Entries up to the head read above: seqs are gapless and committed in order, so these are exactly the ledger at that head.
        this.pool.query<PgLedgerRow>(`SELECT ${ENTRY_SELECT} FROM ledger WHERE subject = ANY($1::text[]) AND seq <= $2 ORDER BY subject, seq`, [[...authors], head.seq]),
        groupIds.size > 0 ? this.pool.query<GroupRow>('SELECT * FROM group_rows WHERE id = ANY($1::text[]) ORDER BY id, ord', [[...groupIds]]) : Promise.resolve({ rows: [] as GroupRow[] }),
      ]);
      for (const id of authors) members.set(id, null);
      for (const id of groupIds) groups.set(id, null);
      for (const r of memberRows.rows) push(members, r.id, toMember(r));
      for (const r of groupRows.rows) push(groups, r.id, toGroup(r));
      for (const id of authors) ledgers.set(id, { events: [], notices: [] });
      for (const r of ledger.rows) {
        const e = toLedgerEntry(r);
        const l = ledgers.get(e.subject)!;
        if (e.kind === 'consent') l.events.push(e);
        else l.notices.push(e);
      }
    }
    return { version: ++this.#factsVersion, changed: new Set(), head, items, rows: itemIds.map((id) => items.get(id) ?? null), members, groups, ledgers };
  }
  #factsVersion = 0;

  async counts(): Promise<{ members: number; groups: number; items: number; entries: number }> {
    const r = await this.pool.query<{ members: number; groups: number; items: number; entries: number }>(
      `SELECT (SELECT COUNT(DISTINCT id) FROM member_rows)::int8 AS members, (SELECT COUNT(DISTINCT id) FROM group_rows)::int8 AS groups,
              (SELECT COUNT(DISTINCT id) FROM content_rows)::int8 AS items, (SELECT COUNT(*) FROM ledger)::int8 AS entries`);
    return r.rows[0]!;
  }
}

/**
 * An import into an empty ledger writes it without its secondary indexes and builds them again
 * before it commits (`LEDGER_INDEXES`), in the same transaction: a sort per index instead of a
 * random B-tree insert per row, which halves the server's work per event. Dropping an index locks
 * the table, so readers of the ledger wait for the import to commit (an empty ledger has nothing
 * to tell them meanwhile). When another session holds the table (a long read), the import does
 * not wait for it: it keeps the indexes and writes through them. Returns whether it dropped them.
 */
async function deferLedgerIndexes(c: pg.ClientBase): Promise<boolean> {
  await c.query(`SAVEPOINT defer_indexes; SET LOCAL lock_timeout = '2s'`);
  try {
    await c.query(`${Object.keys(LEDGER_INDEXES).map((name) => `DROP INDEX ${name}`).join('; ')}; SET LOCAL lock_timeout = DEFAULT; RELEASE SAVEPOINT defer_indexes`);
    return true;
  } catch (e) {
    // Only a lock that could not be had is expected here; anything else fails the import.
    if ((e as { code?: unknown }).code !== '55P03') throw e;
    await c.query('ROLLBACK TO SAVEPOINT defer_indexes; SET LOCAL lock_timeout = DEFAULT; RELEASE SAVEPOINT defer_indexes');
    return false;
  }
}

/** The entry with its body and key computed (see `UnsealedEntry.sealed`), unless it has them. */
function withBody(secret: Buffer): (u: UnsealedEntry) => UnsealedEntry {
  return (u) => {
    if (u.sealed) return u;
    const body = unsealedBody(u, secret);
    return { ...u, sealed: { body, key: entryKey(body) } };
  };
}

async function loadSecret(c: pg.ClientBase): Promise<Buffer> {
  // Created once per store; ON CONFLICT keeps the first when two processes open a new store at once.
  await c.query(`INSERT INTO meta (key, value) VALUES ('hmac-secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(32)]);
  const r = await c.query<{ value: Buffer }>(`SELECT value FROM meta WHERE key = 'hmac-secret'`);
  return r.rows[0]!.value;
}

const BROKEN = new WeakSet<pg.ClientBase>();

/** A connection failure (not an SQL error): the connection must not go back to the pool. */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^(08|57P)/.test(code)) return true;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNRESET, EPIPE, ETIMEDOUT…
  return e instanceof Error && /Connection terminated|not queryable|connection is closed/i.test(e.message);
}

/** Back to the pool, or thrown away when the connection failed. */
export function releaseClient(c: pg.PoolClient, failure?: unknown): void {
  const broken = BROKEN.has(c) || (failure !== undefined && isConnectionError(failure));
  c.release(broken ? true : undefined);
}

function push<T>(map: Map<string, T[] | null>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toPd(r: PdRow): PersonalDataRow {
  return { seq: r.seq, subject: r.subject, category: r.category, data: JSON.parse(r.data) as Record<string, unknown> };
}

async function* groupById<R extends { id: string }, T>(batches: AsyncIterable<R[]>, map: (r: R) => T): AsyncIterable<T[]> {
  let id: string | undefined;
  let group: T[] = [];
  for await (const rows of batches) {
    for (const row of rows) {
      if (row.id !== id) {
        if (group.length > 0) yield group;
        group = [];
        id = row.id;
      }
      group.push(map(row));
    }
  }
  if (group.length > 0) yield group;
}

/** The connection string for `pg`, the pool size (`?pool=N`, removed), and the URL without its password. */
export function parseUrl(url: string): { connectionString: string; poolSize: number | undefined; location: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw new ConsentgateError('bad-option', [{ field: '--db', message: 'not a valid PostgreSQL URL', expected: 'postgres://user@host:5432/database', received: url.replace(/:[^:@/]*@/, ':***@') }], { cause });
  }
  const pool = u.searchParams.get('pool');
  u.searchParams.delete('pool');
  const poolSize = pool === null ? undefined : Number(pool);
  if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1)) {
    throw new ConsentgateError('bad-option', [{ field: '--db', message: 'pool must be a whole number of at least 1', received: pool ?? '' }]);
  }
  // Durability is not left to the server's default: every session commits with synchronous_commit
  // on (sent in the startup packet, after any options the URL carries).
  u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} -c synchronous_commit=on`.trim());
  const connectionString = u.toString();
  u.searchParams.delete('options');
  if (u.password) u.password = '***';
  return { connectionString, poolSize, location: u.toString() };
}
