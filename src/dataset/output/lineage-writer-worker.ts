/**
 * @module Worker thread body: writes a build's member rows (the lineage file DuckDB wrote) to a
 * SQLite store on its own connection, while the build's data file is still being written. The rows
 * stay invisible until the build publishes its dataset row (`SqliteStore.publishDataset`).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { writeDatasetMembers } from '../../storage/sqlite/sqlite-writes.js';
import { parseLineage } from './lineage-rows.js';

export interface LineageJob {
  path: string;
  datasetId: string;
  lineageFile: string;
}

function write(job: LineageJob): { members: number; items: number } {
  const batches = parseLineage(readFileSync(job.lineageFile, 'utf8'));
  const db = new Database(job.path, { fileMustExist: true });
  try {
    // As the store's own connection: wait for another writer, and an acknowledged write is durable.
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = FULL');
    return db.transaction(() => writeDatasetMembers(db, job.datasetId, batches)).immediate();
  } finally {
    db.close();
  }
}

try {
  parentPort?.postMessage({ ok: true, written: write(workerData as LineageJob) });
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message });
}
