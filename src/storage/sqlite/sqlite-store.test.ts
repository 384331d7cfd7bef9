import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStoreContract } from '../store.case.js';
import { EMPTY_HEAD } from '../../ledger/entry.js';
import { BULK_JOURNAL_BYTES, SqliteStore } from './sqlite-store.js';

runStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-sqlite-'));
  const path = join(dir, 'store.db');
  const store = SqliteStore.open(path);
  const others: SqliteStore[] = [];
  const raw = (sql: string, ...params: unknown[]) => {
    store.db.exec('DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete;');
    store.db.prepare(sql).run(...params);
  };
  return {
    store,
    tamper: {
      setEntryField: async (seq, column, value) => raw(`UPDATE ledger SET ${column} = ? WHERE seq = ?`, value, seq),
      deleteEntry: async (seq) => raw('DELETE FROM ledger WHERE seq = ?', seq),
      swapEntries: async (a, b) => {
        raw('UPDATE ledger SET seq = -1 WHERE seq = ?', a);
        raw('UPDATE ledger SET seq = ? WHERE seq = ?', a, b);
        raw('UPDATE ledger SET seq = ? WHERE seq = -1', b);
      },
      setPersonalData: async (seq, data) => raw('UPDATE personal_data SET data = ? WHERE seq = ?', JSON.stringify(data), seq),
    },
    reopen: async () => {
      const s = SqliteStore.open(path);
      others.push(s);
      return s;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite: bulk imports through a rollback journal', () => {
  let dir: string;
  let store: SqliteStore;
  const bulk = { bytes: BULK_JOURNAL_BYTES };
  const mode = (s: SqliteStore) => s.db.pragma('journal_mode', { simple: true });
  const members = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `m${from + i}`, name: `Member ${from + i} ${'x'.repeat(200)}`, country: 'NL', joinedAt: 0 }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cg-sqlite-bulk-'));
    store = SqliteStore.open(join(dir, 'store.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a large import without the WAL when it is alone, and returns to WAL mode', async () => {
    const seen = await store.importSession(async (s) => {
      await s.writeMembers(members(10));
      return mode(store);
    }, bulk);
    expect(seen).toBe('delete');
    expect(mode(store)).toBe('wal');
    expect((await store.counts()).members).toBe(10);
  });

  it('keeps WAL mode for a small import', async () => {
    const seen = await store.importSession(async () => mode(store), { bytes: BULK_JOURNAL_BYTES - 1 });
    expect(seen).toBe('wal');
  });

  it('stays in WAL mode, without waiting, while another connection has the store open', async () => {
    const other = new Database(join(dir, 'store.db'), { readonly: true });
    try {
      expect(other.prepare('SELECT COUNT(*) AS n FROM member_rows').get()).toEqual({ n: 0 });
      const seen = await store.importSession(async (s) => {
        await s.writeMembers(members(3));
        return mode(store);
      }, bulk);
      expect(seen).toBe('wal');
      expect(other.prepare('SELECT COUNT(*) AS n FROM member_rows').get()).toEqual({ n: 3 });
    } finally {
      other.close();
    }
  });

  it('rolls a failed bulk import back and returns to WAL mode', async () => {
    await store.importSession(async (s) => s.writeMembers(members(2)), bulk);
    await expect(store.importSession(async (s) => {
      await s.writeMembers(members(5000, 2));
      throw new Error('bad line');
    }, bulk)).rejects.toThrow('bad line');
    expect(mode(store)).toBe('wal');
    expect((await store.counts()).members).toBe(2);
  });

  it('records a large lineage the same way, and reads it back', async () => {
    const perMember = 1000;
    // Ids of 10 characters and a newline each.
    const n = Math.ceil(BULK_JOURNAL_BYTES / 11 / perMember);
    const ids = (m: number) => Array.from({ length: perMember }, (_, i) => `c${String(m).padStart(4, '0')}-${String(i).padStart(4, '0')}`);
    async function* batches() {
      yield Array.from({ length: n }, (_, m) => ({ memberId: `m${String(m).padStart(4, '0')}`, itemIds: ids(m) }));
    }
    await store.recordDataset({ id: 'd1', asOf: 0, builtAt: 1, policy: { id: 'p', version: 1, sha256: 'a'.repeat(64) }, ledger: EMPTY_HEAD, format: 'jsonl', location: '/d1', manifest: {} }, batches());
    expect(mode(store)).toBe('wal');
    // Written past the log: in WAL mode its megabytes would be in the log now.
    const wal = join(dir, 'store.db-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBeLessThan(64 * 1024);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM dataset_members').get()).toEqual({ n });
    expect(await store.memberDatasets('m0007')).toEqual([{ datasetId: 'd1', itemIds: ids(7) }]);
  });

  it('keeps WAL mode where the free pages could hold half of the write', async () => {
    const big = Array.from({ length: 10_000 }, (_, i) => ({ id: `m${i}`, name: 'x'.repeat(2000), country: 'NL', joinedAt: 0 }));
    await store.importSession(async (s) => s.writeMembers(big), bulk);
    store.db.exec('DELETE FROM member_rows');
    expect((store.db.pragma('freelist_count', { simple: true }) as number) * 4096).toBeGreaterThan(BULK_JOURNAL_BYTES / 2);
    const seen = await store.importSession(async () => mode(store), bulk);
    expect(seen).toBe('wal');
  });

  it('a crash in the middle of a bulk import leaves the store as it was', async () => {
    const path = join(dir, 'store.db');
    await store.importSession(async (s) => s.writeMembers(members(2)), bulk);
    const crashed = join(dir, 'crashed.db');
    await store.importSession(async (s) => {
      // A small page cache spills the import's pages into the database file long before the commit.
      store.db.pragma('cache_size = 16');
      await s.writeMembers(members(5000, 2));
      // What a power cut would leave on disk at this point: the database and its journal.
      copyFileSync(path, crashed);
      copyFileSync(`${path}-journal`, `${crashed}-journal`);
    }, bulk);
    expect(statSync(crashed).size).toBeGreaterThan(statSync(`${crashed}-journal`).size);
    const after = SqliteStore.open(crashed);
    try {
      expect((await after.counts()).members).toBe(2);
      expect(mode(after)).toBe('wal');
      expect(existsSync(`${crashed}-journal`)).toBe(false);
    } finally {
      await after.close();
    }
  });
});
