/** @module SQL literals for compiled policies: every value the policy brings is quoted here, nowhere else. */

/** A string literal: single quotes doubled, so policy text (a group category, a kind) cannot end it. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot be written into SQL');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A BIGINT literal for an epoch-millisecond time or a count. */
export function sqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

/**
 * `expr IN ('a', 'b')`, sorted so that equal sets give equal SQL; an empty set is `FALSE` (SQL has
 * no empty IN list).
 */
export function sqlIn(expr: string, values: Iterable<string>): string {
  const list = [...new Set(values)].sort();
  return list.length === 0 ? 'FALSE' : `${expr} IN (${list.map(sqlString).join(', ')})`;
}

/** `expr NOT IN (…)`; an empty set is `TRUE`. */
export function sqlNotIn(expr: string, values: Iterable<string>): string {
  const list = [...new Set(values)].sort();
  return list.length === 0 ? 'TRUE' : `${expr} NOT IN (${list.map(sqlString).join(', ')})`;
}

/** A `--` comment line; line breaks in the text would end it early, so they are folded. */
export function sqlComment(text: string): string {
  return `-- ${text.replace(/[\r\n]+/g, ' ')}`;
}
