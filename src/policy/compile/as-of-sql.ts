/**
 * @module The versioned-row rule of spec §2 in SQL. The row in force at T is the one with the greatest
 * `validFrom <= T` (absent = the beginning of time), the later row on ties; where every row starts
 * after T, the earliest (again the later on ties). Both cases are one ordering, greatest first:
 * (in force?, in force ? validFrom : -validFrom, ord).
 */
import { sqlInt } from './sql-literals.js';

/** BIGINT minimum: an absent `validFrom` sorts before every real one. */
export const BEGINNING = '(-9223372036854775807 - 1)';

/** The ordering key (a BIGINT list, compared element by element); the greatest is the row in force at `t`. */
export function inForceKey(t: string, alias = ''): string {
  const p = alias === '' ? '' : `${alias}.`;
  const from = `coalesce(${p}valid_from, ${BEGINNING})`;
  return `[CAST(${from} <= ${t} AS BIGINT), CASE WHEN ${from} <= ${t} THEN ${from} ELSE -${p}valid_from END, ${p}ord]`;
}

/** The same ordering for a window: `ORDER BY <this>` puts the row in force at `t` first. */
export function inForceOrder(t: string): string {
  const from = `coalesce(valid_from, ${BEGINNING})`;
  return `(${from} <= ${t}) DESC, CASE WHEN ${from} <= ${t} THEN ${from} ELSE -valid_from END DESC, ord DESC`;
}

export function timeLiteral(t: number): string {
  return sqlInt(t);
}
