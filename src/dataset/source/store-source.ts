/**
 * @module Content from the store. A SQLite store keeps a Parquet cache beside its file
 * (`content-cache.ts`), synced incrementally. PostgreSQL writes its rows as CSV (`COPY`,
 * `contentCsv`) into a scratch file that DuckDB loads in one read; any other store (SQLite in
 * memory) is streamed into a DuckDB table through the appender. Those two pay the transfer every build.
 * Either way the rows come in (id, ord) order, which lets the build write its data file in id order
 * without a sort (`build-sql.ts`).
 */
import { CONTENT, CONTENT_COLUMNS, VERSIONS } from '../../policy/compile/relations.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromPgText } from '../../storage/postgres/postgres-rows.js';
import { PostgresStore } from '../../storage/postgres/postgres-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { ColumnAppender } from '../engine/column-appender.js';
import { sqlPath, type Duck } from '../engine/duck.js';
import { cacheDirOf, JSON_COLUMNS, syncContentCache, type CacheSync } from './content-cache.js';

export interface StoreContent {
  kind: 'cache' | 'stream';
  rows: number;
  /** `cg_content` scans in (id, ord) order; its `ord`s lie in [minOrd, maxOrd]. */
  order: { minOrd: number; maxOrd: number };
  cache?: CacheSync;
}

const EMPTY = `SELECT * FROM (SELECT ${CONTENT_COLUMNS.replace(/(\w+) (\w+)/g, 'CAST(NULL AS $2) AS $1')}) WHERE FALSE`;

/** `scratch`: a folder for the PostgreSQL export (created, and the file removed after loading). */
export async function defineStoreContent(duck: Duck, store: Store, scratch: string, onProgress?: (done: number, total: number) => void): Promise<StoreContent> {
  if (store instanceof SqliteStore && store.location !== ':memory:' && store.location !== '') {
    const cache = await syncContentCache(store.db, cacheDirOf(store.location), store.secret, onProgress);
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
      if (rows > 0) {
        // As PostgreSQL writes CSV: NULL unquoted and empty, an empty text quoted.
        await duck.run(`INSERT INTO ${CONTENT} SELECT * FROM read_csv(${sqlPath(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
          allow_quoted_nulls = false, max_line_size = ${Math.max(2 << 20, longest + 1024)}, columns = ${JSON_COLUMNS})`);
        await decodeMarkedTexts(duck);
      }
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

/** Texts PostgreSQL holds encoded (`toPgText`: those with U+0000, or starting with U+0001), decoded. */
async function decodeMarkedTexts(duck: Duck): Promise<void> {
  const marked = await duck.rows(`SELECT ord, text FROM ${CONTENT} WHERE starts_with(text, chr(1))`);
  if (marked.length === 0) return;
  await duck.run('CREATE OR REPLACE TEMP TABLE cg_decoded (ord BIGINT, text VARCHAR)');
  const appender = await ColumnAppender.create(duck, 'cg_decoded', ['bigint', 'varchar']);
  try {
    for (const [ord, text] of marked) appender.push([Number(ord), fromPgText(String(text))]);
  } finally {
    appender.close();
  }
  await duck.run(`UPDATE ${CONTENT} SET text = d.text FROM cg_decoded d WHERE ${CONTENT}.ord = d.ord`);
  await duck.run('DROP TABLE cg_decoded');
}
