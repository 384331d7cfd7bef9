import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTime, parseByPattern, parseTime } from './time.js';

// The reference reading is the RFC 3339 pattern through Date.UTC (`parseByPattern`), which
// `parseTime` falls back to; its fast path for the 24-character UTC form must agree with it.

const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
/** `YYYY-MM-DDTHH:MM:SS.sssZ` with every field anywhere in its digits, and some near misses. */
const utcLike = fc
  .tuple(d(4), d(2), d(2), fc.constantFrom('T', 't', ' ', 'X'), d(2), d(2), d(2), d(3), fc.constantFrom('Z', 'z', 'Y'))
  .map(([y, mo, da, t, h, mi, s, ms, z]) => `${y}-${mo}-${da}${t}${h}:${mi}:${s}.${ms}${z}`);
const realistic = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t).toISOString());

describe('parseTime', () => {
  it('equals the pattern reading for the 24-character UTC form, valid or not', () => {
    fc.assert(fc.property(fc.array(fc.oneof(utcLike, realistic), { maxLength: 20 }), (texts) => {
      for (const text of texts) expect(parseTime(text)).toBe(parseByPattern(text));
    }), { numRuns: 500 });
  });

  it('equals the pattern reading for other text (offsets, dates, fractions, junk)', () => {
    const other = fc.oneof(
      fc.string({ maxLength: 30 }),
      realistic.map((s) => s.replace('Z', '+02:00')),
      realistic.map((s) => s.slice(0, 10)),
      realistic.map((s) => s.replace('.', '.9').replace('Z', 'Z')),
      realistic.map((s) => `${s.slice(0, 10)}T23:59:60.999Z`),
    );
    fc.assert(fc.property(other, (text) => {
      expect(parseTime(text)).toBe(parseByPattern(text));
    }), { numRuns: 500 });
  });

  it('reads the leap second and years below 100 as Date.UTC does', () => {
    for (const text of ['2016-12-31T23:59:60.000Z', '0050-03-01T10:00:00.000Z', '2023-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z']) {
      expect(parseTime(text)).toBe(parseByPattern(text));
    }
  });
});

describe('formatTime', () => {
  it('equals toISOString for any time in range, in any order', () => {
    const t = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2023, 0, 3) }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }).filter((v) => Number.isFinite(v)),
    );
    fc.assert(fc.property(fc.array(t, { maxLength: 20 }), (ts) => {
      for (const v of ts) expect(formatTime(v)).toBe(new Date(v).toISOString());
    }), { numRuns: 500 });
  });
});
