import { describe, expect, it } from 'vitest';
import { checkContentUsage, combineContentUsage, parseContentUsage, serializeContentUsage } from './content-usage.js';
import { gpcChanges, hasGpc } from './gpc.js';
import { pageSignals } from './page-signals.js';
import { robotsTxt } from './robots.js';
import { tdmrepJson } from './tdmrep.js';

describe('Content-Usage', () => {
  it('serialises an RFC 9651 dictionary of tokens', () => {
    expect(serializeContentUsage({ 'train-ai': 'n' })).toBe('train-ai=n');
    expect(serializeContentUsage(new Map([['train-ai', 'y'], ['search', 'n']] as const))).toBe('train-ai=y, search=n');
  });
  it('parses by the draft rules: unknown values ignored, last duplicate wins, bad syntax is all unknown', () => {
    expect([...parseContentUsage('train-ai=n, search=y')]).toEqual([['train-ai', 'n'], ['search', 'y']]);
    expect([...parseContentUsage('train-ai="n", search=maybe, bots=y')]).toEqual([['bots', 'y']]);
    expect([...parseContentUsage('train-ai=y, train-ai=n')]).toEqual([['train-ai', 'n']]);
    expect(parseContentUsage('Train-AI=n').size).toBe(0);
    expect(parseContentUsage('train-ai=n;q=1').get('train-ai')).toBe('n');
  });
  it('combines statements with the most restrictive winning', () => {
    const c = combineContentUsage(parseContentUsage('train-ai=y, search=y'), parseContentUsage('train-ai=n'));
    expect(c.get('train-ai')).toBe('n');
    expect(c.get('search')).toBe('y');
  });
  it('checks a configured default', () => {
    expect(checkContentUsage('train-ai=n')).toBe('train-ai=n');
    expect(() => checkContentUsage('no')).toThrow(/Content-Usage/);
  });
});

describe('GPC', () => {
  it('takes exactly 1, from any of several header lines', () => {
    expect(hasGpc('1')).toBe(true);
    expect(hasGpc(' 1 ')).toBe(true);
    expect(hasGpc('0, 1')).toBe(true);
    expect(hasGpc(['0', '1'])).toBe(true);
    expect(hasGpc('true')).toBe(false);
    expect(hasGpc('0')).toBe(false);
    expect(hasGpc(undefined)).toBe(false);
  });
  it('records once per change', () => {
    expect(gpcChanges({ method: undefined, choice: undefined })).toBe(true);
    expect(gpcChanges({ method: 'gpc', choice: 'deny' })).toBe(false);
    expect(gpcChanges({ method: 'setting', choice: 'allow' })).toBe(true);
  });
});

describe('robots.txt and TDMRep', () => {
  it('states the site default', () => {
    const txt = robotsTxt({ contentUsage: 'train-ai=n' });
    expect(txt).toContain('User-Agent: *\n');
    expect(txt).toContain('Content-Usage: train-ai=n\n');
    expect(txt).toContain('Disallow: /api/\n');
  });
  it('reserves TDM rights when the default says no', () => {
    expect(tdmrepJson('train-ai=n')).toEqual([{ location: '/', 'tdm-reservation': 1 }]);
    expect(tdmrepJson('train-ai=y')).toEqual([{ location: '/', 'tdm-reservation': 0 }]);
  });
  it('puts every signal on a denying member page, none otherwise', () => {
    const s = pageSignals(true);
    expect(s.headers['content-usage']).toBe('train-ai=n');
    expect(s.meta).toContainEqual({ name: 'robots', content: 'noai, noimageai' });
    expect(pageSignals(false).headers).toEqual({});
  });
});
