import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustParseTime } from '../domain/time.js';
import { createFixture, type Fixture } from '../http/testing/fixture.js';
import { auditHtmlDocument } from './audit-html.js';
import { buildAuditReport, buckets, collectAuditFacts, defaultPeriod } from './audit-report.js';
import { buildMemberReport, loadMemberFacts } from './member-report.js';

let fx: Fixture;
beforeAll(async () => { fx = await createFixture(); });
afterAll(async () => { await fx.cleanup(); });

describe('audit report', () => {
  it('counts notices, choices, objections, builds and protected groups over a period', async () => {
    const facts = await collectAuditFacts(fx.store, { verify: true });
    const r = buildAuditReport(facts, fx.policy, { from: mustParseTime('2025-09-01'), to: mustParseTime('2025-11-30') }, mustParseTime('2025-12-01'));
    expect(r.period.bucket).toBe('week');
    expect(r.notices.byRegion['designated-countries']).toMatchObject({ total: 3, byVersion: { 'eu-2025-11': 3 }, byChannel: { email: 3 } });
    expect(r.notices.byRegion['united-kingdom']!.total).toBe(1);
    expect(r.choices.optOuts.byRegion['designated-countries']).toEqual({ setting: 1 });
    expect(r.choices.optIns.byRegion['designated-countries']).toEqual({ setting: 1 });
    expect(r.choices.objections).toMatchObject({ total: 1, members: 0, nonMembers: 1, identifiersKept: 1, byRegion: { 'non-member': 1 } });
    expect(r.builds.map((b) => b.datasetId)).toEqual(['ds-2025-10-01', 'ds-2025-11-10']);
    expect(r.protected).toMatchObject({ minorsExcluded: 1, sensitiveGroupExcluded: 2 });
    expect(r.ledger.verification).toEqual({ ok: true, entries: 7 });
    const last = r.rates.labels.length - 1;
    expect(r.rates.population['designated-countries']![last]).toBe(3);
    expect(r.rates.optedOutPct['designated-countries']![last]).toBe(33.33);
    expect(r.policyVersions).toEqual([expect.objectContaining({ id: 'genai-2025', inForce: true, builds: 2 })]);
    const htmlDoc = auditHtmlDocument(r, 'LinkUp');
    expect(htmlDoc).toContain('<svg');
    expect(htmlDoc).not.toContain('<script');
  });

  it('leaves out what is outside the period', async () => {
    const facts = await collectAuditFacts(fx.store);
    const r = buildAuditReport(facts, fx.policy, { from: mustParseTime('2026-01-01'), to: mustParseTime('2026-12-31') }, mustParseTime('2027-01-01'));
    expect(r.period.bucket).toBe('month');
    expect(r.notices.total).toBe(0);
    expect(r.builds).toEqual([]);
    expect(r.ledger.verification).toBeNull();
    expect(defaultPeriod(fx.policy, facts, mustParseTime('2026-01-01')).from).toBe(mustParseTime('2025-09-18'));
  });

  it('buckets by week (Monday) or month', () => {
    const w = buckets(mustParseTime('2025-11-05'), mustParseTime('2025-11-20'));
    expect(w.unit).toBe('week');
    expect(w.list.map((b) => b.label)).toEqual(['2025-11-03', '2025-11-10', '2025-11-17']);
    const m = buckets(mustParseTime('2025-01-15'), mustParseTime('2025-12-01'));
    expect(m.list.at(0)!.label).toBe('2025-01');
    expect(m.list.at(-1)!.label).toBe('2025-12');
  });
});

describe('member report', () => {
  it('explains each dataset with the ledger the build saw', async () => {
    const facts = (await loadMemberFacts(fx.store, 'm-chloe'))!;
    const r = buildMemberReport(facts, fx.policy, mustParseTime('2025-12-01'));
    expect(r.datasets.map((d) => [d.datasetId, d.included.count, d.excluded.items.map((i) => i.reason)])).toEqual([
      ['ds-2025-10-01', 0, ['region-not-effective']],
      ['ds-2025-11-10', 0, ['opted-out']],
    ]);
    expect(r.ledger.events[0]).toMatchObject({ method: 'setting', evidence: { language: 'fr-FR' } });
    expect(r.consent.purposes.find((p) => p.purpose === 'train-genai')!.choice).toBe('deny');
  });
});
