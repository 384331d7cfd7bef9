/**
 * @module `ids.txt` (the included ids, sorted bytewise, one a line: the Merkle leaves) and the Merkle
 * root over it, and the check of the data file's order against it.
 */
import type { BuildSql } from '../build-sql.js';
import type { Duck } from '../engine/duck.js';
import { MerkleBuilder, readIds } from '../merkle/index.js';
import { idsRoot } from './ids-root.js';

/**
 * A data file written by a filtered scan (no ORDER BY) relies on DuckDB keeping the scan's order;
 * this checks the file against ids.txt before anything is published: Parquet row by row in DuckDB,
 * JSON Lines by the Merkle root of its ids in file order (which also refuses any id out of order).
 */
export async function checkDataOrder(duck: Duck, sql: BuildSql, format: 'jsonl' | 'parquet', path: string, root: string, rows: number): Promise<void> {
  if (format === 'parquet' && sql.orderCheck !== null) {
    const [n, misplaced] = ((await duck.rows(sql.orderCheck))[0] ?? []).map(Number);
    if (n !== rows || misplaced !== 0) throw new Error(`internal: the data file is not in id order (${misplaced} of ${n} rows out of place)`);
    return;
  }
  const tree = new MerkleBuilder();
  await readIds({ path, format: 'jsonl' }, (buf, start, end) => tree.addBytes(buf, start, end));
  if (tree.size !== rows || tree.rootHex() !== root) throw new Error('internal: the data file is not in id order (its ids do not give the Merkle root of ids.txt)');
}

/** ids.txt (sorted included ids, one a line) and the Merkle root over it (which refuses disorder), hashed off this thread. */
export async function writeIdsAndRoot(side: Duck, sql: BuildSql, path: string, expected: number): Promise<string> {
  await useIncluded(side, sql, expected);
  await side.run(sql.ids);
  const tree = await idsRoot(path);
  if (tree.size !== expected) throw new Error(`internal: ${tree.size} ids in ids.txt, ${expected} included`);
  return tree.rootHex;
}

/**
 * Sets the bitmap of included rows on `duck`'s connection (variables belong to a connection) and
 * checks it holds `expected` rows, so that a connection that somehow read another state of the
 * decision fails here, saying so, rather than writing a short file.
 */
export async function useIncluded(duck: Duck, sql: BuildSql, expected: number): Promise<void> {
  if (sql.useIncluded === null) return;
  const [set, count] = sql.useIncluded as [string, string];
  await duck.run(set);
  const n = Number((await duck.rows(count))[0]![0]);
  if (n !== expected) throw new Error(`internal: the bitmap of included rows holds ${n} rows on this connection, ${expected} decided included`);
}
