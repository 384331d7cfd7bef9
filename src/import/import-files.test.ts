import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsentgateError } from '../domain/issues.js';
import { verifyLedger } from '../ledger/verify-ledger.js';
import { PostgresStore } from '../storage/postgres/postgres-store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { createTestDatabase } from '../test-support/postgres-db.js';
import type { Store } from '../storage/store.js';
import { importFiles, type ImportFiles } from './import-files.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-import-'));
  store = SqliteStore.open(join(dir, 'store.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
function files(content: Partial<Record<keyof ImportFiles, unknown[]>>): ImportFiles {
  const out: ImportFiles = {};
  for (const [k, rows] of Object.entries(content)) {
    const path = join(dir, `${k}-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, jsonl(rows));
    out[k as keyof ImportFiles] = path;
  }
  return out;
}

const M1 = { id: 'm1', name: 'Anna', country: 'NL', joinedAt: '2020-01-01' };
const M2 = { id: 'm2', name: 'Bob', country: 'US', joinedAt: '2020-01-01', birthDate: '1990-05-05' };
const G1 = { id: 'g1', name: 'Union', category: 'trade-union' };
const C1 = { id: 'c1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: '2025-01-01T10:00:00+02:00', text: 'hi' };
const E1 = { subject: 'm1', at: '2025-06-01', purpose: 'train-genai', choice: 'deny', method: 'setting', evidence: { ua: 'x' } };
const N1 = { subject: 'm1', at: '2025-09-20', noticeVersion: 'eu-2025-11', channel: 'in-app' };
const O1 = { id: 'obj-1', at: '2025-10-01', name: 'Jan Jansen', emails: ['jan@example.org'] };

function inForce<R extends { validFrom?: number }>(rows: R[]): Map<number | undefined, R> {
  return new Map(rows.map((r) => [r.validFrom, r]));
}

async function snapshot(s: Store) {
  const entries = [];
  for await (const e of s.entries()) entries.push(e);
  return { head: await s.head(), counts: await s.counts(), entries };
}

describe('import', () => {
  it('imports every kind and the chain verifies', async () => {
    const counts = await importFiles(store, files({ members: [M1, M2], groups: [G1], content: [C1], consent: [E1], notices: [N1], objections: [O1] }));
    expect(counts).toEqual({ members: 2, groups: 1, content: 1, consent: 1, notices: 1, objections: 1, skipped: 0 });
    expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 3 });
    expect((await store.itemRows('c1'))[0]!.createdAt).toBe(Date.UTC(2025, 0, 1, 8));
  });

  it('writes the ledger in the fixed order consent, notices, objections whatever the order of the flags', async () => {
    const f = files({ objections: [O1], notices: [N1], consent: [E1], members: [M1] });
    await importFiles(store, { objections: f.objections!, notices: f.notices!, consent: f.consent!, members: f.members! });
    const s = await snapshot(store);
    expect(s.entries.map((e) => [e.seq, e.kind, e.subject])).toEqual([[1, 'consent', 'm1'], [2, 'notice', 'm1'], [3, 'consent', 'obj-1']]);
    expect(s.entries[2]).toMatchObject({ method: 'objection-form', choice: 'deny', purpose: 'train-ai' });
  });

  it('a second import of the same files adds nothing', async () => {
    const f = files({ members: [M1, M2], groups: [G1], content: [C1], consent: [E1], notices: [N1], objections: [O1] });
    await importFiles(store, f);
    const once = await snapshot(store);
    const again = await importFiles(store, f);
    expect(again).toMatchObject({ members: 0, content: 0, consent: 0, notices: 0, objections: 0, skipped: 7 });
    expect(await snapshot(store)).toEqual(once);
  });

  it('never merges identical lines of one file', async () => {
    await importFiles(store, files({ consent: [E1, E1] }));
    expect((await store.head()).seq).toBe(2);
  });

  it('skips blank lines, reads null as absent, and ignores unknown keys in members, groups and content', async () => {
    await importFiles(store, files({ members: ['', { ...M1, birthDate: null, nickname: 'x' }, '   '], content: [{ ...C1, deletedAt: null, extra: 1 }] }));
    expect(await store.memberRows('m1')).toEqual([{ id: 'm1', name: 'Anna', country: 'NL', joinedAt: Date.UTC(2020, 0, 1) }]);
  });

  it('takes odd but well-formed platform data as it is', async () => {
    await importFiles(store, files({ members: [M1], content: [{ ...C1, deletedAt: '2024-01-01', visibility: 'group' }] }));
    expect((await store.counts()).items).toBe(1);
  });

  const badLines: [string, Partial<Record<keyof ImportFiles, unknown[]>>, RegExp][] = [
    ['not JSON', { members: [M1, '{"id": "m2",'] }, /members-\w+\.jsonl:2: not valid JSON/],
    ['not an object', { members: ['[1,2]'] }, /:1: a line must be one JSON object/],
    ['a missing field', { members: [{ id: 'm1', country: 'NL', joinedAt: '2020-01-01' }] }, /:1: name: name is required/],
    ['a bad id', { members: [{ ...M1, id: 'has space' }] }, /:1: id: id is not an id/],
    ['an unknown country', { members: [{ ...M1, country: 'UK' }] }, /:1: country: .*expected an assigned ISO 3166-1 alpha-2 code such as NL, got "UK"/],
    ['a bad time', { members: [{ ...M1, joinedAt: '2020-02-30' }] }, /:1: joinedAt: joinedAt is not an RFC 3339 time/],
    ['a wrong type', { members: [{ ...M1, inSecondarySchool: 'yes' }] }, /:1: inSecondarySchool: .*expected true or false, got "yes"/],
    ['an unknown kind', { members: [M1], content: [{ ...C1, kind: 'story' }] }, /content-\w+\.jsonl:1: kind: .*got "story"/],
    ['an unknown member', { members: [M1], content: [C1, { ...C1, id: 'c2', memberId: 'm9' }] }, /content-\w+\.jsonl:2: memberId: unknown member m9/],
    ['an unknown group', { members: [M1], content: [{ ...C1, groupId: 'g9' }] }, /:1: groupId: unknown group g9/],
    ['rows that disagree on createdAt', { members: [M1], content: [C1, { ...C1, createdAt: '2025-01-02', validFrom: '2025-02-01' }] }, /:2: createdAt: item c1 has another createdAt/],
    ['rows that disagree on memberId', { members: [M1, M2], content: [C1, { ...C1, memberId: 'm2', validFrom: '2025-02-01' }] }, /:2: memberId: item c1 has another author/],
    ['an unknown key in consent', { consent: [{ ...E1, reason: 'because' }] }, /consent-\w+\.jsonl:1: reason: unknown field reason/],
    ['an objection-form allow', { consent: [{ ...E1, choice: 'allow', method: 'objection-form' }] }, /:1: choice: an event of method objection-form cannot allow/],
    ['a gpc allow', { consent: [{ ...E1, choice: 'allow', method: 'gpc' }] }, /:1: choice: an event of method gpc cannot allow/],
    ['an unknown purpose', { consent: [{ ...E1, purpose: 'ads' }] }, /:1: purpose: .*got "ads"/],
    ['an unknown key in notices', { notices: [{ ...N1, seq: 4 }] }, /notices-\w+\.jsonl:1: seq: unknown field seq/],
    ['an unknown channel', { notices: [{ ...N1, channel: 'sms' }] }, /:1: channel: .*got "sms"/],
    ['an unknown key in objections', { objections: [{ ...O1, reason: 'x' }] }, /objections-\w+\.jsonl:1: reason: unknown field/],
    ['a handle with its @', { objections: [{ ...O1, handles: ['@jan'] }] }, /:1: handles\[0\]: .*a handle without the @/],
    ['an email list that is not a list', { objections: [{ ...O1, emails: 'jan@example.org' }] }, /:1: emails: .*expected a list of email addresses/],
  ];
  it.each(badLines)('a bad line (%s) is reported with file and line and the store is left as it was', async (_name, content, message) => {
    await importFiles(store, files({ members: [{ ...M1, id: 'm0' }], consent: [{ ...E1, subject: 'm0' }] }));
    const before = await snapshot(store);
    const err = await importFiles(store, files(content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsentgateError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    expect((err as Error).message).toMatch(message);
    expect(await snapshot(store)).toEqual(before);
  });

  it('a bad line in a later file undoes the earlier files of the same command', async () => {
    await expect(importFiles(store, files({ members: [M1], content: [C1], consent: [E1, { ...E1, method: 'carrier-pigeon' }] }))).rejects.toThrow(/:2: method/);
    expect(await store.counts()).toEqual({ members: 0, groups: 0, items: 0, entries: 0 });
  });
});

describe('import: properties', () => {
  const id = fc.constantFrom('m1', 'm2', 'm3');
  const at = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 0, 1) }).map((t) => new Date(t).toISOString());
  const consentLine = fc.record({ subject: id, at, purpose: fc.constantFrom('train-ai', 'train-genai'), choice: fc.constantFrom('allow', 'deny'), method: fc.constantFrom('setting', 'api') });
  const noticeLine = fc.record({ subject: id, at, noticeVersion: fc.constantFrom('eu-2025-11', 'uk-2025-11'), channel: fc.constantFrom('in-app', 'email') });
  const memberLine = fc.record({ id, name: fc.string({ minLength: 1, maxLength: 5 }), country: fc.constantFrom('NL', 'US'), joinedAt: at });

  it('importing a file twice equals importing it once', async () => {
    await fc.assert(fc.asyncProperty(fc.array(memberLine, { maxLength: 6 }), fc.array(consentLine, { maxLength: 8 }), fc.array(noticeLine, { maxLength: 4 }), async (members, consent, notices) => {
      const a = SqliteStore.open(join(dir, `a-${Math.random()}.db`));
      const b = SqliteStore.open(join(dir, `b-${Math.random()}.db`));
      try {
        const f = files({ members, consent, notices });
        await importFiles(a, f);
        await importFiles(b, f);
        await importFiles(b, f);
        const [sa, sb] = [await snapshot(a), await snapshot(b)];
        expect(sb.counts).toEqual(sa.counts);
        expect(sb.head.seq).toBe(sa.head.seq);
        const strip = (e: object) => { const { hash: _h, personalData: _p, ...rest } = e as Record<string, unknown>; return rest; };
        expect(sb.entries.map(strip)).toEqual(sa.entries.map(strip));
        // The state is the same: for every validFrom, the row written last is the one in force.
        for (const m of ['m1', 'm2', 'm3']) expect(inForce(await b.memberRows(m))).toEqual(inForce(await a.memberRows(m)));
      } finally {
        await a.close();
        await b.close();
      }
    }), { numRuns: 25 });
  });
});

describe('import into an empty SQLite ledger, or one small against the import (indexes built once before the commit)', () => {
  const indexes = () => store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger' ORDER BY name`).all();
  const many = (n: number, bad?: number) => Array.from({ length: n }, (_, i) => (i + 1 === bad ? { ...E1, method: 'carrier-pigeon' } : { ...E1, subject: `m${i % 7}`, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() }));

  it('leaves the same indexes, which the store then uses, and a failed import leaves them too', async () => {
    const before = indexes();
    const settings = () => [store.db.pragma('cache_size', { simple: true }), store.db.pragma('threads', { simple: true })];
    const connection = settings();
    expect(before.map((r) => (r as { name: string }).name)).toEqual(expect.arrayContaining(['ledger_key', 'ledger_subject']));
    await expect(importFiles(store, files({ consent: many(3000, 2500) }))).rejects.toThrow(/:2500: method/);
    expect(indexes()).toEqual(before);
    const f = files({ consent: many(3000), notices: [N1] });
    expect(await importFiles(store, f)).toMatchObject({ consent: 3000, notices: 1 });
    expect(indexes()).toEqual(before);
    // Built with a small sort memory on helper threads, then the connection's own settings back.
    expect(settings()).toEqual(connection);
    expect(store.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // The key index answers the skip check of a second import.
    expect(await importFiles(store, f)).toMatchObject({ consent: 0, notices: 0, skipped: 3001 });
    expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 3001 });
  });

  it('defers them too for an import large against a non-empty ledger, skipping its earlier lines from memory', async () => {
    const all = indexes;
    const pdIndexes = () => store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'personal_data' ORDER BY name`).all();
    await importFiles(store, files({ consent: many(20) }));
    const before = [all(), pdIndexes()];
    const dropped: string[] = [];
    const exec = store.db.exec.bind(store.db);
    store.db.exec = (sql: string) => {
      const m = /^DROP INDEX IF EXISTS (\w+)$/.exec(sql);
      if (m) dropped.push(m[1]!);
      return exec(sql);
    };
    // The first 20 lines again (skipped), then new ones; a bad line at the end rolls all of it back.
    await expect(importFiles(store, files({ consent: many(3000, 2990) }))).rejects.toThrow(/:2990: method/);
    expect(dropped.sort()).toEqual(['ledger_key', 'ledger_subject']);
    expect([all(), pdIndexes()]).toEqual(before);
    expect(await store.counts()).toMatchObject({ entries: 20 });
    // The lines already written come last: skipped by the keys held in memory while the key index is down.
    const f = files({ consent: [...many(3000).slice(20), ...many(20)] });
    expect(await importFiles(store, f)).toMatchObject({ consent: 2980, skipped: 20 });
    expect([all(), pdIndexes()]).toEqual(before);
    expect(store.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // An import whose lines are all skipped writes nothing and keeps the indexes.
    dropped.length = 0;
    expect(await importFiles(store, f)).toMatchObject({ consent: 0, skipped: 3000 });
    expect(dropped).toEqual([]);
    // A small import into this ledger keeps the indexes and uses them.
    expect(await importFiles(store, files({ consent: many(1100) }))).toMatchObject({ consent: 0, skipped: 1100 });
    expect(dropped).toEqual([]);
    expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 3000 });
  });
});

describe('import into PostgreSQL (rows written as COPY text by the parser where the chain is as it guessed)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...E1, subject: `m${i % 3}`, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), ...(i % 2 ? { evidence: { ua: `x\t${i}` } } : {}) }));
  const strip = (e: object) => { const { hash: _h, personalData: _p, ...rest } = e as Record<string, unknown>; return rest; };

  it('writes what SQLite writes, over several batches, where lines are skipped in the first batch and the guess fails after', async () => {
    const db = await createTestDatabase('import-copy');
    const pg = await PostgresStore.open(db.url);
    try {
      const all = many(9000);
      const first = files({ members: [M1, M2], consent: all.slice(0, 100) });
      const f = files({ members: [M1, M2], consent: all, notices: [N1, { ...N1, noticeVersion: 'a\u0000b' }], objections: [O1] });
      await importFiles(pg, first, { worker: false });
      await importFiles(store, first, { worker: false });
      const counts = await importFiles(pg, f, { worker: false });
      expect(counts).toEqual(await importFiles(store, f, { worker: false }));
      expect(counts).toMatchObject({ consent: 8900, notices: 2, objections: 1 });
      const [a, b] = [await snapshot(store), await snapshot(pg)];
      expect(b.entries.map(strip)).toEqual(a.entries.map(strip));
      expect(await verifyLedger(pg)).toMatchObject({ ok: true, entries: 9003 });
      expect(await importFiles(pg, f, { worker: false })).toMatchObject({ consent: 0, notices: 0, objections: 0, skipped: 2 + 9003 });
      expect((await snapshot(pg)).head).toEqual(b.head);
    } finally {
      await pg.close();
      await db.drop();
    }
  });

  it('writes into an empty ledger as the writer seals it (the chain verifies, personal data included)', async () => {
    const db = await createTestDatabase('import-copy-empty');
    const pg = await PostgresStore.open(db.url);
    try {
      const f = files({ members: [M1, M2], consent: many(5000), notices: [N1], objections: [O1] });
      expect(await importFiles(pg, f, { worker: false })).toMatchObject({ consent: 5000, notices: 1, objections: 1 });
      expect(await verifyLedger(pg)).toMatchObject({ ok: true, entries: 5002 });
      await importFiles(store, f, { worker: false });
      expect((await snapshot(pg)).entries.map(strip)).toEqual((await snapshot(store)).entries.map(strip));
    } finally {
      await pg.close();
      await db.drop();
    }
  });
});

// The worker thread needs the compiled code (`npm run build`): the compiled import is compared with this one.
const compiled = fileURLToPath(new URL('../../dist/import/import-files.js', import.meta.url));
describe.skipIf(!existsSync(compiled) || !existsSync(compiled.replace('import-files.js', 'parse-worker.js')))('import on a worker thread (compiled build)', () => {
  const load = async () => (await import(pathToFileURL(compiled).href)) as { importFiles: typeof importFiles };
  const many = (n: number, bad?: number) => Array.from({ length: n }, (_, i) => (i + 1 === bad ? { ...E1, method: 'carrier-pigeon' } : { ...E1, subject: `m${i % 3}`, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() }));
  const strip = (e: object) => { const { hash: _h, personalData: _p, ...rest } = e as Record<string, unknown>; return rest; };

  it('writes what the import in this thread writes, over more batches than the worker may be ahead (its buffers come back), and a second time nothing', async () => {
    const { importFiles: onWorker } = await load();
    // Texts of every length and script: a batch's records travel as UTF-8 into buffers of earlier batches.
    const text = (i: number) => (i === 12345 ? 'y'.repeat(600_000) : ['', 'hi', 'ünïcødé ', 'テキスト', '😀 e\u0301', 'x'.repeat(300)][i % 6]!.repeat(1 + (i % 7)));
    const content = Array.from({ length: 20000 }, (_, i) => ({ ...C1, id: `c${i}`, text: text(i) }));
    const f = files({ members: [M1, M2], groups: [G1], content, consent: many(9000), notices: [N1], objections: [O1] });
    const other = SqliteStore.open(join(dir, 'other.db'));
    try {
      const here = await importFiles(other, f, { worker: false });
      const there = await onWorker(store, f, { worker: true });
      expect(there).toEqual(here);
      const [a, b] = [await snapshot(other), await snapshot(store)];
      expect(b.counts).toEqual(a.counts);
      expect(b.entries.map(strip)).toEqual(a.entries.map(strip));
      const rows = (s: SqliteStore) => s.db.prepare('SELECT * FROM content_rows ORDER BY ord').all();
      expect(rows(store)).toEqual(rows(other));
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 9002 });
      expect(await onWorker(store, f, { worker: true })).toMatchObject({ content: 0, consent: 0, notices: 0, objections: 0, skipped: 20000 + 9002 + 3 });
      expect(await snapshot(store)).toEqual(b);
    } finally {
      await other.close();
    }
  });

  it('writes rows sealed ahead where the chain is as the parser guessed, and seals them itself where lines were skipped', async () => {
    const { importFiles: onWorker } = await load();
    const all = many(9000).map((e, i) => (i % 4 ? e : { ...e, noticeVersion: 'eu-2025-11', evidence: { n: i } }));
    const other = SqliteStore.open(join(dir, 'other.db'));
    try {
      for (const [s, worker] of [[other, false], [store, true]] as const) {
        // The ledger is not empty, the first 50 lines are skipped and every later guess is 50 seqs off; then a
        // second file whose guesses hold from its first line.
        await importFiles(s, files({ consent: all.slice(0, 50) }), { worker: false });
        expect(await (worker ? onWorker : importFiles)(s, files({ consent: all.slice(0, 6000) }), { worker })).toMatchObject({ consent: 5950, skipped: 50 });
        expect(await (worker ? onWorker : importFiles)(s, files({ consent: all.slice(6000), notices: [N1], objections: [O1] }), { worker })).toMatchObject({ consent: 3000, notices: 1, objections: 1 });
      }
      const [a, b] = [await snapshot(other), await snapshot(store)];
      expect(b.entries.map(strip)).toEqual(a.entries.map(strip));
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 9002 });
      const pd = (s: SqliteStore) => s.db.prepare('SELECT seq, subject, category, data FROM personal_data ORDER BY seq').all();
      expect(pd(store)).toEqual(pd(other));
      expect(pd(store)).toHaveLength(9001);
    } finally {
      await other.close();
    }
  });

  it('where notices are most of the ledger, the worker seals them ahead as well, and writes what the import in this thread writes', async () => {
    const { importFiles: onWorker } = await load();
    const notices = Array.from({ length: 9000 }, (_, i) => ({ ...N1, subject: `m${(i % 2) + 1}`, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() }));
    const f = files({ members: [M1, M2], consent: many(10), notices, objections: [O1] });
    const other = SqliteStore.open(join(dir, 'other.db'));
    try {
      await importFiles(store, files({ notices: notices.slice(0, 5) }), { worker: false });
      await importFiles(other, files({ notices: notices.slice(0, 5) }), { worker: false });
      const counts = await importFiles(other, f, { worker: false });
      expect(counts).toMatchObject({ consent: 10, notices: 8995, objections: 1, skipped: 5 });
      expect(await onWorker(store, f, { worker: true })).toEqual(counts);
      const [a, b] = [await snapshot(other), await snapshot(store)];
      expect(b.entries.map(strip)).toEqual(a.entries.map(strip));
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 9011 });
    } finally {
      await other.close();
    }
  });

  it('into PostgreSQL: writes what the import in this thread writes into SQLite, and a second time nothing', async () => {
    const { importFiles: onWorker } = await load();
    const db = await createTestDatabase('import-copy-worker');
    const pg = await PostgresStore.open(db.url);
    try {
      const f = files({ members: [M1, M2], consent: many(9000).map((e, i) => (i % 3 ? e : { ...e, evidence: { n: i } })), notices: [N1], objections: [O1] });
      const here = await importFiles(store, f, { worker: false });
      expect(await onWorker(pg, f, { worker: true })).toEqual(here);
      expect((await snapshot(pg)).entries.map(strip)).toEqual((await snapshot(store)).entries.map(strip));
      expect(await verifyLedger(pg)).toMatchObject({ ok: true, entries: 9002 });
      expect(await onWorker(pg, f, { worker: true })).toMatchObject({ consent: 0, notices: 0, objections: 0, skipped: 2 + 9002 });
    } finally {
      await pg.close();
      await db.drop();
    }
  });

  it('reports the first bad line of a later batch and leaves the store as it was', async () => {
    const { importFiles: onWorker } = await load();
    await importFiles(store, files({ members: [{ ...M1, id: 'm0' }] }));
    const before = await snapshot(store);
    const err = await onWorker(store, files({ members: [M1, M2], consent: many(9000, 8500) }), { worker: true }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/consent-\w+\.jsonl:8500: method: /);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    expect(await snapshot(store)).toEqual(before);
  });
});
