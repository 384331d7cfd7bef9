/**
 * The labelled corpus (`corpus/*.jsonl`): recall per entity, hard negatives untouched, exact
 * output. Expectations are written by hand or by construction (see corpus/generate-corpus.mjs),
 * never by running the redactor.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { redact } from './redactor.js';

interface Line {
  text: string;
  expected: string;
  entities: Partial<Record<Entity, number>>;
  lang: string;
  note: string;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const lines: Line[] = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line));
const all = new Set<Entity>(ENTITIES);
const negatives = lines.filter((l) => l.text === l.expected);

describe('redaction corpus', () => {
  it('is large and multilingual', () => {
    expect(lines.length).toBeGreaterThanOrEqual(500);
    const langs = new Set(lines.map((l) => l.lang));
    for (const l of ['en', 'nl', 'de', 'fr', 'es']) expect(langs.has(l)).toBe(true);
    expect(negatives.length).toBeGreaterThanOrEqual(100);
    for (const e of ENTITIES) expect(lines.some((l) => (l.entities[e] ?? 0) > 0)).toBe(true);
  });

  it('labels agree with the expected text', () => {
    for (const l of lines) {
      for (const e of ENTITIES) {
        const placeholders = l.expected.split(`[${e}]`).length - l.text.split(`[${e}]`).length;
        expect(placeholders, `${e} in ${l.text}`).toBe(l.entities[e] ?? 0);
      }
    }
  });

  it('reaches the recall targets', () => {
    const tp: Record<string, number> = {};
    const gold: Record<string, number> = {};
    for (const l of lines) {
      const r = redact(l.text, all);
      for (const e of ENTITIES) {
        const g = l.entities[e] ?? 0;
        gold[e] = (gold[e] ?? 0) + g;
        tp[e] = (tp[e] ?? 0) + Math.min(g, r.counts[e]);
      }
    }
    const recall = (e: Entity) => (tp[e] ?? 0) / (gold[e] ?? 1);
    for (const e of ['EMAIL', 'CARD', 'IBAN', 'IP', 'ID'] as const) expect(recall(e), e).toBeGreaterThanOrEqual(0.99);
    expect(recall('PHONE')).toBeGreaterThanOrEqual(0.95);
  });

  it('changes no hard negative', () => {
    const changed = negatives.filter((l) => redact(l.text, all).text !== l.text).map((l) => l.text);
    expect(changed).toEqual([]);
  });

  it('gives the expected output for every line', () => {
    const wrong = lines
      .map((l) => ({ text: l.text, expected: l.expected, got: redact(l.text, all).text }))
      .filter((x) => x.got !== x.expected);
    expect(wrong).toEqual([]);
  });

  it('is idempotent on every line', () => {
    for (const l of lines) {
      const once = redact(l.text, all).text;
      expect(redact(once, all).text).toBe(once);
    }
  });
});
