/**
 * Decisions over many items in one pass (pure): the item rules of `itemMask` applied to each item's
 * row in force, combined with the author's standing from a `StandingTable`. Gives the same reasons
 * as `decide` (a property test holds them together) at a fraction of the cost per item.
 */
import { ACCOUNT_DATA_KINDS, CONTENT_KINDS, VISIBILITIES, type ContentItem, type Group } from '../domain/entities.js';
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

/**
 * Items as columns, one index per item (its row in force as of the moment), so that decisions over
 * millions of items make no object per item: a reader fills them from a columnar source.
 */
export interface ItemColumns {
  length: number;
  /** The author's slot in the `StandingTable`, -1 for an unknown author. */
  slot: Int32Array;
  createdAt: Float64Array;
  /** NaN where the item has no `deletedAt`. */
  deletedAt: Float64Array;
  /** Index in `CONTENT_KINDS`, -1 for any other value. */
  kind: Int32Array;
  /** Index in `VISIBILITIES`, -1 for any other value. */
  visibility: Int32Array;
  /** 1 where the item's group has, as of the moment, a category the policy excludes. */
  sensitive: Uint8Array;
}

/** The item rules' bits per kind and visibility code (offset by one: code -1 is index 0). */
export function itemRuleBits(policy: Policy): { kind: Int32Array; visibility: Int32Array } {
  const kind = new Int32Array(CONTENT_KINDS.length + 1);
  const visibility = new Int32Array((CONTENT_KINDS.length + 1) * (VISIBILITIES.length + 1));
  for (let k = -1; k < CONTENT_KINDS.length; k++) {
    const name = k < 0 ? undefined : CONTENT_KINDS[k]!;
    if (name === undefined || !policy.kinds.has(name)) kind[k + 1] = REASON_BIT['kind-excluded'];
    for (let v = -1; v < VISIBILITIES.length; v++) {
      const vis = v < 0 ? undefined : VISIBILITIES[v]!;
      const account = name !== undefined && ACCOUNT_DATA_KINDS.has(name);
      if (!account && (vis === undefined || !policy.visibility.has(vis))) visibility[(k + 1) * (VISIBILITIES.length + 1) + v + 1] = REASON_BIT['not-public'];
    }
  }
  return { kind, visibility };
}

/** `bulkItemMask` over columns: `out[i]` is item i's reason mask, or -1 when it is not yet created. */
export function bulkMasks(items: ItemColumns, table: StandingTable, bits: ReturnType<typeof itemRuleBits>, asOf: Millis, out: Int32Array): void {
  const V = VISIBILITIES.length + 1;
  const sensitive = REASON_BIT['sensitive-group'];
  const deleted = REASON_BIT.deleted;
  for (let i = 0; i < items.length; i++) {
    const createdAt = items.createdAt[i]!;
    if (createdAt > asOf) {
      out[i] = -1;
      continue;
    }
    const k = items.kind[i]! + 1;
    let mask = table.authorMask(items.slot[i]!, createdAt) | bits.kind[k]! | bits.visibility[k * V + items.visibility[i]! + 1]!;
    if (items.deletedAt[i]! <= asOf) mask |= deleted;
    if (items.sensitive[i] === 1) mask |= sensitive;
    out[i] = mask;
  }
}

/** Counts a batch of masks (see `countDecision`). */
export function countMasks(counts: DecisionCounts, masks: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) countDecision(counts, masks[i]!);
}
