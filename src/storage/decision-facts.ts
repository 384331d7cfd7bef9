/** Gathers from a store the facts `decide` needs for one item (the adapter around the pure core). */
import type { Group } from '../domain/entities.js';
import type { DecisionFacts } from '../decision/decide.js';
import type { Store } from './store.js';

export async function loadDecisionFacts(store: Store, itemId: string): Promise<DecisionFacts | undefined> {
  const item = await store.itemRows(itemId);
  if (item.length === 0) return undefined;
  const memberId = item[0]!.memberId;
  const groups = new Map<string, Group[]>();
  for (const groupId of new Set(item.flatMap((r) => (r.groupId === undefined ? [] : [r.groupId])))) {
    groups.set(groupId, await store.groupRows(groupId));
  }
  const member = await store.memberRows(memberId);
  const ledger = await store.subjectLedger(memberId);
  return { item, member: member.length > 0 ? member : undefined, groups, events: ledger.events, notices: ledger.notices };
}
