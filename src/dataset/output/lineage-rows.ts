/**
 * @module Lineage of a build: the included ids per member, written by DuckDB while the data file is
 * written (`string_agg`, one line per member: the member id, then its item ids, tab-separated) to a
 * scratch file beside the output, then read back and handed to `recordDataset` in batches. A file,
 * not a result set: turning DuckDB values into JavaScript strings one by one costs ~3 µs a value,
 * the export and a read of the bytes far less. Ids never hold a tab or a line break (spec §2).
 */
import type { MemberItems } from '../../storage/store.js';
import type { BuildSql } from '../build-sql.js';
import type { Duck } from '../engine/duck.js';
import { forEachLine } from '../merkle/id-sources.js';

const BATCH = 4096;
const decoder = new TextDecoder();

/** Writes the lineage file (`sql.lineage`) on its own connection, beside the data file. */
export async function collectLineage(side: Duck, sql: BuildSql): Promise<void> {
  await side.run(sql.lineage);
}

/** The lineage file as batches of members with their included items. */
export async function* lineageBatches(path: string): AsyncIterable<MemberItems[]> {
  let lines: string[] = [];
  const full: string[][] = [];
  // forEachLine is callback-driven; batches are handed out between its reads.
  const reading = forEachLine(path, (buf, start, end) => {
    lines.push(decoder.decode(buf.subarray(start, end)));
    if (lines.length === BATCH) {
      full.push(lines);
      lines = [];
    }
  });
  await reading;
  for (const batch of full) yield batch.map(toMemberItems);
  if (lines.length > 0) yield lines.map(toMemberItems);
}

function toMemberItems(line: string): MemberItems {
  const parts = line.split('\t');
  return { memberId: parts[0]!, itemIds: parts.slice(1) };
}
