/**
 * Versioned rows (spec §2): a record's rows, each the whole state from its `validFrom` on.
 * Rows are kept in write order (import, then line); `asOf` picks the row in force.
 */
import type { Millis } from './time.js';

export interface VersionedRow {
  validFrom?: Millis;
}

/**
 * The row in force at `t`: the greatest `validFrom <= t` (absent = the beginning of time), the later
 * row on ties; where every row starts after `t`, the earliest row (the later one on ties).
 * `rows` must be in write order.
 */
export function asOf<R extends VersionedRow>(rows: readonly R[], t: Millis): R | undefined {
  let best: R | undefined;
  let bestFrom = -Infinity;
  let earliest: R | undefined;
  let earliestFrom = Infinity;
  for (const row of rows) {
    const from = row.validFrom ?? -Infinity;
    if (from <= t && (best === undefined || from >= bestFrom)) {
      best = row;
      bestFrom = from;
    }
    if (earliest === undefined || from <= earliestFrom) {
      earliest = row;
      earliestFrom = from;
    }
  }
  return best ?? earliest;
}
