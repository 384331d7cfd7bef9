import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../domain/unicode.js';
import { EMPTY_HEAD } from './entry.js';
import fc from 'fast-check';
import { canonicalJson, chainHashHex, ChainVerifier, hashedObject, keyAndChainHash, personalDataHmac, personalDataHmacWith } from './chain.js';
import { sealEntries } from './seal.js';

// The worked example of docs/ledger.md: these values are what a third party recomputes.
describe('the documented byte layout', () => {
  const secret = Buffer.alloc(32, 0x01);
  const sealed = sealEntries(EMPTY_HEAD, [
    { kind: 'notice', notice: { subject: 'm1', at: Date.parse('2025-09-20T10:00:00Z'), noticeVersion: 'eu-2025-11', channel: 'in-app' } },
    { kind: 'consent', event: { subject: 'm1', at: Date.parse('2025-10-01T08:30:00Z'), purpose: 'train-genai', choice: 'deny', method: 'setting', noticeVersion: 'eu-2025-11' },
      personalData: { category: 'evidence', data: { evidence: { userAgent: 'Firefox/140', ip: '192.0.2.0' } } } },
  ], secret);

  it('hashes the canonical JSON of entry 1 after 32 zero bytes', () => {
    const { hash, ...body } = sealed[0]!.entry;
    expect(canonicalJson(hashedObject(body))).toBe('{"at":"2025-09-20T10:00:00.000Z","channel":"in-app","kind":"notice","noticeVersion":"eu-2025-11","seq":1,"subject":"m1"}');
    expect(hash).toBe('9877e183637ead746e468a7e31a6975ba9f0472a3b5775423c8de57ebc0902d0');
  });

  it('commits to personal data by HMAC and chains entry 2 to entry 1', () => {
    expect(personalDataHmac(secret, { evidence: { userAgent: 'Firefox/140', ip: '192.0.2.0' } })).toBe('a22c90dfbd7d9916e82ae74d464d5b2ea9f13a82ae9d5d36fd2506a477e5e4bd');
    const { hash, ...body } = sealed[1]!.entry;
    expect(canonicalJson(hashedObject(body))).toBe('{"at":"2025-10-01T08:30:00.000Z","choice":"deny","kind":"consent","method":"setting","noticeVersion":"eu-2025-11","personalData":"a22c90dfbd7d9916e82ae74d464d5b2ea9f13a82ae9d5d36fd2506a477e5e4bd","purpose":"train-genai","seq":2,"subject":"m1"}');
    expect(hash).toBe('39dacb05537cb5a46d7fcc35c59c0ea4e14371a687d4d829ef5031e6eb076a93');
  });

  it('verifies, and names a gap as the first bad seq', () => {
    const v = new ChainVerifier();
    for (const w of sealed) v.push(w.entry);
    expect(v.result()).toEqual({ ok: true, head: { seq: 2, hash: sealed[1]!.entry.hash }, entries: 2 });
    const gap = new ChainVerifier();
    gap.push(sealed[1]!.entry);
    expect(gap.result()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});

describe('canonicalJson', () => {
  it('equals the RFC 8785 library on any JSON value', async () => {
    const fc = (await import('fast-check')).default;
    const canonicalize = (await import('canonicalize')).default as unknown as (v: unknown) => string;
    fc.assert(fc.property(fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))), fc.jsonValue()), (v) => {
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }), { numRuns: 500 });
  });

  it('equals the library on runs of objects of a few shapes, keys in any order, members nested and undefined', async () => {
    const fc = (await import('fast-check')).default;
    const canonicalize = (await import('canonicalize')).default as unknown as (v: unknown) => string;
    const key = fc.constantFrom('a', 'b', 'B', 'é', '\u{1F600}', 'evidence', 'ip', '');
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.constant(undefined), fc.constant(null));
    const obj = fc.letrec<{ o: object }>((tie) => ({ o: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('o')), { maxKeys: 5 }) })).o;
    fc.assert(fc.property(fc.array(obj, { maxLength: 20 }), (objects) => {
      for (const o of objects) expect(canonicalJson({ evidence: o })).toBe(canonicalize({ evidence: o }));
    }), { numRuns: 300 });
  });
});

describe('entryCanonicalJson', () => {
  it('is canonicalJson of the hashed object', async () => {
    const fc = (await import('fast-check')).default;
    const { entryCanonicalJson } = await import('./chain.js');
    const opt = <T>(a: import('fast-check').Arbitrary<T>) => fc.option(a, { nil: undefined });
    const entry = fc.record({
      seq: opt(fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }))), kind: fc.constantFrom('consent', 'notice'), subject: fc.string({ unit: 'binary' }), at: fc.integer({ min: -1e13, max: 4e13 }),
      purpose: opt(fc.string({ unit: 'binary' })), choice: opt(fc.string()), method: opt(fc.string()), channel: opt(fc.string()), noticeVersion: opt(fc.oneof(fc.string(), fc.integer())),
      personalData: opt(fc.stringMatching(/^[0-9a-f]{64}$/)), hash: opt(fc.string()), other: opt(fc.string()),
    });
    fc.assert(fc.property(entry, (e) => {
      expect(entryCanonicalJson(e as never)).toBe(canonicalJson(hashedObject(e as never)));
    }), { numRuns: 1000 });
  });
});

describe('sealEntries', () => {
  it('writes the chain the reference verifier recomputes, with keys as keyOfEntry makes them', async () => {
    const fc = (await import('fast-check')).default;
    const { keyOfEntry } = await import('./seal.js');
    const secret = Buffer.alloc(32, 0x02);
    const text = fc.string({ unit: 'binary', minLength: 1 }).filter(isWellFormed);
    const notice = fc.record({ subject: text, at: fc.integer({ min: 0, max: 4e12 }), noticeVersion: text, channel: fc.constantFrom('in-app', 'email', 'banner') })
      .map((notice) => ({ kind: 'notice' as const, notice }));
    const consent = fc.record({
      event: fc.record({ subject: text, at: fc.integer({ min: 0, max: 4e12 }), purpose: fc.constantFrom('train-ai', 'train-genai'), choice: fc.constantFrom('allow', 'deny'), method: fc.constantFrom('setting', 'api') }),
      evidence: fc.option(fc.dictionary(text, fc.jsonValue()), { nil: undefined }),
    }).map(({ event, evidence }) => (evidence === undefined ? { kind: 'consent' as const, event } : { kind: 'consent' as const, event, personalData: { category: 'evidence' as const, data: { evidence } } }));
    fc.assert(fc.property(fc.array(fc.oneof(notice, consent), { maxLength: 6 }), fc.nat(1000), (entries, start) => {
      const head = start === 0 ? EMPTY_HEAD : { seq: start, hash: 'ab'.repeat(32) };
      const sealed = sealEntries(head, entries as never, secret);
      let previous = head.hash;
      for (const w of sealed) {
        const { hash, ...body } = w.entry;
        expect(hash).toBe(createHash('sha256').update(Buffer.from(previous, 'hex')).update(canonicalJson(hashedObject(body)), 'utf8').digest('hex'));
        expect(w.key).toBe(keyOfEntry(w.entry));
        previous = hash;
      }
    }), { numRuns: 300 });
  });
});

describe('ChainAhead', () => {
  it('a hash guessed ahead is taken only where it follows: the chain is the same with or without guesses', async () => {
    const fc = (await import('fast-check')).default;
    const { ChainAhead, sealedBody } = await import('./seal.js');
    const secret = Buffer.alloc(32, 0x04);
    const entry = fc.record({ subject: fc.stringMatching(/^m[0-9]$/), at: fc.integer({ min: 0, max: 4e12 }), noticeVersion: fc.constantFrom('v1', 'v2'), channel: fc.constantFrom('in-app', 'email') })
      .map((notice) => ({ kind: 'notice' as const, notice }));
    // `skip`: entries the writer drops (as import drops lines already in the ledger); `moved`: the head moved on meanwhile.
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.boolean(), (entries, skip, moved) => {
      const guessed = entries.map((u) => ({ ...u, sealed: sealedBody(u, secret) }));
      const ahead = new ChainAhead(EMPTY_HEAD);
      for (const u of guessed) ahead.seal(u.sealed);
      const head = moved ? { seq: 3, hash: 'cd'.repeat(32) } : EMPTY_HEAD;
      const kept = (list: typeof entries) => list.filter((_, i) => !skip[i]);
      const withGuesses = sealEntries(head, kept(guessed), secret).map((w) => w.entry);
      const without = sealEntries(head, kept(entries), secret).map((w) => w.entry);
      expect(withGuesses).toEqual(without);
    }), { numRuns: 300 });
  });
});

describe('chainHashHex', () => {
  const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
  it('is SHA-256(previous hash bytes ‖ UTF-8 text), whatever was hashed before', () => {
    fc.assert(fc.property(fc.array(fc.tuple(hex64, fc.string({ unit: 'binary', maxLength: 3000 })), { minLength: 1, maxLength: 4 }), (pairs) => {
      for (const [prev, text] of pairs) {
        expect(chainHashHex(prev, text)).toBe(createHash('sha256').update(Buffer.from(prev, 'hex')).update(text, 'utf8').digest('hex'));
      }
    }), { numRuns: 300 });
  });
});

describe('keyAndChainHash', () => {
  const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
  it('is the key of head + tail and the chain hash of head + seq + tail, whatever was hashed before', () => {
    const text = fc.string({ unit: 'binary', maxLength: 3000 });
    fc.assert(fc.property(fc.array(fc.tuple(hex64, fc.nat(), text, text), { minLength: 1, maxLength: 4 }), (calls) => {
      for (const [prev, seq, head, tail] of calls) {
        expect(keyAndChainHash(prev, seq, head, tail)).toEqual({
          key: createHash('sha256').update(head + tail, 'utf8').digest('base64url'),
          hash: chainHashHex(prev, `${head},"seq":${seq}${tail}`),
        });
      }
    }), { numRuns: 300 });
  });

  it('seals as sealBody then seal do, in ChainAhead, for bodies of any shape', async () => {
    const { ChainAhead, sealBody } = await import('./seal.js');
    const body = fc.record({ subject: fc.string({ unit: 'binary', maxLength: 20 }), at: fc.integer({ min: 0, max: 4e12 }), noticeVersion: fc.string({ maxLength: 10 }), channel: fc.constantFrom('in-app', 'email') }, { requiredKeys: ['subject', 'at'] })
      .map((b) => ({ kind: 'notice' as const, ...b }));
    // An odd field makes `entryJsonParts` refuse the body: the reference path then decides its bytes.
    const odd = body.map((b) => ({ ...b, extra: 1 }));
    fc.assert(fc.property(hex64, fc.nat({ max: 1e9 }), fc.array(fc.oneof(body, odd), { minLength: 1, maxLength: 6 }), (hash, seq, bodies) => {
      const a = new ChainAhead({ seq, hash });
      const b = new ChainAhead({ seq, hash });
      for (const x of bodies) {
        const reference = sealBody(x as never);
        b.seal(reference);
        expect(a.sealBody(x as never)).toEqual(reference);
      }
    }), { numRuns: 300 });
  });
});

describe('personalDataHmacWith', () => {
  it('equals personalDataHmac (createHmac) for any key and data', () => {
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
