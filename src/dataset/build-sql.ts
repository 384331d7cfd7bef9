/**
 * @module Every SQL statement of a build, as pure functions of the policy, the moment and the output
 * settings: the compiled decision (`src/policy/compile`), materialised once as `cg_decision` (narrow:
 * no text), then the statements that read it. `consentgate build --explain-sql` prints them.
 */
import type { Millis } from '../domain/time.js';
import { compileItemRules, compilePersonRules } from '../policy/compile/compile-decision.js';
import { CONTENT } from '../policy/compile/relations.js';
import type { Policy } from '../policy/policy.js';
import { sqlPath } from './engine/duck.js';

export const DECISION = 'cg_decision';
/** The included rows as one bitmap over `ord` (one row), when the data file is a filtered scan. */
export const INCLUDED = 'cg_included';
/** Stage 1 of the decision (item rules only), dropped once the decision is made. */
export const ITEM_DECISION = 'cg_item_decision';
export const DATA_COLUMNS = ['id', 'kind', 'createdAt', 'text'] as const;

export interface BuildSqlOptions {
  asOf: Millis;
  format: 'jsonl' | 'parquet';
  /** Where the data file goes. */
  dataPath: string;
  idsPath: string;
  /** Scratch file for the lineage rows (removed before the output is published). */
  lineagePath: string;
  /** The text column over `c.text` (see `textSql`), or null: text as stored. */
  text: string | null;
  /**
   * When `cg_content` scans in (id, ord) order with `ord`s in this range, the data file is written
   * by a filtered scan, in that order, without sorting the texts; null: sorted by `ORDER BY id`.
   */
  scanOrder: { minOrd: number; maxOrd: number } | null;
}

/** Largest `ord` range a bitmap of included rows covers (DuckDB's `get_bit` takes an INTEGER). */
export const MAX_BITMAP = 2 ** 31 - 1;

export interface BuildSql {
  /** Stage 1: the item rules, run while the standings are computed. */
  items: string;
  /** Stage 2: materialises the decisions, `ord, mask` per considered item. */
  decision: string;
  /** Count per reason mask. */
  counts: string;
  /** Before `data` when the scan order is used: the included rows as a bitmap over `ord`, in table `cg_included`. */
  included: string | null;
  /**
   * On each connection that filters by the bitmap (variables belong to a connection): the bitmap as
   * variable `cg_included`, then its count of set bits (checked against the included count).
   */
  useIncluded: string[] | null;
  /** Writes the data file, sorted by id; returns the row count. */
  data: string;
  /** After `data` when the scan order is used: rows and rows out of place (must be 0) against ids.txt (Parquet only). */
  orderCheck: string | null;
  /** Writes `ids.txt`: the included ids, sorted, one a line. */
  ids: string;
  /** Writes the lineage file: per author, one line `member_id TAB id TAB id …`. */
  lineage: string;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` (spec §2) from epoch milliseconds. */
export function timeText(column: string): string {
  return `strftime(make_timestamp_ms(${column}), '%Y-%m-%dT%H:%M:%S.%gZ')`;
}

/** Tab-separated text without quoting: ids never hold a tab, quote or line break (spec §2). */
const BARE_TSV = "FORMAT csv, HEADER false, DELIMITER '\\t', QUOTE '', ESCAPE ''";

export function compileBuildSql(policy: Policy, o: BuildSqlOptions): BuildSql {
  const text = o.text ?? 'c.text';
  const options = o.format === 'parquet' ? `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000` : 'FORMAT json';
  const scan = o.scanOrder !== null && o.scanOrder.maxOrd - o.scanOrder.minOrd < MAX_BITMAP ? o.scanOrder : null;
  const select = `  SELECT c.id, c.kind, ${timeText('c.created_at')} AS "createdAt",\n    ${text} AS text\n  FROM ${CONTENT} c`;
  // DuckDB keeps a scan's order through WHERE and projections (not through joins): a bitmap in a
  // variable makes membership a filter, so the (id, ord)-ordered content comes out in id order.
  // The decision table is narrow (`ord, mask`): ids and authors are read from the content by `ord`.
  const where = scan !== null
    ? `c.ord BETWEEN ${scan.minOrd} AND ${scan.maxOrd} AND get_bit(getvariable('cg_included'), CAST(c.ord - ${scan.minOrd} AS INTEGER)) = 1`
    : `c.ord IN (SELECT ord FROM ${DECISION} WHERE mask = 0)`;
  const data = ['COPY (', select, `  WHERE ${where}`, ...(scan !== null ? [] : ['  ORDER BY c.id']), `) TO ${sqlPath(o.dataPath)} (${options})`];
  const narrow = { asOf: o.asOf, narrow: true };
  return {
    items: `CREATE OR REPLACE TABLE ${ITEM_DECISION} AS\n${compileItemRules(policy, narrow)}`,
    decision: `CREATE OR REPLACE TABLE ${DECISION} AS\n${compilePersonRules(policy, narrow, ITEM_DECISION)}`,
    counts: `SELECT mask, count(*) AS n FROM ${DECISION} GROUP BY mask ORDER BY mask`,
    included: scan === null ? null : `CREATE OR REPLACE TABLE ${INCLUDED} AS SELECT bitstring_agg(ord, ${scan.minOrd}, ${scan.maxOrd}) AS bits FROM ${DECISION} WHERE mask = 0`,
    useIncluded: scan === null ? null : [`SET VARIABLE cg_included = (SELECT bits FROM ${INCLUDED})`, `SELECT coalesce(bit_count(getvariable('cg_included')), 0)`],
    data: data.join('\n'),
    orderCheck: scan === null || o.format !== 'parquet' ? null
      : `SELECT count(*), count(*) FILTER (WHERE d.id IS DISTINCT FROM i.id) FROM (SELECT id FROM read_parquet(${sqlPath(o.dataPath)})) d POSITIONAL JOIN (SELECT column0 AS id FROM read_csv(${sqlPath(o.idsPath)}, header = false, columns = {'column0': 'VARCHAR'}, quote = '', escape = '', delim = '\\t')) i`,
    // In scan order the ids need no sort either; the Merkle builder refuses any id out of order.
    ids: `COPY (SELECT c.id FROM ${CONTENT} c WHERE ${where}${scan !== null ? '' : ' ORDER BY c.id'}) TO ${sqlPath(o.idsPath)} (FORMAT csv, HEADER false)`,
    // The stores sort each member's ids themselves (in scan order they mostly come sorted). Members
    // in order: the store's indexes then grow at their end (measured: a third less time to record).
    lineage: `COPY (SELECT c.member_id, string_agg(c.id, chr(9)) AS ids FROM ${CONTENT} c WHERE ${where} GROUP BY c.member_id ORDER BY c.member_id) TO ${sqlPath(o.lineagePath)} (${BARE_TSV})`,
  };
}
