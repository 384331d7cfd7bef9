/**
 * The content cache beside a SQLite store: appends in id order become new segments, interleaving
 * ids merge the segments, versions are listed, another store or a lost file rebuilds it, and after
 * every sync a build from the cache (a filtered scan, no sort) writes the very bytes a build from
 * the same rows as lake files (sorted by ORDER BY) writes.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../import/import-files.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { defaultPolicy, t } from '../../test-support/world.js';
import { buildDataset } from '../build-dataset.js';
import { cacheDirOf, syncContentCache, type CacheState } from './content-cache.js';

let dir: string;
let db: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-cache-'));
  db = join(dir, 'store.db');
  store = SqliteStore.open(db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const member = (id: string) => ({ id, name: id, country: 'US', joinedAt: '2020-01-01' });
const item = (id: string, extra: Record<string, unknown> = {}) => ({ id, memberId: 'm1', kind: 'post', visibility: 'public', createdAt: '2025-01-01', text: `text of ${id} call 06-12345678`, ...extra });
let n = 0;
async function imp(rows: unknown[], members = false): Promise<string> {
  const file = join(dir, `content-${++n}.jsonl`);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  if (members) {
    const m = join(dir, 'members.jsonl');
    writeFileSync(m, `${JSON.stringify(member('m1'))}\n`);
    await importFiles(store, { members: m, content: file });
  } else {
    await importFiles(store, { content: file });
  }
  return file;
}
const state = (): CacheState => JSON.parse(readFileSync(join(cacheDirOf(db), 'cache.json'), 'utf8')) as CacheState;

async function sameAsLake(lake: string[], label: string): Promise<void> {
  const policy = defaultPolicy();
  const a = await buildDataset({ store, policy, asOf: t('2026-01-01'), out: join(dir, `${label}-cache`), format: 'parquet' });
  const b = await buildDataset({ store, policy, asOf: t('2026-01-01'), out: join(dir, `${label}-lake`), format: 'parquet', content: lake });
  expect(readFileSync(join(a.out, 'data.parquet')).equals(readFileSync(join(b.out, 'data.parquet')))).toBe(true);
  expect((a.manifest as { counts: unknown }).counts).toEqual((b.manifest as { counts: unknown }).counts);
}

describe('content cache', () => {
  it('appends segments for ids in order, merges interleaving ids, lists versions, and builds the same bytes as lake files', async () => {
    const lake = [await imp([item('c-05'), item('c-06'), item('c-07')], true)];
    let s = await syncContentCache(store.db, cacheDirOf(db), store.secret);
    expect(s).toMatchObject({ rows: 3, added: 3, merged: false, versions: null });
    await sameAsLake(lake, 'one');

    lake.push(await imp([item('c-08'), item('c-09', { visibility: 'private' })]));
    s = await syncContentCache(store.db, cacheDirOf(db), store.secret);
    expect(s).toMatchObject({ rows: 5, added: 2, merged: false });
    expect(state().segments).toHaveLength(2);
    await sameAsLake(lake, 'two');

    // An id that sorts first, and a new version of c-07: one merged segment and a versions list.
    lake.push(await imp([item('c-01'), item('c-07', { validFrom: '2025-06-01', text: 'edited c-07 jan@example.org' }), item('c-07', { validFrom: '2027-01-01', deletedAt: '2027-01-01' })]));
    s = await syncContentCache(store.db, cacheDirOf(db), store.secret);
    expect(s).toMatchObject({ rows: 8, added: 3, merged: true });
    expect(state().segments).toHaveLength(1);
    expect(s.versions).not.toBeNull();
    await sameAsLake(lake, 'three');

    // Nothing new: nothing written.
    expect(await syncContentCache(store.db, cacheDirOf(db), store.secret)).toMatchObject({ added: 0, rebuilt: null });
  });

  it('keeps every row exactly as the store holds it (hostile text, nulls, large numbers)', async () => {
    const hostile = 'a\u0000b "q" \\ \n\t\u2028 é 😀 \u0001 \'; DROP TABLE x; --';
    await imp([item('c-01', { text: hostile, deletedAt: '2026-02-03T04:05:06.789Z' }), item('c-02', { validFrom: '2025-03-01' })], true);
    const s = await syncContentCache(store.db, cacheDirOf(db), store.secret);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      const cols = 'ord, id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from';
      const cached = (await c.runAndReadAll(`SELECT ${cols} FROM read_parquet([${s.files.map((f) => `'${f}'`).join(', ')}]) ORDER BY ord`)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
      expect(cached).toEqual(store.db.prepare(`SELECT ${cols} FROM content_rows ORDER BY ord`).raw(true).all());
      expect(cached[0]![8]).toBe(hostile);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('rebuilds for another store at the same path, or a lost segment', async () => {
    await imp([item('c-01'), item('c-02')], true);
    await syncContentCache(store.db, cacheDirOf(db), store.secret);
    unlinkSync(join(cacheDirOf(db), state().segments[0]!.file));
    expect(await syncContentCache(store.db, cacheDirOf(db), store.secret)).toMatchObject({ rows: 2, added: 2, rebuilt: expect.stringMatching(/missing/) });

    await store.close();
    for (const f of ['', '-wal', '-shm']) rmSync(`${db}${f}`, { force: true });
    store = SqliteStore.open(db);
    await imp([item('c-09')], true);
    expect(await syncContentCache(store.db, cacheDirOf(db), store.secret)).toMatchObject({ rows: 1, added: 1, rebuilt: 'the cache belongs to another store' });
  });
});
