/**
 * @module The lineage file of a build: the included ids per member (read from the content by the
 * included `ord`s), written by DuckDB while the data file is written (`string_agg`, one line per
 * member: the member id, then its item ids, tab-separated) to a scratch file beside the output, and
 * read back in batches of members (see `concurrent-lineage.ts` for where they go). A file, not a
 * result set: turning DuckDB values into JavaScript strings one by one costs ~3 µs a value, the
 * export and one read of the bytes far less. Ids never hold a tab or a line break (spec §2:
 * `A-Za-z0-9._:-`).
 */
import type { MemberItems } from '../../storage/store.js';

const BATCH = 4096;

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
