import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../ledger/entry.js';
import { ChainAhead, type UnsealedEntry } from '../ledger/seal.js';
import { decodeBatch, encodeBatch } from './batch-codec.js';
import { parseBatch, type ImportKind } from './parse-batch.js';

const secret = Buffer.alloc(32, 3);
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const id = fc.stringMatching(/^[a-z0-9.:-]{1,8}$/);
const time = fc.integer({ min: -1e12, max: 4e12 }).map((t) => new Date(t).toISOString());
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const lines: Record<ImportKind, fc.Arbitrary<object>> = {
  members: fc.record({ id, name: text, country: fc.constantFrom('NL', 'US'), joinedAt: time, birthDate: maybe(time), closedAt: maybe(time), inSecondarySchool: maybe(fc.boolean()), validFrom: maybe(time) }),
  groups: fc.record({ id, name: text, category: maybe(text), validFrom: maybe(time) }),
  content: fc.record({ id, memberId: id, kind: fc.constantFrom('post', 'profile'), visibility: fc.constantFrom('public', 'group'), groupId: maybe(id), createdAt: time, deletedAt: maybe(time), text: fc.string({ unit: 'grapheme' }), validFrom: maybe(time) }),
  consent: fc.record({ subject: id, at: time, purpose: fc.constantFrom('train-ai', 'train-genai'), choice: fc.constant('deny'), method: fc.constantFrom('setting', 'gpc'), noticeVersion: maybe(text), evidence: maybe(fc.dictionary(text, fc.jsonValue())) }),
  notices: fc.record({ subject: id, at: time, noticeVersion: text, channel: fc.constantFrom('in-app', 'email') }),
  objections: fc.record({ id, at: time, name: maybe(text), emails: maybe(fc.array(fc.constant('a@b.c'), { maxLength: 2 })) }),
};

/** The canonical JSON parts stay behind unless the receiver seals: the writer recomputes them only where the guessed chain fails. */
function withoutParts<T extends { values: unknown[] }>(b: T): T {
  for (const v of b.values) delete (v as { sealed?: { parts?: unknown } }).sealed?.parts;
  return plainData(b);
}

/** Personal data as a plain `{ category, data }` (the decoded side parses its JSON on first read). */
function plainData<T extends { values: unknown[] }>(b: T): T {
  for (const v of b.values as { personalData?: { category: string; data: unknown } }[]) {
    if (v.personalData !== undefined) v.personalData = { category: v.personalData.category, data: v.personalData.data };
  }
  return b;
}

describe('batch codec', () => {
  for (const kind of Object.keys(lines) as ImportKind[]) {
    it(`carries a parsed ${kind} batch exactly`, () => {
      fc.assert(fc.property(fc.array(lines[kind], { maxLength: 8 }), fc.boolean(), (rows, chained) => {
        const parsed = parseBatch(kind, 'f.jsonl', 1, rows.map((r) => JSON.stringify(r)), secret, chained ? new ChainAhead(EMPTY_HEAD) : undefined);
        expect(parsed.bad).toBeUndefined();
        const decoded = plainData(decodeBatch(structuredClone(encodeBatch(parsed))));
        expect(decoded).toEqual(withoutParts(parsed));
      }), { numRuns: 100 });
    });
  }

  for (const kind of ['consent', 'notices', 'objections'] as const) {
    it(`keys and seals the ${kind} the parser sent as bodies, in order, as the parser does`, () => {
      fc.assert(fc.property(fc.array(lines[kind], { maxLength: 8 }), fc.nat(1000), fc.boolean(), (rows, seq, chained) => {
        const head = { seq, hash: (seq % 16).toString(16).repeat(64) };
        const jsonl = rows.map((r) => JSON.stringify(r));
        const sealed = parseBatch(kind, 'f.jsonl', 1, jsonl, secret, chained ? new ChainAhead(head) : undefined);
        const bodies = parseBatch(kind, 'f.jsonl', 1, jsonl, secret, undefined, true);
        for (const u of bodies.values as UnsealedEntry[]) {
          expect(u.sealed).toBeUndefined();
          expect(u.committed).toBeDefined();
        }
        const decoded = plainData(decodeBatch(structuredClone(encodeBatch(bodies)), chained ? new ChainAhead(head) : undefined));
        expect(decoded).toEqual(plainData(sealed));
        // Keyed by the parser but not sealed: sealed here, its canonical JSON made again.
        const keyed = plainData(decodeBatch(encodeBatch(parseBatch(kind, 'f.jsonl', 1, jsonl, secret)), chained ? new ChainAhead(head) : undefined));
        expect(keyed).toEqual(chained ? plainData(sealed) : withoutParts(sealed));
        if (chained) for (const [i, u] of (decoded.values as UnsealedEntry[]).entries()) expect(u.sealed?.chained?.seq).toBe(seq + i + 1);
      }), { numRuns: 100 });
    });
  }

  it('writes into the buffers of an earlier batch, whatever they hold and however small', () => {
    fc.assert(fc.property(fc.array(lines.consent, { maxLength: 8 }), fc.array(lines.content, { maxLength: 8 }), fc.nat(64), fc.nat(8), (consent, content, bytes, meta) => {
      const spare = { bytes: new Uint8Array(bytes).fill(0xff).buffer, meta: new Float64Array(meta + 1).fill(7).buffer };
      const first = parseBatch('consent', 'c.jsonl', 1, consent.map((r) => JSON.stringify(r)), secret, new ChainAhead(EMPTY_HEAD));
      const e1 = encodeBatch(first, spare);
      expect(plainData(decodeBatch(e1))).toEqual(withoutParts(first));
      const second = parseBatch('content', 'd.jsonl', 1, content.map((r) => JSON.stringify(r)), secret);
      expect(decodeBatch(encodeBatch(second, { bytes: e1.bytes.buffer, meta: e1.meta.buffer }))).toEqual(second);
    }), { numRuns: 100 });
  });

  it('carries the bad line that ended a batch', () => {
    const parsed = parseBatch('notices', 'f.jsonl', 7, ['{"subject":"m1","at":"2025-01-01","noticeVersion":"v","channel":"in-app"}', '{"subject":"m1"}'], secret);
    expect(plainData(decodeBatch(encodeBatch(parsed)))).toEqual(withoutParts(parsed));
    expect(parsed.bad).toMatchObject({ file: 'f.jsonl', line: 8, field: 'at' });
  });
});
