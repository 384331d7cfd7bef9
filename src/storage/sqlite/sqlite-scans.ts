/**
 * Whole-table read scans of the SQLite store (bulk decisions, standings, verification, reports).
 * Measured on a 1M-item store: better-sqlite3 in raw mode (rows as arrays) costs about a third of
 * object mode per row, and plain synchronous loops avoid an await per row; each scan is one
 * statement, so it reads one consistent snapshot. The entities built here are the same as
 * `sqlite-rows.ts` builds from object rows (a test holds them together).
 */
import type Database from 'better-sqlite3';
import type { Channel, Choice, ContentItem, ContentKind, Group, Member, Visibility } from '../../domain/entities.js';
import type { Purpose } from '../../domain/purpose.js';
import type { ConsentEntry, LedgerEntry, NoticeEntry } from '../../ledger/entry.js';
import type { PersonalDataRow, SubjectLedger } from '../store.js';

type MemberRaw = [string, number | null, string, string, number | null, number, number | null, number | null];
type GroupRaw = [string, number | null, string, string | null];
type LedgerRaw = [number, string, string, number, string | null, string | null, string | null, string | null, string | null, string | null, string];
type ContentMetaRaw = [string, string, string, string, string | null, number, number | null, number | null];

const MEMBER_COLUMNS = 'id, valid_from, name, country, birth_date, joined_at, closed_at, in_secondary_school';
const LEDGER_COLUMNS = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash';

function memberOf(r: MemberRaw): Member {
  const m: Member = { id: r[0], name: r[2], country: r[3], joinedAt: r[5] };
  if (r[4] !== null) m.birthDate = r[4];
  if (r[6] !== null) m.closedAt = r[6];
  if (r[7] !== null) m.inSecondarySchool = r[7] === 1;
  if (r[1] !== null) m.validFrom = r[1];
  return m;
}

function groupOf(r: GroupRaw): Group {
  const g: Group = { id: r[0], name: r[2] };
  if (r[3] !== null) g.category = r[3];
  if (r[1] !== null) g.validFrom = r[1];
  return g;
}

/** As `toEntry`: a column foreign to the entry's kind is kept when set, so that it is hashed. */
export function entryOfRaw(r: LedgerRaw): LedgerEntry {
  if (r[1] === 'notice') {
    const n = { seq: r[0], kind: 'notice', subject: r[2], at: r[3], noticeVersion: r[7], channel: r[8], hash: r[10] } as NoticeEntry & Record<string, unknown>;
    if (r[4] !== null) n.purpose = r[4];
    if (r[5] !== null) n.choice = r[5];
    if (r[6] !== null) n.method = r[6];
    if (r[9] !== null) n.personalData = r[9];
    return n;
  }
  const e: ConsentEntry = { seq: r[0], kind: 'consent', subject: r[2], at: r[3], purpose: r[4] as Purpose, choice: r[5] as Choice, method: r[6] as ConsentEntry['method'], hash: r[10] };
  if (r[7] !== null) e.noticeVersion = r[7];
  if (r[9] !== null) e.personalData = r[9];
  if (r[8] !== null) (e as ConsentEntry & { channel?: Channel }).channel = r[8] as Channel;
  return e;
}

/** Rows that share a leading id, grouped (the rows come sorted by id, then write order). */
function* groupedById<R extends unknown[], T>(rows: Iterable<R>, map: (r: R) => T): Generator<T[]> {
  let id: unknown;
  let group: T[] = [];
  for (const r of rows) {
    if (r[0] !== id) {
      if (group.length > 0) yield group;
      group = [];
      id = r[0];
    }
    group.push(map(r));
  }
  if (group.length > 0) yield group;
}

/** Every member's rows (write order), members in bytewise id order. */
export function scanMemberRows(db: Database.Database): Generator<Member[]> {
  const rows = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM member_rows ORDER BY id, ord`).raw(true).iterate() as IterableIterator<MemberRaw>;
  return groupedById(rows, memberOf);
}

export function scanGroupRows(db: Database.Database): Generator<Group[]> {
  const rows = db.prepare('SELECT id, valid_from, name, category FROM group_rows ORDER BY id, ord').raw(true).iterate() as IterableIterator<GroupRaw>;
  return groupedById(rows, groupOf);
}

/**
 * Ledger entries in `seq` order from `fromSeq`: a sequential scan of the table, read in pages of
 * rows (`all()` per page costs less per row than stepping one row at a time). The ledger is
 * append-only, so pages read one after another see the same entries as one long read would, plus
 * perhaps some appended meanwhile, after them.
 */
export function* scanEntries(db: Database.Database, fromSeq = 1, pageSize = 512): Generator<LedgerEntry> {
  const page = db.prepare(`SELECT ${LEDGER_COLUMNS} FROM ledger WHERE seq >= ? ORDER BY seq LIMIT ?`).raw(true);
  let from = fromSeq;
  for (;;) {
    const rows = page.all(from, pageSize) as LedgerRaw[];
    for (let i = 0; i < rows.length; i++) yield entryOfRaw(rows[i]!);
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![0] + 1;
  }
}

type DecisionRaw = [number, string, string, number, string | null, string | null, string | null, string | null, string, string | null];

/** An entry as decisions read it: without the personal-data commitment and foreign columns. */
function decisionEntryOfRaw(r: DecisionRaw): LedgerEntry {
  if (r[1] === 'notice') return { seq: r[0], kind: 'notice', subject: r[2], at: r[3], noticeVersion: r[7] as string, channel: r[9] as Channel, hash: r[8] };
  const e: ConsentEntry = { seq: r[0], kind: 'consent', subject: r[2], at: r[3], purpose: r[4] as Purpose, choice: r[5] as Choice, method: r[6] as ConsentEntry['method'], hash: r[8] };
  if (r[7] !== null) e.noticeVersion = r[7];
  return e;
}

/**
 * Every subject's entries (seq order), subjects in bytewise order, as decisions read them: without
 * the personal-data commitment, which no decision depends on (fewer strings per row to build).
 * Verification reads every column (`scanEntries`). Measured: streaming through the (subject, seq)
 * index costs less in all than a sequential read grouped in memory, whose entries all survive
 * into the old generation.
 */
export function* scanDecisionLedgers(db: Database.Database): Generator<{ subject: string } & SubjectLedger> {
  const rows = db.prepare('SELECT seq, kind, subject, at, purpose, choice, method, notice_version, hash, channel FROM ledger ORDER BY subject, seq').raw(true).iterate() as IterableIterator<DecisionRaw>;
  let current: ({ subject: string } & SubjectLedger) | undefined;
  for (const r of rows) {
    if (current?.subject !== r[2]) {
      if (current) yield current;
      current = { subject: r[2], events: [], notices: [] };
    }
    const e = decisionEntryOfRaw(r);
    if (e.kind === 'consent') current.events.push(e);
    else current.notices.push(e);
  }
  if (current) yield current;
}

export function* scanPersonalData(db: Database.Database): Generator<PersonalDataRow> {
  const rows = db.prepare('SELECT seq, subject, category, data FROM personal_data ORDER BY seq').raw(true).iterate() as IterableIterator<[number, string, PersonalDataRow['category'], string]>;
  for (const r of rows) yield { seq: r[0], subject: r[1], category: r[2], data: JSON.parse(r[3]) as Record<string, unknown> };
}

/** Every subject's entries (seq order), subjects in bytewise order, through the (subject, seq) index. */
export function* scanSubjectLedgers(db: Database.Database): Generator<{ subject: string } & SubjectLedger> {
  const rows = db.prepare(`SELECT ${LEDGER_COLUMNS} FROM ledger ORDER BY subject, seq`).raw(true).iterate() as IterableIterator<LedgerRaw>;
  let current: ({ subject: string } & SubjectLedger) | undefined;
  for (const r of rows) {
    if (current?.subject !== r[2]) {
      if (current) yield current;
      current = { subject: r[2], events: [], notices: [] };
    }
    const e = entryOfRaw(r);
    if (e.kind === 'consent') current.events.push(e);
    else current.notices.push(e);
  }
  if (current) yield current;
}

/**
 * Every item's rows without their text, grouped by item (rows in write order), in batches: what
 * bulk decisions read. Scans the table in storage order (sequential I/O) and holds back only items
 * that have several rows, found first from the covering (id, ord) index.
 */
export function* scanContentMetaRows(db: Database.Database, batchSize = 10_000): Generator<Omit<ContentItem, 'text'>[][]> {
  const multi = new Set(db.prepare('SELECT id FROM content_rows GROUP BY id HAVING COUNT(*) > 1').pluck().all() as string[]);
  const held = new Map<string, Omit<ContentItem, 'text'>[]>();
  const rows = db.prepare('SELECT id, member_id, kind, visibility, group_id, created_at, deleted_at, valid_from FROM content_rows').raw(true).iterate() as IterableIterator<ContentMetaRaw>;
  let batch: Omit<ContentItem, 'text'>[][] = [];
  for (const r of rows) {
    const c: Omit<ContentItem, 'text'> = { id: r[0], memberId: r[1], kind: r[2] as ContentKind, visibility: r[3] as Visibility, createdAt: r[5] };
    if (r[4] !== null) c.groupId = r[4];
    if (r[6] !== null) c.deletedAt = r[6];
    if (r[7] !== null) c.validFrom = r[7];
    if (multi.size > 0 && multi.has(c.id)) {
      const list = held.get(c.id);
      if (list) list.push(c);
      else held.set(c.id, [c]);
      continue;
    }
    batch.push([c]);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  for (const list of held.values()) batch.push(list);
  if (batch.length > 0) yield batch;
}
