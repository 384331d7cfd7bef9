/**
 * @module The content cache beside a SQLite store: the store's content rows as Parquet segments in
 * `<store>.content/`, where DuckDB reads them at full speed (it cannot read SQLite here: its sqlite
 * extension cannot be downloaded offline, and moving rows through JavaScript costs seconds per
 * million). A derived copy, never a source of truth:
 *
 * - rows are append-only in the store (`ord` grows, rows are never changed or removed), so a sync
 *   copies only the rows with `ord` above the last one cached;
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
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CONTENT_COLUMNS } from '../../policy/compile/relations.js';
import { Duck, sqlPath } from '../engine/duck.js';
import { withDirLock } from './dir-lock.js';

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

type Row = [number, string, string, string, string, string | null, number, number | null, string, number | null];
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
 * every segment's `ord` range against the store (two indexed lookups a segment), not every row:
 * rows are never changed or removed through the product, so what can happen is another store, or
 * a restored older copy of this one with other rows under the same `ord`s, and both show there.
 */
function staleness(db: Database.Database, state: CacheState, identity: string, dir: string): string | null {
  if (state.store !== identity) return 'the cache belongs to another store';
  if (state.versions !== null && !existsSync(join(dir, state.versions))) return `${state.versions} is missing`;
  const byOrd = db.prepare(`${SELECT} WHERE ord = ?`).raw(true);
  for (const s of state.segments) {
    if (!existsSync(join(dir, s.file))) return `segment ${s.file} is missing`;
    if (rowDigest(byOrd.get(s.minOrd) as Row | undefined) !== s.minDigest || rowDigest(byOrd.get(s.maxOrd) as Row | undefined) !== s.maxDigest) {
      return `the rows of segment ${s.file} differ from the store`;
    }
  }
  return null;
}

/** Rows a page: one SQLite statement, one JSON Lines blob of ~16 MB at typical text sizes. */
const PAGE = 65536;
/** Rows a staging file, parsed by DuckDB (in parallel) into `staged` at once and then deleted. */
const FILE_ROWS = 1 << 20;
/** The content columns as `read_json` takes them. */
export const JSON_COLUMNS = `{${CONTENT_COLUMNS.split(', ').map((c) => { const [name, type] = c.split(' '); return `'${name}': '${type}'`; }).join(', ')}}`;

/**
 * Copies the store's rows above `fromOrd` into DuckDB table `staged`; returns how many. SQLite itself
 * writes each page of rows as JSON Lines (`json_object`, one blob a page) and DuckDB parses them
 * (`read_json`): no value of the content passes through JavaScript one by one, which cost about
 * 20 µs a row through the appender (value conversion and garbage), minutes at ten million rows.
 */
async function stage(duck: Duck, db: Database.Database, dir: string, fromOrd: number, pending: number, onProgress?: (done: number, total: number) => void): Promise<number> {
  await duck.run(`CREATE OR REPLACE TABLE staged (${CONTENT_COLUMNS})`);
  // By hand rather than json_object (which builds JSONB first): numbers as they are, strings quoted.
  const json = `'{' || ${CONTENT_COLUMNS.split(', ').map((c, i) => {
    const [name, type] = c.split(' ') as [string, string];
    const value = type === 'VARCHAR' ? `json_quote(${name})` : `coalesce(CAST(${name} AS TEXT), 'null')`;
    return `'${i === 0 ? '' : ','}"${name}":' || ${value}`;
  }).join(' || ')} || '}'`;
  // Bounded reads, no iterator held across an await: the store's connection stays free for other
  // work of this process (the HTTP API) between pages.
  const page = db.prepare(`SELECT count(*), max(ord), max(octet_length(line)), CAST(group_concat(line, char(10)) || char(10) AS BLOB) FROM (SELECT ord, ${json} AS line FROM content_rows WHERE ord > ? ORDER BY ord LIMIT ${PAGE})`).raw(true);
  const file = join(dir, '.staging.jsonl');
  let added = 0;
  let inFile = 0;
  let longest = 0;
  const load = async (): Promise<void> => {
    if (inFile === 0) return;
    // DuckDB's reader buffers twice the largest object it allows: allow what there is, at least its default.
    const maxObject = Math.max(16 << 20, longest + 1024);
    await duck.run(`INSERT INTO staged SELECT * FROM read_json(${sqlPath(file)}, format = 'newline_delimited', columns = ${JSON_COLUMNS}, maximum_object_size = ${maxObject})`);
    rmSync(file, { force: true });
    inFile = 0;
    longest = 0;
  };
  try {
    for (let from = fromOrd; ;) {
      const [n, last, lineBytes, blob] = page.get(from) as [number, number | null, number | null, Buffer | null];
      if (n === 0 || last === null || blob === null) break;
      appendFileSync(file, blob);
      longest = Math.max(longest, lineBytes ?? 0);
      added += n;
      inFile += n;
      from = last;
      if (inFile >= FILE_ROWS) await load();
      onProgress?.(added, Math.max(added, pending));
      await new Promise((r) => setImmediate(r));
    }
    await load();
  } finally {
    rmSync(file, { force: true });
  }
  return added;
}

/** Writes `sql` (a query over rows sorted by id, ord) as a segment; returns its description. */
async function writeSegment(duck: Duck, db: Database.Database, dir: string, relation: string): Promise<Segment> {
  const [stats] = await duck.rows(`SELECT count(*), min(ord), max(ord) FROM ${relation}`);
  const [n, minOrd, maxOrd] = stats as [bigint, bigint, bigint];
  const [[firstId, firstOrd]] = (await duck.rows(`SELECT id, ord FROM ${relation} ORDER BY id, ord LIMIT 1`)) as [[string, bigint]];
  const [[lastId, lastOrd]] = (await duck.rows(`SELECT id, ord FROM ${relation} ORDER BY id DESC, ord DESC LIMIT 1`)) as [[string, bigint]];
  const file = `segment-${String(minOrd).padStart(12, '0')}-${String(maxOrd).padStart(12, '0')}.parquet`;
  const tmp = join(dir, `${file}.tmp`);
  await duck.run(`COPY (SELECT * FROM ${relation} ORDER BY id, ord) TO ${sqlPath(tmp)} (${PARQUET})`);
  renameSync(tmp, join(dir, file));
  const byOrd = db.prepare(`${SELECT} WHERE ord = ?`).raw(true);
  return {
    file, rows: Number(n), minOrd: Number(minOrd), maxOrd: Number(maxOrd),
    minDigest: rowDigest(byOrd.get(Number(minOrd)) as Row | undefined), maxDigest: rowDigest(byOrd.get(Number(maxOrd)) as Row | undefined),
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

/**
 * Brings the cache up to date with the store's content rows and returns its files. Holds a lock
 * file while it writes; readers only ever see complete files named by a complete `cache.json`.
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
      for (const f of readdirSync(dir)) if (f.endsWith('.parquet') || f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
      state = emptyState(identity);
      writeState(dir, state);
    }
    const pending = db.prepare('SELECT count(*) FROM content_rows WHERE ord > ?').pluck(true).get(state.lastOrd) as number;
    let added = 0;
    let merged = false;
    if (pending > 0) {
      // A database file for the staged rows: an import may bring more than memory holds.
      const staging = join(dir, '.staging.duckdb');
      rmSync(staging, { force: true });
      rmSync(`${staging}.wal`, { force: true });
      const duck = await Duck.open({ path: staging, tempDirectory: join(dir, '.spill'), memoryLimit: process.env['CONSENTGATE_CACHE_MEMORY'] ?? '1GB' });
      try {
        added = await stage(duck, db, dir, state.lastOrd, pending, onProgress);
        const [minId] = (await duck.rows('SELECT min(id) FROM staged'))[0] as [string];
        const last = state.segments.at(-1)?.last;
        const old = state.segments.map((s) => sqlPath(join(dir, s.file)));
        let segments: Segment[];
        // New ords are all above the cached ones, so (id, ord) order holds when no new id sorts first.
        if (last === undefined || minId >= last[0]) {
          segments = [...state.segments, await writeSegment(duck, db, dir, 'staged')];
        } else {
          merged = true;
          await duck.run(`CREATE OR REPLACE VIEW everything AS SELECT * FROM read_parquet([${old.join(', ')}]) UNION ALL SELECT * FROM staged`);
          segments = [await writeSegment(duck, db, dir, 'everything')];
        }
        const files = segments.map((s) => sqlPath(join(dir, s.file)));
        const versions = `versions-${String(state.lastOrd + added).padStart(12, '0')}.parquet`;
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
