/**
 * @module Worker thread body: verifies a SQLite store's ledger on its own connection, so that the
 * hashing (a full pass over the chain) runs beside the build instead of before it. Reads through
 * the synchronous scans (no await per entry), on a bare read-only connection: loading the whole
 * store module (metrics and all) cost a tenth of the check's CPU.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyLedgerScans } from '../../ledger/verify-ledger.js';
import { scanEntries, scanPersonalData } from '../../storage/sqlite/sqlite-scans.js';

const { path } = workerData as { path: string };
try {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('cache_size = -65536');
    const secret = (db.prepare(`SELECT value FROM meta WHERE key = 'hmac-secret'`).get() as { value: Buffer } | undefined)?.value;
    if (secret === undefined) throw new Error('the store has no personal-data secret');
    parentPort?.postMessage({ ok: true, check: verifyLedgerScans(path, secret, () => scanEntries(db), () => scanPersonalData(db)) });
  } finally {
    db.close();
  }
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message });
}
