/**
 * Bulk writes and reads through COPY (pg-copy-streams): one round trip per batch instead of one per
 * row, which is what makes imports fast. Text format; values are escaped (`postgres-copy-text.ts`), so no
 * value ever reaches SQL text (the table and column names are the backend's own constants).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyLine } from './postgres-copy-text.js';
import type { PgValue } from './postgres-rows.js';

export { copyField, copyLine, parseCopyLine } from './postgres-copy-text.js';

// pg-copy-streams is CommonJS; its named exports come through the default export under ESM.
const { from: copyFrom, to: copyTo } = copyStreams;

/** Writes COPY text (lines already escaped, see `copyField`) into `table (columns)`, in one statement. */
export async function copyText(client: pg.ClientBase, table: string, columns: readonly string[], text: string | Uint8Array): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    sink.on('error', reject);
    sink.on('finish', resolve);
    sink.end(text);
  });
}

/** Writes rows into `table (columns)` with COPY FROM STDIN, in one statement. */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly PgValue[]> | AsyncIterable<readonly PgValue[]>): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(rows)), sink);
}

async function* chunks(rows: Iterable<readonly PgValue[]> | AsyncIterable<readonly PgValue[]>): AsyncIterable<string> {
  // Join rows into ~256 KiB chunks: a stream write per row would cost more than the row.
  let buf = '';
  for await (const r of rows) {
    buf += copyLine(r);
    if (buf.length >= 1 << 18) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}

/** Streams the output of `COPY (query) TO STDOUT` (any format) into `out`. */
export async function copyOut(client: pg.ClientBase, copySql: string, out: Writable): Promise<void> {
  const source = client.query(copyTo(copySql));
  await pipeline(source, out);
}
