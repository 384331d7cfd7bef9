import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceRuns } from './replace-runs.js';

describe('replaceRuns', () => {
  it('gives what replace with a function gives, when short runs never change (property)', () => {
    const text = fc.array(fc.constantFrom('1', '2', '0', ' ', '-', '(', ')', '+', 'a', '.', 'é'), { maxLength: 40 }).map((a) => a.join(''));
    const re = /(?:\+|\(\+?)?[0-9]+(?:(?:[ .\-]|\)[ .\-]?\(?|[ .\-]?\()[0-9]+)*\)?/g;
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), fc.constantFrom('keep', 'mark', 'odd'), (t, min, how) => {
        // Changes some runs of at least `min` units, and none shorter.
        const redact = (run: string, offset: number): string => {
          if (run.length < min || how === 'keep') return run;
          return how === 'mark' || offset % 2 === 1 ? `[${run.length}@${offset}]` : run;
        };
        re.lastIndex = 0;
        const expected = t.replace(re, redact);
        const got = replaceRuns(t, re, min, redact);
        expect(got).toBe(expected);
        if (expected === t) expect(got).toBe(t);
      }),
      { numRuns: 5000 },
    );
  });
});
