/**
 * @module Content from the store. From a Parquet cache (`content-cache.ts`), synced incrementally,
 * where there is one: beside a SQLite store's file, or in the folder the operator names
 * (`contentCache`; the only way for PostgreSQL, whose content has no file to sit beside). Without
 * one, PostgreSQL writes its rows as CSV (`COPY`, `contentCsv`) into a scratch file that DuckDB loads
 * in one read, and any other store (SQLite in memory) is streamed into a DuckDB table through the
 * appender: both pay the transfer at every build. Either way the rows come in (id, ord) order,
 * which lets the build write its data file in id order without a sort (`build-sql.ts`).
 */
import { CONTENT, CONTENT_COLUMNS, VERSIONS } from '../../policy/compile/relations.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresStore } from '../../storage/postgres/postgres-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { ColumnAppender } from '../engine/column-appender.js';
import { sqlPath, type Duck } from '../engine/duck.js';
import type { CacheOrigin } from './cache-origin.js';
import { cacheDirOf, syncCache, type CacheSync } from './content-cache.js';
import { decodeMarkedTexts, loadCsv, postgresOrigin } from './postgres-origin.js';
import { sqliteOrigin } from './sqlite-origin.js';

export interface StoreContent {
  kind: 'cache' | 'stream';
  rows: number;
  /** `cg_content` scans in (id, ord) order; its `ord`s lie in [minOrd, maxOrd]. */
  order: { minOrd: number; maxOrd: number };
  cache?: CacheSync;
}

const EMPTY = `SELECT * FROM (SELECT ${CONTENT_COLUMNS.replace(/(\w+) (\w+)/g, 'CAST(NULL AS $2) AS $1')}) WHERE FALSE`;

/** Where a store's content cache lives: `cacheDir` when given, else beside a SQLite file, else none. */
export function contentCacheOf(store: Store, cacheDir?: string): { origin: CacheOrigin; dir: string } | undefined {
  const dir = cacheDir ?? (store instanceof SqliteStore && store.onDisk ? cacheDirOf(store.location) : undefined);
  if (dir === undefined) return undefined;
  if (store instanceof SqliteStore) return { origin: sqliteOrigin(store.db, store.secret), dir };
  if (store instanceof PostgresStore) return { origin: postgresOrigin(store), dir };
  return undefined;
}

/**
 * `scratch`: a folder for the PostgreSQL export without a cache (created, and the file removed
 * after loading). `cacheDir`: the content cache's folder (see `contentCacheOf`).
 */
export async function defineStoreContent(duck: Duck, store: Store, scratch: string, cacheDir: string | undefined, onProgress?: (done: number, total: number) => void): Promise<StoreContent> {
  const cached = contentCacheOf(store, cacheDir);
  if (cached !== undefined) {
    const cache = await syncCache(cached.origin, cached.dir, onProgress);
    const source = cache.files.length === 0 ? EMPTY : `SELECT * FROM read_parquet([${cache.files.map(sqlPath).join(', ')}])`;
    await duck.run(`CREATE OR REPLACE VIEW ${CONTENT} AS ${source}`);
    await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS ${cache.versions === null ? `SELECT id, ord, valid_from FROM (${EMPTY})` : `SELECT id, ord, valid_from FROM read_parquet(${sqlPath(cache.versions)})`}`);
    return { kind: 'cache', rows: cache.rows, order: { minOrd: cache.minOrd, maxOrd: cache.maxOrd }, cache };
  }
  if (store instanceof PostgresStore) {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, 'content.csv');
    try {
      const { rows, longest } = await store.contentCsv(file, (n) => onProgress?.(n, n));
      await duck.run(`CREATE OR REPLACE TABLE ${CONTENT} (${CONTENT_COLUMNS})`);
      await loadCsv(duck, CONTENT, file, rows, longest);
      await decodeMarkedTexts(duck, CONTENT);
      await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS SELECT id, ord, valid_from FROM ${CONTENT}`);
      return { kind: 'stream', rows, order: { minOrd: 1, maxOrd: Math.max(1, rows) } };
    } finally {
      rmSync(file, { force: true });
    }
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
