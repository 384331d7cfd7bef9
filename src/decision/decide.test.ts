import { describe, expect, it } from 'vitest';
import { policyWith, World } from '../test-support/world.js';

const EU_NOTICE_OK = '2025-09-20T00:00:00Z';

/** One EU member who was notified in time, and one public post. */
function eu(): World {
  return new World().member('m1', { country: 'NL', birthDate: '1990-01-01' }).notice('m1', EU_NOTICE_OK).item('i1');
}
function us(): World {
  return new World().member('m1', { country: 'US', birthDate: '1990-01-01' }).item('i1');
}

describe('decide: one row of the reason table each (spec §4)', () => {
  const cases: [string, () => World, string, string[]][] = [
    ['included: EU member, notified, after the date', eu, '2025-11-10', []],
    ['deleted: deletedAt <= asOf', () => us().item('i1', { deletedAt: '2025-06-01' }), '2025-06-01', ['deleted']],
    ['not deleted yet: deletedAt > asOf', () => us().item('i1', { deletedAt: '2025-06-02' }), '2025-06-01', []],
    ['account-closed: closedAt <= asOf', () => us().member('m1', { country: 'US', closedAt: '2025-03-01' }), '2025-06-01', ['account-closed']],
    ['account-closed only from the row in force', () => us().member('m1', { country: 'US', closedAt: '2025-03-01', validFrom: '2025-12-01' }), '2025-06-01', []],
    ['kind-excluded: a private message', () => us().item('i1', { kind: 'private-message', visibility: 'private' }), '2025-06-01', ['kind-excluded', 'not-public']],
    ['kind-excluded: inmail, even public', () => us().item('i1', { kind: 'inmail' }), '2025-06-01', ['kind-excluded']],
    ['not-public: a post for connections', () => us().item('i1', { visibility: 'connections' }), '2025-06-01', ['not-public']],
    ['account data has no visibility rule: a private saved résumé', () => us().item('i1', { kind: 'saved-resume', visibility: 'private' }), '2025-06-01', []],
    ['account data has no visibility rule: a private AI prompt', () => us().item('i1', { kind: 'ai-prompt', visibility: 'private' }), '2025-06-01', []],
    ['group visibility is allowed', () => us().group('g1', 'alumni').item('i1', { kind: 'group-post', visibility: 'group', groupId: 'g1' }), '2025-06-01', []],
    ['sensitive-group: a trade union group', () => us().group('g1', 'trade-union').item('i1', { kind: 'group-post', visibility: 'group', groupId: 'g1' }), '2025-06-01', ['sensitive-group']],
    ['sensitive-group as of asOf: recategorised later', () => us().group('g1', 'alumni').group('g1', 'health', '2025-07-01').item('i1', { kind: 'group-post', visibility: 'group', groupId: 'g1' }), '2025-06-01', []],
    ['sensitive-group as of asOf: after recategorisation', () => us().group('g1', 'alumni').group('g1', 'health', '2025-07-01').item('i1', { kind: 'group-post', visibility: 'group', groupId: 'g1' }), '2025-07-01', ['sensitive-group']],
    ['region-excluded: mainland China', () => new World().member('m1', { country: 'CN' }).item('i1'), '2025-12-01', ['region-excluded']],
    ['region-not-effective: EU before 2025-11-03', eu, '2025-11-02T23:59:59.999Z', ['region-not-effective']],
    ['region effective at exactly 2025-11-03T00:00Z', eu, '2025-11-03', []],
    ['region-not-effective: rest of world before 2024-09-18', () => us().item('i1', { createdAt: '2024-01-01' }), '2024-09-17', ['region-not-effective']],
    ['minor: under 18 at asOf', () => us().member('m1', { country: 'US', birthDate: '2010-01-01' }), '2025-06-01', ['minor']],
    ['minor: under 18 when the item was made, adult at asOf', () => us().member('m1', { country: 'US', birthDate: '2007-03-01' }), '2025-06-01', ['minor']],
    ['not minor: 18 at 00:00Z on the 18th birthday, item made that instant', () => us().member('m1', { country: 'US', birthDate: '2007-01-01' }), '2025-06-01', []],
    ['minor: one millisecond before the 18th birthday', () => us().member('m1', { country: 'US', birthDate: '2007-01-01' }).item('i1', { createdAt: '2024-12-31T23:59:59.999Z' }), '2025-06-01', ['minor']],
    ['29 February birth: 18 on 1 March in a year without one (not yet on 28 Feb)', () => us().member('m1', { country: 'US', birthDate: '2008-02-29' }).item('i1', { createdAt: '2026-02-28T12:00:00Z' }), '2026-03-02', ['minor']],
    ['29 February birth: adult from 1 March 00:00Z', () => us().member('m1', { country: 'US', birthDate: '2008-02-29' }).item('i1', { createdAt: '2026-03-01' }), '2026-03-02', []],
    ['minor: the secondary-school signal as of asOf', () => us().member('m1', { country: 'US', inSecondarySchool: true }), '2025-06-01', ['minor']],
    ['minor: the school signal as of the item\'s creation only', () => us().member('m1', { country: 'US', inSecondarySchool: true }).member('m1', { country: 'US', inSecondarySchool: false, validFrom: '2025-03-01' }), '2025-06-01', ['minor']],
    ['not minor: school signal only after the item', () => us().member('m1', { country: 'US' }).member('m1', { country: 'US', inSecondarySchool: true, validFrom: '2025-07-01' }), '2025-06-01', []],
    ['no birthDate: no minor by birth date', () => new World().member('m1', { country: 'US' }).item('i1'), '2025-06-01', []],
    ['minor by the birthDate of the state as of asOf (a corrected birth date)', () => us().member('m1', { country: 'US', birthDate: '1990-01-01' }).member('m1', { country: 'US', birthDate: '2009-01-01', validFrom: '2025-05-01' }), '2025-06-01', ['minor']],
    ['not-notified: no notice at all', () => new World().member('m1', { country: 'NL' }).item('i1'), '2025-11-10', ['not-notified']],
    ['not-notified: notice less than 30 days before asOf', () => new World().member('m1', { country: 'NL' }).notice('m1', '2025-10-20').item('i1'), '2025-11-10', ['not-notified']],
    ['notified: notice exactly 30 days before asOf', () => new World().member('m1', { country: 'NL' }).notice('m1', '2025-10-11').item('i1'), '2025-11-10', []],
    ['not-notified: a notice of another region\'s version', () => new World().member('m1', { country: 'NL' }).notice('m1', EU_NOTICE_OK, 'uk-2025-11').item('i1'), '2025-11-10', ['not-notified']],
    ['the UK needs its own notice version', () => new World().member('m1', { country: 'GB' }).notice('m1', EU_NOTICE_OK, 'uk-2025-11').item('i1'), '2025-11-10', []],
    ['objected: an objection-form deny', () => eu().consent('m1', '2025-10-01', 'train-ai', 'deny', 'objection-form'), '2025-11-10', ['objected']],
    ['opted-out: the setting turned off', () => eu().consent('m1', '2025-10-01', 'train-genai', 'deny', 'setting'), '2025-11-10', ['opted-out']],
    ['opted-out: by API, import or admin too', () => eu().consent('m1', '2025-10-01', 'train-genai', 'deny', 'api'), '2025-11-10', ['opted-out']],
    ['no-consent: opt-in region without an event', () => { const w = eu(); w.policy = policyWith((y) => y.replace('default: allow               # opt-out', 'default: deny # opt-in')); return w; }, '2025-11-10', ['no-consent']],
    ['opt-in region with an allow: included', () => { const w = eu().consent('m1', '2025-10-01', 'train-genai', 'allow'); w.policy = policyWith((y) => y.replace('default: allow               # opt-out', 'default: deny # opt-in')); return w; }, '2025-11-10', []],
    ['before-cutoff: content older than contentNotBefore', () => { const w = us(); w.policy = policyWith((y) => y.replace('    effectiveFrom: 2024-09-18', '    effectiveFrom: 2024-09-18\n    contentNotBefore: 2025-02-01')); return w; }, '2025-06-01', ['before-cutoff']],
    ['all reasons in precedence order', () => new World().member('m1', { country: 'NL', birthDate: '2012-01-01', closedAt: '2025-10-01' }).group('g1', 'health').item('i1', { kind: 'salary', visibility: 'connections', groupId: 'g1', deletedAt: '2025-09-01' }).consent('m1', '2025-08-01', 'train-ai', 'deny', 'objection-form'), '2025-11-01', ['deleted', 'account-closed', 'kind-excluded', 'not-public', 'sensitive-group', 'region-not-effective', 'minor', 'not-notified', 'objected']],
  ];
  it.each(cases)('%s', (_name, world, asOf, reasons) => {
    const d = world().decide('i1', asOf);
    expect(d.reasons).toEqual(reasons);
    expect(d.reason).toBe(reasons[0] ?? null);
    expect(d.included).toBe(reasons.length === 0);
  });
});

describe('where no region matches (spec §4)', () => {
  const noWildcard = () => policyWith((y) => y.replace(/  - name: rest-of-world[\s\S]*?default: allow\n/, ''));
  it('only region-excluded of the region rules applies', () => {
    const w = new World(policyWith((y) => y.replace(/  - name: rest-of-world[\s\S]*?default: allow\n/, '').replace('default: allow               # opt-out', 'default: deny # opt-in')));
    w.member('m1', { country: 'US' }).item('i1', { createdAt: '2019-01-01' });
    expect(w.decide('i1', '2020-01-01').reasons).toEqual(['region-excluded']);
  });
  it('person rules still apply: minor and opted-out', () => {
    const w = new World(noWildcard()).member('m1', { country: 'US', birthDate: '2015-01-01' }).item('i1').consent('m1', '2025-01-01', 'train-genai', 'deny');
    expect(w.decide('i1', '2025-06-01').reasons).toEqual(['region-excluded', 'minor', 'opted-out']);
  });
  it('an unknown member has no country and so no region', () => {
    const w = new World().item('i1', { memberId: 'ghost' });
    expect(w.decide('i1', '2025-06-01').reasons).toEqual(['region-excluded']);
  });
});

describe('consent as of T over the purpose tree (spec §4 examples, P = train-genai)', () => {
  it('deny train-ai at t1, allow train-genai at t2 > t1: allowed from t2', () => {
    const w = us().consent('m1', '2025-03-01', 'train-ai', 'deny').consent('m1', '2025-04-01', 'train-genai', 'allow');
    expect(w.decide('i1', '2025-03-15').reason).toBe('opted-out');
    expect(w.decide('i1', '2025-04-01').included).toBe(true);
  });
  it('deny train-genai at t1, allow train-ai at t2: still denied', () => {
    const w = us().consent('m1', '2025-03-01', 'train-genai', 'deny').consent('m1', '2025-04-01', 'train-ai', 'allow');
    expect(w.decide('i1', '2025-05-01').reason).toBe('opted-out');
  });
  it('deny train-ai at t1, allow train-ai at t2: still denied for train-genai', () => {
    const w = us().consent('m1', '2025-03-01', 'train-ai', 'deny').consent('m1', '2025-04-01', 'train-ai', 'allow');
    expect(w.decide('i1', '2025-05-01').reason).toBe('opted-out');
  });
  it('deny and allow at the same instant: the one written later wins (either order)', () => {
    const a = us().consent('m1', '2025-03-01', 'train-genai', 'deny').consent('m1', '2025-03-01', 'train-genai', 'allow');
    expect(a.decide('i1', '2025-05-01').included).toBe(true);
    const b = us().consent('m1', '2025-03-01', 'train-genai', 'allow').consent('m1', '2025-03-01', 'train-genai', 'deny');
    expect(b.decide('i1', '2025-05-01').reason).toBe('opted-out');
    expect(b.decide('i1', '2025-05-01').decidedBy[0]).toMatchObject({ seq: 2, choice: 'deny' });
  });
  it('events on other branches do not count: train-personalization and share-affiliates-ads', () => {
    const w = us().consent('m1', '2025-03-01', 'train-personalization', 'deny').consent('m1', '2025-03-01', 'share-affiliates-ads', 'deny');
    expect(w.decide('i1', '2025-05-01').included).toBe(true);
  });
  it('an opt-out removes old items going forward; builds before it are unchanged; an opt-in brings them back', () => {
    const w = us().item('old', { createdAt: '2023-01-01' }).consent('m1', '2025-06-01', 'train-genai', 'deny').consent('m1', '2025-09-01', 'train-genai', 'allow');
    expect(w.decide('old', '2025-05-31').included).toBe(true);
    expect(w.decide('old', '2025-06-01').reason).toBe('opted-out');
    expect(w.decide('old', '2025-09-01').included).toBe(true);
  });
  it('an objection is withdrawn by the setting', () => {
    const w = us().consent('m1', '2025-06-01', 'train-ai', 'deny', 'objection-form').consent('m1', '2025-07-01', 'train-genai', 'allow', 'setting');
    expect(w.decide('i1', '2025-06-15').reason).toBe('objected');
    expect(w.decide('i1', '2025-07-15').included).toBe(true);
  });
});

describe('GPC only where the policy honours it', () => {
  it('is kept but decides nothing with honorGpc: false', () => {
    const w = us().consent('m1', '2025-03-01', 'train-ai', 'deny', 'gpc');
    expect(w.decide('i1', '2025-05-01')).toMatchObject({ included: true, decidedBy: [] });
  });
  it('decides with honorGpc: true', () => {
    const w = us().consent('m1', '2025-03-01', 'train-ai', 'deny', 'gpc');
    w.policy = policyWith((y) => y.replace('honorGpc: false', 'honorGpc: true'));
    expect(w.decide('i1', '2025-05-01').reason).toBe('opted-out');
  });
  it('a later setting allow overrides an honoured GPC deny only for its own purpose', () => {
    const w = us().consent('m1', '2025-03-01', 'train-ai', 'deny', 'gpc').consent('m1', '2025-04-01', 'train-genai', 'allow');
    w.policy = policyWith((y) => y.replace('honorGpc: false', 'honorGpc: true'));
    expect(w.decide('i1', '2025-05-01').included).toBe(true);
  });
});

describe('members who move (spec §4)', () => {
  it('from the US to the Netherlands: Dutch rules from the move on', () => {
    const w = new World().member('m1', { country: 'US' }).member('m1', { country: 'NL', validFrom: '2025-12-01' }).item('i1');
    expect(w.decide('i1', '2025-11-30').included).toBe(true);
    expect(w.decide('i1', '2025-12-01').reasons).toEqual(['not-notified']);
    w.notice('m1', '2025-10-01');
    expect(w.decide('i1', '2025-12-01').included).toBe(true);
  });
  it('to China: excluded from the move on', () => {
    const w = new World().member('m1', { country: 'US' }).member('m1', { country: 'CN', validFrom: '2025-12-01' }).item('i1');
    expect(w.decide('i1', '2025-12-01').reason).toBe('region-excluded');
  });
  it('a record predating its first row is read from that row', () => {
    const w = new World().member('m1', { country: 'CN', validFrom: '2025-01-01' }).member('m1', { country: 'US', validFrom: '2025-06-01' }).item('i1', { createdAt: '2024-12-01' });
    expect(w.decide('i1', '2024-12-15').reason).toBe('region-excluded');
  });
});

describe('versioned items', () => {
  it('a post made private later is excluded from then on', () => {
    const w = us().item('i1', { visibility: 'connections', validFrom: '2025-08-01' });
    expect(w.decide('i1', '2025-07-31').included).toBe(true);
    expect(w.decide('i1', '2025-08-01').reason).toBe('not-public');
  });
  it('rows with equal validFrom: the later one wins', () => {
    const w = us().item('i1', { visibility: 'connections' });
    expect(w.decide('i1', '2025-07-31').reason).toBe('not-public');
  });
  it('an item not yet created is an error', () => {
    expect(() => us().decide('i1', '2024-12-31')).toThrow(/not yet created/);
  });
});

describe('decidedBy: the deciding event and the qualifying notice', () => {
  it('names them with seq and without personal data', () => {
    const w = eu().consent('m1', '2025-10-01', 'train-genai', 'allow');
    const d = w.decide('i1', '2025-11-10');
    expect(d.decidedBy).toEqual([
      expect.objectContaining({ seq: 2, kind: 'consent', purpose: 'train-genai', choice: 'allow', method: 'setting', at: '2025-10-01T00:00:00.000Z' }),
      expect.objectContaining({ seq: 1, kind: 'notice', noticeVersion: 'eu-2025-11', at: '2025-09-20T00:00:00.000Z' }),
    ]);
  });
  it('the latest qualifying notice', () => {
    const w = eu().notice('m1', '2025-09-25').notice('m1', '2025-11-01');
    expect(w.decide('i1', '2025-11-10').decidedBy).toEqual([expect.objectContaining({ seq: 2, at: '2025-09-25T00:00:00.000Z' })]);
  });
});
