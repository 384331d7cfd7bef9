import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../dataset/build-dataset.js';
import { metricsRegistry } from '../ops/metrics.js';
import { regionOf } from '../policy/policy.js';
import type { App } from './app.js';
import { createFixture, createTestApp, OPERATOR_TOKEN, type Fixture } from './testing/fixture.js';

let fx: Fixture;
let app: App;
const op = { authorization: `Bearer ${OPERATOR_TOKEN}` };

beforeAll(async () => {
  fx = await createFixture();
  // The process's registry (where the stores, decisions, opt-outs and builds record) and the app's
  // own HTTP metrics, served together as `serve` does.
  app = await createTestApp(fx, { rateLimit: false, build: buildDataset, metrics: Registry.merge([metricsRegistry, new Registry()]) });
});
afterAll(async () => {
  await app.close();
  await fx.cleanup();
});

/** The value of one sample of the `/metrics` text (0 when absent). */
async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await app.inject({ url: '/metrics', headers: op });
  expect(res.statusCode).toBe(200);
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of res.body.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (want.every((w) => have.includes(w))) total += Number(m[3]);
  }
  return total;
}

describe('/metrics after doing the thing', () => {
  it('counts decisions by outcome', async () => {
    const before = await sample('consentgate_decisions_total');
    const res = await app.inject({ method: 'POST', url: '/api/v1/decisions', headers: op, payload: { itemIds: ['c-anna-1', 'c-anna-2', 'c-bob-1'], asOf: '2025-11-10T00:00:00Z' } });
    expect(res.statusCode).toBe(200);
    const outcomes = (res.json() as { decisions: { reason: string | null; included: boolean }[] }).decisions;
    expect(await sample('consentgate_decisions_total')).toBe(before + outcomes.length);
    const included = outcomes.filter((d) => d.included).length;
    if (included > 0) expect(await sample('consentgate_decisions_total', { outcome: 'included' })).toBeGreaterThanOrEqual(included);
  });

  it('counts opt-outs by the member\'s region, method and purpose, and the ledger appends', async () => {
    const region = regionOf(fx.policy, 'NL')?.name ?? 'no-region';
    const labels = { region, method: 'setting', purpose: 'train-genai' };
    const before = await sample('consentgate_opt_outs_total', labels);
    const appends = await sample('consentgate_ledger_appends_total', { kind: 'consent' });
    const token = await app.ctx.auth.issueMemberToken('m-anna');
    const res = await app.inject({ method: 'PUT', url: '/api/v1/members/m-anna/consent/train-genai', headers: { authorization: `Bearer ${token}` }, payload: { choice: 'deny' } });
    expect(res.statusCode).toBeLessThan(300);
    expect(await sample('consentgate_opt_outs_total', labels)).toBe(before + 1);
    expect(await sample('consentgate_ledger_appends_total', { kind: 'consent' })).toBe(appends + 1);
    // An objection from someone who is not a member.
    const nonMember = await sample('consentgate_opt_outs_total', { region: 'non-member', method: 'objection-form' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/objections', payload: { name: 'Somebody Else', emails: ['someone@example.org'] } })).statusCode).toBeLessThan(300);
    expect(await sample('consentgate_opt_outs_total', { region: 'non-member', method: 'objection-form' })).toBe(nonMember + 1);
  });

  it('observes a build\'s duration and counts the items it considered', async () => {
    const builds = await sample('consentgate_build_duration_seconds_count', { outcome: 'ok', backend: 'sqlite', format: 'jsonl' });
    const items = await sample('consentgate_build_items_total');
    const res = await app.inject({ method: 'POST', url: '/api/v1/datasets', headers: op, payload: { asOf: '2025-11-10T00:00:00Z' } });
    expect(res.statusCode).toBe(202);
    await app.ctx.jobs.idle();
    const job = (await app.inject({ url: `/api/v1/jobs/${(res.json() as { id: string }).id}`, headers: op })).json() as { state: string; datasetId: string };
    expect(job.state).toBe('succeeded');
    const d = (await app.inject({ url: `/api/v1/datasets/${job.datasetId}`, headers: op })).json() as { manifest: { counts: { considered: number; included: number } } };
    expect(await sample('consentgate_build_duration_seconds_count', { outcome: 'ok', backend: 'sqlite', format: 'jsonl' })).toBe(builds + 1);
    expect(await sample('consentgate_build_items_total')).toBe(items + d.manifest.counts.considered);
    expect(await sample('consentgate_build_items_total', { result: 'included' })).toBeGreaterThanOrEqual(d.manifest.counts.included);
  });
});
