/**
 * @module Test support: a `World` (the in-memory platform of `src/test-support/world.ts`) loaded into
 * DuckDB the way a build loads a store, so that the compiled SQL and `decide` can be compared item
 * by item on the same facts.
 */
import type { ConsentEntry, NoticeEntry } from '../../ledger/entry.js';
import { compileDecision } from '../../policy/compile/compile-decision.js';
import { CONTENT, CONTENT_COLUMNS, VERSIONS } from '../../policy/compile/relations.js';
import type { World } from '../../test-support/world.js';
import { ColumnAppender } from '../engine/column-appender.js';
import type { Duck } from '../engine/duck.js';
import { loadGroupRows } from '../source/group-rows.js';
import { loadStandings, type StandingsLoaded } from '../standings/load-standings.js';
import type { PersonFacts } from '../standings/persons.js';

/** The world's people as the store would stream them: members and ledger subjects, sorted by id. */
export function worldPersons(w: World): PersonFacts[] {
  const ids = new Set<string>([...w.members.keys(), ...w.ledger.map((e) => e.subject)]);
  return [...ids].sort().map((id) => ({
    id,
    rows: w.members.get(id),
    events: w.ledger.filter((e): e is ConsentEntry => e.kind === 'consent' && e.subject === id),
    notices: w.ledger.filter((e): e is NoticeEntry => e.kind === 'notice' && e.subject === id),
  }));
}

export async function loadWorld(duck: Duck, w: World, asOf: number): Promise<StandingsLoaded> {
  await duck.run(`CREATE OR REPLACE TABLE ${CONTENT} (${CONTENT_COLUMNS})`);
  const content = await ColumnAppender.create(duck, CONTENT, ['bigint', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'bigint', 'varchar', 'bigint']);
  let ord = 0;
  for (const rows of w.items.values()) {
    for (const c of rows) content.push([++ord, c.id, c.memberId, c.kind, c.visibility, c.groupId ?? null, c.createdAt, c.deletedAt ?? null, c.text, c.validFrom ?? null]);
  }
  content.close();
  await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS SELECT id, ord, valid_from FROM ${CONTENT}`);
  await loadGroupRows(duck, w.groups.values());
  async function* people(): AsyncIterable<PersonFacts[]> {
    yield worldPersons(w);
  }
  return loadStandings(duck, people(), w.policy, asOf);
}

/** The compiled decision's mask per considered item id. */
export async function sqlMasks(duck: Duck, w: World, asOf: number): Promise<Map<string, number>> {
  await loadWorld(duck, w, asOf);
  const rows = await duck.rows(compileDecision(w.policy, { asOf }));
  return new Map(rows.map((r) => [r[1] as string, Number(r[3])]));
}
