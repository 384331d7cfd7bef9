/**
 * The compiled SQL: pinned for the default policy (a change to it shows in review), a pure function
 * of the policy and the moment, runnable on DuckDB for odd policies (empty lists, a quote in a
 * category), with every policy value quoted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../dataset/engine/duck.js';
import { loadWorld } from '../../dataset/testing/world-duck.js';
import { policyWith, t, World } from '../../test-support/world.js';
import { compileDecision, compileItemRules, compilePersonRules } from './compile-decision.js';
import { sqlIn, sqlNotIn, sqlString } from './sql-literals.js';

describe('compileDecision', () => {
  let duck: Duck;
  beforeAll(async () => { duck = await Duck.open({ tempDirectory: '/tmp/cg-compile-spill', threads: 1, memoryLimit: '256MB' }); });
  afterAll(() => duck.close());

  it('is pinned for the default policy', async () => {
    const policy = policyWith((y) => y);
    const asOf = t('2025-11-10');
    await expect(`${compileItemRules(policy, { asOf })};\n\n${compilePersonRules(policy, { asOf }, 'cg_item_decision')};\n`).toMatchFileSnapshot('./golden/genai-2025.duckdb.sql');
  });

  it('is a pure function of the policy and the moment', () => {
    const a = policyWith((y) => y.replace('redact: [EMAIL, IBAN, CARD, ID, IP, PHONE]', 'redact: [PHONE, EMAIL]'));
    const b = policyWith((y) => y);
    expect(compileDecision(a, { asOf: 1 })).toBe(compileDecision(b, { asOf: 1 }).replaceAll(b.sha256, a.sha256));
    expect(compileDecision(b, { asOf: 1 })).not.toBe(compileDecision(b, { asOf: 2 }));
  });

  it('quotes every value the policy brings, and runs with odd policies', async () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlIn('x', [])).toBe('FALSE');
    expect(sqlNotIn('x', [])).toBe('TRUE');
    expect(sqlIn('x', ['b', 'a', 'b'])).toBe("x IN ('a', 'b')");
    const policy = policyWith((y) => y
      .replace(/excludeGroupCategories: \[.*\]/, `excludeGroupCategories: ["it's private", "x'); DROP TABLE cg_content; --"]`)
      .replace(/visibility: \[public, group\].*/, 'visibility: []'));
    const sql = compileDecision(policy, { asOf: t('2026-01-01') });
    expect(sql).toContain("'it''s private'");
    const w = new World(policy).member('m1').group('g1', "it's private").item('i1', { groupId: 'g1' }).item('i2', { kind: 'profile', visibility: 'private' });
    await loadWorld(duck, w, t('2026-01-01'));
    const rows = await duck.rows(sql);
    const byId = new Map(rows.map((r) => [r[1] as string, Number(r[3])]));
    const reasons = (id: string) => w.decide(id, '2026-01-01').reasons;
    expect(reasons('i1')).toEqual(['not-public', 'sensitive-group']);
    expect(byId.get('i1')).toBe(8 | 16);
    expect(reasons('i2')).toEqual([]);
    expect(byId.get('i2')).toBe(0);
    expect(Number((await duck.rows('SELECT count(*) FROM cg_content'))[0]![0])).toBe(2);
  });
});
