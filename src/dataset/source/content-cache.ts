/**
 * @module The content cache beside a SQLite store: the store's content rows as Parquet segments in
 * `<store>.content/`, where DuckDB reads them at full speed (it cannot read SQLite here: its sqlite
 * extension cannot be downloaded offline, and moving rows through JavaScript costs seconds per
 * million). A derived copy, never a source of truth:
 *
 * - rows are append-only in the store (`ord` grows, rows are never changed or removed), so a sync
 *   copies the rows with `ord` above the last one cached, into a new immutable segment;
 * - `cache.json` names the store (a hash of its secret), the segments, the last `ord`, and digests
 *   of each segment's first and last rows; if any of these disagree with the store (another store,
 *   a restored older copy), the cache is dropped and rebuilt from the store;
 * - a segment is written to a temporary name and renamed, and `cache.json` is replaced by rename
 *   after it, so a crash leaves the previous state; deleting the folder is always safe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CONTENT_COLUMNS } from '../../policy/compile/relations.js';
import { ColumnAppender } from '../engine/column-appender.js';
import { Duck, sqlPath } from '../engine/duck.js';
import { withDirLock } from './dir-lock.js';

export const CACHE_FORMAT = 'consentgate-content-cache/2';
/** Rows per segment: bounds the memory of a sync (one segment is staged in DuckDB at a time). */
export const SEGMENT_ROWS = 1_000_000;

export interface Segment {
  file: string;
  firstOrd: number;
  lastOrd: number;
  rows: number;
  /** Digests of the segment's first and last rows, checked against the store before each build. */
  firstDigest: string | null;
  lastDigest: string | null;
}

export interface CacheState {
  format: typeof CACHE_FORMAT;
  store: string;
  lastOrd: number;
  rows: number;
  segments: Segment[];
}

export interface CacheSync {
  dir: string;
  /** Segment files, absolute, in ord order. */
  files: string[];
  rows: number;
  /** Rows copied by this sync. */
  added: number;
  /** Why the cache was rebuilt from scratch, if it was. */
  rebuilt: string | null;
}

/** The cache folder of a store file: `consentgate.db` → `consentgate.db.content`. */
export function cacheDirOf(storePath: string): string {
  return `${storePath}.content`;
}

function emptyState(store: string): CacheState {
  return { format: CACHE_FORMAT, store, lastOrd: 0, rows: 0, segments: [] };
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

type Row = [number, string, string, string, string, string | null, number, number | null, string, number | null];
const KINDS = ['bigint', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'bigint', 'varchar', 'bigint'] as const;
const SELECT = 'SELECT ord, id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from FROM content_rows';

function rowDigest(row: Row | undefined): string | null {
  if (row === undefined) return null;
  return createHash('sha256').update(JSON.stringify(row)).digest('hex');
}

/** Names the store without revealing its secret. */
export function storeIdentity(secret: Buffer): string {
  return createHash('sha256').update('consentgate content cache\0').update(secret).digest('hex').slice(0, 32);
}

/**
 * Why the cached state cannot be extended from this store, or null when it can. Checks the ends of
 * every segment against the store (two indexed lookups a segment), not every row: rows are never
 * changed or removed through the product, so what can happen is another store, or a restored older
 * copy of this one with other rows under the same `ord`s, and both show at the segment ends.
 */
function staleness(db: Database.Database, state: CacheState, identity: string, dir: string): string | null {
  if (state.store !== identity) return 'the cache belongs to another store';
  const byOrd = db.prepare(`${SELECT} WHERE ord = ?`).raw(true);
  for (const s of state.segments) {
    if (!existsSync(join(dir, s.file))) return `segment ${s.file} is missing`;
    if (rowDigest(byOrd.get(s.firstOrd) as Row | undefined) !== s.firstDigest || rowDigest(byOrd.get(s.lastOrd) as Row | undefined) !== s.lastDigest) {
      return `the rows of segment ${s.file} differ from the store`;
    }
  }
  return null;
}

/**
 * Brings the cache up to date with the store's content rows and returns its segment files.
 * Holds a lock file while it writes; readers only ever see complete segments.
 */
export async function syncContentCache(db: Database.Database, dir: string, secret: Buffer, onProgress?: (done: number, total: number) => void): Promise<CacheSync> {
  mkdirSync(dir, { recursive: true });
  return withDirLock(join(dir, 'lock'), async () => {
    const identity = storeIdentity(secret);
    const read = readState(dir);
    let state = read ?? emptyState(identity);
    let rebuilt: string | null = null;
    const why = read === undefined ? 'no cache (or one of an older format)' : staleness(db, state, identity, dir);
    if (why !== null) {
      rebuilt = why;
      for (const f of readdirSync(dir)) if (f.endsWith('.parquet')) rmSync(join(dir, f), { force: true });
      state = emptyState(identity);
      writeState(dir, state);
    }
    const pending = db.prepare('SELECT count(*) FROM content_rows WHERE ord > ?').pluck(true).get(state.lastOrd) as number;
    let added = 0;
    if (pending > 0) {
      const duck = await Duck.open({ tempDirectory: join(dir, '.spill'), threads: 2, memoryLimit: '1GB' });
      try {
        await duck.run(`CREATE TABLE seg (${CONTENT_COLUMNS})`);
        let appender = await ColumnAppender.create(duck, 'seg', KINDS);
        let first: Row | undefined;
        let last: Row | undefined;
        const flush = async (): Promise<void> => {
          appender.close();
          const rows = appender.rows;
          if (rows === 0 || last === undefined || first === undefined) return;
          const file = `segment-${String(first[0]).padStart(12, '0')}.parquet`;
          const tmp = join(dir, `${file}.tmp`);
          await duck.run(`COPY seg TO ${sqlPath(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
          renameSync(tmp, join(dir, file));
          state = {
            ...state, lastOrd: last[0], rows: state.rows + rows,
            segments: [...state.segments, { file, firstOrd: first[0], lastOrd: last[0], rows, firstDigest: rowDigest(first), lastDigest: rowDigest(last) }],
          };
          writeState(dir, state);
          await duck.run('DELETE FROM seg');
        };
        // Bounded reads, no iterator held across an await: the store's connection stays free for
        // other work of this process (the HTTP API) between batches.
        const batch = db.prepare(`${SELECT} WHERE ord > ? ORDER BY ord LIMIT 65536`).raw(true);
        for (let from = state.lastOrd; ;) {
          const rows = batch.all(from) as Row[];
          if (rows.length === 0) break;
          for (const row of rows) {
            if (appender.rows === 0) first = row;
            appender.push(row);
            last = row;
            if (appender.rows >= SEGMENT_ROWS) {
              await flush();
              appender = await ColumnAppender.create(duck, 'seg', KINDS);
            }
          }
          added += rows.length;
          from = rows[rows.length - 1]![0];
          onProgress?.(added, Math.max(added, pending));
        }
        await flush();
        onProgress?.(added, pending);
      } finally {
        duck.close();
        rmSync(join(dir, '.spill'), { recursive: true, force: true });
      }
    }
    return { dir, files: state.segments.map((s) => join(dir, s.file)), rows: state.rows, added, rebuilt };
  });
}
