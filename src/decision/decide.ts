/**
 * `decide(item, asOf)` (spec §4): whether an item may be used for the policy's purpose at a moment,
 * every reason that applies in precedence order, and the ledger entries that decided. Pure: the
 * caller hands in the facts (rows and ledger entries); nothing here reads a store.
 */
import { ACCOUNT_DATA_KINDS, type ContentItem, type Group, type Member } from '../domain/entities.js';
import { ConsentgateError } from '../domain/issues.js';
import { formatTime, type Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import { publicEntry, type ConsentEntry, type LedgerEntry, type NoticeEntry } from '../ledger/entry.js';
import type { Policy } from '../policy/policy.js';
import { primaryReason, REASON_BIT, reasonsOf, type Reason } from './reasons.js';
import { minorForItem, standingOf, type Standing } from './standing.js';

export interface DecisionFacts {
  /** The item's rows in write order. */
  item: readonly ContentItem[];
  /** The author's rows in write order (undefined: unknown member). */
  member: readonly Member[] | undefined;
  /** Rows of groups by id; only the item's group is looked up. */
  groups: ReadonlyMap<string, readonly Group[]>;
  /** The author's consent events (as subject), any order. */
  events: readonly ConsentEntry[];
  /** Notices served to the author. */
  notices: readonly NoticeEntry[];
}

export interface Decision {
  id: string;
  asOf: string;
  included: boolean;
  reason: Reason | null;
  reasons: Reason[];
  decidedBy: Record<string, unknown>[];
}

export function decide(facts: DecisionFacts, policy: Policy, asOf: Millis): Decision {
  const item = rowAsOf(facts.item, asOf);
  if (item === undefined) throw new ConsentgateError('no-item', 'the item has no rows');
  if (item.createdAt > asOf) {
    throw new ConsentgateError('not-yet-created', [{ field: 'asOf', message: `item ${item.id} is not yet created as of ${formatTime(asOf)}`, expected: `a time at or after ${formatTime(item.createdAt)}`, received: formatTime(asOf) }]);
  }
  const standing = standingOf({ member: facts.member, events: facts.events, notices: facts.notices }, policy, asOf);
  const mask = itemMask(item, facts.groups, standing, policy, asOf);
  return decisionOf(item.id, asOf, mask, standing);
}

/** Every reason that applies to the item, as a bit mask in precedence order (see `reasons.ts`). */
export function itemMask(item: ContentItem, groups: ReadonlyMap<string, readonly Group[]>, standing: Standing, policy: Policy, asOf: Millis): number {
  let mask = standing.mask & ~REASON_BIT.minor;
  if (item.deletedAt !== undefined && item.deletedAt <= asOf) mask |= REASON_BIT.deleted;
  if (!policy.kinds.has(item.kind)) mask |= REASON_BIT['kind-excluded'];
  if (!ACCOUNT_DATA_KINDS.has(item.kind) && !policy.visibility.has(item.visibility)) mask |= REASON_BIT['not-public'];
  if (item.groupId !== undefined) {
    const rows = groups.get(item.groupId);
    const category = rows ? rowAsOf(rows, asOf)?.category : undefined;
    if (category !== undefined && policy.excludeGroupCategories.has(category)) mask |= REASON_BIT['sensitive-group'];
  }
  const region = standing.region;
  if (region?.contentNotBefore !== undefined && item.createdAt < region.contentNotBefore) mask |= REASON_BIT['before-cutoff'];
  if (minorForItem(standing, item.createdAt)) mask |= REASON_BIT.minor;
  return mask;
}

export function decisionOf(id: string, asOf: Millis, mask: number, standing: Standing): Decision {
  const decidedBy: LedgerEntry[] = [];
  if (standing.decidingEvent) decidedBy.push(standing.decidingEvent);
  if (standing.region?.requireNotice && standing.notice) decidedBy.push(standing.notice);
  return {
    id,
    asOf: formatTime(asOf),
    included: mask === 0,
    reason: primaryReason(mask),
    reasons: reasonsOf(mask),
    decidedBy: decidedBy.map(publicEntry),
  };
}
