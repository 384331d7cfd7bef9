import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app.js';
import { createFixture, createTestApp, OPERATOR_TOKEN, type Fixture } from './testing/fixture.js';

let fx: Fixture;
let app: App;
const op = { authorization: `Bearer ${OPERATOR_TOKEN}` };

beforeAll(async () => {
  fx = await createFixture();
  app = await createTestApp(fx, { demo: true });
});
afterAll(async () => {
  await app.close();
  await fx.cleanup();
});

/** A browser-like session: keeps cookies, reads the CSRF token from a form. */
function session(a: App) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = <R extends { headers: Record<string, unknown> }>(res: R): R => {
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  return {
    jar,
    get: async (url: string, headers: Record<string, string> = {}) => keep(await a.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), ...headers } })),
    post: async (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      keep(await a.inject({ method: 'POST', url, headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString() })),
    csrf: (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!,
  };
}

describe('public pages carry the member\'s AI signals', () => {
  it('sends Content-Usage, robots noai and TDMRep for a member who said no', async () => {
    const res = await app.inject({ url: '/members/m-chloe' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-usage']).toBe('train-ai=n');
    expect(res.headers['tdm-reservation']).toBe('1');
    expect(res.headers['x-robots-tag']).toBe('noai, noimageai');
    expect(res.body).toContain('<meta name="robots" content="noai, noimageai">');
    expect(res.body).toContain('<meta name="tdm-reservation" content="1">');
    const post = await app.inject({ url: '/posts/c-chloe-1' });
    expect(post.headers['content-usage']).toBe('train-ai=n');
  });

  it('sends nothing for a member who allows, and hides what is not public', async () => {
    const res = await app.inject({ url: '/members/m-bob' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-usage']).toBeUndefined();
    expect(res.body).not.toContain('noai');
    expect((await app.inject({ url: '/posts/c-anna-3' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/posts/c-anna-5' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/members/nobody' })).statusCode).toBe(404);
  });

  it('follows a change of mind: an objection on train-ai turns the header on', async () => {
    expect((await app.inject({ url: '/posts/c-dieter-1' })).headers['content-usage']).toBeUndefined();
    await app.inject({ method: 'POST', url: '/api/v1/objections', headers: op, payload: { id: 'm-dieter' } });
    expect((await app.inject({ url: '/posts/c-dieter-1' })).headers['content-usage']).toBe('train-ai=n');
  });

  it('escapes member text on public pages', async () => {
    const res = await app.inject({ url: '/posts/c-anna-1' });
    expect(res.body).toContain('<a href="/members/m-bob">Bob Smith</a>');
    expect(res.body).not.toContain('@[Bob Smith]');
  });

  it('serves robots.txt with the site default, configurable', async () => {
    const res = await app.inject({ url: '/robots.txt' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^User-Agent: \*$/m);
    expect(res.body).toMatch(/^Content-Usage: train-ai=n$/m);
    const other = await createTestApp(fx, { contentUsageDefault: 'train-ai=y, search=y' });
    expect((await other.inject({ url: '/robots.txt' })).body).toMatch(/^Content-Usage: train-ai=y, search=y$/m);
    expect((await other.inject({ url: '/.well-known/tdmrep.json' })).json()).toEqual([{ location: '/', 'tdm-reservation': 0 }]);
    await other.close();
    await expect(createTestApp(fx, { contentUsageDefault: 'nonsense!' })).rejects.toThrow(/Content-Usage/);
  });

  it('serves the GPC support resource', async () => {
    const res = await app.inject({ url: '/.well-known/gpc.json' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.gpc).toBe(true);
    expect(body.lastUpdate).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });
});

describe('GPC', () => {
  it('records gpc denies on share-affiliates-ads and train-ai once per change', async () => {
    const token = await app.ctx.auth.issueMemberToken('m-bob');
    const h = { authorization: `Bearer ${token}`, 'sec-gpc': '1' };
    const gpcEvents = async () => (await fx.store.subjectLedger('m-bob')).events.filter((e) => e.method === 'gpc');
    expect(await gpcEvents()).toHaveLength(0);
    const first = await app.inject({ url: '/api/v1/members/m-bob/consent', headers: h });
    expect(first.statusCode).toBe(200);
    const recorded = await gpcEvents();
    expect(recorded.map((e) => [e.purpose, e.choice])).toEqual([['share-affiliates-ads', 'deny'], ['train-ai', 'deny']]);
    // The response already reflects it: GPC decides ads; for training it is shown, not deciding (honorGpc: false).
    const view = first.json();
    expect(view.purposes.find((p: { purpose: string }) => p.purpose === 'share-affiliates-ads')).toMatchObject({ choice: 'deny', event: { method: 'gpc' } });
    expect(view.purposes.find((p: { purpose: string }) => p.purpose === 'train-genai')).toMatchObject({ choice: 'allow', source: 'default', gpcSignal: { seq: recorded[1]!.seq } });
    for (let i = 0; i < 3; i++) await app.inject({ url: '/api/v1/members/m-bob/consent', headers: h });
    await Promise.all([1, 2, 3].map(() => app.inject({ url: '/api/v1/ledger/head', headers: h })));
    expect(await gpcEvents()).toHaveLength(2);
    // Without the signal nothing is written; a request of another member is not theirs.
    await app.inject({ url: '/api/v1/members/m-bob/consent', headers: { authorization: `Bearer ${token}` } });
    expect(await gpcEvents()).toHaveLength(2);
    // The member changes their mind for ads; the next GPC request is a change and is recorded again.
    await app.inject({ method: 'PUT', url: '/api/v1/members/m-bob/consent/share-affiliates-ads', headers: { authorization: `Bearer ${token}` }, payload: { choice: 'allow' } });
    await app.inject({ url: '/api/v1/members/m-bob/consent', headers: h });
    const after = await gpcEvents();
    expect(after).toHaveLength(3);
    expect(after[2]!.purpose).toBe('share-affiliates-ads');
    const evidence = await fx.store.personalDataOf([after[2]!.seq]);
    expect(evidence[0]!.data).toMatchObject({ evidence: { url: '/api/v1/members/m-bob/consent' } });
    // Operators and anonymous requests are not members: no GPC record for them.
    await app.inject({ url: '/api/v1/members/m-anna/consent', headers: { ...op, 'sec-gpc': '1' } });
    expect((await fx.store.subjectLedger('m-anna')).events.filter((e) => e.method === 'gpc')).toHaveLength(0);
  });

  it('decides training with GPC only where the policy honours it', async () => {
    const honoring = await createTestApp(fx, { policy: { ...fx.policy, honorGpc: true } });
    const view = (await honoring.inject({ url: '/api/v1/members/m-bob/consent', headers: op })).json();
    expect(view.purposes.find((p: { purpose: string }) => p.purpose === 'train-genai')).toMatchObject({ choice: 'deny', event: { method: 'gpc' } });
    const d = (await honoring.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-bob-1'] } })).json();
    expect(d.decisions[0].reason).toBe('opted-out');
    const notHonoring = (await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-bob-1'] } })).json();
    expect(notHonoring.decisions[0].included).toBe(true);
    await honoring.close();
  });

  it('shows on the setting page that the signal was seen', async () => {
    const s = session(app);
    const start = await s.get('/');
    await s.post('/demo/login', { _csrf: s.csrf(start.body), memberId: 'm-bob' });
    const page = await s.get('/portal/setting', { 'sec-gpc': '1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="gpc-card"');
    expect(page.body).toMatch(/Global Privacy Control/);
  });
});

describe('forms, sessions and the portal', () => {
  it('refuses a form without its CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: '/objection', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Eve+Example&purpose=train-ai' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const s = session(app);
    const form = await s.get('/objection');
    const bad = await s.post('/objection', { _csrf: 'forged', name: 'Eve Example' });
    expect(bad.statusCode).toBe(403);
    const ok = await s.post('/objection', { _csrf: s.csrf(form.body), name: 'Eve Example', emails: 'eve@example.org\nEVE@example.org', purpose: 'train-genai' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/data-objection-id>obj-/);
    const last = (await fx.store.objections()).at(-1)!;
    expect(last.entry.purpose).toBe('train-genai');
    expect(last.identifiers).toEqual({ name: 'Eve Example', emails: ['eve@example.org'] });
  });

  it('rate-limits the objection form per address', async () => {
    const limited = await createTestApp(fx, { rateLimit: { perAddress: 2, perSubject: 10, windowMs: 60_000 } });
    const s = session(limited);
    const form = await s.get('/objection');
    const token = s.csrf(form.body);
    for (let i = 0; i < 2; i++) expect((await s.post('/objection', { _csrf: token, name: `Person Number${i}` })).statusCode).toBe(200);
    const third = await s.post('/objection', { _csrf: token, name: 'Person Three' });
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    await limited.close();
  });

  it('lets a non-member erase the identifiers of their objection, saying first what stops working', async () => {
    const s = session(app);
    const form = await s.get('/objection');
    const receipt = await s.post('/objection', { _csrf: s.csrf(form.body), name: 'Grace Hopper', handles: 'ghopper' });
    const id = /data-objection-id>([^<]+)</.exec(receipt.body)![1]!;
    const code = /data-erasure-code>([^<]+)</.exec(receipt.body)![1]!;
    const wrong = await s.post('/objection/erase', { _csrf: s.csrf(form.body), id, code: 'x'.repeat(16) });
    expect(wrong.statusCode).toBe(403);
    const impact = await s.post('/objection/erase', { _csrf: s.csrf(form.body), id, code });
    expect(impact.body).toMatch(/NO LONGER REDACTED/);
    expect((await fx.store.objections()).find((o) => o.entry.subject === id)!.identifiers).toBeDefined();
    const done = await s.post('/objection/erase', { _csrf: s.csrf(form.body), id, code, confirm: 'yes' });
    expect(done.statusCode).toBe(200);
    expect((await fx.store.objections()).find((o) => o.entry.subject === id)!.identifiers).toBeUndefined();
  });

  it('walks a member through notice, setting and report', async () => {
    const s = session(app);
    expect((await s.get('/portal')).statusCode).toBe(303);
    const start = await s.get('/');
    expect(start.body).toContain('data-member="m-anna"');
    await s.post('/demo/login', { _csrf: s.csrf(start.body), memberId: 'm-anna' });
    expect(s.jar.has('cg_member')).toBe(true);
    const home = await s.get('/portal');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('lang="nl"');
    const before = (await fx.store.subjectLedger('m-anna')).notices.length;
    await s.get('/portal/notice');
    await s.get('/portal/notice');
    const notices = (await fx.store.subjectLedger('m-anna')).notices;
    expect(notices.length).toBe(before + 1);
    expect(notices.at(-1)).toMatchObject({ channel: 'in-app', noticeVersion: 'eu-2025-11' });
    const setting = await s.get('/portal/setting?lang=en');
    const saved = await s.post('/portal/setting', { _csrf: s.csrf(setting.body), present: '1' });
    expect(saved.statusCode).toBe(303);
    const page = await s.get(saved.headers.location as string);
    expect(page.body).toContain('data-state="deny"');
    expect(page.body).toMatch(/data-receipt-hash>[0-9a-f]{64}</);
    const report = await s.get('/portal/report');
    expect(report.body).toContain('data-dataset="ds-2025-11-10"');
    const json = await s.get('/portal/report.json');
    expect(json.headers['content-disposition']).toMatch(/attachment/);
    expect(JSON.parse(json.body).memberId).toBe('m-anna');
    const other = await s.get('/api/v1/members/m-bob/report');
    expect(other.statusCode).toBe(403);
  });

  it('keeps the console behind the operator token', async () => {
    const s = session(app);
    expect((await s.get('/console')).statusCode).toBe(303);
    const login = await s.get('/console/login');
    expect((await s.post('/console/login', { _csrf: s.csrf(login.body), token: 'wrong' })).statusCode).toBe(401);
    await s.post('/console/login', { _csrf: s.csrf(login.body), token: OPERATOR_TOKEN });
    for (const path of ['/console', '/console/datasets', '/console/objections', '/console/policy', '/console/report', '/console/datasets/ds-2025-11-10']) {
      const res = await s.get(path);
      expect(res.statusCode, path).toBe(200);
    }
    const html = await s.get('/console/report.html?from=2025-09-01&to=2025-11-30');
    expect(html.headers['content-disposition']).toMatch(/attachment; filename="audit-report-2025-09-01-2025-11-30.html"/);
    expect(html.body).toContain('<svg');
    const json = JSON.parse((await s.get('/console/report.json?from=2025-09-01&to=2025-11-30')).body);
    expect(json.kind).toBe('consentgate.audit-report');
    expect(json.ledger.verification.ok).toBe(true);
    // The operator cookie reads the API (GET) but never writes through it.
    expect((await s.get('/api/v1/datasets')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/ledger/verify', headers: { cookie: [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ') } })).statusCode).toBe(401);
  });

  it('serves metrics to operators only', async () => {
    const { Registry } = await import('prom-client');
    const withMetrics = await createTestApp(fx, { metrics: new Registry() });
    await withMetrics.inject({ url: '/robots.txt' });
    expect((await withMetrics.inject({ url: '/metrics' })).statusCode).toBe(401);
    const res = await withMetrics.inject({ url: '/metrics', headers: op });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/consentgate_http_requests_total\{method="GET",route="\/robots.txt",status="200"\} 1/);
    await withMetrics.close();
  });

  it('sets security headers with a CSP that allows only the site\'s own scripts', async () => {
    const res = await app.inject({ url: '/objection' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    const css = await app.inject({ url: '/assets/app.css' });
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect((await app.inject({ url: '/assets/chart.umd.min.js' })).body.length).toBeGreaterThan(100_000);
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3.1 document naming every route of the spec', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const want: [string, string][] = [
      ['get', '/api/v1/members/{id}/consent'], ['put', '/api/v1/members/{id}/consent/{purpose}'], ['post', '/api/v1/members/{id}/notices'],
      ['post', '/api/v1/objections'], ['post', '/api/v1/decisions'], ['get', '/api/v1/datasets'], ['get', '/api/v1/datasets/{id}'],
      ['post', '/api/v1/datasets'], ['get', '/api/v1/jobs/{id}'], ['get', '/api/v1/members/{id}/report'], ['get', '/api/v1/ledger/head'], ['post', '/api/v1/ledger/verify'],
    ];
    for (const [method, path] of want) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    // Only the API is documented.
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default;
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let schemas = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { in: string; name: string; schema: object }[] }>>)) {
      for (const [method, op] of Object.entries(item)) {
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const p of op.parameters ?? []) { ajv.compile(p.schema); schemas++; }
        for (const [, r] of Object.entries(op.responses)) {
          const content = (r as { content?: Record<string, { schema: object }> }).content ?? {};
          for (const c of Object.values(content)) { ajv.compile(resolveRefs(c.schema, doc)); schemas++; }
        }
      }
    }
    expect(schemas).toBeGreaterThan(20);
    // The docs page is served.
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});

/** Inlines `#/components/schemas/X` refs so each schema compiles on its own. */
function resolveRefs(schema: unknown, doc: { components?: { schemas?: Record<string, unknown> } }, depth = 0): Record<string, unknown> {
  if (depth > 20 || schema === null || typeof schema !== 'object') return schema as Record<string, unknown>;
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, doc, depth + 1)) as unknown as Record<string, unknown>;
  const o = schema as Record<string, unknown>;
  if (typeof o.$ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(o.$ref)?.[1];
    const target = name ? doc.components?.schemas?.[name] : undefined;
    expect(target, `ref ${o.$ref}`).toBeDefined();
    return resolveRefs(target, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveRefs(v, doc, depth + 1)]));
}
