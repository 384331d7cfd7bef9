import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { compileObjections } from './objections.js';
import { REDACTION_PREFILTER, REDACTION_PREFILTER_RE2 } from './prefilter.js';
import { nearMiss } from './near-miss.case.js';
import { transformText } from './transform-text.js';

const ALL = new Set<Entity>(ENTITIES);
const hideAll = { isHidden: () => true, entities: ALL };

/** Strings that mostly miss the prefilter but sit right at its edges. */
const edgy = fc
  .array(fc.constantFrom('1', '9', '0', 'a', 'F', 'x', ' ', '.', '-', '(', ')', ':', '+', '[', ']', 'é', '٣', '\n', 'ab', '12'), { maxLength: 30 })
  .map((p) => p.join(''));

describe('REDACTION_PREFILTER_RE2', () => {
  it('uses no lookaround, backreference or other construct RE2 lacks', () => {
    expect(REDACTION_PREFILTER_RE2).not.toMatch(/\(\?[=!<]|\\[1-9]|\(\?P?</);
  });

  it('any text it does not match is unchanged by transformText (property)', () => {
    let skipped = 0;
    fc.assert(
      fc.property(fc.oneof(edgy, nearMiss, fc.string({ maxLength: 60 })), (text) => {
        if (REDACTION_PREFILTER.test(text)) return;
        skipped++;
        expect(transformText(text, hideAll).text).toBe(text);
      }),
      { numRuns: 20_000 },
    );
    expect(skipped).toBeGreaterThan(1000);
  });

  it('matches every corpus line that redaction changes', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const { text, expected } = JSON.parse(line) as { text: string; expected: string };
        if (text !== expected) expect(REDACTION_PREFILTER.test(text), text).toBe(true);
      }
    }
  });

  describe('in RE2 (DuckDB regexp_matches)', () => {
    let instance: DuckDBInstance;
    beforeAll(async () => {
      instance = await DuckDBInstance.create(':memory:');
    });
    afterAll(() => instance.closeSync());

    async function re2Matches(texts: readonly string[], pattern: string): Promise<boolean[]> {
      const c = await instance.connect();
      try {
        const out: boolean[] = [];
        for (const t of texts) {
          const r = await c.runAndReadAll('SELECT regexp_matches($1, $2)', [t, pattern]);
          out.push(r.getRows()[0]![0] as boolean);
        }
        return out;
      } finally {
        c.closeSync();
      }
    }

    it('compiles and agrees with the JavaScript reading', async () => {
      const texts = [
        'plain prose', 'a@b', 'fe80::1', 'a:bc:d', 'ab:c', '1 2', '1.2', '1-2', '1()2', '1 () 2', '1 (() 2', 'v2', '2024',
        'x1y2', '€1,234', '10:30', '::', 'é٣٣', ...fc.sample(edgy, 300), ...fc.sample(nearMiss, 200),
      ];
      const got = await re2Matches(texts, REDACTION_PREFILTER_RE2);
      expect(got).toEqual(texts.map((t) => REDACTION_PREFILTER.test(t)));
    });

    it('runs a suppressor prefilter too', async () => {
      const s = compileObjections([{ name: 'Jan de Vries', emails: ['Jan@Example.NL'], handles: ['jan_(dev)'] }, { handles: ['x.y'] }]);
      const re2 = s.prefilterRe2()!;
      const texts = ['JAN  DE\nvries was here', 'mail jan@example.nl', 'hi @JAN_(DEV)', '@x.y', '@xzy', 'jan de', 'nothing'];
      expect(await re2Matches(texts, re2)).toEqual([true, true, true, true, false, false, false]);
      expect(compileObjections([]).prefilterRe2()).toBeNull();
    });
  });
});
