import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/postgres-db.js';
import type { UnsealedEntry } from '../../ledger/seal.js';
import { verifyLedger } from '../../ledger/verify-ledger.js';
import { runStoreContract } from '../store.case.js';
import { PostgresStore } from './postgres-store.js';

runStoreContract('postgres', async () => {
  const db = await createTestDatabase('contract');
  const store = await PostgresStore.open(db.url);
  const others: PostgresStore[] = [];
  // Tampering as an attacker with database access would: the append-only triggers switched off first.
  const raw = async (sql: string, ...params: unknown[]) => {
    await store.pool.query('ALTER TABLE ledger DISABLE TRIGGER USER');
    await store.pool.query(sql, params);
  };
  return {
    store,
    tamper: {
      setEntryField: (seq, column, value) => raw(`UPDATE ledger SET ${column} = $1 WHERE seq = $2`, value, seq),
      deleteEntry: (seq) => raw('DELETE FROM ledger WHERE seq = $1', seq),
      swapEntries: async (a, b) => {
        await raw('UPDATE ledger SET seq = -1 WHERE seq = $1', a).catch(async () => {
          // seq > 0 is a CHECK: park the row far away instead.
          await raw('UPDATE ledger SET seq = 999999999 WHERE seq = $1', a);
        });
        const parked = (await store.pool.query('SELECT 1 FROM ledger WHERE seq = -1')).rowCount ? -1 : 999999999;
        await raw('UPDATE ledger SET seq = $1 WHERE seq = $2', a, b);
        await raw('UPDATE ledger SET seq = $1 WHERE seq = $2', b, parked);
      },
      setPersonalData: (seq, data) => raw('UPDATE personal_data SET data = $1 WHERE seq = $2', JSON.stringify(data), seq),
    },
    reopen: async () => {
      const s = await PostgresStore.open(db.url);
      others.push(s);
      return s;
    },
    cleanup: async () => {
      await Promise.all(others.map((s) => s.close().catch(() => undefined)));
      await store.close();
      await db.drop();
    },
  };
});

describe('postgres backend specifics', () => {
  const dbs: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('the ledger refuses UPDATE, DELETE and TRUNCATE while its triggers stand', async () => {
    const db = await createTestDatabase('guard');
    dbs.push(db);
    const store = await PostgresStore.open(db.url);
    try {
      await store.append([{ kind: 'notice', notice: { subject: 'm1', at: 0, noticeVersion: 'v', channel: 'email' } }]);
      await expect(store.pool.query(`UPDATE ledger SET subject = 'x'`)).rejects.toThrow(/append-only/);
      await expect(store.pool.query('DELETE FROM ledger')).rejects.toThrow(/append-only/);
      await expect(store.pool.query('TRUNCATE ledger')).rejects.toThrow(/append-only/);
    } finally {
      await store.close();
    }
  });

  it('streams every row in batches with the next fetched ahead, and frees the connection when the reader stops early', async () => {
    const db = await createTestDatabase('stream');
    dbs.push(db);
    const store = await PostgresStore.open(db.url, { poolSize: 1 });
    try {
      const all = async (n: number, batch: number) => {
        const seen: number[] = [];
        for await (const rows of store.stream<[number]>(`SELECT g FROM generate_series(1, ${n}) g ORDER BY g`, [], batch, 'array')) seen.push(...rows.map((r) => r[0]));
        return seen;
      };
      // Exact multiples of the batch, one short, one over, and none.
      for (const n of [0, 1, 4, 5, 7, 8]) expect(await all(n, 4)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // Stopping after the first batch (a fetch is in flight): the one connection comes back usable.
      for await (const rows of store.stream<[number]>('SELECT g FROM generate_series(1, 100) g', [], 4, 'array')) {
        expect(rows).toHaveLength(4);
        break;
      }
      expect(await all(9, 4)).toHaveLength(9);
      // A failing query surfaces, and the connection comes back too.
      await expect(all(Number.NaN, 4)).rejects.toThrow();
      expect((await store.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('processes that open a new database at once migrate it once and share one secret', async () => {
    const db = await createTestDatabase('race', { empty: true });
    dbs.push(db);
    const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresStore.open(db.url, { poolSize: 2 })));
    try {
      expect(new Set(stores.map((s) => s.secret.toString('hex'))).size).toBe(1);
      expect(stores.flatMap((s) => s.migrations?.applied ?? []).map((m) => m.version).sort()).toEqual([1, 2]);
      const versions = await stores[0]!.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keeps NUL, control characters, quotes and backslashes in texts, exactly', async () => {
    const db = await createTestDatabase('nul');
    dbs.push(db);
    const store = await PostgresStore.open(db.url);
    try {
      const odd = ['a\u0000b', '\u0001lead', '\u0001\u0000\u0001', 'tab\tnew\nline\\back', "'); DROP TABLE ledger; --"];
      await store.importSession(async (s) => {
        await s.writeMembers(odd.map((name, i) => ({ id: `m${i}`, name, country: 'NL', joinedAt: 0 })));
        await s.writeContent(odd.map((text, i) => ({ id: `i${i}`, memberId: `m${i}`, kind: 'post' as const, visibility: 'public' as const, createdAt: 1, text })));
      });
      for (const [i, text] of odd.entries()) {
        expect((await store.memberRows(`m${i}`))[0]!.name).toBe(text);
        expect((await store.itemRows(`i${i}`))[0]!.text).toBe(text);
      }
      const [n] = await store.append([{ kind: 'notice', notice: { subject: 'm0', at: 0, noticeVersion: 'v\u0000\u0001', channel: 'email' } }]);
      // Appends write escaped literals: quotes, backslashes and SQL in any text stay data.
      const hostile = ["'); DROP TABLE ledger; --", "\\'; DELETE FROM personal_data; --", 'E\'\\x00\'', '$$ $1 %s ü 😀', '\\'];
      const more = await store.append(hostile.map((h, i) => ({
        kind: 'consent' as const, event: { subject: `m${i}`, at: i, purpose: 'train-ai' as const, choice: 'deny' as const, method: 'setting' as const, noticeVersion: h },
        personalData: { category: 'evidence' as const, data: { evidence: { userAgent: h, [h]: h } } },
      })));
      const all = [];
      for await (const e of store.entries()) all.push(e);
      expect(all).toEqual([n, ...more]);
      expect((await store.personalDataOf(more.map((e) => e.seq))).map((r) => (r.data.evidence as { userAgent: string }).userAgent)).toEqual(hostile);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 1 + hostile.length });
    } finally {
      await store.close();
    }
  });

  it('an import into an empty ledger leaves the same indexes, also when a reader holds the table', async () => {
    const db = await createTestDatabase('defer');
    dbs.push(db);
    const store = await PostgresStore.open(db.url);
    const indexes = async () => (await store.pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename IN ('ledger', 'personal_data') ORDER BY indexname`)).rows.map((r) => r.indexdef);
    const entries = (n: number, from: number): UnsealedEntry[] => Array.from({ length: n }, (_, i) => ({
      kind: 'consent', event: { subject: `m${(from + i) % 7}`, at: from + i, purpose: 'train-ai', choice: 'deny', method: i % 3 ? 'setting' : 'objection-form' },
      personalData: { category: 'evidence', data: { evidence: { i: from + i } } },
    }));
    const planOf = async (sql: string) => JSON.stringify((await store.pool.query(`EXPLAIN (FORMAT JSON) ${sql}`)).rows);
    try {
      const before = await indexes();
      expect(before).toHaveLength(6);
      await store.importSession(async (s) => {
        await s.appendEntries(entries(300, 0));
        // Dropped for the load (the table's readers wait for the commit).
        expect((await s.existingEntryKeys(['x'])).size).toBe(0);
      });
      expect(await indexes()).toEqual(before);
      await store.pool.query('SET enable_seqscan = off');
      expect(await planOf(`SELECT * FROM ledger WHERE subject = 'm1' ORDER BY seq`)).toContain('ledger_subject');
      // A second import into the now empty-no-more ledger keeps them; both verify.
      await store.importSession(async (s) => s.appendEntries(entries(10, 300)));
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 310 });

      // A reader in a long transaction on an empty ledger: the import does not wait for it.
      const db2 = await createTestDatabase('defer-busy');
      dbs.push(db2);
      const other = await PostgresStore.open(db2.url);
      const reader = await other.pool.connect();
      try {
        await reader.query('BEGIN; SELECT count(*) FROM ledger');
        await other.importSession(async (s) => s.appendEntries(entries(300, 0)));
        await reader.query('COMMIT');
        expect(await verifyLedger(other)).toMatchObject({ ok: true, entries: 300 });
        const defs = (await other.pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename IN ('ledger', 'personal_data') ORDER BY indexname`)).rows.map((r) => r.indexdef);
        expect(defs).toEqual(before);
      } finally {
        reader.release();
        await other.close();
      }
    } finally {
      await store.close();
    }
  });

  it('says clearly when the server cannot be reached', async () => {
    await expect(PostgresStore.open('postgres://nobody@127.0.0.1:1/none')).rejects.toThrow(/cannot connect to PostgreSQL/);
  });
});
