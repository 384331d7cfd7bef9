/**
 * @module The content cache's origin in a SQLite store (`content-cache.ts`). SQLite itself writes
 * each page of rows as JSON Lines (one blob a page) and DuckDB parses them (`read_json`): no value
 * of the content passes through JavaScript one by one, which cost about 20 µs a row through the
 * appender (value conversion and garbage), minutes at ten million rows.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CONTENT_COLUMNS } from '../../policy/compile/relations.js';
import { sqlPath, type Duck } from '../engine/duck.js';
import { JSON_COLUMNS, storeIdentity, type CacheOrigin } from './cache-origin.js';

const SELECT = 'SELECT ord, id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from FROM content_rows';
/** Rows a page: one SQLite statement, one JSON Lines blob of ~16 MB at typical text sizes. */
const PAGE = 65536;
/** Rows a staging file, parsed by DuckDB (in parallel) into `staged` at once and then deleted. */
const FILE_ROWS = 1 << 20;

export function sqliteOrigin(db: Database.Database, secret: Buffer): CacheOrigin {
  const byOrd = db.prepare(`${SELECT} WHERE ord = ?`).raw(true);
  return {
    identity: storeIdentity(secret),
    async pending(afterOrd) {
      const [rows, maxOrd] = db.prepare('SELECT count(*), coalesce(max(ord), 0) FROM content_rows WHERE ord > ?').raw(true).get(afterOrd) as [number, number];
      return { rows, maxOrd };
    },
    async rowAt(ord) {
      return byOrd.get(ord) as unknown[] | undefined;
    },
    stage: (duck, dir, afterOrd, throughOrd, onProgress) => stage(db, duck, dir, afterOrd, throughOrd, onProgress),
  };
}

async function stage(db: Database.Database, duck: Duck, dir: string, afterOrd: number, throughOrd: number, onProgress?: (done: number) => void): Promise<number> {
  // By hand rather than json_object (which builds JSONB first): numbers as they are, strings quoted.
  const json = `'{' || ${CONTENT_COLUMNS.split(', ').map((c, i) => {
    const [name, type] = c.split(' ') as [string, string];
    const value = type === 'VARCHAR' ? `json_quote(${name})` : `coalesce(CAST(${name} AS TEXT), 'null')`;
    return `'${i === 0 ? '' : ','}"${name}":' || ${value}`;
  }).join(' || ')} || '}'`;
  // Bounded reads, no iterator held across an await: the store's connection stays free for other
  // work of this process (the HTTP API) between pages.
  const page = db.prepare(`SELECT count(*), max(ord), max(octet_length(line)), CAST(group_concat(line, char(10)) || char(10) AS BLOB)
    FROM (SELECT ord, ${json} AS line FROM content_rows WHERE ord > ? AND ord <= ? ORDER BY ord LIMIT ${PAGE})`).raw(true);
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
    for (let from = afterOrd; ;) {
      const [n, last, lineBytes, blob] = page.get(from, throughOrd) as [number, number | null, number | null, Buffer | null];
      if (n === 0 || last === null || blob === null) break;
      appendFileSync(file, blob);
      longest = Math.max(longest, lineBytes ?? 0);
      added += n;
      inFile += n;
      from = last;
      if (inFile >= FILE_ROWS) await load();
      onProgress?.(added);
      await new Promise((r) => setImmediate(r));
    }
    await load();
  } finally {
    rmSync(file, { force: true });
  }
  return added;
}
