import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../import/import-files.js';
import { freshStore } from '../testing/backends.js';
import { platformFiles } from '../testing/platform-fixture.js';
import { METHODS } from '../../domain/entities.js';
import { PURPOSES } from '../../domain/purpose.js';
import { standingOf } from '../../decision/standing.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { persons, type PersonFacts } from './persons.js';

const policy = loadPolicy();
const versions = [...new Set(policy.regions.flatMap((r) => (r.notice ? [r.notice.version] : []))), 'old-version'];
const ids = ['m1', 'm2', 'm10', 'é'];
const at = fc.integer({ min: 1.7e12, max: 1.8e12 });
const memberRow = fc.record({
  id: fc.constantFrom(...ids), validFrom: fc.option(at, { nil: null }), country: fc.constantFrom('NL', 'GB', 'CN', 'US', 'CA'),
  birthDate: fc.option(fc.integer({ min: 9e11, max: 1.3e12 }), { nil: null }), closedAt: fc.option(at, { nil: null }), school: fc.constantFrom(null, 0, 1),
});
const entry = fc.oneof(
  fc.record({ kind: fc.constant('consent'), subject: fc.constantFrom(...ids, 'outsider'), at, purpose: fc.constantFrom(...PURPOSES), choice: fc.constantFrom('allow', 'deny'), method: fc.constantFrom(...METHODS), version: fc.constant(null) }),
  fc.record({ kind: fc.constant('notice'), subject: fc.constantFrom(...ids, 'outsider'), at, purpose: fc.constant(null), choice: fc.constant(null), method: fc.constant(null), version: fc.constantFrom(...versions) }),
);

async function all(people: AsyncIterable<PersonFacts[]>): Promise<PersonFacts[]> {
  const out: PersonFacts[] = [];
  for await (const batch of people) out.push(...batch);
  return out;
}

describe('persons', () => {
  it('hands over, on the SQLite scans and through the Store interface alike, facts whose standing is the reference standing on the whole rows and entries up to the head', async () => {
    await fc.assert(fc.asyncProperty(fc.array(memberRow, { maxLength: 8 }), fc.array(entry, { maxLength: 24 }), fc.nat(), at, async (members, entries, cut, asOf) => {
      const store = SqliteStore.open(':memory:');
      try {
        const insM = store.db.prepare('INSERT INTO member_rows (id, valid_from, name, country, birth_date, joined_at, closed_at, in_secondary_school) VALUES (?,?,?,?,?,?,?,?)');
        for (const m of members) insM.run(m.id, m.validFrom, 'Name', m.country, m.birthDate, 1, m.closedAt, m.school);
        const insL = store.db.prepare('INSERT INTO ledger (seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash, entry_key) VALUES (?,?,?,?,?,?,?,?,?,NULL,?,?)');
        entries.forEach((e, i) => insL.run(i + 1, e.kind, e.subject, e.at, e.purpose, e.choice, e.method, e.version, e.kind === 'notice' ? 'email' : null, `h${i}`, `k${i}`));
        const maxSeq = entries.length === 0 ? 0 : cut % (entries.length + 1);

        const standing = (p: { rows: PersonFacts['rows']; events: PersonFacts['events']; notices: PersonFacts['notices'] }) => {
          const s = standingOf({ member: p.rows, events: p.events, notices: p.notices }, policy, asOf);
          return { mask: s.mask, adultAt: s.adultAt, country: s.member?.country };
        };
        const reference = new Map<string, ReturnType<typeof standing>>();
        for (const id of new Set([...members.map((m) => m.id), ...entries.slice(0, maxSeq).map((e) => e.subject)])) {
          const rows = await store.memberRows(id);
          const ledger = await store.subjectLedger(id);
          reference.set(id, standing({ rows: rows.length > 0 ? rows : undefined, events: ledger.events.filter((e) => e.seq <= maxSeq), notices: ledger.notices.filter((n) => n.seq <= maxSeq) }));
        }
        // Not a SqliteStore: the generic merge of allMemberRows and allSubjectLedgers.
        const generic = { allMemberRows: () => store.allMemberRows(), allSubjectLedgers: () => store.allSubjectLedgers() } as unknown as Store;
        for (const people of [await all(persons(store, maxSeq)), await all(persons(generic, maxSeq))]) {
          expect(people.map((p) => p.id)).toEqual([...reference.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
          for (const p of people) expect(standing(p)).toEqual(reference.get(p.id));
        }
      } finally {
        void store.close();
      }
    }), { numRuns: 150 });
  });

  it('hands over the same facts from PostgreSQL (narrow array scans) as from SQLite, at any head', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-persons-'));
    const sqlite = await freshStore('sqlite', 'persons');
    const pg = await freshStore('postgres', 'persons');
    const [a, b] = [await sqlite.open(), await pg.open()];
    try {
      const files = await platformFiles(join(dir, 'p'), 60, 200, 11);
      await importFiles(a, files);
      await importFiles(b, files);
      const head = (await a.head()).seq;
      expect((await b.head()).seq).toBe(head);
      expect(head).toBeGreaterThan(20);
      for (const maxSeq of [head, Math.floor(head / 2), 0]) {
        const [fromSqlite, fromPg] = [await all(persons(a, maxSeq)), await all(persons(b, maxSeq))];
        expect(fromPg).toEqual(fromSqlite);
        if (maxSeq === head) expect(fromPg.some((p) => p.events.length > 0 && p.notices.length > 0)).toBe(true);
      }
    } finally {
      await a.close();
      await b.close();
      await sqlite.cleanup();
      await pg.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
