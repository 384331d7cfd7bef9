/**
 * The write paths of the SQLite store: sealed ledger entries, and the import session's checks and
 * writes. Statements are prepared once per connection (or session) and reused for every row.
 */
import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import type { ContentItem, Group, Member } from '../../domain/entities.js';
import type { Millis } from '../../domain/time.js';
import { EMPTY_HEAD, type LedgerEntry } from '../../ledger/entry.js';
import { assertStorable, type SealedWrite, type UnsealedEntry } from '../../ledger/seal.js';
import type { CommitTally } from '../../ops/metrics.js';
import type { DatasetRecord, ImportSession, MemberItems } from '../store.js';
import { entryParams, groupParams, itemParams, memberParams, sameParams } from './sqlite-rows.js';

const ENTRY_COLUMNS = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash, entry_key';
const PERSONAL_DATA_COLUMNS = 'seq, subject, category, data';
const statements = new WeakMap<Database.Database, { entry: Database.Statement; personalData: Database.Statement }>();

function insertStatements(db: Database.Database): { entry: Database.Statement; personalData: Database.Statement } {
  let s = statements.get(db);
  if (s === undefined) {
    s = { entry: insertOf(db, 'ledger', ENTRY_COLUMNS, 1), personalData: insertOf(db, 'personal_data', PERSONAL_DATA_COLUMNS, 1) };
    statements.set(db, s);
  }
  return s;
}

function insertOf(db: Database.Database, table: string, columns: string, rows: number): Database.Statement {
  const row = `(${columns.split(',').map(() => '?').join(',')})`;
  return db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${Array<string>(rows).fill(row).join(',')}`);
}

/** Rows a multi-row insert writes per call. */
const ROWS = 16;

/**
 * Inserts rows `ROWS` at a time through one statement, the rest one at a time: a statement call per
 * row cost a fifth more (322,776 ledger rows with their personal data: 2.07 CPU-s against 1.65;
 * 32 rows a call measured no better than one).
 */
class MultiRowInsert {
  readonly #one: Database.Statement;
  readonly #many: Database.Statement;
  readonly #width: number;
  readonly #values: unknown[];
  #rows = 0;

  constructor(db: Database.Database, table: string, columns: string) {
    this.#width = columns.split(',').length;
    this.#one = insertOf(db, table, columns, 1);
    this.#many = insertOf(db, table, columns, ROWS);
    this.#values = new Array<unknown>(this.#width * ROWS);
  }

  add(...row: unknown[]): void {
    const at = this.#rows * this.#width;
    for (let i = 0; i < row.length; i++) this.#values[at + i] = row[i];
    if (++this.#rows === ROWS) {
      // As arguments, not one array: the binding reads an array's elements one lookup at a time
      // (322,776 ledger rows and their personal data: 1.06-1.1 s against 0.93 s).
      this.#many.run(...this.#values);
      this.#rows = 0;
    }
  }

  /** Writes the rows held back; before anything reads the table. */
  flush(): void {
    for (let r = 0; r < this.#rows; r++) this.#one.run(this.#values.slice(r * this.#width, (r + 1) * this.#width));
    this.#rows = 0;
  }
}

/** Inserts sealed entries and their personal data (the caller holds the write transaction). */
export function writeSealed(db: Database.Database, sealed: readonly SealedWrite[]): void {
  const s = insertStatements(db);
  for (const w of sealed) {
    s.entry.run(entryParams(w.entry, w.key));
    if (w.personalData) s.personalData.run(w.entry.seq, w.entry.subject, w.personalData.category, w.personalData.json ?? JSON.stringify(w.personalData.data));
  }
}

/**
 * Indexes that a bulk import builds once before it commits (a sort) rather than row by row: their
 * keys come in random order, and inserting them was most of such an import (1.09M platform
 * entries into an empty ledger: 54 s of CPU with them, 33 s without them plus 5 s to build them;
 * 788k notices and objections after 324k consent events: 24 s against 9 s). Dropped and created
 * again inside the import's transaction: every reader sees them, a failed import keeps them.
 */
const DEFERRED_INDEXES = ['ledger_subject'];
/** The index of entry keys, deferred too where the keys written before the session fit in memory. */
const KEY_INDEX = 'ledger_key';
/**
 * Entries in the first batch written that make deferring worth a schema change (decided when the
 * import first writes: a re-import whose lines are all skipped keeps its indexes and uses them).
 * Below import's batch size (`BATCH_LINES`, 256): at or above it, the first batch of every large
 * import fell short, and 322,776 consent events then took 10 s of index inserts instead of 0.75 s
 * of index builds.
 */
const DEFER_MIN = 128;
/**
 * Into a non-empty ledger, an import defers when it has at least this many bytes of ledger lines
 * per entry already there: rebuilding costs about 4 µs an entry, old or new, and a random insert
 * into indexes larger than the page cache about 30 µs, so deferring pays from about one new entry
 * per six old ones; a ledger line is 90 to 400 bytes, so 64 bytes per old entry asks for at least
 * one new entry per six old ones even of the longest lines.
 */
const DEFER_BYTES_PER_ENTRY = 64;
/**
 * At most this many keys of earlier entries are held in memory (about 90 bytes each) to skip
 * duplicates while the key index is down; a larger ledger keeps its key index through the import.
 */
const KEYS_IN_MEMORY = 2_000_000;

/** Pages of sorter memory per index build (see `createIndexes`). */
const SORT_CACHE_PAGES = 500;

/**
 * Creates indexes (inside the caller's transaction) with SQLite's sorter on every core and a small
 * sort memory: the rows are then sorted in many short runs, on helper threads, and merged, where a
 * sort memory as large as the page cache made one long in-memory sort on this thread. Measured on
 * the three deferred indexes of 322,776 consent events (64 MiB cache, one thread: 1.25-1.29 s; the
 * same cache on two threads: 1.35 s; 2 MiB on one thread: 0.88 s; 2 MiB on two threads:
 * 0.55-0.72 s). The connection's settings are put back after.
 */
function createIndexes(db: Database.Database, statements: readonly string[]): void {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`threads = ${availableParallelism()}`);
  db.pragma(`cache_size = ${SORT_CACHE_PAGES}`);
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`threads = ${threads}`);
  }
}

/**
 * The checks and writes of one import (inside its transaction). `startSeq` is the ledger's head
 * when the session began; `append` seals and writes entries after the current head. `finish` runs
 * before the commit.
 */
export function sqliteImportSession(db: Database.Database, startSeq: number, append: (entries: readonly UnsealedEntry[]) => LedgerEntry[], tally: CommitTally): ImportSession & { finish(): void } {
  /** The CREATE statements of the indexes dropped for this session, or [] once decided against. */
  let deferred: string[] | undefined;
  /** Bytes of ledger lines the import expects to append (see `expectLedgerBytes`). */
  let ledgerBytes = 0;
  /** With the key index down: the keys of the entries written before the session. */
  let earlierKeys: Set<string> | undefined;
  const deferIndexes = (entries: number): void => {
    if (deferred !== undefined) return;
    deferred = [];
    if (entries < DEFER_MIN || (startSeq > 0 && ledgerBytes < DEFER_BYTES_PER_ENTRY * startSeq)) return;
    const names = startSeq <= KEYS_IN_MEMORY ? [...DEFERRED_INDEXES, KEY_INDEX] : DEFERRED_INDEXES;
    const list = names.map((n) => `'${n}'`).join(', ');
    deferred = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN (${list}) AND sql IS NOT NULL ORDER BY name`).pluck().all() as string[];
    if (names.includes(KEY_INDEX) && startSeq > 0) earlierKeys = new Set(db.prepare('SELECT entry_key FROM ledger WHERE seq <= ?').pluck().all(startSeq) as string[]);
    for (const name of names) db.exec(`DROP INDEX IF EXISTS ${name}`);
  };
  // Point lookups through cached statements: cheaper than IN-lists for the common all-miss case.
  const memberExists = db.prepare('SELECT 1 FROM member_rows WHERE id = ? LIMIT 1').pluck();
  const groupExists = db.prepare('SELECT 1 FROM group_rows WHERE id = ? LIMIT 1').pluck();
  const identity = db.prepare('SELECT member_id, created_at FROM content_rows WHERE id = ? ORDER BY ord LIMIT 1').raw(true);
  const lastEntry = db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1').raw(true);
  const keyExists = db.prepare('SELECT 1 FROM ledger WHERE entry_key = ? AND seq <= ? LIMIT 1').pluck();
  const latest = (table: string, cols: string) => db.prepare(`SELECT ${cols} FROM ${table} WHERE id = ? AND valid_from IS ? ORDER BY ord DESC LIMIT 1`).raw(true);
  const memberCols = 'id, valid_from, name, country, birth_date, joined_at, closed_at, in_secondary_school';
  const groupCols = 'id, valid_from, name, category';
  const itemCols = 'id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from';
  let ledgerRows: MultiRowInsert | undefined;
  let personalDataRows: MultiRowInsert | undefined;
  /** Item ids the last `itemIdentity` call found no row of: their rows need no lookup before insert. */
  let absentItems = new Set<string>();
  const writeRows = <T>(table: string, cols: string, params: (r: T) => unknown[], validFromIndex: number, absent?: () => Set<string>) => {
    const insert = insertOf(db, table, cols, 1);
    const last = latest(table, cols);
    return (rows: readonly T[]): number => {
      const none = absent?.();
      let n = 0;
      for (const r of rows) {
        const p = params(r);
        // An id with no row yet cannot repeat one; after this insert it has one.
        if (none !== undefined && none.delete(p[0] as string)) {
          insert.run(p);
          n++;
          continue;
        }
        const prev = last.get(p[0], p[validFromIndex]) as unknown[] | undefined;
        if (prev && sameParams(prev, p)) continue;
        insert.run(p);
        n++;
      }
      return n;
    };
  };
  const members = writeRows<Member>('member_rows', memberCols, memberParams, 1);
  const groups = writeRows<Group>('group_rows', groupCols, groupParams, 1);
  const items = writeRows<ContentItem>('content_rows', itemCols, itemParams, 8, () => {
    const none = absentItems;
    absentItems = new Set();
    return none;
  });
  const filter = (ids: readonly string[], exists: Database.Statement): Set<string> => {
    const out = new Set<string>();
    let previous: string | undefined;
    for (const id of ids) {
      // Rows come grouped by author: most ids repeat the one before.
      if (id === previous || out.has(id)) continue;
      previous = id;
      if (exists.get(id) !== undefined) out.add(id);
    }
    return out;
  };
  return {
    knownMembers: async (ids) => filter(ids, memberExists),
    knownGroups: async (ids) => filter(ids, groupExists),
    itemIdentity: async (ids) => {
      const out = new Map<string, { memberId: string; createdAt: Millis }>();
      const none = new Set<string>();
      for (const id of ids) {
        if (out.has(id) || none.has(id)) continue;
        const row = identity.get(id) as [string, number] | undefined;
        if (row) out.set(id, { memberId: row[0], createdAt: row[1] });
        else none.add(id);
      }
      absentItems = none;
      return out;
    },
    writeMembers: async (rows) => members(rows),
    writeGroups: async (rows) => groups(rows),
    writeContent: async (rows) => items(rows),
    expectLedgerBytes: (bytes) => {
      ledgerBytes = bytes;
    },
    existingEntryKeys: async (keys) => {
      const out = new Set<string>();
      // An empty ledger at the start holds no earlier entry.
      if (startSeq === 0) return out;
      if (earlierKeys !== undefined) {
        for (const k of keys) if (earlierKeys.has(k)) out.add(k);
      } else {
        for (const k of keys) if (keyExists.get(k, startSeq) !== undefined) out.add(k);
      }
      return out;
    },
    appendEntries: async (entries) => {
      deferIndexes(entries.length);
      return append(entries);
    },
    // The rows `writeSealed(sealEntries(head, entries))` writes, without building the sealed entries.
    appendSealedAhead: async (entries) => {
      const head = lastEntry.get() as [number, string] | undefined;
      let seq = head?.[0] ?? EMPTY_HEAD.seq;
      let hash = head?.[1] ?? EMPTY_HEAD.hash;
      for (const u of entries) {
        const c = u.sealed?.chained;
        if (c === undefined || c.seq !== seq + 1 || c.previous !== hash) return false;
        seq = c.seq;
        hash = c.hash;
      }
      for (const u of entries) assertStorable(u.sealed!.body);
      deferIndexes(entries.length);
      ledgerRows ??= new MultiRowInsert(db, 'ledger', ENTRY_COLUMNS);
      personalDataRows ??= new MultiRowInsert(db, 'personal_data', PERSONAL_DATA_COLUMNS);
      for (const u of entries) {
        const { body: b, key, chained, dataJson } = u.sealed!;
        const c = chained!;
        if (b.kind === 'notice') {
          ledgerRows.add(c.seq, 'notice', b.subject, b.at, null, null, null, b.noticeVersion, b.channel, null, c.hash, key);
          tally.notice++;
        } else {
          ledgerRows.add(c.seq, 'consent', b.subject, b.at, b.purpose, b.choice, b.method, b.noticeVersion ?? null, null, b.personalData ?? null, c.hash, key);
          tally.consent++;
          if (u.kind === 'consent' && u.personalData) personalDataRows.add(c.seq, b.subject, u.personalData.category, dataJson ?? JSON.stringify(u.personalData.data));
        }
      }
      ledgerRows.flush();
      personalDataRows.flush();
      tally.headSeq = seq;
      return true;
    },
    finish: () => {
      if (deferred !== undefined && deferred.length > 0) createIndexes(db, deferred);
      deferred = [];
      earlierKeys = undefined;
    },
  };
}

/** Inserts a dataset's row, which publishes its member rows (the caller holds the write transaction). */
export function writeDatasetRow(db: Database.Database, record: DatasetRecord): void {
  db.prepare('INSERT INTO datasets (id, as_of, built_at, policy_id, policy_version, policy_sha256, ledger_seq, ledger_hash, format, location, manifest) VALUES (?,?,?,?,?,?,?,?,?,?,?)')
    .run(record.id, record.asOf, record.builtAt, record.policy.id, record.policy.version, record.policy.sha256, record.ledger.seq, record.ledger.hash, record.format, record.location, JSON.stringify(record.manifest));
}

/**
 * Inserts a dataset's member rows: one per member group, its item ids sorted (UTF-16 code units,
 * bytewise for ids of spec §2) one a line. The caller holds the write transaction. Returns the
 * members and items written.
 */
export function writeDatasetMembers(db: Database.Database, datasetId: string, batches: Iterable<readonly MemberItems[]>): { members: number; items: number } {
  const insert = db.prepare('INSERT INTO dataset_members (dataset_id, member_id, item_ids) VALUES (?,?,?)');
  let members = 0;
  let items = 0;
  for (const batch of batches) {
    for (const m of batch) {
      insert.run(datasetId, m.memberId, sortedLines(m.itemIds));
      members++;
      items += m.itemIds.length;
    }
  }
  return { members, items };
}

/** The ids sorted, one a line; a builder usually hands them over sorted already (no copy, no sort). */
function sortedLines(ids: readonly string[]): string {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return [...ids].sort().join('\n');
  return ids.join('\n');
}
