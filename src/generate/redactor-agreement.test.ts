/**
 * The generator says which personal data it put into each text; the product's redactor (spec §5)
 * must find exactly that: every entity, and nothing in the hard negatives (dates, times, amounts,
 * versions, order numbers, numbers failing their checks).
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS } from '../domain/entities.js';
import { redact } from '../redact/index.js';
import { CATEGORIES } from './groups.js';
import { memberFacts } from './members.js';
import { PersonPool } from './persons.js';
import { emptyCounts } from './pii.js';
import { Rng, seedWords } from './prng.js';
import { TextBuilder } from './texts.js';

const ENTITIES = ['EMAIL', 'IBAN', 'CARD', 'ID', 'IP', 'PHONE'] as const;

describe('generated texts and the redactor agree', () => {
  it('finds exactly the entities the generator wrote, per text', () => {
    const seed = seedWords('agreement');
    const counts = emptyCounts();
    const text = new TextBuilder(new PersonPool(seed, 300), (rng) => `@[Sanne de Vries](member:m-${rng.range(10_000_000, 99_999_999)})`, counts);
    const all = new Set(ENTITIES);
    const disagreements: string[] = [];
    for (let i = 0; i < 600; i++) {
      const m = memberFacts(seed, i);
      text.setAuthor({ country: m.country, lang: m.lang, locale: m.info.names, display: m.name.display, email: m.email });
      const rng = Rng.of(seed, 99, i);
      for (let k = 0; k < 8; k++) {
        const kind = CONTENT_KINDS[rng.int(CONTENT_KINDS.length)]!;
        const before = { ...counts };
        const escaped = text.compose(rng, kind, rng.chance(0.3) ? CATEGORIES[rng.int(CATEGORIES.length)] : undefined);
        // As a build sees it after step 1 of spec §4: mentions become their bracket text.
        const plain = (JSON.parse(`"${escaped}"`) as string).replace(/@\[([^\]]*)\]\(member:[A-Za-z0-9._:-]+\)/g, '$1');
        const r = redact(plain, all);
        for (const e of ENTITIES) {
          if (r.counts[e] !== counts[e] - before[e]) disagreements.push(`${e} wrote ${counts[e] - before[e]} found ${r.counts[e]}: ${plain}`);
        }
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    for (const e of ENTITIES) expect(counts[e], e).toBeGreaterThan(10);
    expect(counts.negatives).toBeGreaterThan(1000);
  });
});
