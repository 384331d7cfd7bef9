/**
 * The two backends as integration tests use them: a fresh store, named by the `--db` value a child
 * process would get. Every integration suite loops over `BACKENDS`, as the contract suite does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { createTestDatabase } from '../../src/test-support/postgres-db.js';

export interface FreshStore {
  backend: 'sqlite' | 'postgres';
  /** What `--db` takes: a file path or a postgres:// URL. */
  db: string;
  /** A folder for the test's other files. */
  dir: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const BACKENDS = ['sqlite', 'postgres'] as const;

export async function freshStore(backend: 'sqlite' | 'postgres', prefix = 'it'): Promise<FreshStore> {
  const dir = mkdtempSync(join(tmpdir(), `cg-${prefix}-`));
  if (backend === 'sqlite') {
    const db = join(dir, 'store.db');
    return { backend, db, dir, open: () => openStore(db), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = await createTestDatabase(prefix);
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
