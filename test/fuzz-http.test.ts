/**
 * Bad input through the API never crashes anything and never gets in: fuzzed paths, query
 * strings and bodies (fast-check) against the app (`createApp`, Fastify `inject`) on both backends.
 * Every answer is a 2xx or a 4xx problem document, never a 5xx; a refused request leaves the ledger
 * as it was; an accepted write adds exactly the entry of its receipt; hostile strings are data, not
 * SQL. Then a sample of the same through the real server process, which must still be answering.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/http/app.js';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { loadPolicy } from '../src/policy/load-policy.js';
import type { Store } from '../src/storage/store.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { JWT_SECRET, OPERATOR, seedMembers, startServe } from './support/server.js';

const RAW_PIECES = ['%ED%A0%80', '%C0%AF', '%', '%zz', '%00', '%E2%80%AE', '%2e%2e%2f'];
const NASTY = ["'); DROP TABLE ledger; --", "' OR '1'='1", '\u0000', '%00', '%', '%25', '../', '..%2F', '\\', '"', '😀', '\uD800', '\n', ' ', '?', '#', '&', '=', '/', 'null', 'NaN', '-1', '9'.repeat(40), 'm-1', 'train-ai'];
const hostile = fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom(...RAW_PIECES), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.array(fc.constantFrom(...NASTY), { maxLength: 3 }).map((a) => a.join('')));
const value = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }), fc.dictionary(hostile, hostile, { maxKeys: 2 }));
const body = (keys: string[]) => fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...keys), hostile), value, { maxKeys: 5 }),
  fc.anything({ maxDepth: 2 }),
  fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }),
);
const RAW = ['%ED%A0%80', '%C0%AF', '%', '%zz', '%00', '%E2%80%AE', '%2e%2e%2f'];
/** A path segment or query value: percent-encoded UTF-8, or one of a few raw malformed escapes as they are. */
const seg = (s: string) => (RAW.includes(s) ? s : [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
const token = fc.constantFrom<string | undefined>(OPERATOR, OPERATOR, undefined, 'not-a-token', 'Bearer x');

type Req = { method: 'GET' | 'PUT' | 'POST'; url: string; payload?: string; headers: Record<string, string>; write: boolean };
const requestArb: fc.Arbitrary<Req> = fc.tuple(
  fc.oneof(
    fc.tuple(fc.oneof(fc.constant('m-1'), hostile), fc.option(hostile, { nil: undefined })).map(([id, asOf]) => ({ method: 'GET' as const, url: `/api/v1/members/${seg(id)}/consent${asOf === undefined ? '' : `?asOf=${seg(asOf)}`}`, write: false })),
    fc.tuple(fc.oneof(fc.constant('m-2'), hostile), fc.oneof(fc.constantFrom('train-ai', 'train-genai'), hostile), body(['choice', 'noticeVersion'])).map(([id, p, b]) => ({ method: 'PUT' as const, url: `/api/v1/members/${seg(id)}/consent/${seg(p)}`, payload: JSON.stringify(b ?? null), write: true })),
    fc.tuple(fc.oneof(fc.constant('m-3'), hostile), body(['noticeVersion', 'channel'])).map(([id, b]) => ({ method: 'POST' as const, url: `/api/v1/members/${seg(id)}/notices`, payload: JSON.stringify(b ?? null), write: true })),
    body(['id', 'purpose', 'name', 'emails', 'handles', 'urls']).map((b) => ({ method: 'POST' as const, url: '/api/v1/objections', payload: JSON.stringify(b ?? null), write: true })),
    body(['itemIds', 'asOf']).map((b) => ({ method: 'POST' as const, url: '/api/v1/decisions', payload: JSON.stringify(b ?? null), write: false })),
    // Valid requests carrying hostile text: they are taken, and the text is data.
    fc.tuple(fc.constantFrom('allow', 'deny'), hostile).map(([choice, nv]) => ({ method: 'PUT' as const, url: '/api/v1/members/m-4/consent/train-genai', payload: JSON.stringify({ choice, noticeVersion: nv }), write: true })),
    fc.tuple(hostile, fc.array(hostile, { maxLength: 2 })).map(([name, handles]) => ({ method: 'POST' as const, url: '/api/v1/objections', payload: JSON.stringify({ name, handles }), write: true })),
    fc.array(fc.oneof(fc.constantFrom('i-1', 'i-2', 'i-19'), hostile), { minLength: 1, maxLength: 5 }).map((itemIds) => ({ method: 'POST' as const, url: '/api/v1/decisions', payload: JSON.stringify({ itemIds }), write: false })),
    fc.tuple(fc.constantFrom('/api/v1/objections', '/api/v1/decisions', '/api/v1/members/m-1/consent/train-ai'), fc.string({ maxLength: 40 })).map(([url, raw]) => ({ method: (url.includes('consent') ? 'PUT' : 'POST') as 'PUT' | 'POST', url, payload: raw, write: true })),
    fc.tuple(hostile, hostile).map(([a, b]) => ({ method: 'GET' as const, url: `/api/v1/${seg(a)}?${seg(b)}=${seg(a)}`, write: false })),
  ),
  token,
  fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
).map(([r, t, ct]) => ({ ...r, headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...('payload' in r && r.payload !== undefined ? { 'content-type': ct } : {}) } }));

describe.each(BACKENDS)('fuzzed API requests on %s', (backend) => {
  let fresh: FreshStore;
  let store: Store;
  let app: App;
  let seeded = 0;
  beforeAll(async () => {
    fresh = await freshStore(backend, 'fuzzhttp');
    store = await fresh.open();
    await seedMembers(store, 10, 20);
    seeded = (await store.head()).seq;
    app = await createApp({
      store, policy: loadPolicy(), auth: { secret: new TextEncoder().encode(JWT_SECRET), operatorToken: OPERATOR, ephemeral: false },
      clock: () => Date.UTC(2025, 10, 10, 12), logger: false, rateLimit: false, datasetsDir: join(fresh.dir, 'datasets'),
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await fresh?.cleanup();
  });

  it('answers 2xx or 4xx, never 5xx; a refusal writes nothing, an acceptance writes its receipt', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(requestArb, async (r) => {
      const before = await store.head();
      const res = await app.inject({ method: r.method, url: r.url, headers: r.headers, ...(r.payload !== undefined ? { payload: r.payload } : {}) });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, `${r.method} ${r.url} ${r.payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
      const after = await store.head();
      if (res.statusCode >= 400) {
        expect(after).toEqual(before);
        // A malformed percent-escape is refused by Fastify's router (FST_ERR_BAD_URL) before the app's
        // error handler runs, as plain JSON: still a clear 400. Everything else is RFC 9457.
        const badUrl = res.statusCode === 400 && res.body.includes('FST_ERR_BAD_URL');
        if (r.url.startsWith('/api/') && !badUrl) expect(res.headers['content-type'], `${r.method} ${r.url} → ${res.body.slice(0, 200)}`).toMatch(/application\/problem\+json/);
      } else if (r.write) {
        const receipt = res.json() as { seq: number; hash: string };
        expect(after).toEqual({ seq: before.seq + 1, hash: receipt.hash });
        expect(receipt.seq).toBe(before.seq + 1);
      } else {
        expect(after).toEqual(before);
      }
    }), { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 4242) });
    // The mix reached both sides: some requests were accepted, many refused.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect((await store.head()).seq).toBeGreaterThan(seeded);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(await verifyLedger(store)).toMatchObject({ ok: true });
    // The tables are intact and hostile strings that got in are data: the members are all there.
    expect((await store.counts()).members).toBe(10);
    const names = (await collect(store.allMemberRows())).map((rows) => rows[0]!.name);
    expect(names).toHaveLength(10);
  });

  it('the real server process survives the same and still answers', { timeout: 180_000 }, async () => {
    const server = await startServe(fresh.db);
    try {
      for (const r of fc.sample(requestArb, { numRuns: 60, seed: 99 })) {
        const res = await fetch(`${server.url}${r.url}`, { method: r.method, headers: r.headers, ...(r.payload !== undefined ? { body: r.payload } : {}) }).catch((e: Error) => e);
        if (res instanceof Error) continue; // the client refused to send it (an invalid URL): nothing reached the server
        expect(res.status, `${r.method} ${r.url}`).toBeLessThan(500);
        await res.arrayBuffer();
      }
      const head = await fetch(`${server.url}/api/v1/ledger/head`, { headers: { authorization: `Bearer ${OPERATOR}` } });
      expect(head.status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
