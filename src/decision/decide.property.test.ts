import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS, METHODS, VISIBILITIES } from '../domain/entities.js';
import { PURPOSES } from '../domain/purpose.js';
import { formatTime } from '../domain/time.js';
import { World } from '../test-support/world.js';
import { REASONS } from './reasons.js';

const T0 = Date.UTC(2024, 0, 1);
const T1 = Date.UTC(2026, 11, 31);
const time = fc.integer({ min: T0, max: T1 }).map(formatTime);
const country = fc.constantFrom('NL', 'DE', 'GB', 'CA', 'CN', 'US', 'IN', 'NO');

interface Op { kind: 'consent' | 'notice'; at: string; purpose: (typeof PURPOSES)[number]; choice: 'allow' | 'deny'; method: (typeof METHODS)[number]; version: string }
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('consent', 'notice'),
  at: time,
  purpose: fc.constantFrom(...PURPOSES),
  choice: fc.constantFrom('allow', 'deny'),
  method: fc.constantFrom(...METHODS),
  version: fc.constantFrom('eu-2025-11', 'uk-2025-11', 'intl-2025-11'),
});

const world = fc.record({
  countries: fc.array(fc.record({ country, validFrom: fc.option(time, { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
  birthDate: fc.option(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2012, 0, 1) }).map((t) => formatTime(t).slice(0, 10)), { nil: undefined }),
  school: fc.option(fc.boolean(), { nil: undefined }),
  closedAt: fc.option(time, { nil: undefined }),
  createdAt: time,
  deletedAt: fc.option(time, { nil: undefined }),
  kind: fc.constantFrom(...CONTENT_KINDS),
  visibility: fc.constantFrom(...VISIBILITIES),
  ops: fc.array(op, { maxLength: 12 }),
});

type WorldFacts = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: WorldFacts): World {
  const x = new World();
  for (const c of w.countries) {
    x.member('m1', { country: c.country, ...(c.validFrom ? { validFrom: c.validFrom } : {}), ...(w.birthDate ? { birthDate: w.birthDate } : {}), ...(w.school !== undefined ? { inSecondarySchool: w.school } : {}), ...(w.closedAt ? { closedAt: w.closedAt } : {}) });
  }
  x.item('i1', { createdAt: w.createdAt, kind: w.kind, visibility: w.visibility, ...(w.deletedAt ? { deletedAt: w.deletedAt } : {}) });
  for (const o of w.ops) applyOp(x, o);
  return x;
}
function applyOp(x: World, o: Op): void {
  if (o.kind === 'notice') x.notice('m1', o.at, o.version);
  else x.consent('m1', o.at, o.purpose, o.method === 'objection-form' || o.method === 'gpc' ? 'deny' : o.choice, o.method);
}

describe('decide: properties', () => {
  it('an event after T never changes a decision as of T', () => {
    fc.assert(fc.property(world, time, fc.array(op, { minLength: 1, maxLength: 4 }), (w, asOf, later) => {
      fc.pre(w.createdAt <= asOf);
      const x = build(w);
      const before = x.decide('i1', asOf);
      for (const o of later) {
        const at = new Date(Math.min(T1 + 86_400_000 * 400, Date.parse(asOf) + 1 + (Date.parse(o.at) - T0))).toISOString();
        applyOp(x, { ...o, at });
      }
      expect(x.decide('i1', asOf)).toEqual(before);
    }), { numRuns: 300 });
  });

  it('the primary reason is the first that applies, all in precedence order, none twice', () => {
    fc.assert(fc.property(world, time, (w, asOf) => {
      fc.pre(w.createdAt <= asOf);
      const d = build(w).decide('i1', asOf);
      const order = d.reasons.map((r) => REASONS.indexOf(r));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(d.reasons).size).toBe(d.reasons.length);
      expect(d.reason).toBe(d.reasons[0] ?? null);
      expect(d.included).toBe(d.reasons.length === 0);
    }), { numRuns: 300 });
  });

  it('GPC events decide nothing unless the policy honours them', () => {
    fc.assert(fc.property(world, time, (w, asOf) => {
      fc.pre(w.createdAt <= asOf);
      const x = build(w);
      const without = build({ ...w, ops: w.ops.filter((o) => o.kind === 'notice' || o.method !== 'gpc') });
      // seqs differ once gpc events are dropped, so compare reasons only.
      expect(x.decide('i1', asOf).reasons).toEqual(without.decide('i1', asOf).reasons);
    }), { numRuns: 200 });
  });
});
