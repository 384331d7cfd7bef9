/**
 * Both backends as tests use them (under src/ and test/ alike): a fresh store, named by the `--db`
 * value a child process would get. Every integration suite loops over `BACKENDS`, as the contract
 * suite does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { createTestDatabase } from './postgres-db.js';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface FreshStore {
  backend: Backend;
  /** What `--db` takes: a file path or a postgres:// URL. */
  db: string;
  /** A folder for the test's other files. */
  dir: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** `prefix` names the temporary folder and the database (other characters than \w become `_`). */
export async function freshStore(backend: Backend, prefix = 'it'): Promise<FreshStore> {
  const dir = mkdtempSync(join(tmpdir(), `cg-${prefix}-`));
  if (backend === 'sqlite') {
    const db = join(dir, 'store.db');
    return { backend, db, dir, open: () => openStore(db), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = await createTestDatabase(prefix.replace(/\W/g, '_'));
  return {
    backend, db: pg.url, dir, open: () => openStore(pg.url),
    cleanup: async () => {
      await pg.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Runs SQL on the store's database as an attacker with write access would: append-only guards off. */
export async function tamper(fresh: FreshStore, sql: string): Promise<void> {
  if (fresh.backend === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(fresh.db);
    try {
      db.exec('DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete;');
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: fresh.db });
  await client.connect();
  try {
    await client.query('ALTER TABLE ledger DISABLE TRIGGER USER');
    await client.query(sql);
  } finally {
    await client.end();
  }
}
