/**
 * The router may say "maybe" too often but never "no" wrongly: whenever the objection step changes
 * a text (after the mention step, as `transformText` runs it), the router said the text was a
 * candidate. Texts are built from identifiers in other cases, spacing and surroundings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileObjections, transformText, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { ObjectionRouter } from './objection-router.js';

const NAMES = ['Jan de Vries', 'Gonçalo Silva', 'İbrahim Yılmaz', 'ΣΟΦΙΑ Παπαδοπούλου', 'Jean-Luc Picard', "O'Brien Kelly", 'Ana  María', 'Person Unknown', 'Ünal Işık', 'x y'];
const EMAILS = ['jan@example.org', 'g.larsen@fastmail.com', 'İpek@örnek.tr', 'a+b@x.io', '_x@y.z'];
const HANDLES = ['arjunnair', 'robert_jones', 'Ünal', '@olsen', 'x'];

const identifiers: fc.Arbitrary<ObjectionIdentifiersInput[]> = fc.array(fc.record({
  name: fc.option(fc.constantFrom(...NAMES, 'Madonna'), { nil: undefined }),
  emails: fc.option(fc.subarray(EMAILS), { nil: undefined }),
  handles: fc.option(fc.subarray(HANDLES), { nil: undefined }),
}), { maxLength: 4 });

const variant = (s: string): fc.Arbitrary<string> => fc.constantFrom(s, s.toUpperCase(), s.toLowerCase(), s.replace(/ /g, '\n  '), s.replace(/ +/g, '\t'));
const piece = fc.oneof(
  fc.constantFrom(...NAMES, ...EMAILS).chain(variant),
  fc.constantFrom(...HANDLES).map((h) => `@${h.replace(/^@/, '')}`).chain(variant),
  fc.constantFrom(' ', '.', ', ', '-', '_', 'x', '9', '[', ']', '@', '(', ')', 'ς', 'Σ', '\n'),
  fc.constantFrom('@[Jan de Vries](member:m1)', '@[Jan](member:m2)', '@[Person](member:m3)de', '[PERSON]', '[EMAIL]'),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 10 }).map((p) => p.join(''));

describe('ObjectionRouter', () => {
  it('routes every text an objection changes', () => {
    let changed = 0;
    fc.assert(fc.property(identifiers, text, fc.boolean(), (list, t, hide) => {
      const router = new ObjectionRouter(list);
      const suppressor = compileObjections(list);
      const opts = { isHidden: () => hide, entities: new Set<never>() };
      const without = transformText(t, opts).text;
      const withObjections = transformText(t, { ...opts, suppressor }).text;
      if (withObjections !== without) {
        changed++;
        expect(router.mayMatch(t), JSON.stringify({ list, t })).toBe(true);
      }
    }), { numRuns: 3000 });
    // The generator reaches the interesting case often enough for the property to mean something.
    expect(changed).toBeGreaterThan(300);
  });

  it('skips texts missing a token of every identifier, and one-word names', () => {
    const router = new ObjectionRouter([{ name: 'Jan de Vries', emails: ['g.larsen@fastmail.com'] }, { name: 'Madonna' }]);
    expect(router.size).toBe(2);
    expect(router.mayMatch('Madonna sang about de Vries')).toBe(false);
    expect(router.mayMatch('JAN\nde vries')).toBe(true);
    // Every token of an identifier must be there: a given name alone is no candidate.
    expect(router.mayMatch('Jan went home')).toBe(false);
    expect(router.mayMatch('Vries, de, and Jan')).toBe(true);
    expect(router.mayMatch('write to G.Larsen@fastmail.com')).toBe(true);
    expect(router.mayMatch('hello @[Someone](member:m9)')).toBe(true);
    expect(new ObjectionRouter([]).empty).toBe(true);
    expect(new ObjectionRouter([{ emails: ['..@..'] }]).catchAll).toBe(true);
  });
});
