/**
 * @module Where a build's lineage is written. On a SQLite file the member rows are written by a
 * worker thread on its own connection as soon as DuckDB has listed them, beside the data file's
 * write, and the build publishes them at the end with its dataset row: the rows (about a million
 * at ten million items, seconds of inserts) no longer wait for the data file, and the only write
 * after it is one row. The store's write lock is held for the inserts alone, as before. A build
 * that fails after the rows were written removes them; until published they answer no lineage
 * question (they are read through the datasets they belong to), so a crash leaves them invisible.
 *
 * Elsewhere (PostgreSQL, a store in memory, TypeScript sources under a test runner) the rows are
 * parsed here and recorded with the dataset row in one transaction at the end (`recordDataset`).
 */
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../../ops/compiled-worker.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { DatasetRecord, MemberItems, Store } from '../../storage/store.js';
import type { BuildSql } from '../build-sql.js';
import type { Duck } from '../engine/duck.js';
import { useIncluded } from './ids-file.js';
import { lineageBatches, parseLineageYielding } from './lineage-rows.js';
import type { LineageJob } from './lineage-writer-worker.js';

const WORKER = new URL('./lineage-writer-worker.js', import.meta.url);

export interface Lineage {
  /** Lists the included ids per member (DuckDB, on `side`) and writes or holds them; checks their number. */
  collect(side: Duck, sql: BuildSql, included: number): Promise<void>;
  /** Records the build: its dataset row (and the member rows, where not written already). */
  publish(record: DatasetRecord): Promise<void>;
  /** After a failure: removes member rows written for a build that was not published. */
  discard(): Promise<void>;
}

export function lineageFor(store: Store, datasetId: string, lineageFile: string): Lineage {
  if (compiledWorker(WORKER) && store instanceof SqliteStore && store.onDisk) return new WorkerLineage(store, datasetId, lineageFile);
  return new HeldLineage(store, lineageFile);
}

async function listLineage(side: Duck, sql: BuildSql, included: number): Promise<void> {
  await useIncluded(side, sql, included);
  await side.run(sql.lineage);
}

function checkCount(items: number, included: number): void {
  if (items !== included) throw new Error(`internal: lineage lists ${items} items, ${included} included`);
}

class WorkerLineage implements Lineage {
  #written = false;

  constructor(private readonly store: SqliteStore, private readonly datasetId: string, private readonly file: string) {}

  async collect(side: Duck, sql: BuildSql, included: number): Promise<void> {
    await listLineage(side, sql, included);
    const job: LineageJob = { path: this.store.location, datasetId: this.datasetId, lineageFile: this.file };
    const written = await new Promise<{ members: number; items: number }>((resolve, reject) => {
      const worker = new Worker(WORKER, { workerData: job });
      worker.once('message', (m: { ok: true; written: { members: number; items: number } } | { ok: false; message: string }) => {
        if (m.ok) resolve(m.written);
        else reject(new Error(`writing the lineage: ${m.message}`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`the lineage writer stopped with exit code ${code}`));
      });
    });
    this.#written = true;
    checkCount(written.items, included);
  }

  async publish(record: DatasetRecord): Promise<void> {
    await this.store.publishDataset(record);
  }

  async discard(): Promise<void> {
    if (this.#written) await this.store.discardUnpublished(this.datasetId);
  }
}

class HeldLineage implements Lineage {
  #batches: MemberItems[][] = [];

  constructor(private readonly store: Store, private readonly file: string) {}

  async collect(side: Duck, sql: BuildSql, included: number): Promise<void> {
    await listLineage(side, sql, included);
    this.#batches = await parseLineageYielding(await readFile(this.file, 'utf8'));
    checkCount(this.#batches.reduce((sum, b) => b.reduce((s, m) => s + m.itemIds.length, sum), 0), included);
  }

  async publish(record: DatasetRecord): Promise<void> {
    await this.store.recordDataset(record, lineageBatches(this.#batches));
  }

  async discard(): Promise<void> {}
}
