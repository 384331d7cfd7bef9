import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../../ledger/entry.js';
import { sealEntries, type UnsealedEntry } from '../../ledger/seal.js';
import { copyLine } from './postgres-copy.js';
import { entryValues } from './postgres-rows.js';
import { sealedCopyText } from './postgres-write.js';

const secret = Buffer.alloc(32, 7);
// Text with everything COPY's text format must escape, and the NUL the PostgreSQL text codec rewrites.
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '\t', '\n', '\r', '\\', '\u0000', '\u0001', 'é', 'N', ' '), minLength: 1, maxLength: 8 });

const unsealed: fc.Arbitrary<UnsealedEntry> = fc.oneof(
  fc.record({
    subject: text, at: fc.integer({ min: 0, max: 4e12 }), noticeVersion: text, channel: fc.constantFrom('email', 'in-app', 'banner'),
  }).map((notice) => ({ kind: 'notice', notice }) as UnsealedEntry),
  fc.record({
    subject: text, at: fc.integer({ min: 0, max: 4e12 }), choice: fc.constantFrom('allow', 'deny'), noticeVersion: fc.option(text, { nil: undefined }),
    evidence: fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: undefined }),
  }).map(({ evidence, noticeVersion, ...e }) => {
    const event = { ...e, purpose: 'train-ai', method: 'setting', ...(noticeVersion === undefined ? {} : { noticeVersion }) };
    return (evidence === undefined ? { kind: 'consent', event } : { kind: 'consent', event, personalData: { category: 'evidence', data: { evidence } } }) as UnsealedEntry;
  }),
);

describe('sealedCopyText', () => {
  it('writes the same COPY lines as the row values (entryValues through copyLine)', () => {
    fc.assert(fc.property(fc.array(unsealed, { minLength: 1, maxLength: 20 }), (entries) => {
      const sealed = sealEntries(EMPTY_HEAD, entries, secret);
      const out = sealedCopyText(sealed);
      expect(out.ledger).toBe(sealed.map((w) => copyLine(entryValues(w.entry, w.key))).join(''));
      const pd = sealed.filter((w) => w.personalData).map((w) => copyLine([w.entry.seq, w.entry.subject, w.personalData!.category, JSON.stringify(w.personalData!.data)]));
      expect(out.personalData).toBe(pd.join(''));
    }));
  });
});
