/**
 * @module Worker thread body: verifies a store's ledger on its own connection, so that the hashing
 * (a full pass over the chain) runs beside the build instead of before it, and off the thread that
 * runs the build. A SQLite store is read through the synchronous scans (no await per entry; each
 * entry's canonical JSON made from its row's columns, `ledger-rows.ts`), on a bare read-only
 * connection: loading the whole store module (metrics and all) cost a tenth of the check's CPU. A PostgreSQL store is opened by its URL, with a pool of two connections (the check reads the
 * entries and the personal data side by side, each through a cursor of its own).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyHashedScans, verifyLedger } from '../../ledger/verify-ledger.js';
import { scanPersonalData } from '../../storage/sqlite/sqlite-scans.js';
import { scanHashedEntries } from './ledger-rows.js';

export type VerifyTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

async function check(target: VerifyTarget): Promise<unknown> {
  if (target.kind === 'postgres') {
    const { PostgresStore } = await import('../../storage/postgres/postgres-store.js');
    const store = await PostgresStore.open(target.url, { poolSize: 2, migrate: false });
    try {
      return await verifyLedger(store);
    } finally {
      await store.close();
    }
  }
  const db = new Database(target.path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('cache_size = -65536');
    const secret = (db.prepare(`SELECT value FROM meta WHERE key = 'hmac-secret'`).get() as { value: Buffer } | undefined)?.value;
    if (secret === undefined) throw new Error('the store has no personal-data secret');
    return verifyHashedScans(target.path, secret, () => scanHashedEntries(db), () => scanPersonalData(db));
  } finally {
    db.close();
  }
}

check(workerData as VerifyTarget).then(
  (result) => parentPort?.postMessage({ ok: true, check: result }),
  (e: unknown) => parentPort?.postMessage({ ok: false, message: (e as Error).message }),
);
