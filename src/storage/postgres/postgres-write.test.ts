import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../../ledger/entry.js';
import { ChainAhead, sealedBody, sealEntries, type UnsealedEntry } from '../../ledger/seal.js';
import { copyLine } from './postgres-copy.js';
import { copyAhead, copyKeys, entriesOfCopy } from './postgres-ledger-copy.js';
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

describe('copyAhead', () => {
  const head = fc.record({ seq: fc.integer({ min: 0, max: 1e9 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) });
  // As import's parser seals ahead: body, key and JSON of the personal data, then the chain.
  const ahead = (after: { seq: number; hash: string }, entries: UnsealedEntry[]) => {
    const chain = new ChainAhead(after);
    return entries.map((e) => {
      const u = { ...e };
      const sealed = sealedBody(u, secret);
      if (u.kind === 'consent' && u.personalData) sealed.dataJson = JSON.stringify(u.personalData.data);
      chain.seal(sealed);
      u.sealed = sealed;
      return u;
    });
  };

  it('writes the rows the writer writes after sealing the same entries after the same head', () => {
    fc.assert(fc.property(head, fc.array(unsealed, { minLength: 1, maxLength: 20 }), (after, entries) => {
      const copy = copyAhead(ahead(after, entries))!;
      const sealed = sealEntries(after, entries, secret);
      const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');
      expect({ ledger: utf8(copy.ledger), personalData: utf8(copy.personalData) }).toEqual(sealedCopyText(sealed));
      const last = sealed.at(-1)!.entry;
      expect(copy).toMatchObject({ after, head: { seq: last.seq, hash: last.hash }, consent: entries.filter((e) => e.kind === 'consent').length });
      expect(copy.consent + copy.notice).toBe(entries.length);
      expect(copyKeys(copy)).toEqual(sealed.map((w) => w.key));
      // Read back, the entries seal to the same rows, with the chain as guessed or after another head.
      const back = entriesOfCopy(copy);
      expect(sealedCopyText(sealEntries(after, back, secret))).toEqual(sealedCopyText(sealed));
      const other = { seq: after.seq + 3, hash: 'cd'.repeat(32) };
      expect(sealedCopyText(sealEntries(other, back, secret))).toEqual(sealedCopyText(sealEntries(other, entries, secret)));
      expect(back.map((u) => (u.kind === 'notice' ? u.notice : u.event))).toEqual(entries.map((u) => (u.kind === 'notice' ? u.notice : u.event)));
      expect(back.map((u) => (u.kind === 'consent' ? u.personalData?.data : undefined))).toEqual(entries.map((u) => (u.kind === 'consent' ? u.personalData?.data : undefined)));
    }));
  });

  it('declines entries not sealed ahead, or not one after the other', () => {
    const e = fc.sample(fc.array(unsealed, { minLength: 2, maxLength: 2 }), { numRuns: 1, seed: 1 })[0]!;
    const after = { seq: 4, hash: 'ab'.repeat(32) };
    expect(copyAhead(e)).toBeUndefined();
    const [a, b] = ahead(after, e);
    expect(copyAhead([b!, a!])).toBeUndefined();
    expect(copyAhead([a!, ahead(after, e)[0]!])).toBeUndefined();
    expect(copyAhead([a!, b!])).toBeDefined();
  });
});
