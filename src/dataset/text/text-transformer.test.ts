/**
 * `objectionsOnly` takes the texts the prefilter of `textSql` leaves out; for every such text it
 * must give what `transform` (every step) gives, which is what lets it skip the mention step and
 * the rules' gates for a text no objection changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../../policy/policy.js';
import { redactionPrefilterRe2 } from '../../redact/prefilter.js';
import { TextTransformer } from './text-transformer.js';
import { facts } from './transform-facts.case.js';

// Pieces that sit right against an identifier: digits, letters and separators that an entity's
// gate reads, so that a placeholder in their place would show if it opened a gate.
const piece = fc.constantFrom(
  'Jan de Vries', 'jan de  VRIES', 'Ünal Işık', 'jan@example.nl', '@jdv', '12', '3456789', '4111 1111 1111', 'NL', 'ab', 'AB12', '-', '.', '(', ')',
  ' ', '\n', ':', 'f:', '1.2.3', 'x', '[', ']', 'EMAIL', 'PERSON', '@', '@[Jan](member:m1)',
);
const texts = fc.array(piece, { maxLength: 14 }).map((p) => p.join(''));

describe('TextTransformer.objectionsOnly', () => {
  it.each([
    ['every entity', new Set<Entity>(ENTITIES)],
    ['no entity', new Set<Entity>()],
    ['phones and cards', new Set<Entity>(['PHONE', 'CARD'])],
  ])('equals transform on every text the prefilter leaves out (%s, property)', (_name, entities) => {
    const redaction = redactionPrefilterRe2(entities);
    const selected = new RegExp(redaction === null ? '@\\[' : `@\\[|${redaction}`);
    let left = 0;
    let changed = 0;
    fc.assert(
      fc.property(texts, (t) => {
        if (selected.test(t)) return;
        left++;
        const all = new TextTransformer({ ...facts(), entities }).transform(t);
        const only = new TextTransformer({ ...facts(), entities }).objectionsOnly(t);
        if (only !== null) changed++;
        expect(only).toBe(all);
      }),
      { numRuns: 4000 },
    );
    // The property ran on texts that an objection changes, not only on untouched ones.
    expect(left).toBeGreaterThan(200);
    expect(changed).toBeGreaterThan(50);
  });

  it('counts an objection-only row once it changed, with its replacements', () => {
    const t = new TextTransformer(facts());
    expect(t.objectionsOnly('Hello Jan de Vries')).toBe('Hello [PERSON]');
    expect(t.objectionsOnly('Hello Jan')).toBeNull();
    expect(t.counts).toMatchObject({ rows: 1, changed: 1, objections: 1 });
  });
});
