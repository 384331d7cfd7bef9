import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTime, parseTime } from './time.js';

// The reference forms: the RFC 3339 pattern read through Date.UTC, and toISOString.
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2}))?$/;
function referenceParse(text: string): number | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  if (h === undefined) return Date.UTC(year, month - 1, day);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-7) : 0;
  let offset = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3)), om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  return Number.isFinite(t) ? t : undefined;
}

const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
/** `YYYY-MM-DDTHH:MM:SS.sssZ` with every field anywhere in its digits, and some near misses. */
const utcLike = fc
  .tuple(d(4), d(2), d(2), fc.constantFrom('T', 't', ' ', 'X'), d(2), d(2), d(2), d(3), fc.constantFrom('Z', 'z', 'Y'))
  .map(([y, mo, da, t, h, mi, s, ms, z]) => `${y}-${mo}-${da}${t}${h}:${mi}:${s}.${ms}${z}`);
const realistic = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t).toISOString());

describe('parseTime', () => {
  it('equals the pattern reading for the 24-character UTC form, valid or not', () => {
    fc.assert(fc.property(fc.array(fc.oneof(utcLike, realistic), { maxLength: 20 }), (texts) => {
      for (const text of texts) expect(parseTime(text)).toBe(referenceParse(text));
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
      expect(parseTime(text)).toBe(referenceParse(text));
    }), { numRuns: 500 });
  });

  it('reads the leap second and years below 100 as Date.UTC does', () => {
    for (const text of ['2016-12-31T23:59:60.000Z', '0050-03-01T10:00:00.000Z', '2023-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z']) {
      expect(parseTime(text)).toBe(referenceParse(text));
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
