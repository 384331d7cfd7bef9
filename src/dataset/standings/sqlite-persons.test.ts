/** The SQLite fast path reads exactly the people the Store API streams give, pages and all. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { importPlatform, platformFiles } from '../testing/platform-fixture.js';
import { persons, type PersonFacts } from './persons.js';
import { sqliteMemberRows, sqliteSubjectLedgers } from './sqlite-persons.js';

async function all(it: AsyncIterable<PersonFacts>): Promise<PersonFacts[]> {
  const out: PersonFacts[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('sqlite persons', () => {
  let dir: string;
  let store: SqliteStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-persons-'));
    store = SqliteStore.open(join(dir, 'store.db'));
    await importPlatform(store, await platformFiles(join(dir, 'p'), 120, 600, 11));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equals the Store API streams, cut at a head', async () => {
    const head = await store.head();
    for (const [seq, page] of [[head.seq, 20_000], [head.seq, 7], [head.seq, 1], [Math.floor(head.seq / 2), 2], [0, 3]] as const) {
      const fast = await all(persons(sqliteMemberRows(store, page), sqliteSubjectLedgers(store, seq, page), seq));
      const slow = await all(persons(store.allMemberRows(), store.allSubjectLedgers(), seq));
      expect(fast).toEqual(slow.filter((p) => p.rows !== undefined || p.events.length + p.notices.length > 0));
      expect(fast.length).toBeGreaterThan(100);
    }
  });
});
