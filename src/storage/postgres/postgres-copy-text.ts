/**
 * COPY's text format (pure: no connection, no streams), so that import's parsing worker can write
 * rows without loading the client. `\N` is NULL; backslash, newline, carriage return and tab are
 * escaped; everything else goes as it is.
 */
import type { PgValue } from './postgres-rows.js';

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

/** Parses one line of COPY text format back into values (NULL → null; everything else text). */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((f) => (f === '\\N' ? null : f.includes('\\') ? unescapeField(f) : f));
}

function unescapeField(f: string): string {
  return f.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c));
}
