/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode with `synchronous = FULL` so that a
 * committed write survives power loss. One connection per process; cross-process writers serialise
 * on SQLite's write lock (`BEGIN IMMEDIATE`, with a busy timeout). A large write made while no other
 * connection has the store open goes through a rollback journal instead (see `BULK_JOURNAL_BYTES`).
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { ContentItem, Group, Member } from '../../domain/entities.js';
import type { Millis } from '../../domain/time.js';
import { EMPTY_HEAD, type ConsentEntry, type LedgerEntry, type LedgerHead, type NoticeEntry } from '../../ledger/entry.js';
import { sealEntries, type UnsealedEntry } from '../../ledger/seal.js';
import { recordLedgerCommit, tallyEntries, type CommitTally } from '../../ops/metrics.js';
import { unreadableLedger } from '../../ledger/verify-ledger.js';
import { GroupCommit } from '../group-commit.js';
import { Mutex } from '../mutex.js';
import type { DatasetRecord, ImportPlan, ImportSession, MemberItems, ObjectionRecord, PersonalDataRow, Store, SubjectLedger, DecisionFactsBatch } from '../store.js';
import { sqliteDecisionFacts } from './sqlite-decision-facts.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { sqliteImportSession, writeDatasetMembers, writeDatasetRow, writeSealed } from './sqlite-writes.js';
import { scanContentMetaRows, scanEntries, scanGroupRows, scanMemberRows, scanPersonalData, scanSubjectLedgers } from './sqlite-scans.js';
import { toEntry, toGroup, toItem, toMember, type ContentRow, type GroupRow, type LedgerRow, type MemberRow } from './sqlite-rows.js';

const CHUNK = 500;
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Writes of at least this many bytes (an import's lines, a build's lineage) go through a rollback
 * journal where they can (see `#bulk`). In WAL mode every page of a large transaction is written
 * twice, to the log and then by the checkpoint at commit into the database, and every page read
 * looks through a log index that grows with the transaction. Under a rollback journal, pages added
 * past the database's end need no journal: they are written once. Measured on the 10M-item platform
 * (2 cores, 2026-12-06): 10.84M content items 105.4 s in WAL mode under the CPU profiler (24.5 s of
 * it the commit) against 65.9-91 s (commit 1.7 s); 322,776 consent events 8.8 s against 7.8 s
 * (this VM varies by 15 % and more between runs). Atomic and durable all the
 * same: the journal keeps the pages the transaction changed, and the commit is synced
 * (`synchronous = FULL`).
 */
export const BULK_JOURNAL_BYTES = 32 << 20;

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly secret: Buffer;
  readonly db: Database.Database;
  readonly #mutex = new Mutex();
  readonly #appends: GroupCommit<UnsealedEntry, LedgerEntry>;

  /** A database file, not one in memory (which no other connection or thread can open). */
  get onDisk(): boolean {
    return this.location !== ':memory:' && this.location !== '';
  }

  private constructor(readonly location: string, db: Database.Database) {
    this.db = db;
    this.secret = this.#secret();
    this.#appends = new GroupCommit((items) => this.#mutex.run(async () => {
      const started = performance.now();
      const out = this.#transaction(() => this.#append(items));
      recordLedgerCommit('sqlite', tallyEntries(out), (performance.now() - started) / 1000);
      return out;
    }));
  }

  static open(path: string, options: { readonly?: boolean } = {}): SqliteStore {
    const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Erased personal data is overwritten on disk, not only unlinked from the b-tree.
      db.pragma('secure_delete = ON');
      migrate(db);
    }
    db.pragma('cache_size = -65536');
    return new SqliteStore(path, db);
  }

  #secret(): Buffer {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'hmac-secret'`).get() as { value: Buffer } | undefined;
    if (row) return row.value;
    const secret = randomBytes(32);
    this.db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('hmac-secret', ?)`).run(secret);
    return (this.db.prepare(`SELECT value FROM meta WHERE key = 'hmac-secret'`).get() as { value: Buffer }).value;
  }

  async close(): Promise<void> {
    await this.#mutex.run(async () => undefined);
    this.db.close();
  }

  #transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  #headSync(): LedgerHead {
    const row = this.db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1').get() as LedgerHead | undefined;
    return row ?? EMPTY_HEAD;
  }

  #append(items: readonly UnsealedEntry[]): LedgerEntry[] {
    const sealed = sealEntries(this.#headSync(), items, this.secret);
    writeSealed(this.db, sealed);
    return sealed.map((w) => w.entry);
  }

  append(entries: readonly UnsealedEntry[]): Promise<LedgerEntry[]> {
    return this.#appends.submit(entries);
  }

  importSession<T>(fn: (session: ImportSession) => Promise<T>, plan: ImportPlan = {}): Promise<T> {
    return this.#mutex.run(async () => {
      const started = performance.now();
      return this.#bulk(plan.bytes ?? 0, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const tally: CommitTally = { consent: 0, notice: 0, headSeq: 0 };
          const session = this.#session(this.#headSync().seq, tally);
          const out = await fn(session);
          session.finish();
          this.db.exec('COMMIT');
          recordLedgerCommit('sqlite', tally, (performance.now() - started) / 1000);
          return out;
        } catch (e) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw e;
        }
      });
    });
  }

  /**
   * Runs a write of about `bytes` under a rollback journal where that pays (see `BULK_JOURNAL_BYTES`),
   * then returns to WAL mode. Not where the free pages could hold half of it: a page reused from
   * the free list must be journaled first, so such a write (a build's lineage after earlier ones were
   * deleted) costs more that way (3M items: 1.3-1.9 s against 0.8-1.2 s).
   */
  async #bulk<T>(bytes: number, write: () => T | Promise<T>): Promise<T> {
    const free = () => (this.db.pragma('freelist_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
    const left = bytes >= BULK_JOURNAL_BYTES && free() < bytes / 2 && this.#leaveWal();
    try {
      return await write();
    } finally {
      if (left) this.#returnToWal();
    }
  }

  /**
   * Switches to a rollback journal, only where no other connection has the store open (SQLite
   * refuses to leave WAL mode otherwise) and without waiting for one to close: while the journal is
   * in use, a process that opens the store waits for the write's lock (up to its busy timeout)
   * instead of reading the last commit, so a store in use by others stays in WAL mode.
   */
  #leaveWal(): boolean {
    this.db.pragma('busy_timeout = 0');
    try {
      return this.db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_BUSY') return false;
      throw e;
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  #returnToWal(): void {
    try {
      this.db.pragma('journal_mode = WAL');
    } catch (e) {
      // A process that opened the store meanwhile still reads it: the write is done and safe either
      // way, and the next `open` asks for WAL mode again.
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e;
    }
  }

  #session(startSeq: number, tally: CommitTally): ImportSession & { finish(): void } {
    return sqliteImportSession(this.db, startSeq, (entries) => {
      const out = this.#append(entries);
      tallyEntries(out, tally);
      return out;
    }, tally);
  }

  async head(): Promise<LedgerHead> {
    try {
      return this.#headSync();
    } catch (cause) {
      throw unreadableLedger(this.location, cause);
    }
  }

  async *entries(fromSeq = 1): AsyncIterable<LedgerEntry> {
    yield* scanEntries(this.db, fromSeq);
  }

  async *personalData(): AsyncIterable<PersonalDataRow> {
    yield* scanPersonalData(this.db);
  }

  async personalDataOf(seqs: readonly number[]): Promise<PersonalDataRow[]> {
    const out: PersonalDataRow[] = [];
    for (let i = 0; i < seqs.length; i += CHUNK) {
      const part = seqs.slice(i, i + CHUNK);
      const rows = this.db.prepare(`SELECT seq, subject, category, data FROM personal_data WHERE seq IN (${part.map(() => '?').join(',')}) ORDER BY seq`).all(...part) as { seq: number; subject: string; category: PersonalDataRow['category']; data: string }[];
      for (const r of rows) out.push({ seq: r.seq, subject: r.subject, category: r.category, data: JSON.parse(r.data) as Record<string, unknown> });
    }
    return out;
  }

  async subjectLedger(subject: string): Promise<SubjectLedger> {
    const rows = this.db.prepare('SELECT seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash FROM ledger WHERE subject = ? ORDER BY seq').all(subject) as LedgerRow[];
    return splitLedger(rows.map(toEntry));
  }

  async objections(asOf: Millis = Number.MAX_SAFE_INTEGER): Promise<ObjectionRecord[]> {
    const rows = this.db.prepare(`SELECT l.seq, l.kind, l.subject, l.at, l.purpose, l.choice, l.method, l.notice_version, l.channel, l.personal_data, l.hash, p.data AS pd
      FROM ledger l LEFT JOIN personal_data p ON p.seq = l.seq AND p.category = 'identifiers'
      WHERE l.method = 'objection-form' AND l.at <= ? ORDER BY l.seq`).all(asOf) as (LedgerRow & { pd: string | null })[];
    return rows.map((r) => {
      const rec: ObjectionRecord = { entry: toEntry(r) as ConsentEntry };
      if (r.pd !== null) rec.identifiers = JSON.parse(r.pd) as NonNullable<ObjectionRecord['identifiers']>;
      return rec;
    });
  }

  async erasePersonalData(subject: string, categories: readonly PersonalDataRow['category'][]): Promise<number[]> {
    const seqs = await this.#mutex.run(async () => this.#transaction(() => {
      const marks = categories.map(() => '?').join(',');
      // Through the ledger's subject index: personal data has none of its own (migration 5).
      const erased = (this.db.prepare(`DELETE FROM personal_data WHERE seq IN (SELECT seq FROM ledger WHERE subject = ?) AND category IN (${marks}) RETURNING seq`).all(subject, ...categories) as { seq: number }[]).map((r) => r.seq).sort((a, b) => a - b);
      this.db.prepare('INSERT INTO erasures (at, subject, categories, seqs) VALUES (?,?,?,?)').run(Date.now(), subject, categories.join(','), erased.join(','));
      return erased;
    }));
    // Move the change out of the WAL into the main file, so the old pages do not linger in the log.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return seqs;
  }

  async decisionFacts(itemIds: readonly string[]): Promise<DecisionFactsBatch> { return sqliteDecisionFacts(this.db, itemIds); }
  async memberRows(id: string): Promise<Member[]> {
    return (this.db.prepare('SELECT * FROM member_rows WHERE id = ? ORDER BY ord').all(id) as MemberRow[]).map(toMember);
  }
  async groupRows(id: string): Promise<Group[]> {
    return (this.db.prepare('SELECT * FROM group_rows WHERE id = ? ORDER BY ord').all(id) as GroupRow[]).map(toGroup);
  }
  async itemRows(id: string): Promise<ContentItem[]> {
    return (this.db.prepare('SELECT * FROM content_rows WHERE id = ? ORDER BY ord').all(id) as ContentRow[]).map(toItem);
  }

  // Whole-table read scans: sqlite-scans.ts.
  async *allMemberRows(): AsyncIterable<Member[]> {
    yield* scanMemberRows(this.db);
  }
  async *allGroupRows(): AsyncIterable<Group[]> {
    yield* scanGroupRows(this.db);
  }
  async *allSubjectLedgers(): AsyncIterable<{ subject: string } & SubjectLedger> {
    yield* scanSubjectLedgers(this.db);
  }

  async *contentRows(): AsyncIterable<ContentItem[]> {
    const stmt = this.db.prepare('SELECT * FROM content_rows ORDER BY id, ord');
    let batch: ContentItem[] = [];
    for (const row of stmt.iterate() as IterableIterator<ContentRow>) {
      batch.push(toItem(row));
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Every item's rows without their text, grouped by item, in batches (see `scanContentMetaRows`). */
  async *contentMetaRows(): AsyncIterable<Omit<ContentItem, 'text'>[][]> {
    yield* scanContentMetaRows(this.db);
  }

  async memberItemIds(memberId: string): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT id FROM content_rows WHERE member_id = ? ORDER BY id').all(memberId) as { id: string }[]).map((r) => r.id);
  }

  async recordDataset(record: DatasetRecord, included: AsyncIterable<MemberItems[]>): Promise<void> {
    // Collect outside the transaction (the iterable may do I/O), write inside one.
    const batches: MemberItems[][] = [];
    let bytes = 0;
    for await (const batch of included) {
      batches.push(batch);
      for (const m of batch) for (const id of m.itemIds) bytes += id.length + 1;
    }
    await this.#mutex.run(async () => this.#bulk(bytes, () => this.#transaction(() => {
      writeDatasetRow(this.db, record);
      writeDatasetMembers(this.db, record.id, batches);
    })));
  }

  /**
   * Publishes a build whose member rows another connection has written already (`writeDatasetMembers`,
   * beside the build's data file: see `src/dataset/output/concurrent-lineage.ts`). Until this row
   * exists no lineage question sees them.
   */
  async publishDataset(record: DatasetRecord): Promise<void> {
    await this.#mutex.run(async () => this.#transaction(() => {
      writeDatasetRow(this.db, record);
    }));
  }

  /** Removes the member rows of a build that was never published (it failed after they were written). */
  async discardUnpublished(datasetId: string): Promise<void> {
    await this.#mutex.run(async () => this.#transaction(() => {
      this.db.prepare('DELETE FROM dataset_members WHERE dataset_id = ? AND NOT EXISTS (SELECT 1 FROM datasets WHERE id = ?)').run(datasetId, datasetId);
    }));
  }

  async datasets(): Promise<DatasetRecord[]> {
    return (this.db.prepare('SELECT * FROM datasets ORDER BY built_at, id').all() as DatasetRow[]).map(toDataset);
  }

  async dataset(id: string): Promise<DatasetRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    return row ? toDataset(row) : undefined;
  }

  async memberDatasets(memberId: string): Promise<{ datasetId: string; itemIds: string[] }[]> {
    const rows = this.db.prepare(`SELECT m.dataset_id, m.item_ids FROM dataset_members m JOIN datasets d ON d.id = m.dataset_id
      WHERE m.member_id = ? ORDER BY d.built_at, d.id`).all(memberId) as { dataset_id: string; item_ids: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.dataset_id, [...(out.get(r.dataset_id) ?? []), ...r.item_ids.split('\n')]);
    return [...out].map(([datasetId, itemIds]) => ({ datasetId, itemIds: itemIds.sort() }));
  }

  async datasetIncludes(datasetId: string, itemId: string): Promise<boolean> {
    const memberId = (this.db.prepare('SELECT member_id FROM content_rows WHERE id = ? LIMIT 1').get(itemId) as { member_id: string } | undefined)?.member_id;
    if (memberId === undefined) return false;
    // Joined with the datasets: member rows of a build not (yet) published answer nothing.
    const rows = this.db.prepare('SELECT m.item_ids FROM dataset_members m JOIN datasets d ON d.id = m.dataset_id WHERE m.dataset_id = ? AND m.member_id = ?').all(datasetId, memberId) as { item_ids: string }[];
    return rows.some((r) => r.item_ids.split('\n').includes(itemId));
  }

  async *datasetMembers(datasetId: string): AsyncIterable<string[]> {
    if (this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId) === undefined) return;
    const stmt = this.db.prepare('SELECT DISTINCT member_id FROM dataset_members WHERE dataset_id = ? ORDER BY member_id').raw(true);
    let batch: string[] = [];
    for (const [id] of stmt.iterate(datasetId) as IterableIterator<[string]>) {
      batch.push(id);
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async counts(): Promise<{ members: number; groups: number; items: number; entries: number }> {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      members: one('SELECT COUNT(DISTINCT id) AS n FROM member_rows'),
      groups: one('SELECT COUNT(DISTINCT id) AS n FROM group_rows'),
      items: one('SELECT COUNT(DISTINCT id) AS n FROM content_rows'),
      entries: one('SELECT COUNT(*) AS n FROM ledger'),
    };
  }
}

interface DatasetRow { id: string; as_of: number; built_at: number; policy_id: string; policy_version: number; policy_sha256: string; ledger_seq: number; ledger_hash: string; format: string; location: string; manifest: string }
function toDataset(r: DatasetRow): DatasetRecord {
  return {
    id: r.id, asOf: r.as_of, builtAt: r.built_at, policy: { id: r.policy_id, version: r.policy_version, sha256: r.policy_sha256 },
    ledger: { seq: r.ledger_seq, hash: r.ledger_hash }, format: r.format as DatasetRecord['format'], location: r.location,
    manifest: JSON.parse(r.manifest) as Record<string, unknown>,
  };
}

export function splitLedger(entries: readonly LedgerEntry[]): SubjectLedger {
  const events: ConsentEntry[] = [];
  const notices: NoticeEntry[] = [];
  for (const e of entries) (e.kind === 'consent' ? events : notices).push(e as never);
  return { events, notices };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it while we waited for the lock.
      if (!db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?,?,?)').run(m.version, m.name, Date.now());
      }
      db.exec('COMMIT');
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  }
}
