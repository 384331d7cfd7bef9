/**
 * @module Lineage of a build: the included ids per member, read from the decision table while the data
 * file is written (DuckDB's `string_agg`, one row per member), then handed to `recordDataset` in
 * batches. The stores sort each member's ids themselves.
 */
import type { MemberItems } from '../../storage/store.js';
import type { BuildSql } from '../build-sql.js';
import type { Duck } from '../engine/duck.js';

/** Lineage rows collected while the data file is written, split into batches when recorded. */
export async function collectLineage(side: Duck, sql: BuildSql): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const chunk of side.chunks(sql.lineage)) {
    const members = chunk.getColumnValues(0) as string[];
    const ids = chunk.getColumnValues(1) as string[];
    for (let i = 0; i < members.length; i++) out.push([members[i]!, ids[i]!]);
  }
  return out;
}

export async function* lineageBatches(rows: readonly [string, string][]): AsyncIterable<MemberItems[]> {
  for (let i = 0; i < rows.length; i += 4096) {
    yield rows.slice(i, i + 4096).map(([memberId, ids]) => ({ memberId, itemIds: ids.split('\n') }));
  }
}
