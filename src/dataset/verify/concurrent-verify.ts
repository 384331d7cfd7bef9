/**
 * @module The ledger check of a build (fail closed), started first and awaited before anything is
 * published. On a SQLite file or PostgreSQL the chain is recomputed in a worker thread on its own
 * connection, beside the build's work; elsewhere (a store in memory, or running from TypeScript
 * sources in tests) it runs on this thread, interleaved with the build's other awaits.
 *
 * The build reads the ledger up to the head it took at its start; a check that covers at least that
 * head covers everything the build read (an entry written meanwhile is checked too, and a bad one
 * refuses the build as well).
 */
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../../ops/compiled-worker.js';
import type { ChainCheck } from '../../ledger/chain.js';
import { verifyLedger } from '../../ledger/verify-ledger.js';
import { PostgresStore } from '../../storage/postgres/postgres-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import type { VerifyTarget } from './ledger-verify-worker.js';

const WORKER = new URL('./ledger-verify-worker.js', import.meta.url);

function inWorker(target: VerifyTarget): Promise<ChainCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: target });
    worker.once('message', (m: { ok: true; check: ChainCheck } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.check);
      else reject(new Error(m.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the ledger check stopped with exit code ${code}`));
    });
  });
}

export function verifyConcurrently(store: Store): Promise<ChainCheck> {
  const compiled = compiledWorker(WORKER);
  if (compiled && store instanceof SqliteStore && store.onDisk) return inWorker({ kind: 'sqlite', path: store.location });
  if (compiled && store instanceof PostgresStore) return inWorker({ kind: 'postgres', url: store.url });
  return verifyLedger(store);
}
