/**
 * Bulk writes and reads through COPY (pg-copy-streams): one round trip per batch instead of one per
 * row, which is what makes imports fast. Text format; values are escaped here, so no value ever
 * reaches SQL text (the table and column names are the backend's own constants).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { PgValue } from './postgres-rows.js';

// pg-copy-streams is CommonJS; its named exports come through the default export under ESM.
const { from: copyFrom, to: copyTo } = copyStreams;

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY's text format (`\N` is NULL). */
export function copyField(v: PgValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

export function copyLine(values: readonly PgValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyField(values[i]!);
  return `${line}\n`;
}

/** Writes COPY text (lines already escaped, see `copyField`) into `table (columns)`, in one statement. */
export async function copyText(client: pg.ClientBase, table: string, columns: readonly string[], text: string): Promise<void> {
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

/** Parses one line of COPY text format back into values (NULL → null; everything else text). */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((f) => (f === '\\N' ? null : f.includes('\\') ? unescapeField(f) : f));
}

function unescapeField(f: string): string {
  return f.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c));
}
