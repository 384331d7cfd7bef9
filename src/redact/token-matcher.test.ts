import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenMatcher, tokensOf } from './token-matcher.js';

/** The definition: identifier k is a candidate when each of its tokens is a token of the text. */
function candidatesByDefinition(identifiers: readonly (readonly string[])[], text: string): number[] {
  const words = new Set(tokensOf(text));
  return identifiers.flatMap((tokens, k) => (tokens.every((t) => words.has(tokensOf(t)[0]!)) ? [k] : []));
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('TokenMatcher', () => {
  it('finds identifiers whose tokens are all in the text, in any order and case', () => {
    const m = new TokenMatcher([['jan', 'smit'], ['smit'], ['maria', 'smit'], ['jan', 'de', 'vries'], ['gmail', 'com', 'jan']]);
    expect(sorted(m.candidates('Smit, JAN wrote to de Vries'))).toEqual([0, 1, 3]);
    expect(sorted(m.candidates('maria'))).toEqual([]);
    expect(sorted(m.candidates('jan@gmail.com'))).toEqual([4]);
    expect(m.any('nothing here')).toBe(false);
    expect(m.any('MARIA SMIT')).toBe(true);
  });

  // Objectors share given names, family names and mail domains: identifiers drawn from a few
  // words, so that pairs and single tokens are filed together heavily.
  it('agrees with the definition when many identifiers share their words (property)', () => {
    const word = fc.constantFrom('jan', 'Smit', 'maría', 'MARIA', 'de', 'vries', 'gmail', 'com', 'x_1', '𝐀b', 'σοφία', 'ΣΟΦΊΑ');
    const identifier = fc.array(word, { minLength: 1, maxLength: 4 });
    const text = fc.array(fc.oneof(word, fc.constantFrom(' ', '.', '@', '\n', 'other')), { maxLength: 16 }).map((a) => a.join(' '));
    fc.assert(
      fc.property(fc.array(identifier, { minLength: 1, maxLength: 40 }), text, (identifiers, t) => {
        const m = new TokenMatcher(identifiers);
        const expected = candidatesByDefinition(identifiers, t);
        expect(sorted(m.candidates(t))).toEqual(expected);
        expect(m.any(t)).toBe(expected.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
