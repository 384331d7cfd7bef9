import type { InjectOptions } from 'fastify';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset } from '../dataset/build-dataset.js';
import { decide } from '../decision/decide.js';
import { mustParseTime } from '../domain/time.js';
import { importFiles } from '../import/import-files.js';
import { loadDecisionFacts } from '../storage/decision-facts.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { App } from './app.js';
import { createFixture, createTestApp, JWT_SECRET, OPERATOR_TOKEN, type Fixture } from './testing/fixture.js';

let fx: Fixture;
let app: App;
let anna: string;
let bob: string;
const op = { authorization: `Bearer ${OPERATOR_TOKEN}` };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  fx = await createFixture();
  app = await createTestApp(fx, { rateLimit: false });
  anna = await app.ctx.auth.issueMemberToken('m-anna');
  bob = await app.ctx.auth.issueMemberToken('m-bob');
});
afterAll(async () => {
  await app.close();
  await fx.cleanup();
});

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code?: string): Record<string, unknown> {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.type).toBe('string');
  if (code) expect(body.code).toBe(code);
  return body;
}

describe('errors and authentication', () => {
  it('answers an unknown API path with a 404 problem before any authentication', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'not-found');
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/members/m-anna/nothing', headers: { authorization: 'Bearer garbage' } }), 404);
    expectProblem(await app.inject({ method: 'DELETE', url: '/api/v2/x' }), 404);
  });

  it('answers a malformed percent-escape in the path with a 400 problem, as every other error', async () => {
    for (const url of ['/api/v1/members/%E0%A4%A', '/api/v1/members/%E0%A4%A/consent', '/api/v1/members/m-anna/consent/%ZZ']) {
      const body = expectProblem(await app.inject({ method: 'GET', url, headers: bearer(anna) }), 400, 'invalid-request');
      expect(body.detail).toMatch(/percent-escape/);
      expect(body.instance).toBe(url);
    }
    // The HTML side answers with its error page, not Fastify's JSON.
    const page = await app.inject({ method: 'GET', url: '/members/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(String(page.headers['content-type'])).toContain('text/html');
  });

  it('needs a token (401) and refuses another member\'s resource (403), as problems', async () => {
    const none = expectProblem(await app.inject({ method: 'GET', url: '/api/v1/members/m-anna/consent' }), 401, 'unauthorized');
    expect(none.instance).toBe('/api/v1/members/m-anna/consent');
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/members/m-anna/consent', headers: bearer(bob) }), 403, 'forbidden');
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/members/m-anna/consent', headers: bearer('not.a.jwt') }), 401, 'invalid-token');
  });

  it('never lets a member read or change another member\'s data, on every member route', async () => {
    const routes = [
      { method: 'GET', url: '/api/v1/members/m-anna/consent' },
      { method: 'GET', url: '/api/v1/members/m-anna/consent?asOf=2025-10-01' },
      { method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', payload: { choice: 'deny' } },
      { method: 'PUT', url: '/api/v1/members/m-anna/consent/train-ai', payload: { choice: 'allow' } },
      { method: 'POST', url: '/api/v1/members/m-anna/notices', payload: { noticeVersion: 'eu-2025-11', channel: 'in-app' } },
      { method: 'GET', url: '/api/v1/members/m-anna/report' },
      { method: 'POST', url: '/api/v1/objections', payload: { id: 'm-anna', name: 'Anna de Vries' } },
      // Even an invalid body is refused as 403 first: nothing is learnt about another member.
      { method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', payload: { choice: 'maybe' } },
      { method: 'GET', url: '/api/v1/members/m-nobody/consent' },
    ] as const;
    const before = await fx.store.head();
    for (const r of routes) {
      const res = await app.inject({ ...r, headers: bearer(bob) } as InjectOptions);
      expectProblem(res, 403);
    }
    expect(await fx.store.head()).toEqual(before);
    // Member-only operator routes are refused to members too.
    for (const r of [{ method: 'POST', url: '/api/v1/decisions', payload: { itemIds: ['c-anna-1'] } }, { method: 'GET', url: '/api/v1/datasets' }, { method: 'POST', url: '/api/v1/ledger/verify' }, { method: 'GET', url: '/api/v1/jobs/job-x' }] as const) {
      expectProblem(await app.inject({ ...r, headers: bearer(bob) } as InjectOptions), 403);
    }
  });

  it('enforces exp, the key and the algorithm', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('m-anna').setExpirationTime(now - 10).sign(key);
    expect((expectProblem(await app.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(expired) }), 401, 'invalid-token').detail)).toMatch(/expired/);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('m-anna').sign(key);
    expectProblem(await app.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(noExp) }), 401, 'invalid-token');
    const wrongKey = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('m-anna').setExpirationTime(now + 60).sign(new TextEncoder().encode('another-secret-another-secret-000000'));
    expectProblem(await app.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(wrongKey) }), 401, 'invalid-token');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'm-anna', exp: now + 60 })).toString('base64url')}.`;
    expectProblem(await app.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(unsigned) }), 401, 'invalid-token');
  });

  it('verifies RS256 and ES256 tokens with a configured public key', async () => {
    for (const type of ['rsa', 'ec'] as const) {
      const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const alg = type === 'rsa' ? 'RS256' : 'ES256';
      const a = await createTestApp(fx, { auth: { publicKey: { key: pair.publicKey, algorithm: alg }, operatorToken: OPERATOR_TOKEN, ephemeral: false } });
      const token = await new SignJWT({}).setProtectedHeader({ alg }).setSubject('m-anna').setExpirationTime('5m').sign(pair.privateKey);
      expect((await a.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(token) })).statusCode).toBe(200);
      const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('m-anna').setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
      expectProblem(await a.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(hs) }), 401);
      await a.close();
    }
  });

  it('answers invalid input with a 400 problem listing what is wrong', async () => {
    const bad = expectProblem(await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: bearer(anna), payload: { choice: 'maybe' } }), 400, 'invalid-request');
    expect((bad.errors as { path: string }[])[0]!.path).toBe('choice');
    expectProblem(await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/not-a-purpose', headers: bearer(anna), payload: { choice: 'deny' } }), 400);
    expectProblem(await app.inject({ url: '/api/v1/members/m-anna/consent?asOf=yesterday', headers: bearer(anna) }), 400);
    expectProblem(await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: { ...bearer(anna), 'content-type': 'application/json' }, payload: '{"choice":' }), 400);
    expectProblem(await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: { ...bearer(anna), 'content-type': 'text/plain' }, payload: 'deny' }), 415);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: [] } }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['ok', 'not ok'] } }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/objections', payload: { emails: ['not-an-email'] } }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/objections', payload: { name: 'X', reason: 'I do not want it' } }), 400);
  });
});

describe('consent and receipts', () => {
  it('shows consent per purpose with its source: the regional default or the deciding event', async () => {
    const res = await app.inject({ url: '/api/v1/members/m-chloe/consent', headers: op });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.region.name).toBe('designated-countries');
    const genai = body.purposes.find((p: { purpose: string }) => p.purpose === 'train-genai');
    expect(genai).toMatchObject({ choice: 'deny', source: 'event', event: { method: 'setting', choice: 'deny' } });
    expect(typeof genai.event.seq).toBe('number');
    const ads = body.purposes.find((p: { purpose: string }) => p.purpose === 'share-affiliates-ads');
    expect(ads).toMatchObject({ choice: 'allow', source: 'default' });
    // As of a moment before the choice, the default applies.
    const before = (await app.inject({ url: '/api/v1/members/m-chloe/consent?asOf=2025-09-30', headers: op })).json();
    expect(before.purposes.find((p: { purpose: string }) => p.purpose === 'train-genai')).toMatchObject({ choice: 'allow', source: 'default' });
  });

  it('records a setting event and answers its receipt', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: bearer(anna), payload: { choice: 'deny' } });
    expect(res.statusCode).toBe(200);
    const receipt = res.json();
    expect(Object.keys(receipt).sort()).toEqual(['at', 'hash', 'seq']);
    expect(receipt.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt).toEqual({ seq: (await fx.store.head()).seq, hash: (await fx.store.head()).hash, at: '2025-11-10T12:00:00.000Z' });
    const view = (await app.inject({ url: '/api/v1/members/m-anna/consent', headers: bearer(anna) })).json();
    expect(view.purposes.find((p: { purpose: string }) => p.purpose === 'train-genai')).toMatchObject({ choice: 'deny', source: 'event', event: { seq: receipt.seq, method: 'setting' } });
    const back = await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: op, payload: { choice: 'allow' } });
    expect(back.json().seq).toBe(receipt.seq + 1);
  });

  it('records a notice served', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/members/m-anna/notices', headers: bearer(anna), payload: { noticeVersion: 'eu-2025-11', channel: 'in-app' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().seq).toBe((await fx.store.head()).seq);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/members/m-anna/notices', headers: bearer(anna), payload: { noticeVersion: 'eu-2025-11', channel: 'pigeon' } }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/members/m-nobody/notices', headers: op, payload: { noticeVersion: 'x', channel: 'email' } }), 404);
  });

  it('takes objections from non-members and members', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/objections', payload: { name: 'Piet Pieters', emails: ['piet@example.nl'], handles: ['@pietp'], urls: ['https://www.linkup.example/posts/1'] } });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.id).toMatch(/^obj-[0-9a-f]{20}$/);
    expect(r.erasureCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(r.seq).toBe((await fx.store.head()).seq);
    const objections = await fx.store.objections();
    expect(objections.at(-1)!.identifiers).toEqual({ name: 'Piet Pieters', emails: ['piet@example.nl'], handles: ['pietp'], urls: ['https://www.linkup.example/posts/1'] });
    expect(objections.at(-1)!.entry).toMatchObject({ subject: r.id, purpose: 'train-ai', choice: 'deny', method: 'objection-form' });

    const mine = (await app.inject({ method: 'POST', url: '/api/v1/objections', headers: bearer(bob), payload: { purpose: 'train-genai' } })).json();
    expect(mine.id).toBe('m-bob');
    expect(mine.erasureCode).toBeUndefined();
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/objections', payload: { id: 'm-bob', name: 'Bob Smith' } }), 401);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/objections', payload: {} }), 400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/objections', headers: op, payload: { id: 'paper-form-17', name: 'Someone Else' } })).json().id).toBe('paper-form-17');
  });

  it('rate-limits objections per address and per subject', async () => {
    const limited = await createTestApp(fx, { rateLimit: { perAddress: 3, perSubject: 2, windowMs: 60_000 } });
    const post = (payload: object, ip = '198.51.100.7') => limited.inject({ method: 'POST', url: '/api/v1/objections', payload, remoteAddress: ip });
    expect((await post({ emails: ['a@example.org'] })).statusCode).toBe(200);
    expect((await post({ emails: ['a@example.org'] })).statusCode).toBe(200);
    const bySubject = expectProblem(await post({ emails: ['A@example.org'] }), 429, 'rate-limited');
    expect(bySubject.detail).toMatch(/about this person/);
    expect((await post({ emails: ['b@example.org'] })).statusCode).toBe(200);
    const res = await post({ emails: ['c@example.org'] });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post({ emails: ['c@example.org'] }, '198.51.100.8')).statusCode).toBe(200);
    await limited.close();
  });
});

describe('decisions, datasets, ledger', () => {
  it('decides a batch as explain does', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-bob-1', 'c-anna-2', 'c-anna-3', 'c-emily-1', 'c-li-1', 'c-anna-5', 'nope'], asOf: '2025-11-10' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe('2025-11-10T00:00:00.000Z');
    const [bob1, anna2, anna3, emily, li, future, nope] = body.decisions;
    expect(bob1).toMatchObject({ id: 'c-bob-1', included: true, reason: null, reasons: [] });
    expect(Object.keys(bob1)).toEqual(['id', 'asOf', 'included', 'reason', 'reasons', 'decidedBy']);
    expect(anna2).toMatchObject({ included: false, reason: 'sensitive-group' });
    expect(anna3.reasons).toEqual(['kind-excluded', 'not-public']);
    expect(emily.reason).toBe('minor');
    expect(li.reason).toBe('region-excluded');
    expect(future).toMatchObject({ id: 'c-anna-5', error: 'not-yet-created' });
    expect(nope).toMatchObject({ id: 'nope', error: 'unknown-item' });
    // An EU member's decision names the qualifying notice.
    const dieter = (await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-dieter-1'], asOf: '2025-11-10' } })).json().decisions[0];
    expect(dieter.included).toBe(true);
    expect(dieter.decidedBy.map((e: { kind: string }) => e.kind)).toEqual(['consent', 'notice']);
  });

  it('agrees with decide() item by item, and follows the ledger and imports by other processes', async () => {
    const ids = ['c-anna-1', 'c-anna-2', 'c-anna-3', 'c-anna-4', 'c-bob-1', 'c-bob-2', 'c-chloe-1', 'c-dieter-1', 'c-dieter-2', 'c-emily-1', 'c-li-1'];
    const ask = async (asOf: string) => (await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ids, asOf } })).json().decisions;
    const expectAgreement = async (asOf: string) => {
      const got = await ask(asOf);
      for (const [i, id] of ids.entries()) {
        const want = decide((await loadDecisionFacts(fx.store, id))!, fx.policy, mustParseTime(asOf));
        expect(got[i], id).toEqual(JSON.parse(JSON.stringify(want)));
      }
    };
    for (const asOf of ['2025-10-01', '2025-11-10', '2026-03-01']) await expectAgreement(asOf);
    // A choice written through the API is seen by the next batch (the cached ledger is brought up to date).
    await app.inject({ method: 'PUT', url: '/api/v1/members/m-bob/consent/train-genai', headers: op, payload: { choice: 'deny' } });
    expect((await ask('2026-03-01'))[4].reason).toBe('opted-out');
    await expectAgreement('2026-03-01');
    await app.inject({ method: 'PUT', url: '/api/v1/members/m-bob/consent/train-genai', headers: op, payload: { choice: 'allow' } });
    expect((await ask('2026-03-01'))[4].included).toBe(true);
    // Content imported by another process (another connection) is seen too.
    const other = SqliteStore.open(join(fx.dir, 'store.db'));
    const file = join(fx.dir, 'more-content.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'c-bob-3', memberId: 'm-bob', kind: 'post', visibility: 'public', createdAt: '2025-06-01T00:00:00Z', text: 'new' })}\n`);
    await importFiles(other, { content: file });
    await other.close();
    const fresh = (await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-bob-3'], asOf: '2025-11-10' } })).json().decisions[0];
    expect(fresh).toMatchObject({ id: 'c-bob-3', included: true });
  });

  it('lists datasets and their manifests', async () => {
    const list = (await app.inject({ url: '/api/v1/datasets', headers: op })).json();
    expect(list.datasets.map((d: { id: string }) => d.id)).toEqual(['ds-2025-10-01', 'ds-2025-11-10']);
    const one = (await app.inject({ url: '/api/v1/datasets/ds-2025-11-10', headers: op })).json();
    expect(one.manifest.merkleRoot).toBe('ab'.repeat(32));
    expectProblem(await app.inject({ url: '/api/v1/datasets/nope', headers: op }), 404);
  });

  it('starts a build as a job with progress', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10' } }), 503);
    let seen: { asOf: number; out: string } | undefined;
    const withBuilder = await createTestApp(fx, {
      build: async (o) => {
        for (let i = 1; i <= 3; i++) o.onProgress?.({ stage: 'decide', done: i, total: 3 });
        seen = { asOf: o.asOf, out: o.out };
        return { datasetId: 'ds-new', out: o.out, manifest: {}, timings: { total: 0.01 } };
      },
    });
    const res = await withBuilder.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10', format: 'jsonl' } });
    expect(res.statusCode).toBe(202);
    const job = res.json();
    expect(res.headers.location).toBe(`/api/v1/jobs/${job.id}`);
    await withBuilder.ctx.jobs.idle();
    const done = (await withBuilder.inject({ url: `/api/v1/jobs/${job.id}`, headers: op })).json();
    expect(done).toMatchObject({ state: 'succeeded', datasetId: 'ds-new', progress: { stage: 'decide', done: 3, total: 3 } });
    expect(seen!.asOf).toBe(Date.parse('2025-11-10T00:00:00Z'));
    expectProblem(await withBuilder.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10', policy: 'other-policy' } }), 400);
    expectProblem(await withBuilder.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10', policy: 'id: x\nversion: nope\n' } }), 400);
    await withBuilder.close();
  });

  it('builds a real dataset from the API and lists it with its lineage', async () => {
    const withBuilder = await createTestApp(fx, { build: buildDataset });
    const res = await withBuilder.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10T00:00:00Z' } });
    expect(res.statusCode).toBe(202);
    await withBuilder.ctx.jobs.idle();
    const job = (await withBuilder.inject({ url: `/api/v1/jobs/${res.json().id}`, headers: op })).json();
    expect(job.state, job.error).toBe('succeeded');
    const d = (await withBuilder.inject({ url: `/api/v1/datasets/${job.datasetId}`, headers: op })).json();
    expect(d.manifest.counts.considered).toBe(d.manifest.counts.included + Object.values(d.manifest.counts.excluded as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(d.location.startsWith(join(fx.dir, 'datasets'))).toBe(true);
    expect((await fx.store.memberDatasets('m-bob')).some((u) => u.datasetId === job.datasetId)).toBe(true);
    await withBuilder.close();
  });

  it('reports how the member\'s data was used', async () => {
    const res = await app.inject({ url: '/api/v1/members/m-anna/report', headers: bearer(anna) });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.kind).toBe('consentgate.member-report');
    const [early, late] = r.datasets.filter((d: { datasetId: string }) => d.datasetId.startsWith('ds-'));
    expect(early.included.count).toBe(0);
    expect(early.excluded.items.find((i: { id: string }) => i.id === 'c-anna-1').reasons).toContain('region-not-effective');
    expect(late.included.items.map((i: { id: string }) => i.id)).toEqual(['c-anna-1']);
    const union = late.excluded.items.find((i: { id: string }) => i.id === 'c-anna-2');
    expect(union.reason).toBe('sensitive-group');
    expect(union.explanation).toMatch(/sensitive topic/);
    expect(late.postedLater).toBe(1);
  });

  it('answers the ledger head and a verification', async () => {
    const head = (await app.inject({ url: '/api/v1/ledger/head', headers: bearer(anna) })).json();
    expect(head).toEqual(await fx.store.head());
    expectProblem(await app.inject({ url: '/api/v1/ledger/head' }), 401);
    const v = (await app.inject({ method: 'POST', url: '/api/v1/ledger/verify', headers: op })).json();
    expect(v).toMatchObject({ ok: true, head });
  });
});
