/**
 * @module Worker thread body: verifies a SQLite store's ledger on its own connection, so that the
 * hashing (a full pass over the chain) runs beside the build instead of before it. Reads through
 * the synchronous scans (no await per entry).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyLedgerScans } from '../../ledger/verify-ledger.js';
import { scanEntries, scanPersonalData } from '../../storage/sqlite/sqlite-scans.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';

const { path } = workerData as { path: string };
const store = SqliteStore.open(path, { readonly: true });
try {
  parentPort?.postMessage({ ok: true, check: verifyLedgerScans(store.location, store.secret, () => scanEntries(store.db), () => scanPersonalData(store.db)) });
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message });
} finally {
  await store.close();
}
