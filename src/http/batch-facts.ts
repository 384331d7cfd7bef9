/**
 * The facts `decide` needs for many items at once (`POST decisions`) come from the store's
 * `decisionFacts`: set-based reads on each backend (SQLite caches rows and ledgers between batches,
 * see `sqlite-decision-facts.ts`; PostgreSQL reads them in two round trips). Also here: the
 * one-member read of the consent pages.
 */
import type Database from 'better-sqlite3';
import type { ConsentEntry, NoticeEntry } from '../ledger/entry.js';
import type { Member } from '../domain/entities.js';
import { toEntry, toMember, type LedgerRow, type MemberRow } from '../storage/sqlite/sqlite-rows.js';
import type { DecisionFactsBatch, Store } from '../storage/store.js';

export type BatchFacts = DecisionFactsBatch;

export type FactsLoader = (itemIds: readonly string[]) => Promise<BatchFacts>;

export function factsLoader(store: Store): FactsLoader {
  return (itemIds) => store.decisionFacts(itemIds);
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
