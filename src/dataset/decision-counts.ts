/** @module Counts of a build from the decision table: considered, included, excluded by primary reason. */
import { primaryReason } from '../decision/reasons.js';
import type { BuildSql } from './build-sql.js';
import type { Duck } from './engine/duck.js';
import { zeroExcluded, type DatasetCounts } from './output/manifest.js';

export async function countsOf(duck: Duck, sql: BuildSql): Promise<DatasetCounts> {
  const counts: DatasetCounts = { considered: 0, included: 0, excluded: zeroExcluded() };
  for (const [maskValue, n] of await duck.rows(sql.counts)) {
    const mask = Number(maskValue);
    const count = Number(n);
    counts.considered += count;
    const reason = primaryReason(mask);
    if (reason === null) counts.included += count;
    else counts.excluded[reason] += count;
  }
  return counts;
}
