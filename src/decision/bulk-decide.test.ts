import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS, VISIBILITIES, type ContentItem } from '../domain/entities.js';
import { formatTime } from '../domain/time.js';
import type { ConsentEntry, NoticeEntry } from '../ledger/entry.js';
import { policyWith, t, World } from '../test-support/world.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import { bulkItemMask, bulkMasks, groupCategories, itemRuleBits, type ItemColumns } from './bulk-decide.js';
import { reasonsOf } from './reasons.js';
import { StandingTable } from './standing-table.js';

const time = fc.integer({ min: t('2023-01-01'), max: t('2026-12-31') }).map(formatTime);

/** Builds a random small platform: members with versions, groups, items with versions, events. */
const platform = fc.record({
  members: fc.array(fc.record({
    rows: fc.array(fc.record({
      country: fc.constantFrom('NL', 'GB', 'CA', 'CN', 'US'), validFrom: fc.option(time, { nil: undefined }),
      birthDate: fc.option(fc.constantFrom('2008-02-29', '2007-11-03', '1990-01-01', '2012-06-01'), { nil: undefined }),
      school: fc.option(fc.boolean(), { nil: undefined }), closedAt: fc.option(time, { nil: undefined }),
    }), { minLength: 1, maxLength: 3 }),
    ops: fc.array(fc.record({ notice: fc.boolean(), at: time, purpose: fc.constantFrom('train-ai', 'train-genai', 'train-personalization'), choice: fc.constantFrom('allow', 'deny'), method: fc.constantFrom('setting', 'objection-form', 'gpc', 'api'), version: fc.constantFrom('eu-2025-11', 'uk-2025-11', 'intl-2025-11') }), { maxLength: 5 }),
  }), { minLength: 1, maxLength: 4 }),
  groups: fc.array(fc.record({ category: fc.constantFrom('health', 'alumni', 'religion'), validFrom: fc.option(time, { nil: undefined }) }), { maxLength: 3 }),
  items: fc.array(fc.record({
    member: fc.nat(), group: fc.option(fc.nat(), { nil: undefined }), createdAt: time,
    rows: fc.array(fc.record({ kind: fc.constantFrom(...CONTENT_KINDS), visibility: fc.constantFrom(...VISIBILITIES), deletedAt: fc.option(time, { nil: undefined }), validFrom: fc.option(time, { nil: undefined }) }), { minLength: 1, maxLength: 2 }),
  }), { minLength: 1, maxLength: 6 }),
  honorGpc: fc.boolean(),
  cutoff: fc.option(time, { nil: undefined }),
});

describe('bulk decisions agree with decide', () => {
  it('for every item of generated platforms', () => {
    fc.assert(fc.property(platform, time, (p, asOf) => {
      let policy = policyWith((y) => y.replace('honorGpc: false', `honorGpc: ${p.honorGpc}`));
      if (p.cutoff) policy = policyWith((y) => y.replace('honorGpc: false', `honorGpc: ${p.honorGpc}`).replace('    effectiveFrom: 2024-09-18', `    effectiveFrom: 2024-09-18\n    contentNotBefore: ${p.cutoff}`));
      const w = new World(policy);
      p.members.forEach((m, i) => {
        for (const r of m.rows) w.member(`m${i}`, { country: r.country, ...(r.validFrom ? { validFrom: r.validFrom } : {}), ...(r.birthDate ? { birthDate: r.birthDate } : {}), ...(r.school !== undefined ? { inSecondarySchool: r.school } : {}), ...(r.closedAt ? { closedAt: r.closedAt } : {}) });
        for (const o of m.ops) {
          if (o.notice) w.notice(`m${i}`, o.at, o.version);
          else w.consent(`m${i}`, o.at, o.purpose as 'train-ai', o.method === 'objection-form' || o.method === 'gpc' ? 'deny' : o.choice as 'allow', o.method as 'setting');
        }
      });
      p.groups.forEach((g, i) => w.group(`g${i}`, g.category, g.validFrom));
      p.items.forEach((it, i) => {
        for (const r of it.rows) {
          w.item(`i${i}`, { memberId: `m${it.member % (p.members.length + 1)}`, createdAt: it.createdAt, kind: r.kind, visibility: r.visibility,
            ...(it.group !== undefined && p.groups.length > 0 ? { groupId: `g${it.group % p.groups.length}` } : {}),
            ...(r.deletedAt ? { deletedAt: r.deletedAt } : {}), ...(r.validFrom ? { validFrom: r.validFrom } : {}) });
        }
      });
      const at = t(asOf);
      const table = new StandingTable(policy, at);
      for (const [id, rows] of w.members) {
        const mine = w.ledger.filter((e) => e.subject === id);
        table.add(id, rows, mine.filter((e): e is ConsentEntry => e.kind === 'consent'), mine.filter((e): e is NoticeEntry => e.kind === 'notice'));
      }
      const categories = groupCategories(w.groups.values(), at);
      const masks: number[] = [];
      for (const [id, rows] of w.items) {
        const mask = bulkItemMask(rows, table, categories, policy, at);
        masks.push(mask);
        const createdAt = rows[0]!.createdAt;
        if (createdAt > at) { expect(mask).toBe(-1); continue; }
        expect(reasonsOf(mask)).toEqual(w.decide(id, asOf).reasons);
      }
      // The columnar form gives the same masks, item by item.
      const cols = columnsOf([...w.items.values()], (m) => table.slot(m), categories, policy, at);
      const out = new Int32Array(cols.length);
      bulkMasks(cols, table, itemRuleBits(policy), at, out);
      expect([...out]).toEqual(masks);
    }), { numRuns: 400 });
  });
});

/** Items as columns the way a columnar reader fills them: the row in force, codes for kind and visibility. */
function columnsOf(items: readonly (readonly ContentItem[])[], slot: (m: string) => number, categories: ReadonlyMap<string, string>, policy: ReturnType<typeof policyWith>, at: number): ItemColumns {
  const n = items.length;
  const cols: ItemColumns = { length: n, slot: new Int32Array(n), createdAt: new Float64Array(n), deletedAt: new Float64Array(n), kind: new Int32Array(n), visibility: new Int32Array(n), sensitive: new Uint8Array(n) };
  items.forEach((rows, i) => {
    const it = rowAsOf(rows, at)!;
    cols.slot[i] = slot(it.memberId);
    cols.createdAt[i] = it.createdAt;
    cols.deletedAt[i] = it.deletedAt ?? Number.NaN;
    cols.kind[i] = (CONTENT_KINDS as readonly string[]).indexOf(it.kind);
    cols.visibility[i] = (VISIBILITIES as readonly string[]).indexOf(it.visibility);
    const category = it.groupId === undefined ? undefined : categories.get(it.groupId);
    cols.sensitive[i] = category !== undefined && policy.excludeGroupCategories.has(category) ? 1 : 0;
  });
  return cols;
}
