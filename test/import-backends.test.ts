/**
 * `import` gives the same store on both backends: a generated platform imported into SQLite and
 * into PostgreSQL yields the same rows and the same ledger (entry for entry; hashes differ only
 * through each store's own HMAC secret), importing the same files again adds nothing, and the CLI
 * says so. The storage contract covers the parts; this covers the whole path through COPY.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlatform } from '../src/generate/generate-platform.js';
import { importFiles, IMPORT_ORDER, type ImportFiles } from '../src/import/import-files.js';
import type { LedgerEntry } from '../src/ledger/entry.js';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import type { Store } from '../src/storage/store.js';
import { collect, freshStore, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

const strip = (e: LedgerEntry) => {
  const { hash: _h, ...rest } = e as LedgerEntry & { personalData?: string };
  if ('personalData' in rest) (rest as { personalData?: string }).personalData = 'hmac';
  return rest;
};

async function dump(store: Store) {
  return {
    counts: await store.counts(),
    members: await collect(store.allMemberRows()),
    groups: await collect(store.allGroupRows()),
    content: (await collect(store.contentRows())).flat(),
    entries: (await collect(store.entries())).map(strip),
    pd: (await collect(store.personalData())),
    objections: (await store.objections()).map((o) => [o.entry.seq, o.identifiers]),
  };
}

describe('import on both backends', () => {
  let sqlite: FreshStore;
  let postgres: FreshStore;
  let files: ImportFiles;
  beforeAll(async () => {
    sqlite = await freshStore('sqlite', 'imp');
    postgres = await freshStore('postgres', 'imp');
    await generatePlatform({ out: join(sqlite.dir, 'platform'), members: 300, items: 3000, seed: 'import-backends' });
    files = Object.fromEntries(IMPORT_ORDER.map((k) => [k, join(sqlite.dir, 'platform', `${k}.jsonl`)]));
  });
  afterAll(async () => {
    await sqlite?.cleanup();
    await postgres?.cleanup();
  });

  it('writes the same rows and the same ledger, and a second import adds nothing', async () => {
    const a = await sqlite.open();
    const b = await postgres.open();
    try {
      const [ca, cb] = [await importFiles(a, files), await importFiles(b, files)];
      expect(cb).toEqual(ca);
      expect(ca.consent + ca.notices + ca.objections).toBeGreaterThan(50);
      expect(await dump(b)).toEqual(await dump(a));
      for (const s of [a, b]) expect(await verifyLedger(s)).toMatchObject({ ok: true, entries: ca.consent + ca.notices + ca.objections });
      const again = await importFiles(b, files);
      expect(again).toMatchObject({ members: 0, groups: 0, content: 0, consent: 0, notices: 0, objections: 0 });
      expect((await b.counts()).entries).toBe(ca.consent + ca.notices + ca.objections);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the import command on PostgreSQL reports the counts and the head, and is idempotent', async () => {
    const args = ['import', '--db', postgres.db, ...Object.entries(files).flatMap(([k, p]) => [`--${k}`, p!])];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { imported: Record<string, number>; ledger: { seq: number } };
    expect(out.imported).toMatchObject({ consent: 0, notices: 0, objections: 0 });
    expect(out.ledger.seq).toBeGreaterThan(50);
  });
});
