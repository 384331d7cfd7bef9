/**
 * Bad input never crashes anything and never gets in: property-based fuzzing (fast-check) of JSON
 * Lines files and policy files. An import either takes all of its files or fails with one
 * ConsentgateError naming `file:line`, and then the store is exactly as before; what it takes reads
 * back exactly (quotes, backslashes, NUL, tabs, `'); DROP TABLE …`, emoji), and the chain verifies.
 * On both backends; a few samples also through the `consentgate import` process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentgateError, formatIssue } from '../src/domain/issues.js';
import { importFiles, type ImportFiles } from '../src/import/import-files.js';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { DEFAULT_POLICY_PATH } from '../src/policy/load-policy.js';
import { parsePolicy } from '../src/policy/parse-policy.js';
import type { Store } from '../src/storage/store.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

const NASTY = [
  "'); DROP TABLE ledger; --", "\"; DELETE FROM personal_data; --", "' OR '1'='1", '\u0000', 'a\u0000b', '\\', '\\N', '\\.', '\\x00', '\t', '\n', '\r\n', '"', "'",
  '\u0001', '\u0001\u0002', '😀', '%', '_', '$1', '${x}', '\u2028', 'NULL', 'null', '@[X](member:m1)', 'Robert\'); DROP TABLE students;--', 'ü', '\uFEFF',
];
const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY) }, { weight: 2, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) });
const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));
const nonEmpty = text.filter((s) => s.length > 0);
const idArb = fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/);
const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());

const member = fc.record({ id: idArb, name: text, country: fc.constantFrom('NL', 'US', 'DE', 'CN', 'GB'), joinedAt: time }, { requiredKeys: ['id', 'name', 'country', 'joinedAt'] })
  .chain((m) => fc.record({ birthDate: fc.option(time, { nil: undefined }), inSecondarySchool: fc.option(fc.boolean(), { nil: undefined }), validFrom: fc.option(time, { nil: undefined }), extra: fc.option(text, { nil: undefined }) }).map((o) => ({ ...m, ...strip(o) })));
const consent = fc.record({
  subject: idArb, at: time, purpose: fc.constantFrom('train-ai', 'train-genai', 'train-personalization', 'share-affiliates-ads'),
  choice: fc.constantFrom('allow', 'deny'), method: fc.constantFrom('setting', 'intent', 'import', 'api', 'admin'),
}).chain((e) => fc.record({ noticeVersion: fc.option(nonEmpty, { nil: undefined }), evidence: fc.option(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null)), { maxKeys: 3 }), { nil: undefined }) }).map((o) => ({ ...e, ...strip(o) })));
const notice = fc.record({ subject: idArb, at: time, noticeVersion: nonEmpty, channel: fc.constantFrom('in-app', 'email', 'banner') });
const emailArb = fc.tuple(nonEmpty, nonEmpty).map(([a, b]) => `${a}@${b}`.replace(/[\s@]/g, 'x').replace(/^(.*)x(.*?)$/, '$1@$2')).filter((s) => /^[^\s@]+@[^\s@]+$/.test(s));
const objection = fc.record({ id: idArb, at: time }).chain((o) => fc.record({
  name: fc.option(nonEmpty, { nil: undefined }), emails: fc.option(fc.array(emailArb, { maxLength: 2 }), { nil: undefined }),
  handles: fc.option(fc.array(nonEmpty.map((s) => s.replace(/[\s@]/g, '_')).filter((s) => s.length > 0), { maxLength: 2 }), { nil: undefined }),
  urls: fc.option(fc.array(nonEmpty, { maxLength: 2 }), { nil: undefined }),
}).map((x) => ({ ...o, ...strip(x) })));

/** A line that may be bad: not JSON, not an object, a field dropped, a wrong type, an unknown key. */
const spoil = (good: fc.Arbitrary<Record<string, unknown>>) => fc.oneof(
  { weight: 12, arbitrary: good.map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: good.chain((o) => fc.constantFrom(...Object.keys(o)).map((k) => JSON.stringify({ ...o, [k]: undefined }))) },
  { weight: 1, arbitrary: fc.tuple(good, fc.anything({ maxDepth: 1 })).chain(([o, v]) => fc.constantFrom(...Object.keys(o)).map((k) => JSON.stringify({ ...o, [k]: v }))) },
  { weight: 1, arbitrary: fc.tuple(good, fc.string({ maxLength: 8 }), text).map(([o, k, v]) => JSON.stringify({ ...o, [`x${k}`]: v })) },
  { weight: 1, arbitrary: fc.constant('') },
);

function strip<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const fileSet = fc.record({
  members: fc.array(spoil(member), { maxLength: 6 }),
  consent: fc.array(spoil(consent as fc.Arbitrary<Record<string, unknown>>), { maxLength: 6 }),
  notices: fc.array(spoil(notice), { maxLength: 4 }),
  objections: fc.array(spoil(objection as fc.Arbitrary<Record<string, unknown>>), { maxLength: 4 }),
  content: fc.array(fc.record({ id: idArb, text, kind: fc.constantFrom('post', 'comment', 'private-message'), visibility: fc.constantFrom('public', 'group') }), { maxLength: 4 }),
});

type FileSet = typeof fileSet extends fc.Arbitrary<infer T> ? T : never;

async function state(store: Store) {
  return { head: await store.head(), counts: await store.counts(), pd: (await collect(store.personalData())).length };
}

describe.each(BACKENDS)('fuzzed JSON Lines into %s', (backend) => {
  let fresh: FreshStore;
  let store: Store;
  let n = 0;
  beforeAll(async () => {
    fresh = await freshStore(backend, 'fuzz');
    store = await fresh.open();
  });
  afterAll(async () => {
    await store?.close();
    await fresh?.cleanup();
  });

  function write(set: FileSet): { files: ImportFiles; members: Record<string, unknown>[]; contents: { id: string; text: string }[] } {
    const files: ImportFiles = {};
    const dir = fresh.dir;
    n++;
    const put = (kind: keyof ImportFiles, lines: string[]) => {
      if (lines.length === 0) return;
      const path = join(dir, `${n}-${kind}.jsonl`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      files[kind] = path;
    };
    put('members', set.members);
    // Content names the members of this set, so some of it is valid.
    const members = set.members.flatMap((l) => { try { const o = JSON.parse(l) as unknown; return o && typeof o === 'object' && !Array.isArray(o) ? [o as Record<string, unknown>] : []; } catch { return []; } });
    const authors = members.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    const contents = set.content.map((c, i) => ({ id: `${c.id}-${n}`, memberId: authors[i % Math.max(1, authors.length)] ?? 'nobody', kind: c.kind, visibility: c.visibility, createdAt: '2025-01-01T00:00:00Z', text: c.text }));
    put('content', contents.map((c) => JSON.stringify(c)));
    put('consent', set.consent);
    put('notices', set.notices);
    put('objections', set.objections);
    return { files, members, contents };
  }

  it('takes a whole import or nothing, reports file:line, and reads back exactly what it took', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(fileSet, async (set) => {
      const { files, contents, members } = write(set);
      const before = await state(store);
      try {
        await importFiles(store, files);
        accepted++;
      } catch (e) {
        refused++;
        if (!(e instanceof ConsentgateError)) throw new Error(`not a clear error: ${(e as Error).stack}`);
        expect(e.issues[0]!.file).toMatch(/\.jsonl$/);
        expect(e.issues[0]!.line).toBeGreaterThan(0);
        expect(formatIssue(e.issues[0]!)).toMatch(/\.jsonl:\d+: /);
        expect(await state(store)).toEqual(before);
        return;
      }
      // Taken: texts read back byte for byte, whatever they hold.
      for (const c of contents) {
        const rows = await store.itemRows(c.id);
        expect(rows.at(-1)?.text).toBe(c.text);
      }
      for (const m of members) {
        expect((await store.memberRows(m.id as string)).map((r) => r.name)).toContain(m.name);
      }
      expect(await verifyLedger(store)).toMatchObject({ ok: true });
    }), { numRuns: backend === 'postgres' ? 60 : 80, seed: Number(process.env.FUZZ_SEED ?? 20251103) });
    expect(accepted).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
    // The schema is intact: every table still answers.
    expect(await verifyLedger(store)).toMatchObject({ ok: true });
    await store.counts();
  });

  it('the import process fails with one clear line and exit 1, never a crash', async () => {
    const samples = fc.sample(fileSet.filter((s) => s.consent.some((l) => !l.startsWith('{"subject"'))), { numRuns: 3, seed: 7 });
    for (const set of samples) {
      const { files } = write(set);
      const args = ['import', '--db', fresh.db, ...Object.entries(files).flatMap(([k, p]) => [`--${k}`, p!])];
      const r = await runCli(args);
      expect([0, 1], r.stderr).toContain(r.code);
      if (r.code === 1) {
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^consentgate: \S+\.jsonl:\d+: /);
      }
    }
  });
});

describe.each(BACKENDS)('text no store can keep, on %s', (backend) => {
  it('a lone surrogate in a hashed field is refused (file:line), and the ledger still verifies', async () => {
    const fresh = await freshStore(backend, 'surr');
    const store = await fresh.open();
    try {
      const path = join(fresh.dir, 'notices.jsonl');
      writeFileSync(path, `${JSON.stringify({ subject: 'm1', at: '2025-01-01', noticeVersion: 'eu-2025-11', channel: 'email' })}\n${JSON.stringify({ subject: 'm1', at: '2025-01-02', noticeVersion: 'v\ud800', channel: 'email' })}\n`);
      await expect(importFiles(store, { notices: path })).rejects.toThrow(/notices\.jsonl:2: noticeVersion: .*lone surrogate/);
      await expect(store.append([{ kind: 'notice', notice: { subject: 'm1', at: 0, noticeVersion: 'x\udc00', channel: 'email' } }])).rejects.toThrow(/lone surrogate/);
      expect(await store.head()).toEqual({ seq: 0, hash: '0'.repeat(64) });
      await store.append([{ kind: 'notice', notice: { subject: 'm1', at: 0, noticeVersion: 'ok 😀', channel: 'email' } }]);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 1 });
    } finally {
      await store.close();
      await fresh.cleanup();
    }
  });
});

describe('fuzzed policy files', () => {
  const source = readFileSync(DEFAULT_POLICY_PATH, 'utf8');
  const lines = source.split('\n');
  const edit = fc.oneof(
    fc.tuple(fc.nat(lines.length - 1)).map(([i]) => lines.filter((_, k) => k !== i)),
    fc.tuple(fc.nat(lines.length - 1), fc.constantFrom(...NASTY, '- ', ': ', '{', '[', '*', '&a', '!!binary', '  ', 'NO', '2025-13-45', '"', '#')).map(([i, s]) => lines.map((l, k) => (k === i ? l + s : l))),
    fc.tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 20 })).map(([i, s]) => lines.map((l, k) => (k === i ? s : l))),
    fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1)).map(([i, j]) => { const c = [...lines]; [c[i], c[j]] = [c[j]!, c[i]!]; return c; }),
  );
  it('never throws: a policy is valid or its issues say where and what', () => {
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => edits.at(-1)!.join('\n')), (yaml) => {
      const r = parsePolicy(yaml, 'fuzzed.yaml');
      if (r.ok) return;
      for (const issue of r.issues) {
        expect(issue.message.length).toBeGreaterThan(0);
        expect(formatIssue(issue)).toMatch(/^fuzzed\.yaml/);
      }
      expect(r.issues.some((i) => i.line !== undefined)).toBe(true);
    }), { numRuns: 400, seed: 11 });
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const r = parsePolicy(bytes, 'bytes.yaml');
      expect(r.ok).toBe(false);
    }), { numRuns: 300, seed: 12 });
  });
});
