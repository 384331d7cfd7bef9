/**
 * The content cache, beside a SQLite store and in a named folder for PostgreSQL: appends in id
 * order become new segments, interleaving ids merge the segments, versions are listed, another
 * store or a lost file rebuilds it, and after every sync a build from the cache (a filtered scan,
 * no sort) writes the very bytes a build from the same rows as lake files (sorted by ORDER BY) writes.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../import/import-files.js';
import type { Store } from '../../storage/store.js';
import { defaultPolicy, t } from '../../test-support/world.js';
import { buildDataset } from '../build-dataset.js';
import { BACKENDS, collect, freshStore, type FreshStore } from '../testing/backends.js';
import { cacheDirOf, syncCache, type CacheState, type CacheSync } from './content-cache.js';
import { postgresOrigin } from './postgres-origin.js';
import { contentCacheOf } from './store-source.js';
import { PostgresStore } from '../../storage/postgres/postgres-store.js';

describe.each(BACKENDS)('content cache on %s', (backend) => {
  let fresh: FreshStore;
  let dir: string;
  let cacheDir: string;
  let store: Store;
  beforeEach(async () => {
    fresh = await freshStore(backend, 'cache');
    dir = fresh.dir;
    cacheDir = backend === 'sqlite' ? cacheDirOf(fresh.db) : join(dir, 'cache');
    store = await fresh.open();
  });
  afterEach(async () => {
    await store.close();
    await fresh.cleanup();
  });

  /** Syncs `store`'s content into the folder of the store under test. */
  const sync = (from: Store = store): Promise<CacheSync> => syncCache(contentCacheOf(from, cacheDir)!.origin, cacheDir);

  const member = (id: string) => ({ id, name: id, country: 'US', joinedAt: '2020-01-01' });
  const item = (id: string, extra: Record<string, unknown> = {}) => ({ id, memberId: 'm1', kind: 'post', visibility: 'public', createdAt: '2025-01-01', text: `text of ${id} call 06-12345678`, ...extra });
  let n = 0;
  async function write(name: string, rows: unknown[]): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  }
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
  const state = (): CacheState => JSON.parse(readFileSync(join(cacheDir, 'cache.json'), 'utf8')) as CacheState;

  async function sameAsLake(lake: string[], label: string): Promise<void> {
    const policy = defaultPolicy();
    const a = await buildDataset({ store, policy, asOf: t('2026-01-01'), out: join(dir, `${label}-cache`), format: 'parquet', contentCache: cacheDir });
    const b = await buildDataset({ store, policy, asOf: t('2026-01-01'), out: join(dir, `${label}-lake`), format: 'parquet', content: lake });
    expect(readFileSync(join(a.out, 'data.parquet')).equals(readFileSync(join(b.out, 'data.parquet')))).toBe(true);
    expect((a.manifest as { counts: unknown }).counts).toEqual((b.manifest as { counts: unknown }).counts);
  }

    it('appends segments for ids in order, merges interleaving ids, lists versions, and builds the same bytes as lake files', async () => {
      const lake = [await imp([item('c-05'), item('c-06'), item('c-07')], true)];
      let s = await sync();
      expect(s).toMatchObject({ rows: 3, added: 3, merged: false, versions: null });
      await sameAsLake(lake, 'one');

      lake.push(await imp([item('c-08'), item('c-09', { visibility: 'private' })]));
      s = await sync();
      expect(s).toMatchObject({ rows: 5, added: 2, merged: false });
      expect(state().segments).toHaveLength(2);
      await sameAsLake(lake, 'two');

      // An id that sorts first, and a new version of c-07: one merged segment and a versions list.
      lake.push(await imp([item('c-01'), item('c-07', { validFrom: '2025-06-01', text: 'edited c-07 jan@example.org' }), item('c-07', { validFrom: '2027-01-01', deletedAt: '2027-01-01' })]));
      s = await sync();
      expect(s).toMatchObject({ rows: 8, added: 3, merged: true });
      expect(state().segments).toHaveLength(1);
      expect(s.versions).not.toBeNull();
      await sameAsLake(lake, 'three');

      // Nothing new: nothing written.
      expect(await sync()).toMatchObject({ added: 0, rebuilt: null });
    });

    it('keeps every row exactly as the store holds it (hostile text, nulls, large numbers)', async () => {
      const hostile = 'a\u0000b "q" \\ \n\t\u2028 é 😀 \u0001 \'; DROP TABLE x; --';
      await imp([item('c-01', { text: hostile, deletedAt: '2026-02-03T04:05:06.789Z' }), item('c-02', { validFrom: '2025-03-01' })], true);
      const s = await sync();
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:');
      const c = await instance.connect();
      try {
        const cols = 'id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from';
        const cached = (await c.runAndReadAll(`SELECT ${cols} FROM read_parquet([${s.files.map((f) => `'${f}'`).join(', ')}]) ORDER BY id, ord`)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
        const stored = (await collect(store.contentRows())).flat().map((i) => [i.id, i.memberId, i.kind, i.visibility, i.groupId ?? null, i.createdAt, i.deletedAt ?? null, i.text, i.validFrom ?? null]);
        expect(cached).toEqual(stored);
        expect(cached[0]![7]).toBe(hostile);
      } finally {
        c.closeSync();
        instance.closeSync();
      }
    });

    it('rebuilds for the content of another store, or a lost segment', async () => {
      await imp([item('c-01'), item('c-02')], true);
      await sync();
      unlinkSync(join(cacheDir, state().segments[0]!.file));
      expect(await sync()).toMatchObject({ rows: 2, added: 2, rebuilt: expect.stringMatching(/missing/) });

      // Another store's content synced into the same folder.
      const other = await freshStore(backend, 'cache_other');
      const otherStore = await other.open();
      try {
        await importFiles(otherStore, { members: await write('m2.jsonl', [member('m1')]), content: await write('c2.jsonl', [item('c-09')]) });
        expect(await sync(otherStore)).toMatchObject({ rows: 1, added: 1, rebuilt: 'the cache belongs to another store' });
      } finally {
        await otherStore.close();
        await other.cleanup();
      }
    });

  // PostgreSQL alone exports in slices.
  if (backend === 'postgres') {
    it('copies PostgreSQL rows in slices of ord, each loaded while the next is exported, as in one', async () => {
      await imp([item('c-03'), item('c-01', { text: '\u0001 marked' }), item('c-02', { validFrom: '2025-02-01' })], true);
      await imp([item('c-02', { validFrom: '2025-03-01', text: 'second' }), item('c-00'), item('c-04', { text: 'a\u0000b' })]);
      const whole = await sync();
      const sliced = join(dir, 'sliced');
      const s = await syncCache(postgresOrigin(store as PostgresStore, 2), sliced);
      expect(s).toMatchObject({ rows: 6, added: 6 });
      const read = async (files: string[]) => {
        const { DuckDBInstance } = await import('@duckdb/node-api');
        const instance = await DuckDBInstance.create(':memory:');
        const c = await instance.connect();
        try {
          return (await c.runAndReadAll(`SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`)).getRows();
        } finally {
          c.closeSync();
          instance.closeSync();
        }
      };
      expect(await read(s.files)).toEqual(await read(whole.files));
      expect((await read(s.files)).map((r) => r[1])).toEqual(['c-00', 'c-01', 'c-02', 'c-02', 'c-03', 'c-04']);
      expect((await read(s.files)).find((r) => r[1] === 'c-01')![8]).toBe('\u0001 marked');
    });
  }
});
