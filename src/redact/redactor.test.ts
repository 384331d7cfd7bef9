import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { nearMiss } from './near-miss.case.js';
import { redact, Redactor } from './redactor.js';

const ALL = new Set<Entity>(ENTITIES);


describe('redactor', () => {
  it('repeats its round while a replacement exposes another match, also of an earlier rule', () => {
    const all = new Set<Entity>(ENTITIES);
    // Each needs a second round: an IP's replacement frees a BSN before it (ID comes before IP),
    // a phone's frees the next phone, and so on.
    const cases: [string, string][] = [
      ['192.168.0.1:123456782,192.168.0.1', '[IP]:[ID],[IP]'],
      ['+49 30 612345678+49 30 612345678', '[PHONE][PHONE]'],
      ['::06-12345678,-+31078-05-1120+49 30 612345678(', '[IP]-12345678,-[PHONE][PHONE]('],
    ];
    for (const [text, want] of cases) {
      const gated = new Redactor(all).redact(text);
      expect(gated.text, text).toBe(want);
      expect(gated, text).toEqual(new Redactor(all, false).redact(text));
      expect(new Redactor(all).redact(want).text).toBe(want);
    }
  });

  it('applies the rules in the order of §5: an earlier entity takes the span', () => {
    // An IBAN's digits are not a card; an email's digits are not a phone.
    expect(redact('NL91ABNA0417164300', ALL).text).toBe('[IBAN]');
    expect(redact('0612345678@example.nl', ALL).text).toBe('[EMAIL]');
    // 123456782 is a BSN (ID) before it could be anything later.
    expect(redact('123456782', ALL).counts).toMatchObject({ ID: 1, PHONE: 0 });
  });

  it('applies only the entities given, whatever their order', () => {
    const text = 'jan@example.nl 0612345678 192.168.0.1';
    expect(redact(text, new Set<Entity>(['PHONE'])).text).toBe('jan@example.nl [PHONE] 192.168.0.1');
    expect(redact(text, new Set<Entity>(['IP', 'EMAIL'])).text).toBe('[EMAIL] 0612345678 [IP]');
    expect(redact(text, new Set<Entity>(['EMAIL', 'IP'])).text).toBe('[EMAIL] 0612345678 [IP]');
    expect(redact(text, new Set<Entity>()).text).toBe(text);
  });

  it('counts every entity, zeros included', () => {
    const r = redact('a@b.nl, c@d.nl, 4111111111111111', ALL);
    expect(r.counts).toEqual({ EMAIL: 2, IBAN: 0, CARD: 1, ID: 0, IP: 0, PHONE: 0 });
    expect(redact('nothing', ALL).counts).toEqual({ EMAIL: 0, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0 });
  });

  it('never matches a placeholder again', () => {
    const text = '[EMAIL] [IBAN] [CARD] [ID] [IP] [PHONE] @[PERSON]';
    expect(redact(text, ALL).text).toBe(text);
  });

  it('rejects an unknown entity', () => {
    expect(() => new Redactor(['SSN' as Entity])).toThrow(/unknown entity/);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(nearMiss, fc.subarray([...ENTITIES]), (text, ents) => {
        const set = new Set<Entity>(ents);
        const once = redact(text, set).text;
        expect(redact(once, set).text).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'grapheme-ascii' }), (text) => {
        const once = redact(text, ALL).text;
        expect(redact(once, ALL).text).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('only ever replaces: the text outside placeholders is the input in order (property)', () => {
    fc.assert(
      fc.property(nearMiss, (text) => {
        const out = redact(text, ALL).text;
        // Every kept piece of the output appears in the input, in order.
        const pieces = out.split(/\[(?:EMAIL|IBAN|CARD|ID|IP|PHONE)\]/);
        let at = 0;
        for (const p of pieces) {
          const i = text.indexOf(p, at);
          expect(i).toBeGreaterThanOrEqual(0);
          at = i + p.length;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('redactor on long adversarial input', () => {
  it.each([
    ['digits and spaces', '1 '.repeat(60_000)],
    ['digits and dashes', '12-'.repeat(40_000)],
    ['zeros and spaces', '0 '.repeat(60_000)],
    ['parenthesised groups', '(1) '.repeat(30_000)],
    ['colons', 'a:'.repeat(60_000)],
    ['double colons', '1::'.repeat(40_000)],
    ['dotted quads', '1.'.repeat(60_000)],
    ['letters and digits', 'AB12'.repeat(30_000)],
    ['long digit run', '7'.repeat(120_000)],
    ['grouped card-like run', '4111 '.repeat(30_000)],
  ])('%s finishes quickly', (_why, text) => {
    const t0 = Date.now();
    const once = redact(text, ALL).text;
    expect(redact(once, ALL).text).toBe(once);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
