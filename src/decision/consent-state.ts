/**
 * Consent as of T for a purpose P (spec §4): among the subject's events with `at <= T` whose purpose
 * is P or an ancestor of P (an ancestor's only when it is a deny), the latest decides; at the same
 * `at`, the greater `seq`. `gpc` events take part only where the policy honours GPC.
 */
import { lineage, type Purpose } from '../domain/purpose.js';
import type { Millis } from '../domain/time.js';
import type { ConsentEntry } from '../ledger/entry.js';

export interface ConsentQuery {
  purpose: Purpose;
  asOf: Millis;
  honorGpc: boolean;
}

/** Generic over what is read, so that a bulk pass may hand over entries with only these fields. */
export function decidingEvent<E extends Pick<ConsentEntry, 'seq' | 'at' | 'purpose' | 'choice' | 'method'>>(events: Iterable<E>, q: ConsentQuery): E | undefined {
  const scope = lineage(q.purpose);
  let best: E | undefined;
  for (const e of events) {
    if (e.at > q.asOf) continue;
    if (e.method === 'gpc' && !q.honorGpc) continue;
    if (e.purpose !== q.purpose) {
      if (e.choice !== 'deny' || !scope.includes(e.purpose)) continue;
    }
    if (best === undefined || e.at > best.at || (e.at === best.at && e.seq > best.seq)) best = e;
  }
  return best;
}

/** Where a member's consent for one purpose comes from: an event, or the regional default. */
export interface ConsentSource {
  purpose: Purpose;
  choice: 'allow' | 'deny';
  source: 'event' | 'default';
  event?: ConsentEntry;
}

export function consentFor(events: readonly ConsentEntry[], q: ConsentQuery, regionDefault: 'allow' | 'deny'): ConsentSource {
  const event = decidingEvent(events, q);
  if (event) return { purpose: q.purpose, choice: event.choice, source: 'event', event };
  return { purpose: q.purpose, choice: regionDefault, source: 'default' };
}
