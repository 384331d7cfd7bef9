/**
 * @module Content from the store. A SQLite store keeps a Parquet cache beside its file
 * (`content-cache.ts`), synced incrementally; any other store (PostgreSQL, or SQLite in memory) is
 * streamed into a DuckDB table for the build, which is correct but pays the transfer every time.
 * Either way the rows come in (id, ord) order, which lets the build write its data file in id order
 * without a sort (`build-sql.ts`).
 */
import { CONTENT, CONTENT_COLUMNS, VERSIONS } from '../../policy/compile/relations.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { ColumnAppender } from '../engine/column-appender.js';
import { sqlPath, type Duck } from '../engine/duck.js';
import { cacheDirOf, syncContentCache, type CacheSync } from './content-cache.js';

export interface StoreContent {
  kind: 'cache' | 'stream';
  rows: number;
  /** `cg_content` scans in (id, ord) order; its `ord`s lie in [minOrd, maxOrd]. */
  order: { minOrd: number; maxOrd: number };
  cache?: CacheSync;
}

const EMPTY = `SELECT * FROM (SELECT ${CONTENT_COLUMNS.replace(/(\w+) (\w+)/g, 'CAST(NULL AS $2) AS $1')}) WHERE FALSE`;

export async function defineStoreContent(duck: Duck, store: Store, onProgress?: (done: number, total: number) => void): Promise<StoreContent> {
  if (store instanceof SqliteStore && store.location !== ':memory:' && store.location !== '') {
    const cache = await syncContentCache(store.db, cacheDirOf(store.location), store.secret, onProgress);
    const source = cache.files.length === 0 ? EMPTY : `SELECT * FROM read_parquet([${cache.files.map(sqlPath).join(', ')}])`;
    await duck.run(`CREATE OR REPLACE VIEW ${CONTENT} AS ${source}`);
    await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS ${cache.versions === null ? `SELECT id, ord, valid_from FROM (${EMPTY})` : `SELECT id, ord, valid_from FROM read_parquet(${sqlPath(cache.versions)})`}`);
    return { kind: 'cache', rows: cache.rows, order: { minOrd: cache.minOrd, maxOrd: cache.maxOrd }, cache };
  }
  await duck.run(`CREATE OR REPLACE TABLE ${CONTENT} (${CONTENT_COLUMNS})`);
  const appender = await ColumnAppender.create(duck, CONTENT, ['bigint', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'bigint', 'varchar', 'bigint']);
  // contentRows() yields rows in (id, write order): a running number keeps write order within an id.
  let ord = 0;
  try {
    for await (const batch of store.contentRows()) {
      for (const c of batch) {
        appender.push([++ord, c.id, c.memberId, c.kind, c.visibility, c.groupId ?? null, c.createdAt, c.deletedAt ?? null, c.text, c.validFrom ?? null]);
      }
      onProgress?.(ord, ord);
    }
  } finally {
    appender.close();
  }
  await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS SELECT id, ord, valid_from FROM ${CONTENT}`);
  return { kind: 'stream', rows: ord, order: { minOrd: 1, maxOrd: Math.max(1, ord) } };
}
