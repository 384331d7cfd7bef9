/**
 * The facts `decide` needs for many items at once (`POST decisions`): item rows, their authors'
 * rows and ledgers, their groups, read in a few set-based queries instead of several per item.
 * On SQLite it reads the store's tables directly with `json_each` (one prepared statement per kind,
 * whatever the batch size), leaving out the item text that decisions never look at; on any other
 * backend it falls back to the `Store` contract, one call per distinct id, in parallel.
 */
import type Database from 'better-sqlite3';
import type { ContentItem, Group, Member } from '../domain/entities.js';
import type { ConsentEntry, LedgerHead, NoticeEntry } from '../ledger/entry.js';
import { toEntry, toGroup, toItem, toMember, type LedgerRow, type MemberRow } from '../storage/sqlite/sqlite-rows.js';
import type { Store } from '../storage/store.js';

export interface BatchFacts {
  /**
   * Changes when cached facts were dropped (another connection wrote, the ledger was replaced);
   * callers that cache anything derived from the facts drop it too.
   */
  version: number;
  /** Subjects whose ledger gained entries since the previous batch (derived caches drop them). */
  changed: ReadonlySet<string>;
  /** The ledger head the ledgers were read up to (at least). */
  head: LedgerHead;
  /** Rows by id, for every id asked (and maybe more); `null` or absent: unknown. */
  items: ReadonlyMap<string, ContentItem[] | null>;
  /** The rows of each id asked, in the order asked (`null`: unknown); saves a lookup per item. */
  rows: (ContentItem[] | null)[];
  members: ReadonlyMap<string, Member[] | null>;
  groups: ReadonlyMap<string, Group[] | null>;
  ledgers: ReadonlyMap<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>;
}

export type FactsLoader = (itemIds: readonly string[]) => Promise<BatchFacts>;

export function factsLoader(store: Store): FactsLoader {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (store.backend === 'sqlite' && db && typeof db.prepare === 'function') return sqliteLoader(db);
  return genericLoader(store);
}

/**
 * SQLite: rows of items, members and groups change only by import, ledger entries are only ever
 * appended. So the rows a decision needs are cached in memory (bounded), and dropped when another
 * connection commits (`PRAGMA data_version`, e.g. an import run from the command line while the
 * server runs). Ledgers are cached per subject and brought up to date by reading only the entries
 * appended since the previous batch (seq > last), so a decision sees the whole ledger up to the
 * head it read. The caches are handed to the caller as they are (no copy per batch); dropping
 * them replaces the maps rather than clearing them, so a batch in flight keeps a consistent view.
 */
function sqliteLoader(db: Database.Database): FactsLoader {
  const max = Number(process.env.CONSENTGATE_DECISION_CACHE ?? 500_000);
  const itemsSql = db.prepare(`SELECT id, member_id, kind, visibility, group_id, created_at, deleted_at, '' AS text, valid_from
    FROM content_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord`);
  const membersSql = db.prepare('SELECT * FROM member_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const groupsSql = db.prepare('SELECT * FROM group_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const ledgerCols = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash';
  const ledgerSql = db.prepare(`SELECT ${ledgerCols} FROM ledger WHERE subject IN (SELECT value FROM json_each(?)) AND seq <= ? ORDER BY subject, seq`);
  const newEntriesSql = db.prepare(`SELECT ${ledgerCols} FROM ledger WHERE seq > ? ORDER BY seq`);
  const headSql = db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1');
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  let items = new Map<string, ContentItem[] | null>();
  let members = new Map<string, Member[] | null>();
  let groups = new Map<string, Group[] | null>();
  let ledgers = new Map<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>();
  let version = dataVersion.get() as number;
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

  return async (itemIds) => {
    const v = dataVersion.get() as number;
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

function genericLoader(store: Store): FactsLoader {
  let epoch = 0;
  return async (itemIds) => {
    const unique = [...new Set(itemIds)];
    const [rows, head] = await Promise.all([Promise.all(unique.map((id) => store.itemRows(id))), store.head()]);
    const items = new Map<string, ContentItem[] | null>();
    const members = new Map<string, Member[] | null>();
    const groups = new Map<string, Group[] | null>();
    const ledgers = new Map<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>();
    const authorIds = new Set<string>();
    const groupIds = new Set<string>();
    unique.forEach((id, i) => {
      const r = rows[i]!;
      if (r.length === 0) return;
      items.set(id, r);
      authorIds.add(r[0]!.memberId);
      for (const row of r) if (row.groupId !== undefined) groupIds.add(row.groupId);
    });
    await Promise.all([
      ...[...authorIds].map(async (id) => {
        const [m, l] = await Promise.all([store.memberRows(id), store.subjectLedger(id)]);
        members.set(id, m.length > 0 ? m : null);
        ledgers.set(id, l);
      }),
      ...[...groupIds].map(async (id) => {
        const g = await store.groupRows(id);
        groups.set(id, g.length > 0 ? g : null);
      }),
    ]);
    // Nothing is cached here, so nothing derived may be cached either: a new version every batch.
    return { version: ++epoch, changed: new Set(), head, items, rows: itemIds.map((id) => items.get(id) ?? null), members, groups, ledgers };
  };
}

export interface MemberLedgerFacts {
  rows: Member[];
  events: ConsentEntry[];
  notices: NoticeEntry[];
}

/** Reads one member's rows and ledger; `invalidate` tells it which subjects this process just wrote. */
export interface MemberLoader {
  (memberId: string): Promise<MemberLedgerFacts>;
  invalidate(subjects: Iterable<string>): void;
}

/**
 * One member's rows and ledger, the hot read of `GET members/{id}/consent` and the public pages. On
 * SQLite: statements prepared once, and the answer cached per member until this process appends to
 * that member's ledger (`invalidate`, called for every append made through the app) or another
 * connection commits (`PRAGMA data_version`: an import or a choice written by another process).
 */
export function memberLoader(store: Store): MemberLoader {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (store.backend === 'sqlite' && db && typeof db.prepare === 'function') {
    const max = Number(process.env.CONSENTGATE_DECISION_CACHE ?? 500_000);
    const members = db.prepare('SELECT * FROM member_rows WHERE id = ? ORDER BY ord');
    const ledger = db.prepare('SELECT seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash FROM ledger WHERE subject = ? ORDER BY seq');
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    const cache = new Map<string, MemberLedgerFacts>();
    let version = dataVersion.get() as number;
    const load = async (id: string): Promise<MemberLedgerFacts> => {
      const v = dataVersion.get() as number;
      if (v !== version) {
        version = v;
        cache.clear();
      }
      const hit = cache.get(id);
      if (hit) return hit;
      const out: MemberLedgerFacts = { rows: (members.all(id) as MemberRow[]).map(toMember), events: [], notices: [] };
      for (const r of ledger.all(id) as LedgerRow[]) {
        const e = toEntry(r);
        if (e.kind === 'consent') out.events.push(e);
        else out.notices.push(e);
      }
      if (cache.size >= max) cache.clear();
      cache.set(id, out);
      return out;
    };
    return Object.assign(load, { invalidate: (subjects: Iterable<string>) => { for (const s of subjects) cache.delete(s); } });
  }
  const load = async (id: string): Promise<MemberLedgerFacts> => {
    const [rows, l] = await Promise.all([store.memberRows(id), store.subjectLedger(id)]);
    return { rows, events: l.events, notices: l.notices };
  };
  return Object.assign(load, { invalidate: () => undefined });
}
