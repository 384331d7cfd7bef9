import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidingEvent } from '../../decision/consent-state.js';
import { PURPOSES, type Purpose } from '../../domain/purpose.js';
import type { ConsentEntry } from '../../ledger/entry.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-db.js';
import { consentStates } from './postgres-consent.js';
import { PostgresStore } from './postgres-store.js';

describe('consent state as of T in SQL', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  beforeAll(async () => {
    db = await createTestDatabase('asof');
    store = await PostgresStore.open(db.url);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const event = fc.record({
    subject: fc.constantFrom('a', 'b', 'c', 'd'),
    at: fc.integer({ min: 0, max: 6 }),
    purpose: fc.constantFrom(...PURPOSES),
    choice: fc.constantFrom('allow' as const, 'deny' as const),
    method: fc.constantFrom('setting' as const, 'gpc' as const, 'api' as const),
  }).map((e) => (e.method === 'gpc' ? { ...e, choice: 'deny' as const } : e));

  it('agrees with decidingEvent on any ledger, purpose, moment and GPC setting', async () => {
    await fc.assert(fc.asyncProperty(fc.array(event, { maxLength: 25 }), fc.constantFrom(...PURPOSES), fc.integer({ min: -1, max: 7 }), fc.boolean(), async (events, purpose: Purpose, asOf, honorGpc) => {
      {
        await store.pool.query('ALTER TABLE ledger DISABLE TRIGGER USER; TRUNCATE ledger; ALTER TABLE ledger ENABLE TRIGGER USER');
        const written = events.length > 0 ? ((await store.append(events.map((e) => ({ kind: 'consent' as const, event: e })))) as ConsentEntry[]) : [];
        const got = [];
        for await (const rows of consentStates(store, { purpose, asOf, honorGpc })) got.push(...rows.map((r) => [r.subject, r.seq]));
        const want = ['a', 'b', 'c', 'd'].flatMap((s) => {
          const e = decidingEvent(written.filter((w) => w.subject === s), { purpose, asOf, honorGpc });
          return e ? [[s, e.seq]] : [];
        });
        expect(got).toEqual(want);
      }
    }), { numRuns: 60, seed: 5 });
  });
});
