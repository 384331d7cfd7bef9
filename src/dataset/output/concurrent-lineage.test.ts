/**
 * The lineage of a build on a SQLite file, written by its worker thread (the compiled sources)
 * beside the data file and published with the dataset row: every included item under its author,
 * nothing visible before the dataset row exists, and nothing left of a build that failed after its
 * rows were written.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { defaultPolicy, t } from '../../test-support/world.js';
import { collect, freshStore, tamper, type FreshStore } from '../testing/backends.js';
import { importPlatform, platformFiles } from '../testing/platform-fixture.js';
import type * as Build from '../build-dataset.js';
import type * as Open from '../../storage/open-store.js';
import type { SqliteStore } from '../../storage/sqlite/sqlite-store.js';

describe('lineage written by its worker (SQLite file, compiled sources)', () => {
  let fresh: FreshStore;
  let dir: string;
  let build: typeof Build;
  let open: typeof Open;
  beforeAll(async () => {
    const load = (p: string) => import(pathToFileURL(join(inject('cgBuildDir'), p)).href);
    [build, open] = await Promise.all([load('dataset/build-dataset.js'), load('storage/open-store.js')]);
    dir = mkdtempSync(join(tmpdir(), 'cg-lineage-'));
    fresh = await freshStore('sqlite', 'lineage_worker');
    const store = await open.openStore(fresh.db);
    try {
      await importPlatform(store, await platformFiles(join(dir, 'platform')));
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await fresh.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const memberRows = (): number => {
    const db = new Database(fresh.db, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM dataset_members').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('lists exactly the included items, each under its author, once published', async () => {
    const store = await open.openStore(fresh.db);
    try {
      const r = await build.buildDataset({ store, policy: defaultPolicy(), asOf: t('2026-01-01'), out: join(dir, 'a'), format: 'jsonl' });
      const ids = (await import('node:fs')).readFileSync(join(r.out, 'ids.txt'), 'utf8').trimEnd().split('\n');
      expect(r.timings).toHaveProperty('lineage.collect');
      const listed: string[] = [];
      for (const members of await collect(store.datasetMembers(r.datasetId))) {
        for (const member of members) listed.push(...((await store.memberDatasets(member)).find((d) => d.datasetId === r.datasetId)?.itemIds ?? []));
      }
      expect(listed.sort()).toEqual([...ids].sort());
      expect(await store.datasetIncludes(r.datasetId, ids[0]!)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('member rows of a dataset not published answer no lineage question; discarding removes them', async () => {
    const store = (await open.openStore(fresh.db)) as SqliteStore;
    try {
      const db = new Database(fresh.db);
      db.prepare('INSERT INTO dataset_members (dataset_id, member_id, item_ids) VALUES (?, ?, ?)').run('unpublished', 'm-1', 'c-1');
      db.close();
      expect(await store.datasetIncludes('unpublished', 'c-1')).toBe(false);
      expect(await collect(store.datasetMembers('unpublished'))).toEqual([]);
      expect((await store.memberDatasets('m-1')).map((d) => d.datasetId)).not.toContain('unpublished');
      const before = memberRows();
      await store.discardUnpublished('unpublished');
      expect(memberRows()).toBe(before - 1);
    } finally {
      await store.close();
    }
  });

  it('a build that fails after its rows were written leaves none behind', async () => {
    const before = memberRows();
    // A changed byte in the ledger: the build refuses it once the check, run beside it, is in.
    await tamper(fresh, 'UPDATE ledger SET at = at + 1 WHERE seq = 3');
    const store = await open.openStore(fresh.db);
    try {
      await expect(build.buildDataset({ store, policy: defaultPolicy(), asOf: t('2026-01-01'), out: join(dir, 'b'), format: 'jsonl' })).rejects.toThrow(/does not verify/);
    } finally {
      await store.close();
    }
    expect(memberRows()).toBe(before);
  }, 120_000);
});
