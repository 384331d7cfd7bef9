import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase } from './case-fold.js';
import { findIdentifier, isJsSpace } from './objections.js';

/** What the steps searched with before: `w1\s+w2…` for a name, the identifier itself otherwise. */
function byRegExp(kind: 'name' | 'email', identifier: string, folded: string, from: number): { start: number; end: number } | undefined {
  const f = foldCase(identifier);
  const parts = kind === 'name' ? f.trim().split(/\s+/) : [f];
  const re = new RegExp(parts.map((p) => p.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join(String.raw`\s+`), 'g');
  re.lastIndex = from;
  const m = re.exec(folded);
  return m === null ? undefined : { start: m.index, end: m.index + m[0].length };
}

describe('objection search without regular expressions', () => {
  it('reads whitespace as \\s does, on every code unit', () => {
    for (let c = 0; c < 0x10000; c++) expect(isJsSpace(c), `U+${c.toString(16)}`).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('finds a name across any whitespace run', () => {
    expect(findIdentifier('name', 'Jan de Vries', 'x jan \u00a0de\n\tvries y', 0)).toEqual({ start: 2, end: 16 });
    expect(findIdentifier('name', 'Jan de Vries', 'jan de vriesjan de vries', 1)).toEqual({ start: 12, end: 24 });
    expect(findIdentifier('name', 'Jan de Vries', 'jan devries', 0)).toBeUndefined();
  });

  it('finds what the regular expression found, from any start (property)', () => {
    const unit = fc.constantFrom('a', 'b', 'A', 'é', '.', '*', '(', '\\', ' ', '\u00a0', '\n', '\u2003', '\ufeff', '\ud83d\ude00');
    const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    const identifier = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    const text = fc.array(fc.oneof(word, unit), { maxLength: 16 }).map((a) => foldCase(a.join('')));
    fc.assert(
      fc.property(fc.constantFrom('name' as const, 'email' as const), identifier, text, fc.nat(20), (kind, id, t, from) => {
        if (foldCase(id).trim() === '') return;
        expect(findIdentifier(kind, id, t, Math.min(from, t.length))).toEqual(byRegExp(kind, id, t, Math.min(from, t.length)));
      }),
      { numRuns: 20000 },
    );
  });
});
