/**
 * The gates may let too much through but never too little: a rule whose gate is closed leaves the
 * text as it is, and the gated redactor gives what every rule on every text gives.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { nearMiss } from './near-miss.case.js';
import { Redactor, RULES } from './redactor.js';
import { GATE_BIT, gateMask } from './rule-gate.js';

/** Pieces near the gates' edges: short digit runs, separators, hex letters, colons. */
const edgy = fc
  .array(fc.oneof(
    fc.constantFrom('0', '1', '12', '123', '1234', '12345', '123456', '0612', '4111', 'ab', 'AB', 'Ab', 'f', 'E', 'fe80', 'x', 'z', '00', '+31', '555', 'A', 'C', 'c', 'QQ ', 'xy'),
    fc.constantFrom(' ', '  ', '.', '-', ':', '::', '(', ')', '+', '@', ',', '/', '[', ']', ') (', '\n', 'é', '٣', '𝟙'),
  ), { maxLength: 30 })
  .map((p) => p.join(''));
const text = fc.oneof(nearMiss, edgy, fc.string({ maxLength: 60, unit: 'grapheme-ascii' }));

const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text));

describe('rule gates', () => {
  it('a rule whose gate is closed changes nothing (property)', () => {
    fc.assert(fc.property(text, (t) => {
      const mask = gateMask(t);
      for (const rule of RULES) {
        if ((mask & GATE_BIT[rule.entity]) === 0) expect(rule.apply(t, { n: 0 }), `${rule.entity} on ${JSON.stringify(t)}`).toBe(t);
      }
    }), { numRuns: 20_000 });
  });

  it('the gated redactor equals the ungated one (property and corpus)', () => {
    const all = new Set<Entity>(ENTITIES);
    const check = (t: string, entities: ReadonlySet<Entity>): void => {
      const a = new Redactor(entities).redact(t);
      const b = new Redactor(entities, false).redact(t);
      expect(a, JSON.stringify(t)).toEqual(b);
    };
    fc.assert(fc.property(text, fc.subarray([...ENTITIES]), (t, ents) => check(t, new Set(ents))), { numRuns: 10_000 });
    for (const t of corpus) check(t, all);
  });

  it('opens each gate on the smallest text its rule takes', () => {
    expect(gateMask('a@b.nl')).toBe(GATE_BIT.EMAIL);
    expect(gateMask('NL91')).toBe(GATE_BIT.IBAN);
    expect(gateMask('4111 1111 1111 1')).toBe(GATE_BIT.CARD | GATE_BIT.PHONE);
    expect(gateMask('123456782')).toBe(GATE_BIT.ID | GATE_BIT.PHONE);
    expect(gateMask('078-05-1120')).toBe(GATE_BIT.ID | GATE_BIT.PHONE);
    expect(gateMask('AB 12 34 56')).toBe(GATE_BIT.ID);
    expect(gateMask('12 34 56')).toBe(0);
    expect(gateMask('ab123456c')).toBe(GATE_BIT.ID | GATE_BIT.IBAN);
    // A date after a word: dashes, and one letter before, are no NINO.
    expect(gateMask('from 10-02-2023')).toBe(GATE_BIT.PHONE);
    expect(gateMask('e 12 34 56 A')).toBe(0);
    expect(gateMask('on 020 7946 2280')).toBe(GATE_BIT.PHONE);
    expect(gateMask('AB123456C')).toBe(GATE_BIT.ID | GATE_BIT.IBAN);
    expect(gateMask('ab 12 34 56')).toBe(0);
    expect(gateMask('1.2.3.4')).toBe(GATE_BIT.IP);
    expect(gateMask('1::')).toBe(GATE_BIT.IP);
    expect(gateMask('a:x:b')).toBe(0);
    expect(gateMask('(06) 123-45')).toBe(GATE_BIT.PHONE);
    expect(gateMask('10:30 on 01.02.2024, € 12,50')).toBe(GATE_BIT.PHONE);
  });
});
