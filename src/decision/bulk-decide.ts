/**
 * Decisions over many items in one pass (pure): the item rules of `itemMask` applied to each item's
 * row in force, combined with the author's standing from a `StandingTable`. Gives the same reasons
 * as `decide` (a property test holds them together) at a fraction of the cost per item.
 */
import { ACCOUNT_DATA_KINDS, type ContentItem, type Group } from '../domain/entities.js';
import type { Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import type { Policy } from '../policy/policy.js';
import { REASON_BIT, REASONS } from './reasons.js';
import type { StandingTable } from './standing-table.js';

/** Categories of groups as of a moment, by group id. */
export function groupCategories(groups: Iterable<readonly Group[]>, asOf: Millis): Map<string, string> {
  const out = new Map<string, string>();
  for (const rows of groups) {
    const g = rowAsOf(rows, asOf);
    if (g?.category !== undefined) out.set(g.id, g.category);
  }
  return out;
}

/** The reason mask of one item (its rows in write order), or -1 when it is not yet created. */
export function bulkItemMask(rows: readonly ContentItem[], table: StandingTable, categories: ReadonlyMap<string, string>, policy: Policy, asOf: Millis): number {
  const item = rows.length === 1 ? rows[0]! : rowAsOf(rows, asOf)!;
  if (item.createdAt > asOf) return -1;
  let mask = table.authorMask(table.slot(item.memberId), item.createdAt);
  if (item.deletedAt !== undefined && item.deletedAt <= asOf) mask |= REASON_BIT.deleted;
  if (!policy.kinds.has(item.kind)) mask |= REASON_BIT['kind-excluded'];
  if (!ACCOUNT_DATA_KINDS.has(item.kind) && !policy.visibility.has(item.visibility)) mask |= REASON_BIT['not-public'];
  if (item.groupId !== undefined) {
    const category = categories.get(item.groupId);
    if (category !== undefined && policy.excludeGroupCategories.has(category)) mask |= REASON_BIT['sensitive-group'];
  }
  return mask;
}

/** Counts as a manifest holds them: considered, included, and excluded by primary reason. */
export interface DecisionCounts {
  considered: number;
  included: number;
  excluded: Record<(typeof REASONS)[number], number>;
}

export function emptyCounts(): DecisionCounts {
  return { considered: 0, included: 0, excluded: Object.fromEntries(REASONS.map((r) => [r, 0])) as DecisionCounts['excluded'] };
}

export function countDecision(counts: DecisionCounts, mask: number): void {
  if (mask < 0) return;
  counts.considered++;
  if (mask === 0) counts.included++;
  else counts.excluded[REASONS[31 - Math.clz32(mask & -mask)]!]++;
}
