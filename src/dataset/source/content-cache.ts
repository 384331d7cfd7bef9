/**
 * @module The content cache: the store's content rows as Parquet segments in a folder, where DuckDB
 * reads them at full speed. A SQLite store keeps it beside its file (`<store>.content/`; DuckDB
 * cannot read SQLite here, its sqlite extension cannot be downloaded offline); a PostgreSQL store
 * in a folder the operator names (`--content-cache`), since exporting ten million rows costs most
 * of a minute at every build. The store side is a `CacheOrigin` (`sqlite-origin.ts`,
 * `postgres-origin.ts`). A derived copy, never a source of truth:
 *
 * - rows are append-only in the store (`ord` grows, rows are never changed or removed), so a sync
 *   copies only the rows with `ord` above the last one cached, up to the highest `ord` it saw when
 *   it began (on PostgreSQL every content write holds the ledger lock to its commit, so no row
 *   below a committed `ord` can commit later);
 * - the segments hold the rows sorted by (id, ord), one after the other, so that a build can write
 *   its data file in id order by scanning them with a filter, without sorting the texts. New rows
 *   whose ids all sort after the cached ones (sequential ids) become one more segment; otherwise
 *   the sync merges everything into one sorted segment (a sort at import time, not at every build);
 * - `versions.parquet` lists the rows of items with more than one row (id, ord, validFrom), so a
 *   build applies the versioned-row rule of spec §2 to those alone;
 * - `cache.json` names the store (a hash of its secret), the segments with the `ord` range each
 *   covers and digests of the rows at both ends of it; if any of these disagree with the store
 *   (another store, a restored older copy), the cache is dropped and rebuilt from the store;
 * - files are written under temporary names and renamed, `cache.json` last, so a crash leaves the
 *   previous state; deleting the folder is always safe (the next build rebuilds it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CONTENT_COLUMNS } from '../../policy/compile/relations.js';
import { Duck, sqlPath } from '../engine/duck.js';
import { withDirLock } from './dir-lock.js';
import type { CacheOrigin } from './cache-origin.js';
import { sqliteOrigin } from './sqlite-origin.js';

export const CACHE_FORMAT = 'consentgate-content-cache/3';
const PARQUET = 'FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880';

export interface Segment {
  file: string;
  rows: number;
  /** The `ord` range of the rows it holds (every row of the store in that range is in the cache). */
  minOrd: number;
  maxOrd: number;
  /** Digests of the store rows at `minOrd` and `maxOrd`, checked before each use. */
  minDigest: string | null;
  maxDigest: string | null;
  /** First and last (id, ord) in the segment's order. */
  first: [string, number];
  last: [string, number];
}

export interface CacheState {
  format: typeof CACHE_FORMAT;
  store: string;
  lastOrd: number;
  rows: number;
  segments: Segment[];
  /** Rows of items with several rows, or null when there are none. */
  versions: string | null;
}

export type { CacheOrigin } from './cache-origin.js';
export { JSON_COLUMNS } from './cache-origin.js';

export interface CacheSync {
  dir: string;
  /** Segment files, absolute, in (id, ord) order. */
  files: string[];
  /** `versions.parquet`, absolute, or null. */
  versions: string | null;
  rows: number;
  /** The `ord` range of all cached rows (for a bitmap of included rows). */
  minOrd: number;
  maxOrd: number;
  /** Rows copied by this sync. */
  added: number;
  /** Why the cache was rebuilt from scratch, if it was. */
  rebuilt: string | null;
  /** Whether this sync merged (re-sorted) the segments. */
  merged: boolean;
}

/** The cache folder of a store file: `consentgate.db` → `consentgate.db.content`. */
export function cacheDirOf(storePath: string): string {
  return `${storePath}.content`;
}

function emptyState(store: string): CacheState {
  return { format: CACHE_FORMAT, store, lastOrd: 0, rows: 0, segments: [], versions: null };
}

function readState(dir: string): CacheState | undefined {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')) as CacheState;
    return s.format === CACHE_FORMAT ? s : undefined;
  } catch {
    return undefined;
  }
}

function writeState(dir: string, state: CacheState): void {
  const tmp = join(dir, 'cache.json.tmp');
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { flush: true });
  renameSync(tmp, join(dir, 'cache.json'));
}

function rowDigest(row: readonly unknown[] | undefined): string | null {
  if (row === undefined) return null;
  return createHash('sha256').update(JSON.stringify(row)).digest('hex');
}

/**
 * Why the cached state cannot be extended from this store, or null when it can. Checks the ends of
 * every segment's `ord` range against the store (two indexed lookups a segment), not every row:
 * rows are never changed or removed through the product, so what can happen is another store, or
 * a restored older copy of this one with other rows under the same `ord`s, and both show there.
 */
async function staleness(origin: CacheOrigin, state: CacheState, dir: string): Promise<string | null> {
  if (state.store !== origin.identity) return 'the cache belongs to another store';
  if (state.versions !== null && !existsSync(join(dir, state.versions))) return `${state.versions} is missing`;
  for (const s of state.segments) {
    if (!existsSync(join(dir, s.file))) return `segment ${s.file} is missing`;
    if (rowDigest(await origin.rowAt(s.minOrd)) !== s.minDigest || rowDigest(await origin.rowAt(s.maxOrd)) !== s.maxDigest) {
      return `the rows of segment ${s.file} differ from the store`;
    }
  }
  return null;
}

/** Writes `sql` (a query over rows sorted by id, ord) as a segment; returns its description. */
async function writeSegment(duck: Duck, origin: CacheOrigin, dir: string, relation: string): Promise<Segment> {
  const [stats] = await duck.rows(`SELECT count(*), min(ord), max(ord) FROM ${relation}`);
  const [n, minOrd, maxOrd] = stats as [bigint, bigint, bigint];
  const [[firstId, firstOrd]] = (await duck.rows(`SELECT id, ord FROM ${relation} ORDER BY id, ord LIMIT 1`)) as [[string, bigint]];
  const [[lastId, lastOrd]] = (await duck.rows(`SELECT id, ord FROM ${relation} ORDER BY id DESC, ord DESC LIMIT 1`)) as [[string, bigint]];
  const file = `segment-${String(minOrd).padStart(12, '0')}-${String(maxOrd).padStart(12, '0')}.parquet`;
  const tmp = join(dir, `${file}.tmp`);
  await duck.run(`COPY (SELECT * FROM ${relation} ORDER BY id, ord) TO ${sqlPath(tmp)} (${PARQUET})`);
  renameSync(tmp, join(dir, file));
  return {
    file, rows: Number(n), minOrd: Number(minOrd), maxOrd: Number(maxOrd),
    minDigest: rowDigest(await origin.rowAt(Number(minOrd))), maxDigest: rowDigest(await origin.rowAt(Number(maxOrd))),
    first: [firstId, Number(firstOrd)], last: [lastId, Number(lastOrd)],
  };
}

/** Files no state names any more, once they are an hour old: a build may still be reading them. */
const GRACE_MS = 60 * 60_000;
function collectGarbage(dir: string, state: CacheState): void {
  const keep = new Set([...state.segments.map((s) => s.file), ...(state.versions !== null ? [state.versions] : [])]);
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.parquet') || keep.has(f)) continue;
    const path = join(dir, f);
    if (Date.now() - statSync(path).mtimeMs > GRACE_MS) rmSync(path, { force: true });
  }
}

/** `syncCache` for a SQLite database. */
export function syncContentCache(db: Database.Database, dir: string, secret: Buffer, onProgress?: (done: number, total: number) => void): Promise<CacheSync> {
  return syncCache(sqliteOrigin(db, secret), dir, onProgress);
}

/**
 * Brings the cache in `dir` up to date with the store's content rows and returns its files. Holds a
 * lock file while it writes; readers only ever see complete files named by a complete `cache.json`.
 */
export async function syncCache(origin: CacheOrigin, dir: string, onProgress?: (done: number, total: number) => void): Promise<CacheSync> {
  mkdirSync(dir, { recursive: true });
  return withDirLock(join(dir, 'lock'), async () => {
    const read = readState(dir);
    let state = read ?? emptyState(origin.identity);
    let rebuilt: string | null = null;
    const why = read === undefined ? 'no cache (or one of an older format)' : await staleness(origin, state, dir);
    if (why !== null) {
      rebuilt = why;
      for (const f of readdirSync(dir)) if (f.endsWith('.parquet') || f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
      state = emptyState(origin.identity);
      writeState(dir, state);
    }
    const { rows: pending, maxOrd: horizon } = await origin.pending(state.lastOrd);
    let added = 0;
    let merged = false;
    if (pending > 0 && horizon > state.lastOrd) {
      // A database file for the staged rows: an import may bring more than memory holds.
      const staging = join(dir, '.staging.duckdb');
      rmSync(staging, { force: true });
      rmSync(`${staging}.wal`, { force: true });
      const duck = await Duck.open({ path: staging, tempDirectory: join(dir, '.spill'), memoryLimit: process.env['CONSENTGATE_CACHE_MEMORY'] ?? '1GB' });
      try {
        await duck.run(`CREATE OR REPLACE TABLE staged (${CONTENT_COLUMNS})`);
        added = await origin.stage(duck, dir, state.lastOrd, horizon, (done) => onProgress?.(done, Math.max(done, pending)));
        // Rows are append-only and none can commit below a committed `ord`: a different count means a
        // store that does not keep those promises, and a cache that would silently miss rows.
        if (added !== pending) throw new Error(`content cache sync: the store had ${pending} rows in ord (${state.lastOrd}, ${horizon}] and then ${added}`);
        const [minId] = (await duck.rows('SELECT min(id) FROM staged'))[0] as [string];
        const last = state.segments.at(-1)?.last;
        const old = state.segments.map((s) => sqlPath(join(dir, s.file)));
        let segments: Segment[];
        // New ords are all above the cached ones, so (id, ord) order holds when no new id sorts first.
        if (last === undefined || minId >= last[0]) {
          segments = [...state.segments, await writeSegment(duck, origin, dir, 'staged')];
        } else {
          merged = true;
          await duck.run(`CREATE OR REPLACE VIEW everything AS SELECT * FROM read_parquet([${old.join(', ')}]) UNION ALL SELECT * FROM staged`);
          segments = [await writeSegment(duck, origin, dir, 'everything')];
        }
        const files = segments.map((s) => sqlPath(join(dir, s.file)));
        const versions = `versions-${String(horizon).padStart(12, '0')}.parquet`;
        const [multi] = (await duck.rows(`SELECT count(*) FROM (SELECT id FROM read_parquet([${files.join(', ')}]) GROUP BY id HAVING count(*) > 1)`))[0] as [bigint];
        if (multi > 0n) {
          await duck.run(`COPY (SELECT id, ord, valid_from FROM read_parquet([${files.join(', ')}]) WHERE id IN (SELECT id FROM read_parquet([${files.join(', ')}]) GROUP BY id HAVING count(*) > 1)) TO ${sqlPath(join(dir, `${versions}.tmp`))} (${PARQUET})`);
          renameSync(join(dir, `${versions}.tmp`), join(dir, versions));
        }
        state = { ...state, lastOrd: Math.max(state.lastOrd, ...segments.map((s) => s.maxOrd)), rows: segments.reduce((n, s) => n + s.rows, 0), segments, versions: multi > 0n ? versions : null };
        writeState(dir, state);
        collectGarbage(dir, state);
      } finally {
        // Nothing of the staging database is kept: dropped first, its close has nothing to write back.
        await duck.run('DROP TABLE IF EXISTS staged').catch(() => undefined);
        duck.close();
        for (const f of [join(dir, '.spill'), staging, `${staging}.wal`]) rmSync(f, { recursive: true, force: true });
      }
    }
    const minOrd = state.segments.reduce((m, s) => Math.min(m, s.minOrd), Number.POSITIVE_INFINITY);
    return {
      dir, files: state.segments.map((s) => join(dir, s.file)), versions: state.versions === null ? null : join(dir, state.versions),
      rows: state.rows, minOrd: Number.isFinite(minOrd) ? minOrd : 0, maxOrd: state.lastOrd, added, rebuilt, merged,
    };
  });
}
