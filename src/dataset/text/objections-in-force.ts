/**
 * @module The objections in force as of the build's moment (spec §4 step 2: whatever their purpose, in
 * ledger order, up to the head the build reads), compiled once into the suppressor that applies them.
 */
import type { LedgerHead } from '../../ledger/entry.js';
import type { Millis } from '../../domain/time.js';
import { compileObjections, type ObjectionIdentifiersInput, type Suppressor } from '../../redact/index.js';
import type { Store } from '../../storage/store.js';

export interface ObjectionsInForce {
  /** Identifiers of the objections that still keep them, in ledger order. */
  list: ObjectionIdentifiersInput[];
  suppressor: Suppressor;
  /** Objections in force, identifiers kept or not. */
  count: number;
}

export async function objectionsInForce(store: Store, asOf: Millis, head: LedgerHead): Promise<ObjectionsInForce> {
  const list: ObjectionIdentifiersInput[] = [];
  let count = 0;
  for (const o of await store.objections(asOf)) {
    if (o.entry.seq > head.seq) continue;
    count++;
    // Identifiers erased: the objection still stands in the ledger, but redacts nothing any more.
    if (o.identifiers !== undefined) list.push(o.identifiers);
  }
  return { list, suppressor: compileObjections(list), count };
}
