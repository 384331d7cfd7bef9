/**
 * The consent state of every subject as of a moment, in one SQL pass (spec §4 "Consent as of T"):
 * per subject, the latest event with `at <= T` whose purpose is P, or an ancestor of P when it is a
 * deny; at the same `at` the greater `seq`; `gpc` events only where the policy honours GPC. The
 * same rule as `decidingEvent` (decision/consent-state.ts), which a property test holds it to.
 *
 * For bulk work on PostgreSQL (a dashboard of opt-outs, a build's standings) where streaming every
 * entry to the process would cost more than the query. Subjects without a deciding event are not
 * returned: their region's default decides.
 */
import type { Choice, Method } from '../../domain/entities.js';
import { lineage } from '../../domain/purpose.js';
import type { ConsentQuery } from '../../decision/consent-state.js';
import type { PostgresStore } from './postgres-store.js';

export interface DecidingEventRow {
  subject: string;
  seq: number;
  at: number;
  choice: Choice;
  method: Method;
}

export const CONSENT_STATE_SQL = `
  SELECT DISTINCT ON (subject) subject, seq, at, choice, method
  FROM ledger
  WHERE kind = 'consent' AND at <= $1
    AND (purpose = $2 OR (choice = 'deny' AND purpose = ANY($3::text[])))
    AND ($4::boolean OR method <> 'gpc')
  ORDER BY subject, at DESC, seq DESC`;

/** Streams the deciding event of every subject that has one, in subject order, in batches. */
export function consentStates(store: PostgresStore, q: ConsentQuery, batch = 50_000): AsyncIterable<DecidingEventRow[]> {
  const ancestors = lineage(q.purpose).slice(1);
  return store.stream<DecidingEventRow>(CONSENT_STATE_SQL, [q.asOf, q.purpose, ancestors, q.honorGpc], batch);
}
