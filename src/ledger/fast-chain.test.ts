import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainVerifier, personalDataHmac, entryCanonicalJson, entryHash, type UnhashedEntry } from './chain.js';
import type { LedgerEntry } from './entry.js';
import { ChainHasher, FastChainVerifier, fastEntryJson, personalDataHmacWith, TimeFormatter } from './fast-chain.js';

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const odd = fc.oneof(fc.string(), fc.constantFrom('\ud800', 'a"b\\c', 'é', '😀'), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant(undefined));
const time = fc.oneof(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), fc.constantFrom(0, -1, 1.5, 253_402_300_800_000));

/** Entries of the usual shapes, and now and then with a field changed, added or of another type. */
const entry = fc.record({
  kind: fc.constantFrom('consent', 'notice'),
  subject: fc.oneof(fc.constantFrom('m1', 'm-00000042'), fc.string()),
  at: time,
  purpose: fc.constantFrom('train-ai', 'train-genai'),
  choice: fc.constantFrom('allow', 'deny'),
  method: fc.constantFrom('setting', 'gpc'),
  noticeVersion: fc.option(fc.constantFrom('eu-2025-11'), { nil: undefined }),
  channel: fc.option(fc.constantFrom('email', 'in-app'), { nil: undefined }),
  personalData: fc.option(hex64, { nil: undefined }),
  extra: fc.option(fc.tuple(fc.constantFrom('at', 'subject', 'purpose', 'channel', 'zzz', 'hash', 'seq', '__proto__x'), odd), { nil: undefined }),
}).map((r) => {
  const e: Record<string, unknown> = { kind: r.kind, subject: r.subject, at: r.at };
  if (r.kind === 'consent') Object.assign(e, { purpose: r.purpose, choice: r.choice, method: r.method });
  else Object.assign(e, { noticeVersion: r.noticeVersion ?? 'eu-2025-11', channel: r.channel ?? 'email' });
  if (r.kind === 'consent' && r.noticeVersion !== undefined) e.noticeVersion = r.noticeVersion;
  if (r.personalData !== undefined) e.personalData = r.personalData;
  if (r.extra !== undefined) e[r.extra[0]] = r.extra[1];
  return e;
});

function verdict(v: { push(e: LedgerEntry): boolean; result(): unknown }, entries: LedgerEntry[]): unknown {
  try {
    for (const e of entries) if (!v.push(e)) break;
    return v.result();
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

describe('the fast chain check hashes what the reference hashes', () => {
  it('writes the canonical JSON of any entry as entryCanonicalJson does', () => {
    fc.assert(fc.property(entry, fc.nat(), (e, seq) => {
      const withSeq = { ...e, seq, hash: 'x' } as unknown as LedgerEntry;
      let expected: string;
      try {
        expected = entryCanonicalJson(withSeq as unknown as UnhashedEntry);
      } catch {
        expect(() => fastEntryJson(withSeq, new TimeFormatter())).toThrow();
        return;
      }
      expect(fastEntryJson(withSeq, new TimeFormatter())).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('formats times as toISOString does', () => {
    const f = new TimeFormatter();
    fc.assert(fc.property(fc.array(time, { maxLength: 20 }), (ts) => {
      for (const t of ts) {
        let expected: string | undefined;
        try { expected = new Date(t).toISOString(); } catch { expected = undefined; }
        if (expected === undefined) expect(() => f.format(t)).toThrow();
        else expect(f.format(t)).toBe(expected);
      }
    }), { numRuns: 500 });
  });

  it('hashes as entryHash does', () => {
    const h = new ChainHasher();
    fc.assert(fc.property(hex64, fc.string({ unit: 'binary', maxLength: 3000 }), (prev, text) => {
      const { createHash } = nodeCrypto;
      expect(h.hash(prev, text)).toBe(createHash('sha256').update(Buffer.from(prev, 'hex')).update(text, 'utf8').digest('hex'));
    }), { numRuns: 300 });
  });

  it('gives ChainVerifier\'s verdict on any chain, changed or not', () => {
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.option(fc.tuple(fc.nat(), fc.constantFrom('seq', 'hash', 'subject', 'at')), { nil: undefined }), (raw, change) => {
      let prev = '0'.repeat(64);
      const chain: LedgerEntry[] = [];
      for (const [i, e] of raw.entries()) {
        const body = { ...e, seq: i + 1 } as unknown as UnhashedEntry;
        let hash: string;
        try { hash = entryHash(prev, body); } catch { hash = 'f'.repeat(64); }
        chain.push({ ...body, hash } as LedgerEntry);
        prev = hash;
      }
      if (change !== undefined) {
        const target = chain[change[0] % chain.length] as unknown as Record<string, unknown>;
        target[change[1]] = change[1] === 'seq' ? 99 : change[1] === 'at' ? 7 : 'changed';
      }
      expect(verdict(new FastChainVerifier(), chain)).toEqual(verdict(new ChainVerifier(), chain));
    }), { numRuns: 1000 });
  });
});

describe('personalDataHmacWith', () => {
  it('equals personalDataHmac for any key and data', () => {
    const data = fc.oneof(fc.jsonValue(), fc.record({ evidence: fc.dictionary(fc.string(), fc.string({ unit: 'binary', maxLength: 2000 })) }));
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), fc.array(data, { minLength: 1, maxLength: 4 }), (key, values) => {
      const secret = Buffer.from(key);
      const hmac = personalDataHmacWith(secret);
      for (const v of values) {
        let expected: string | undefined;
        try { expected = personalDataHmac(secret, v); } catch { expected = undefined; }
        if (expected === undefined) expect(() => hmac(v)).toThrow();
        else expect(hmac(v)).toBe(expected);
      }
    }), { numRuns: 500 });
  });
});
