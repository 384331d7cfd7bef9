/**
 * The facts `decide` needs for many items at once (`POST decisions`): item rows, their authors'
 * rows and ledgers, their groups, read in a few set-based queries instead of several per item.
 * On SQLite it reads the store's tables directly with `json_each` (one prepared statement per kind,
 * whatever the batch size), leaving out the item text that decisions never look at; on any other
 * backend it falls back to the `Store` contract, one call per distinct id, in parallel.
 */
import type Database from 'better-sqlite3';
import type { ContentItem, Group, Member } from '../domain/entities.js';
import type { ConsentEntry, NoticeEntry } from '../ledger/entry.js';
import { toEntry, toGroup, toItem, toMember, type ContentRow, type GroupRow, type LedgerRow, type MemberRow } from '../storage/sqlite/sqlite-rows.js';
import type { Store } from '../storage/store.js';

export interface BatchFacts {
  items: Map<string, ContentItem[]>;
  members: Map<string, Member[]>;
  groups: Map<string, Group[]>;
  ledgers: Map<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>;
}

export type FactsLoader = (itemIds: readonly string[]) => Promise<BatchFacts>;

export function factsLoader(store: Store): FactsLoader {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (store.backend === 'sqlite' && db && typeof db.prepare === 'function') return sqliteLoader(db);
  return genericLoader(store);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sqliteLoader(db: Database.Database): FactsLoader {
  const items = db.prepare(`SELECT id, member_id, kind, visibility, group_id, created_at, deleted_at, '' AS text, valid_from
    FROM content_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord`);
  const members = db.prepare('SELECT * FROM member_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const groups = db.prepare('SELECT * FROM group_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, ord');
  const ledger = db.prepare(`SELECT seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash
    FROM ledger WHERE subject IN (SELECT value FROM json_each(?)) ORDER BY subject, seq`);
  return async (itemIds) => {
    const out: BatchFacts = { items: new Map(), members: new Map(), groups: new Map(), ledgers: new Map() };
    const authorIds = new Set<string>();
    const groupIds = new Set<string>();
    for (const r of items.all(JSON.stringify(itemIds)) as ContentRow[]) {
      const item = toItem(r);
      push(out.items, item.id, item);
      authorIds.add(item.memberId);
      if (item.groupId !== undefined) groupIds.add(item.groupId);
    }
    if (authorIds.size === 0) return out;
    const authors = JSON.stringify([...authorIds]);
    for (const r of members.all(authors) as MemberRow[]) push(out.members, r.id, toMember(r));
    if (groupIds.size > 0) for (const r of groups.all(JSON.stringify([...groupIds])) as GroupRow[]) push(out.groups, r.id, toGroup(r));
    for (const id of authorIds) out.ledgers.set(id, { events: [], notices: [] });
    for (const r of ledger.all(authors) as LedgerRow[]) {
      const e = toEntry(r);
      const l = out.ledgers.get(e.subject)!;
      if (e.kind === 'consent') l.events.push(e);
      else l.notices.push(e);
    }
    return out;
  };
}

function genericLoader(store: Store): FactsLoader {
  return async (itemIds) => {
    const out: BatchFacts = { items: new Map(), members: new Map(), groups: new Map(), ledgers: new Map() };
    const unique = [...new Set(itemIds)];
    const rows = await Promise.all(unique.map((id) => store.itemRows(id)));
    const authorIds = new Set<string>();
    const groupIds = new Set<string>();
    unique.forEach((id, i) => {
      const r = rows[i]!;
      if (r.length === 0) return;
      out.items.set(id, r);
      authorIds.add(r[0]!.memberId);
      for (const row of r) if (row.groupId !== undefined) groupIds.add(row.groupId);
    });
    await Promise.all([
      ...[...authorIds].map(async (id) => {
        const [m, l] = await Promise.all([store.memberRows(id), store.subjectLedger(id)]);
        if (m.length > 0) out.members.set(id, m);
        out.ledgers.set(id, l);
      }),
      ...[...groupIds].map(async (id) => {
        const g = await store.groupRows(id);
        if (g.length > 0) out.groups.set(id, g);
      }),
    ]);
    return out;
  };
}
