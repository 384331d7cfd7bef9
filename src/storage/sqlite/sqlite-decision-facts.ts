/**
 * `decisionFacts` on SQLite: item rows, their authors' rows and ledgers and their groups, read with
 * `json_each` (one prepared statement per kind, whatever the batch size), leaving out the item text
 * that decisions never look at.
 *
 * Rows of items, members and groups change only by import, ledger entries are only ever appended.
 * So the rows are cached in memory (bounded, per database connection) and dropped when rows were
 * imported: by another connection (`PRAGMA data_version`, e.g. an import run from the command line
 * while the server runs) or by this one (the tables' highest `ord` moved). Ledgers are cached per
 * subject and brought up to date by reading only the entries appended since the previous call
 * (seq > last), so a decision sees the whole ledger up to the head it read. The caches are handed
 * out as they are (no copy per call); dropping them replaces the maps rather than clearing them, so
 * a batch in flight keeps a consistent view.
 */
import type Database from 'better-sqlite3';
import type { ContentItem, Group, Member } from '../../domain/entities.js';
import type { LedgerHead } from '../../ledger/entry.js';
import type { DecisionFactsBatch, SubjectLedger } from '../store.js';
import { toEntry, toGroup, toItem, toMember, type LedgerRow } from './sqlite-rows.js';

type Loader = (itemIds: readonly string[]) => DecisionFactsBatch;

const LOADERS = new WeakMap<Database.Database, Loader>();

/** The facts for `itemIds`, from the connection's cache and what it lacks. */
export function sqliteDecisionFacts(db: Database.Database, itemIds: readonly string[]): DecisionFactsBatch {
  let load = LOADERS.get(db);
  if (!load) {
    load = loader(db);
    LOADERS.set(db, load);
  }
  return load(itemIds);
}

function loader(db: Database.Database): Loader {
  const max = Number(process.env.CONSENTGATE_DECISION_CACHE ?? 500_000);
  const itemsSql = db.prepare(`SELECT id, member_id, kind, visibility, group_id, created_at, deleted_at, '' AS text, valid_from
    FROM content_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord`);
  const membersSql = db.prepare('SELECT * FROM member_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const groupsSql = db.prepare('SELECT * FROM group_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const ledgerCols = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash';
  const ledgerSql = db.prepare(`SELECT ${ledgerCols} FROM ledger WHERE subject IN (SELECT value FROM json_each(?)) AND seq <= ? ORDER BY subject, seq`);
  const newEntriesSql = db.prepare(`SELECT ${ledgerCols} FROM ledger WHERE seq > ? ORDER BY seq`);
  const headSql = db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1');
  // Rows are only ever added (with a higher ord): the highest ords say whether any were.
  const rowsVersionSql = db.prepare(`SELECT (SELECT max(ord) FROM member_rows) || '/' || (SELECT max(ord) FROM group_rows) || '/' || (SELECT max(ord) FROM content_rows)`).pluck();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  let items = new Map<string, ContentItem[] | null>();
  let members = new Map<string, Member[] | null>();
  let groups = new Map<string, Group[] | null>();
  let ledgers = new Map<string, SubjectLedger>();
  let version = `${String(dataVersion.get())}:${String(rowsVersionSql.get())}`;
  let last: LedgerHead = { seq: 0, hash: '' };
  let epoch = 0;

  const reset = (): void => {
    items = new Map(); members = new Map(); groups = new Map(); ledgers = new Map();
    last = { seq: 0, hash: '' };
    epoch++;
  };
  /** Loads the ids not cached yet; returns the (possibly new) cache map. */
  const fill = <T>(cache: Map<string, T[] | null>, missing: string[], sql: Database.Statement, map: (r: never) => T, idOf: (t: T) => string): Map<string, T[] | null> => {
    if (missing.length === 0) return cache;
    const into = cache.size + missing.length > max ? new Map<string, T[] | null>() : cache;
    for (const id of missing) into.set(id, null);
    for (const r of sql.all(JSON.stringify(missing)) as never[]) {
      const t = map(r);
      const id = idOf(t);
      const list = into.get(id);
      if (list) list.push(t);
      else into.set(id, [t]);
    }
    return into;
  };

  return (itemIds) => {
    const v = `${String(dataVersion.get())}:${String(rowsVersionSql.get())}`;
    if (v !== version) {
      version = v;
      reset();
    }
    const head = (headSql.get() as LedgerHead | undefined) ?? { seq: 0, hash: '0'.repeat(64) };
    const changed = new Set<string>();
    if (head.seq < last.seq || (head.seq === last.seq && head.hash !== last.hash && last.seq > 0)) reset();
    else if (head.seq > last.seq) {
      for (const r of newEntriesSql.all(last.seq) as LedgerRow[]) {
        changed.add(r.subject);
        const l = ledgers.get(r.subject);
        if (!l) continue;
        const e = toEntry(r);
        if (e.kind === 'consent') l.events.push(e);
        else l.notices.push(e);
      }
    }
    last = head;

    const n = itemIds.length;
    const rowsOf: (ContentItem[] | null)[] = new Array(n);
    const missingItems: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = items.get(itemIds[i]!);
      if (r === undefined) missingItems.push(itemIds[i]!);
      else rowsOf[i] = r;
    }
    if (missingItems.length > 0) {
      items = fill(items, missingItems, itemsSql, toItem as (r: never) => ContentItem, (t) => t.id);
      // If that replaced the map (full), the ids of this batch are all in the new one.
      for (let i = 0; i < n; i++) rowsOf[i] = items.get(itemIds[i]!) ?? null;
    }
    const authorIds = new Set<string>();
    const groupIds = new Set<string>();
    for (let i = 0; i < n; i++) {
      const rows = rowsOf[i];
      if (!rows) continue;
      authorIds.add(rows[0]!.memberId);
      for (let j = 0; j < rows.length; j++) { const g = rows[j]!.groupId; if (g !== undefined) groupIds.add(g); }
    }
    const missingMembers: string[] = [];
    let missingLedgers: string[] = [];
    for (const id of authorIds) {
      if (!members.has(id)) missingMembers.push(id);
      if (!ledgers.has(id)) missingLedgers.push(id);
    }
    members = fill(members, missingMembers, membersSql, toMember as (r: never) => Member, (t) => t.id);
    const missingGroups: string[] = [];
    for (const id of groupIds) if (!groups.has(id)) missingGroups.push(id);
    groups = fill(groups, missingGroups, groupsSql, toGroup as (r: never) => Group, (t) => t.id);
    if (missingLedgers.length > 0) {
      if (ledgers.size + missingLedgers.length > max) {
        ledgers = new Map();
        missingLedgers = [...authorIds];
      }
      for (const id of missingLedgers) ledgers.set(id, { events: [], notices: [] });
      for (const r of ledgerSql.all(JSON.stringify(missingLedgers), head.seq) as LedgerRow[]) {
        const e = toEntry(r);
        const l = ledgers.get(e.subject)!;
        if (e.kind === 'consent') l.events.push(e);
        else l.notices.push(e);
      }
    }
    return { version: epoch, changed, head, items, rows: rowsOf, members, groups, ledgers };
  };
}
