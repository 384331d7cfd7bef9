/**
 * @module The content cache's origin in PostgreSQL (`content-cache.ts`), and the texts PostgreSQL
 * keeps encoded. The server writes the rows as CSV (`COPY`, `PostgresStore.contentCsv`) in slices of
 * `ord`, and DuckDB loads each with `read_csv` while the server writes the next.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromPgText } from '../../storage/postgres/postgres-rows.js';
import type { PostgresStore } from '../../storage/postgres/postgres-store.js';
import { ColumnAppender } from '../engine/column-appender.js';
import { sqlPath, type Duck } from '../engine/duck.js';
import { JSON_COLUMNS, storeIdentity, type CacheOrigin } from './cache-origin.js';

/** `ord`s a slice: a CSV file of ~0.8 GB at typical text sizes, on disk once at a time (two, overlapping). */
const SLICE = 2_000_000;

interface Slice { file: string; through: number; rows: number; longest: number }

/** `sliceOrds`: for tests, slices smaller than `SLICE`. */
export function postgresOrigin(store: PostgresStore, sliceOrds = SLICE): CacheOrigin {
  return {
    identity: storeIdentity(store.secret),
    pending: (afterOrd) => store.contentPending(afterOrd),
    rowAt: (ord) => store.contentRowAt(ord),
    async stage(duck, dir, afterOrd, throughOrd, onProgress) {
      let added = 0;
      // Exports run one after another (each starts when the one before has ended): progress is rows exported.
      let exported = 0;
      const exportSlice = async (from: number, slice: number): Promise<Slice> => {
        const file = join(dir, `.staging-${slice}.csv`);
        const through = Math.min(throughOrd, from + sliceOrds);
        try {
          const r = await store.contentCsv(file, (n) => onProgress?.(exported + n), { afterOrd: from, throughOrd: through });
          exported += r.rows;
          return { file, through, ...r };
        } catch (e) {
          rmSync(file, { force: true });
          throw e;
        }
      };
      let next: Promise<Slice> | undefined = exportSlice(afterOrd, 0);
      try {
        for (let slice = 0; next !== undefined; slice++) {
          const done: Slice = await next;
          next = done.through < throughOrd ? exportSlice(done.through, slice + 1) : undefined;
          try {
            await loadCsv(duck, 'staged', done.file, done.rows, done.longest);
          } finally {
            rmSync(done.file, { force: true });
          }
          added += done.rows;
        }
      } finally {
        // A failed load leaves the export that was running: let it end, and remove its file.
        if (next !== undefined) await next.then((d) => rmSync(d.file, { force: true }), () => undefined);
      }
      await decodeMarkedTexts(duck, 'staged');
      return added;
    },
  };
}

/** Appends a CSV file as PostgreSQL writes it (`contentCsv`) to `table` (`CONTENT_COLUMNS`). */
export async function loadCsv(duck: Duck, table: string, file: string, rows: number, longest: number): Promise<void> {
  if (rows === 0) return;
  // As PostgreSQL writes CSV: NULL unquoted and empty, an empty text quoted.
  await duck.run(`INSERT INTO ${table} SELECT * FROM read_csv(${sqlPath(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
    allow_quoted_nulls = false, max_line_size = ${Math.max(2 << 20, longest + 1024)}, columns = ${JSON_COLUMNS})`);
}

/** Texts PostgreSQL holds encoded (`toPgText`: those with U+0000, or starting with U+0001), decoded. */
export async function decodeMarkedTexts(duck: Duck, table: string): Promise<void> {
  const marked = await duck.rows(`SELECT ord, text FROM ${table} WHERE starts_with(text, chr(1))`);
  if (marked.length === 0) return;
  await duck.run('CREATE OR REPLACE TEMP TABLE cg_decoded (ord BIGINT, text VARCHAR)');
  const appender = await ColumnAppender.create(duck, 'cg_decoded', ['bigint', 'varchar']);
  try {
    for (const [ord, text] of marked) appender.push([Number(ord), fromPgText(String(text))]);
  } finally {
    appender.close();
  }
  await duck.run(`UPDATE ${table} SET text = d.text FROM cg_decoded d WHERE ${table}.ord = d.ord`);
  await duck.run('DROP TABLE cg_decoded');
}
