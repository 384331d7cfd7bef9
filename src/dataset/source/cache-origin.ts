/**
 * @module The store side of the content cache (`content-cache.ts`): what a backend provides so that
 * its content rows can be copied into Parquet segments and checked against them later.
 */
import { createHash } from 'node:crypto';
import { CONTENT_COLUMNS } from '../../policy/compile/relations.js';
import type { Duck } from '../engine/duck.js';

/**
 * Rows are the store's content rows with their `ord`, in the `CONTENT_COLUMNS` order; `rowAt`
 * returns one as the store holds it (only hashed, for the checks).
 */
export interface CacheOrigin {
  /** Names the store without revealing its secret (`storeIdentity`). */
  readonly identity: string;
  /** How many rows lie above `afterOrd`, and the highest `ord` there is (0 when none). */
  pending(afterOrd: number): Promise<{ rows: number; maxOrd: number }>;
  rowAt(ord: number): Promise<readonly unknown[] | undefined>;
  /**
   * Copies the rows with `afterOrd < ord <= throughOrd` into the DuckDB table `staged`
   * (`CONTENT_COLUMNS`, created empty) with no value of the content passing through JavaScript one
   * by one; `dir` is for scratch files. Returns how many rows it copied.
   */
  stage(duck: Duck, dir: string, afterOrd: number, throughOrd: number, onProgress?: (done: number) => void): Promise<number>;
}

/** Names the store without revealing its secret. */
export function storeIdentity(secret: Buffer): string {
  return createHash('sha256').update('consentgate content cache\0').update(secret).digest('hex').slice(0, 32);
}

/** The content columns as `read_json` and `read_csv` take them. */
export const JSON_COLUMNS = `{${CONTENT_COLUMNS.split(', ').map((c) => { const [name, type] = c.split(' '); return `'${name}': '${type}'`; }).join(', ')}}`;
