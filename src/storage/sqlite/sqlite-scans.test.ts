import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanEntries, scanLedgerFacts, scanMemberFacts, scanGroupRows, scanMemberRows, scanPersonalData, scanSubjectLedgers } from './sqlite-scans.js';
import { SqliteStore } from './sqlite-store.js';
import { toEntry, toGroup, toMember, type GroupRow, type LedgerRow, type MemberRow } from './sqlite-rows.js';

const text = fc.option(fc.constantFrom('a', 'x"y', 'é', 'eu-2025-11', 'email'), { nil: null });
const row = fc.record({
  kind: fc.constantFrom('consent', 'notice'), subject: fc.constantFrom('m1', 'm2', 'm10', 'o'), at: fc.integer({ min: 0, max: 2e12 }),
  purpose: text, choice: text, method: text, notice_version: text, channel: text, personal_data: text,
});

describe('raw-mode scans build the entities the object-row mapping builds', () => {
  it('for any rows, odd columns included', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 30 }), fc.array(fc.record({ id: fc.constantFrom('m1', 'm2', 'm10'), valid_from: fc.option(fc.nat(), { nil: null }), birth_date: fc.option(fc.nat(), { nil: null }), closed_at: fc.option(fc.nat(), { nil: null }), school: fc.constantFrom(null, 0, 1) }), { maxLength: 10 }), (ledger, members) => {
      const store = SqliteStore.open(':memory:');
      try {
        const db = store.db;
        const ins = db.prepare('INSERT INTO ledger (seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash, entry_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
        ledger.forEach((r, i) => ins.run(i + 1, r.kind, r.subject, r.at, r.purpose, r.choice, r.method, r.notice_version, r.channel, r.personal_data, `h${i}`, `k${i}`));
        const insM = db.prepare('INSERT INTO member_rows (id, valid_from, name, country, birth_date, joined_at, closed_at, in_secondary_school) VALUES (?,?,?,?,?,?,?,?)');
        for (const m of members) insM.run(m.id, m.valid_from, 'N', 'NL', m.birth_date, 1, m.closed_at, m.school);
        db.prepare("INSERT INTO group_rows (id, valid_from, name, category) VALUES ('g1', NULL, 'G', 'health'), ('g1', 5, 'G', NULL)").run();
        db.prepare("INSERT INTO personal_data (seq, subject, category, data) VALUES (1, 'm1', 'evidence', '{\"b\":1,\"a\":[2]}')").run();

        const reference = (db.prepare('SELECT * FROM ledger ORDER BY seq').all() as LedgerRow[]).map(toEntry);
        expect([...scanEntries(db)]).toEqual(reference);
        expect([...scanEntries(db, 1, 3)]).toEqual(reference);
        expect([...scanEntries(db, 5, 2)]).toEqual(reference.slice(4));
        const bySubject = [...scanSubjectLedgers(db)];
        expect(bySubject.flatMap((l) => [...l.events, ...l.notices].sort((a, b) => a.seq - b.seq))).toEqual([...reference].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.seq - b.seq)));
        // Standing facts: the same entries up to a head, with only the fields a standing reads.
        for (const maxSeq of [0, Math.ceil(ledger.length / 2), ledger.length]) {
          const facts = [...scanLedgerFacts(db, maxSeq)];
          const upTo = bySubject.map((l) => ({
            subject: l.subject,
            events: l.events.filter((e) => e.seq <= maxSeq).map((e) => ({ seq: e.seq, at: e.at, purpose: e.purpose, choice: e.choice, method: e.method })),
            notices: l.notices.filter((e) => e.seq <= maxSeq).map((e) => ({ seq: e.seq, at: e.at, noticeVersion: e.noticeVersion })),
          })).filter((l) => l.events.length + l.notices.length > 0);
          expect(facts).toEqual(upTo);
          for (const page of [1, 2, 3]) expect([...scanLedgerFacts(db, maxSeq, page)]).toEqual(upTo);
        }
        const membersRef = (db.prepare('SELECT * FROM member_rows ORDER BY id, ord').all() as MemberRow[]).map(toMember);
        expect([...scanMemberRows(db)].flat()).toEqual(membersRef);
        expect([...scanMemberRows(db)].map((g) => g[0]!.id)).toEqual([...new Set(membersRef.map((m) => m.id))]);
        const memberFacts = [...scanMemberRows(db)].map((g) => g.map(({ name: _n, joinedAt: _j, ...facts }) => facts));
        for (const page of [1, 2, 3, 1024]) expect([...scanMemberFacts(db, page)]).toEqual(memberFacts);
        expect([...scanGroupRows(db)]).toEqual([(db.prepare('SELECT * FROM group_rows ORDER BY id, ord').all() as GroupRow[]).map(toGroup)]);
        expect([...scanPersonalData(db)]).toEqual([{ seq: 1, subject: 'm1', category: 'evidence', data: { b: 1, a: [2] } }]);
      } finally {
        void store.close();
      }
    }), { numRuns: 100 });
  });
});
