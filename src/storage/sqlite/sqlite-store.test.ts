import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../store.case.js';
import { SqliteStore } from './sqlite-store.js';

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
