/** @module Group rows, every version, as `cg_group_rows` (few: the as-of rule runs in SQL). */
import type { Group } from '../../domain/entities.js';
import { GROUP_ROWS, GROUP_ROWS_COLUMNS } from '../../policy/compile/relations.js';
import { ColumnAppender } from '../engine/column-appender.js';
import type { Duck } from '../engine/duck.js';

/** `groups`: each group's rows in write order (as `Store.allGroupRows()` yields them). */
export async function loadGroupRows(duck: Duck, groups: AsyncIterable<readonly Group[]> | Iterable<readonly Group[]>): Promise<number> {
  await duck.run(`CREATE OR REPLACE TABLE ${GROUP_ROWS} (${GROUP_ROWS_COLUMNS})`);
  const appender = await ColumnAppender.create(duck, GROUP_ROWS, ['bigint', 'varchar', 'bigint', 'varchar']);
  try {
    // Row index within a group = write order, which is all the tie rule needs.
    for await (const rows of groups) rows.forEach((g, i) => appender.push([i, g.id, g.validFrom ?? null, g.category ?? null]));
  } finally {
    appender.close();
  }
  return appender.rows;
}
