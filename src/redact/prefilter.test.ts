import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { compileObjections } from './objections.js';
import { REDACTION_PREFILTER, REDACTION_PREFILTER_RE2, redactionPrefilterRe2 } from './prefilter.js';
import { Redactor } from './redactor.js';
import { gateMask, GATE_BIT } from './rule-gate.js';
import { nearMiss } from './near-miss.case.js';
import { transformText } from './transform-text.js';

const ALL = new Set<Entity>(ENTITIES);
const hideAll = { isHidden: () => true, entities: ALL };

/** Strings that mostly miss the prefilter but sit right at its edges. */
const edgy = fc
  .array(fc.constantFrom('1', '9', '0', 'a', 'F', 'x', ' ', '.', '-', '(', ')', ':', '+', '[', ']', 'é', '٣', '\n', 'ab', '12'), { maxLength: 30 })
  .map((p) => p.join(''));

/** The texts of the redaction corpus that redaction changes. */
function changedCorpusTexts(): string[] {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
  return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; expected: string })
    .filter((c) => c.text !== c.expected)
    .map((c) => c.text));
}

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
    for (const text of changedCorpusTexts()) expect(REDACTION_PREFILTER.test(text), text).toBe(true);
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

describe('redactionPrefilterRe2 (per entity, from the rule gates)', () => {
  const subsets = fc.subarray([...ENTITIES], { minLength: 1 }).map((e) => new Set<Entity>(e));
  const digitsy = fc
    .array(fc.constantFrom('1', '9', '0', 'a', 'F', 'NL', 'x', ' ', '.', '-', '(', ')', ':', '@', '123', '45', '6789', ' 12', '-34', 'é', '\n'), { maxLength: 40 })
    .map((p) => p.join(''));
  const texts = fc.oneof(edgy, digitsy, nearMiss, fc.string({ maxLength: 60 }));

  it('uses no construct RE2 lacks, and is null without entities', () => {
    expect(redactionPrefilterRe2(new Set(ENTITIES))).not.toMatch(/\(\?[=!<]|\\[1-9]|\(\?P?</);
    expect(redactionPrefilterRe2(new Set())).toBeNull();
  });

  it('matches every text with an open gate of its entities, so a text it misses is unchanged by redaction (property)', () => {
    let missed = 0;
    fc.assert(
      fc.property(subsets, texts, (entities, text) => {
        const re = new RegExp(redactionPrefilterRe2(entities)!);
        const mask = [...entities].reduce((m, e) => m | GATE_BIT[e], 0);
        if (re.test(text)) return;
        missed++;
        expect(gateMask(text) & mask).toBe(0);
        expect(new Redactor(entities).redact(text).text).toBe(text);
      }),
      { numRuns: 30_000 },
    );
    expect(missed).toBeGreaterThan(1000);
  });

  it('matches every corpus line that redaction changes', () => {
    const re = new RegExp(redactionPrefilterRe2(new Set(ENTITIES))!);
    for (const text of changedCorpusTexts()) expect(re.test(text), text).toBe(true);
  });

  it('leaves out texts whose only digits are short numbers', () => {
    const re = new RegExp(redactionPrefilterRe2(new Set(ENTITIES))!);
    expect(['Celebrating 13 years at Stark Logistics', 'a team of 21 people', 'Budget: EUR 48 000', 'at 10:30'].map((t) => re.test(t))).toEqual([false, false, false, false]);
    expect(['+31 6 12345678', 'NL91 ABNA', '078-05-1120', '10.0.0.1', 'fe80::1', 'a@b', 'AB 12 34 56 C', '4111 1111 1111 1'].map((t) => re.test(t))).toEqual(Array(8).fill(true));
  });

  it('compiles in RE2 (DuckDB) and agrees with the JavaScript reading', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      const samples = fc.sample(texts, { numRuns: 400, seed: 3 });
      for (const entities of [new Set<Entity>(ENTITIES), new Set<Entity>(['PHONE', 'IBAN'])]) {
        const pattern = redactionPrefilterRe2(entities)!;
        const re = new RegExp(pattern);
        for (const t of samples) {
          const r = await c.runAndReadAll('SELECT regexp_matches($1, $2)', [t, pattern]);
          expect(r.getRows()[0]![0], t).toBe(re.test(t));
        }
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });
});
