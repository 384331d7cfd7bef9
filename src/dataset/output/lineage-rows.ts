/**
 * @module Lineage of a build: the included ids per member (read from the content by the included
 * `ord`s), written by DuckDB while the data file is written (`string_agg`, one line per member: the member id, then its item ids, tab-separated) to a
 * scratch file beside the output, read back beside the write too, and handed to `recordDataset` in
 * batches at the end. A file, not a result set: turning DuckDB values into JavaScript strings one
 * by one costs ~3 µs a value, the export and one read of the bytes far less. Ids never hold a tab
 * or a line break (spec §2: `A-Za-z0-9._:-`).
 */
import { readFile } from 'node:fs/promises';
import type { MemberItems } from '../../storage/store.js';
import type { BuildSql } from '../build-sql.js';
import type { Duck } from '../engine/duck.js';
import { useIncluded } from './ids-file.js';

const BATCH = 4096;

/**
 * Writes the lineage file (`sql.lineage`, on its own connection) and reads it back, in batches;
 * refuses a file that does not hold exactly the `included` ids.
 */
export async function collectLineage(side: Duck, sql: BuildSql, path: string, included: number): Promise<MemberItems[][]> {
  await useIncluded(side, sql, included);
  await side.run(sql.lineage);
  const batches = await parseLineageYielding(await readFile(path, 'utf8'));
  const n = batches.reduce((sum, b) => b.reduce((s, m) => s + m.itemIds.length, sum), 0);
  if (n !== included) throw new Error(`internal: lineage lists ${n} items, ${included} included`);
  return batches;
}

export function parseLineage(text: string): MemberItems[][] {
  const batches: MemberItems[][] = [];
  for (const batch of lineageParts(text)) batches.push(batch);
  return batches;
}

/**
 * `parseLineage`, giving the event loop a turn after each batch. It runs while DuckDB writes the
 * data file, whose text transforms are JavaScript calls that only this thread can serve: parsing
 * a build's lineage in one go (seconds at ten million items) held them all up meanwhile.
 */
export async function parseLineageYielding(text: string): Promise<MemberItems[][]> {
  const batches: MemberItems[][] = [];
  for (const batch of lineageParts(text)) {
    batches.push(batch);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return batches;
}

function* lineageParts(text: string): Generator<MemberItems[]> {
  let batch: MemberItems[] = [];
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at) {
      const parts = text.slice(at, end).split('\t');
      const memberId = parts.shift()!;
      batch.push({ memberId, itemIds: parts });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    at = end + 1;
  }
  if (batch.length > 0) yield batch;
}

export async function* lineageBatches(batches: readonly MemberItems[][]): AsyncIterable<MemberItems[]> {
  yield* batches;
}
