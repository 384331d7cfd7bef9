/**
 * Whole-table scans of the PostgreSQL store for the person standings of bulk decisions and builds:
 * only the columns a standing reads, rows as arrays, the ledger cut at the head in SQL. Objects of
 * whole rows (names, hashes, personal data) cost the build's thread half a minute at a million
 * members; the SQLite store has the same scans (`sqlite-scans.ts`).
 */
import type { MemberFacts } from '../../decision/standing.js';
import type { Choice } from '../../domain/entities.js';
import type { Purpose } from '../../domain/purpose.js';
import type { ConsentEntry } from '../../ledger/entry.js';
import type { LedgerFacts } from '../sqlite/sqlite-scans.js';
import { fromPgText } from './postgres-rows.js';

interface Streams {
  stream<R>(sql: string, params: readonly unknown[], batch: number, rowMode: 'array'): AsyncIterable<R[]>;
}

type MemberFactsRow = [string, number | null, string, number | null, number | null, boolean | null];
type LedgerFactsRow = [string, number, string, number, string | null, string | null, string | null, string | null];

const BATCH = 10_000;

/** Members in bytewise id order, each one's rows in write order. */
export async function* memberFacts(store: Streams): AsyncIterable<MemberFacts[]> {
  let group: MemberFacts[] = [];
  const sql = 'SELECT id, valid_from, country, birth_date, closed_at, in_secondary_school FROM member_rows ORDER BY id, ord';
  for await (const rows of store.stream<MemberFactsRow>(sql, [], BATCH, 'array')) {
    for (const r of rows) {
      if (group.length > 0 && group[0]!.id !== r[0]) {
        yield group;
        group = [];
      }
      const m: MemberFacts = { id: r[0], country: r[2] };
      if (r[3] !== null) m.birthDate = r[3];
      if (r[4] !== null) m.closedAt = r[4];
      if (r[5] !== null) m.inSecondarySchool = r[5];
      if (r[1] !== null) m.validFrom = r[1];
      group.push(m);
    }
  }
  if (group.length > 0) yield group;
}

/** Subjects in bytewise order, each one's entries with `seq <= maxSeq` in seq order. */
export async function* ledgerFacts(store: Streams, maxSeq: number): AsyncIterable<LedgerFacts> {
  let current: LedgerFacts | undefined;
  const sql = 'SELECT subject, seq, kind, at, purpose, choice, method, notice_version FROM ledger WHERE seq <= $1 ORDER BY subject, seq';
  for await (const rows of store.stream<LedgerFactsRow>(sql, [maxSeq], BATCH, 'array')) {
    for (const r of rows) {
      if (current?.subject !== r[0]) {
        if (current) yield current;
        current = { subject: r[0], events: [], notices: [] };
      }
      if (r[2] === 'notice') current.notices.push({ seq: r[1], at: r[3], noticeVersion: fromPgText(r[7] ?? '') });
      else current.events.push({ seq: r[1], at: r[3], purpose: r[4] as Purpose, choice: r[5] as Choice, method: r[6] as ConsentEntry['method'] });
    }
  }
  if (current) yield current;
}
