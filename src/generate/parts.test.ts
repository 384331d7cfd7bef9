import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../domain/time.js';
import { loadPolicy } from '../policy/load-policy.js';
import { regionOf } from '../policy/policy.js';
import { ItemAllocator } from './allocation.js';
import { memberFacts, memberName } from './members.js';
import { Rng, Weighted, hash01, seedWords } from './prng.js';
import { TimeSpool } from './spool.js';
import { fastFormatTime } from './timefmt.js';
import { COUNTRY_LIST, NOTICE_VERSION, regionOfCountry, type RegionKey } from './world.js';
import { LineWriter } from './writer.js';

describe('prng', () => {
  it('is deterministic per (seed, stream, index) and differs across them', () => {
    const s = seedWords('x');
    const a = Rng.of(s, 1, 5), b = Rng.of(s, 1, 5), c = Rng.of(s, 1, 6), d = Rng.of(s, 2, 5), e = Rng.of(seedWords('y'), 1, 5);
    const seq = (r: Rng): number[] => Array.from({ length: 8 }, () => r.u32());
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    for (const other of [c, d, e]) expect(seq(other)).not.toEqual(sa);
    expect(hash01(s, 3, 10)).toBe(hash01(s, 3, 10));
  });

  it('is roughly uniform', () => {
    const r = Rng.of(seedWords('u'), 1, 1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
  });

  it('weighted choice follows the weights', () => {
    const w = new Weighted([['a', 1], ['b', 3]] as const);
    const r = Rng.of(seedWords('w'), 1, 1);
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (w.pick(r) === 'b') b++;
    expect(b / 40_000).toBeGreaterThan(0.72);
    expect(b / 40_000).toBeLessThan(0.78);
  });
});

describe('fastFormatTime', () => {
  it('writes exactly what toISOString writes', () => {
    fc.assert(fc.property(fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }), (t) => fastFormatTime(t) === formatTime(t)), { numRuns: 20_000 });
    for (const t of [0, -1, 86_399_999, Date.UTC(2008, 1, 29), Date.UTC(2025, 10, 3)]) expect(fastFormatTime(t)).toBe(formatTime(t));
  });
});

describe('ItemAllocator', () => {
  it('hands out exactly the requested total', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 50_000 }), fc.string(), (m, n, seed) => {
      const a = new ItemAllocator(seedWords(seed), m, n);
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const k = a.next(i);
        expect(k).toBeGreaterThanOrEqual(0);
        sum += k;
      }
      return sum === n;
    }), { numRuns: 60 });
  });
});

describe('TimeSpool', () => {
  it('writes in time order, keeps the order of equal instants, and spills to disk past its budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-spool-'));
    try {
      const start = Date.UTC(2023, 0, 1);
      const spool = new TimeSpool(join(dir, 'spool'), start, Date.UTC(2024, 0, 1), 2_000); // a tiny budget: spills often
      const r = Rng.of(seedWords('spool'), 1, 1);
      const added: [number, string][] = [];
      for (let i = 0; i < 3000; i++) {
        const at = r.chance(0.1) ? start + 5 * 86_400_000 : start + r.int(365 * 86_400_000);
        const line = `{"n":${i},"at":${at}}\n`;
        added.push([at, line]);
        spool.add(at, line);
      }
      const out = await LineWriter.create(join(dir, 'out.jsonl'));
      await spool.drain(out);
      await out.close();
      const expected = added.map((x, i) => [x[0], i, x[1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]).join('');
      expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LineWriter', () => {
  it('writes long lines, many chunks and multi-byte text intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-writer-'));
    try {
      const w = await LineWriter.create(join(dir, 'f'));
      let expected = '';
      for (let i = 0; i < 20_000; i++) {
        const line = `${i} ${'é漢🚀'.repeat(i % 50)}\n`;
        expected += line;
        if (w.write(line)) await w.flush();
      }
      const huge = `${'x'.repeat(2_000_000)}\n`;
      w.write(huge);
      expected += huge;
      await w.close();
      expect(w.bytes).toBe(Buffer.byteLength(expected));
      expect(readFileSync(join(dir, 'f'), 'utf8')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the world agrees with the default policy', () => {
  const policy = loadPolicy();
  const NAME: Record<RegionKey, string> = {
    eu: 'designated-countries', uk: 'united-kingdom', cahk: 'canada-hong-kong', cn: 'mainland-china', row: 'rest-of-world',
  };

  it('puts every country in the region the policy puts it in, with its notice version', () => {
    for (const c of COUNTRY_LIST) {
      const key = regionOfCountry(c.code);
      const region = regionOf(policy, c.code);
      expect(region?.name, c.code).toBe(NAME[key]);
      expect(region?.notice?.version, c.code).toBe(NOTICE_VERSION[key]);
    }
  });

  it('names members in mentions exactly as in the member file', () => {
    const s = seedWords('names');
    for (let i = 0; i < 500; i++) expect(memberName(s, i)).toEqual(memberFacts(s, i).name);
  });
});
