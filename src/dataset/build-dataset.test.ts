/**
 * `buildDataset` on a small generated platform, on both backends: the manifest adds up and matches
 * `decide` item by item, texts match the reference transform, rebuilds are byte-identical, lake
 * files give the same dataset as the store, and every refusal of spec §6 happens before anything
 * appears under `--out`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../decision/reasons.js';
import { ConsentgateError } from '../domain/issues.js';
import type { ImportFiles } from '../import/import-files.js';
import type { Store } from '../storage/store.js';
import { defaultPolicy, t } from '../test-support/world.js';
import { BACKENDS, freshStore, tamper, type FreshStore } from './testing/backends.js';
import { buildDataset } from './build-dataset.js';
import type { BuildOptions } from './build-types.js';
import { Duck } from './engine/duck.js';
import { checkProof, merkleRoot, proveItem } from './merkle/index.js';
import type { Manifest } from './output/manifest.js';
import { importPlatform, platformFiles, referenceDecisions, referenceTexts } from './testing/platform-fixture.js';

const AS_OF = t('2026-01-01');
const policy = defaultPolicy();
let files: ImportFiles;
let filesDir: string;

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'cg-build-platform-'));
  files = await platformFiles(filesDir);
});
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

interface Row { id: string; kind: string; createdAt: string; text: string }
const readJsonl = (path: string): Row[] => readFileSync(path, 'utf8').trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row);
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const withoutBuild = (m: Manifest): Omit<Manifest, 'datasetId' | 'build'> => {
  const { datasetId: _d, build: _b, ...rest } = m;
  return rest;
};

async function parquetRows(path: string): Promise<Row[]> {
  const duck = await Duck.open({ tempDirectory: join(dirname(path), '.spill-read'), threads: 1 });
  try {
    return (await duck.rows(`SELECT id, kind, "createdAt", text FROM read_parquet('${path}')`)).map(([id, kind, createdAt, text]) => ({ id, kind, createdAt, text }) as Row);
  } finally {
    duck.close();
  }
}

describe.each(BACKENDS)('buildDataset on %s', (backend) => {
  let fresh: FreshStore;
  let store: Store;
  let work: string;
  const opts = (out: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({ store, policy, asOf: AS_OF, out: join(work, out), format: 'jsonl', ...extra });

  beforeAll(async () => {
    fresh = await freshStore(backend, 'build');
    store = await fresh.open();
    await importPlatform(store, files);
    work = join(fresh.dir, 'work');
  });
  afterAll(async () => {
    await store.close();
    await fresh.cleanup();
  });
  afterEach(() => {
    // No build leaves its temporary folder behind, whatever happened.
    if (existsSync(work)) expect(readdirSync(work).filter((f) => f.includes('.building-'))).toEqual([]);
  });

  it('counts add up and match decide item by item; texts match the reference transform; lineage is recorded', async () => {
    const r = await buildDataset(opts('a'));
    const m = manifestOf(r.out);
    expect(m).toEqual(r.manifest);
    expect(Object.keys(m.counts.excluded)).toEqual([...REASONS]);
    expect(m.counts.included + REASONS.reduce((s, k) => s + m.counts.excluded[k], 0)).toBe(m.counts.considered);
    expect(Object.keys(m.redactions)).toEqual(['EMAIL', 'IBAN', 'CARD', 'ID', 'IP', 'PHONE']);
    expect(m.ledger).toEqual(await store.head());

    const reference = await referenceDecisions(store, policy, AS_OF);
    expect(m.counts.considered).toBe(reference.size);
    const rows = readJsonl(join(r.out, 'data.jsonl'));
    const included = new Set(rows.map((x) => x.id));
    for (const [id, d] of reference) expect({ id, included: included.has(id) }).toEqual({ id, included: d.included });
    const byReason = Object.fromEntries(REASONS.map((k) => [k, [...reference.values()].filter((d) => d.reason === k).length]));
    expect(m.counts.excluded).toEqual(byReason);

    // Sorted by id bytewise, keys in the order of spec §6, times as YYYY-MM-DDTHH:MM:SS.sssZ.
    const ids = rows.map((x) => x.id);
    expect(ids).toEqual([...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(readFileSync(join(r.out, 'data.jsonl'), 'utf8').split('\n')[0]).toMatch(/^\{"id":"[^"]+","kind":"[^"]+","createdAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","text":/);
    expect(m.merkleRoot).toBe(merkleRoot(ids));
    expect(readFileSync(join(r.out, 'ids.txt'), 'utf8')).toBe(ids.map((id) => `${id}\n`).join(''));

    const texts = await referenceTexts(store, policy, AS_OF, ids);
    for (const row of rows) expect({ id: row.id, text: row.text }).toEqual({ id: row.id, text: texts.get(row.id) });
    expect(m.transforms.mentions + m.transforms.objections + Object.values(m.redactions).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const record = await store.dataset(r.datasetId);
    expect(record?.manifest).toEqual(m);
    const first = rows[0]!.id;
    expect(await store.datasetIncludes(r.datasetId, first)).toBe(true);
    // Lineage lists exactly the included items, each under its author.
    const listed: string[] = [];
    for await (const members of store.datasetMembers(r.datasetId)) {
      for (const member of members) listed.push(...((await store.memberDatasets(member)).find((d) => d.datasetId === r.datasetId)?.itemIds ?? []));
    }
    expect(listed.sort()).toEqual([...ids].sort());
    const card = readFileSync(join(r.out, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\n[\s\S]*^pretty_name: .+$[\s\S]*^license: other$[\s\S]*^---$/m);
    expect(card).toContain(r.datasetId);
  });

  it('the same inputs give byte-identical data files and the same manifest apart from id and build time', async () => {
    for (const format of ['jsonl', 'parquet'] as const) {
      const a = await buildDataset(opts(`same-${format}-1`, { format }));
      const b = await buildDataset(opts(`same-${format}-2`, { format }));
      for (const f of [`data.${format}`, 'ids.txt']) expect(readFileSync(join(b.out, f)).equals(readFileSync(join(a.out, f)))).toBe(true);
      expect(withoutBuild(manifestOf(b.out))).toEqual(withoutBuild(manifestOf(a.out)));
      expect(a.datasetId).not.toBe(b.datasetId);
    }
  });

  it('Parquet holds the same rows as JSON Lines', async () => {
    const j = await buildDataset(opts('fmt-jsonl'));
    const p = await buildDataset(opts('fmt-parquet', { format: 'parquet' }));
    expect(await parquetRows(join(p.out, 'data.parquet'))).toEqual(readJsonl(join(j.out, 'data.jsonl')));
    expect(manifestOf(p.out).merkleRoot).toBe(manifestOf(j.out).merkleRoot);
  });

  it('content from lake files (JSON Lines, Parquet with strings or timestamps) gives the dataset the store gives', async () => {
    const fromStore = await buildDataset(opts('lake-store'));
    const lake = join(work, 'lake');
    const jsonl = await buildDataset(opts('lake-jsonl', { content: [files.content!] }));
    expect(readFileSync(join(jsonl.out, 'data.jsonl')).equals(readFileSync(join(fromStore.out, 'data.jsonl')))).toBe(true);
    expect(manifestOf(jsonl.out).content).toMatchObject({ source: 'lake', files: [files.content] });

    // The platform's export as two Parquet files, times as TIMESTAMPTZ in one and strings in the other.
    const duck = await Duck.open({ tempDirectory: join(work, '.spill-lake'), threads: 1 });
    try {
      await duck.run(`CREATE TABLE c AS SELECT *, row_number() OVER () AS n FROM read_json('${files.content}', format = 'newline_delimited', columns = {id: 'VARCHAR', memberId: 'VARCHAR', kind: 'VARCHAR', visibility: 'VARCHAR', groupId: 'VARCHAR', createdAt: 'VARCHAR', deletedAt: 'VARCHAR', text: 'VARCHAR', validFrom: 'VARCHAR'})`);
      await duck.run(`COPY (SELECT * EXCLUDE (n, createdAt, deletedAt), CAST(createdAt AS TIMESTAMPTZ) AS createdAt, CAST(deletedAt AS TIMESTAMPTZ) AS deletedAt FROM c WHERE n <= 150 ORDER BY n) TO '${lake}-1.parquet' (FORMAT parquet)`);
      await duck.run(`COPY (SELECT * EXCLUDE (n) FROM c WHERE n > 150 ORDER BY n) TO '${lake}-2.parquet' (FORMAT parquet)`);
    } finally {
      duck.close();
    }
    const parquet = await buildDataset(opts('lake-parquet', { content: [`${lake}-*.parquet`] }));
    expect(readFileSync(join(parquet.out, 'data.jsonl')).equals(readFileSync(join(fromStore.out, 'data.jsonl')))).toBe(true);
    expect(withoutBuild({ ...manifestOf(parquet.out), content: manifestOf(fromStore.out).content })).toEqual(withoutBuild(manifestOf(fromStore.out)));
  });

  it('refuses malformed lake rows, naming the file and row', async () => {
    const bad = join(fresh.dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ id: 'x1', memberId: 'm-00000001', kind: 'post', visibility: 'public', createdAt: '2025-13-45', text: 'hi' })}\n`);
    await expect(buildDataset(opts('bad-lake', { content: [bad] }))).rejects.toThrow(/bad\.jsonl: createdAt is not a time/);
    await expect(buildDataset(opts('bad-lake', { content: [join(fresh.dir, 'nothing-*.parquet')] }))).rejects.toThrow(/no file matches/);
    writeFileSync(join(fresh.dir, 'broken.parquet'), 'not parquet at all');
    await expect(buildDataset(opts('bad-lake', { content: [join(fresh.dir, 'broken.parquet')] }))).rejects.toMatchObject({ code: 'content-invalid', message: expect.stringMatching(/cannot read the lake files/) });
    expect(existsSync(join(work, 'bad-lake'))).toBe(false);
  });

  it('refuses an as-of later than now unless allowed', async () => {
    const future = Date.now() + 86_400_000;
    await expect(buildDataset(opts('future', { asOf: future }))).rejects.toMatchObject({ code: 'as-of-future' });
    expect(existsSync(join(work, 'future'))).toBe(false);
    const r = await buildDataset(opts('future', { asOf: future, allowFuture: true }));
    expect(manifestOf(r.out).asOf).toBe(new Date(future).toISOString());
  });

  it('refuses a non-empty --out unless forced, and then replaces it whole', async () => {
    const r = await buildDataset(opts('again'));
    writeFileSync(join(r.out, 'stray.txt'), 'x');
    await expect(buildDataset(opts('again'))).rejects.toMatchObject({ code: 'out-not-empty' });
    expect(existsSync(join(r.out, 'stray.txt'))).toBe(true);
    const f = await buildDataset(opts('again', { force: true, format: 'parquet' }));
    expect(readdirSync(f.out).sort()).toEqual(['README.md', 'data.parquet', 'ids.txt', 'manifest.json']);
  });

  it('refuses a ledger head below --ledger-min-seq', async () => {
    const head = await store.head();
    await expect(buildDataset(opts('behind', { ledgerMinSeq: head.seq + 1 }))).rejects.toMatchObject({ code: 'ledger-behind' });
    expect(existsSync(join(work, 'behind'))).toBe(false);
    await buildDataset(opts('behind', { ledgerMinSeq: head.seq }));
  });

  it('proves inclusion and exclusion against the manifest root', async () => {
    const r = await buildDataset(opts('prove', { format: 'parquet' }));
    const ids = readFileSync(join(r.out, 'ids.txt'), 'utf8').trimEnd().split('\n');
    const root = manifestOf(r.out).merkleRoot;
    const inc = await proveItem(r.out, ids[3]!);
    expect(inc.kind).toBe('inclusion');
    expect(checkProof(inc, { root, treeSize: ids.length }).ok).toBe(true);
    const exc = await proveItem(r.out, `${ids[3]!}-not-there`);
    expect(exc.kind).toBe('exclusion');
    expect(checkProof(exc, { root, treeSize: ids.length })).toMatchObject({ ok: true, included: false });
    expect(checkProof(inc, { root: root.replace(/^./, root[0] === 'a' ? 'b' : 'a') }).ok).toBe(false);
  });

  it('--no-redaction leaves texts as stored and counts nothing', async () => {
    const r = await buildDataset(opts('plain', { redaction: false }));
    const m = manifestOf(r.out);
    expect(m.redaction.enabled).toBe(false);
    expect(Object.values(m.redactions).every((n) => n === 0)).toBe(true);
    for (const row of readJsonl(join(r.out, 'data.jsonl')).slice(0, 50)) {
      const stored = (await store.itemRows(row.id)).at(-1)!;
      expect(row.text).toBe(stored.text);
    }
    expect(readFileSync(join(r.out, 'README.md'), 'utf8')).toContain('Not redacted');
  });

  it('fails closed on a tampered ledger', async () => {
    // Last: the store stays tampered.
    await tamper(fresh, `UPDATE ledger SET choice = 'allow' WHERE seq = (SELECT min(seq) FROM ledger WHERE choice = 'deny')`);
    const e = await buildDataset(opts('tampered')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConsentgateError);
    expect((e as ConsentgateError).code).toBe('ledger-invalid');
    expect((e as Error).message).toMatch(/first bad seq: \d+/);
    expect(existsSync(join(work, 'tampered'))).toBe(false);
  });
});

describe('buildDataset on an empty ledger', () => {
  it('builds: an empty ledger that verifies is valid', async () => {
    const fresh = await freshStore('sqlite', 'build-empty');
    const store = await fresh.open();
    try {
      const { consent: _c, notices: _n, objections: _o, ...noLedger } = files;
      await importPlatform(store, noLedger);
      const r = await buildDataset({ store, policy, asOf: AS_OF, out: join(fresh.dir, 'out'), format: 'jsonl' });
      const m = manifestOf(r.out);
      expect(m.ledger).toEqual({ seq: 0, hash: '0'.repeat(64) });
      // Notices are required in three regions: their members' items are not-notified.
      expect(m.counts.excluded['not-notified']).toBeGreaterThan(0);
      expect(m.counts.included).toBeGreaterThan(0);
    } finally {
      await store.close();
      await fresh.cleanup();
    }
  });
});
