/**
 * @module Content straight from the platform's own files (`build --content 'lake/*.parquet'`): Parquet
 * or JSON Lines with the fields of spec §2 (camelCase, as in `content.jsonl`). Write order, which
 * breaks ties between versioned rows, is file order (files sorted by path) then row order.
 *
 * Parquet is read in place (`file_index`, `file_row_number` give the order); times may be RFC 3339
 * strings, timestamps, dates or epoch milliseconds. JSON Lines is loaded once into a temporary table
 * (DuckDB keeps the lines in order, so `rowid` is the order). Rows are checked first, and the build
 * refuses lake files with a missing or malformed field: it names the file and row.
 */
import { CONTENT_KINDS, VISIBILITIES } from '../../domain/entities.js';
import { ConsentgateError } from '../../domain/issues.js';
import { CONTENT, VERSIONS } from '../../policy/compile/relations.js';
import { sqlIn, sqlString } from '../../policy/compile/sql-literals.js';
import { sqlPath, type Duck } from '../engine/duck.js';

export type LakeFormat = 'parquet' | 'jsonl';

export interface LakeContent {
  format: LakeFormat;
  files: string[];
}

const TIME_FIELDS = ['createdAt', 'deletedAt', 'validFrom'] as const;
const TEXT_FIELDS = ['id', 'memberId', 'kind', 'visibility', 'groupId', 'text'] as const;
const REQUIRED = new Set(['id', 'memberId', 'kind', 'visibility', 'createdAt', 'text']);
const ID = '[A-Za-z0-9._:-]{1,128}';

function formatOf(file: string): LakeFormat | undefined {
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.(jsonl|ndjson|json)(\.gz|\.zst)?$/i.test(file)) return 'jsonl';
  return undefined;
}

/** Expands the patterns (DuckDB globbing), sorted by path; every pattern must match a file. */
async function expand(duck: Duck, patterns: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const p of patterns) {
    const rows = await duck.rows(`SELECT file FROM glob(${sqlPath(p)})`);
    if (rows.length === 0) throw new ConsentgateError('content-missing', [{ field: '--content', message: `no file matches ${p}`, received: p }]);
    for (const [f] of rows) files.add(f as string);
  }
  return [...files].sort();
}

function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A time column of any supported type as epoch milliseconds. */
function timeExpr(column: string, type: string | undefined): string {
  if (type === undefined) return 'CAST(NULL AS BIGINT)';
  const c = q(column);
  if (/^(VARCHAR|TEXT|STRING)/i.test(type)) return `epoch_ms(CAST(${c} AS TIMESTAMPTZ))`;
  if (/^(BIGINT|INTEGER|HUGEINT|UBIGINT|UINTEGER|SMALLINT)$/i.test(type)) return `CAST(${c} AS BIGINT)`;
  if (/^DATE$/i.test(type)) return `epoch_ms(CAST(${c} AS TIMESTAMP))`;
  if (/^TIMESTAMP/i.test(type)) return `epoch_ms(CAST(${c} AS TIMESTAMPTZ))`;
  throw new ConsentgateError('content-invalid', [{ field: column, message: `lake files: ${column} has type ${type}`, expected: 'a string, timestamp, date or integer' }]);
}

function timeCheck(column: string, type: string | undefined): string | undefined {
  if (type === undefined || !/^(VARCHAR|TEXT|STRING)/i.test(type)) return undefined;
  // DuckDB reads RFC 3339 and the ISO 8601 forms around it (a space for `T`, `+00` for `+00:00`,
  // which is how a timestamp column of another file reads once the files are unioned by name).
  return `${q(column)} IS NOT NULL AND TRY_CAST(${q(column)} AS TIMESTAMPTZ) IS NULL`;
}

/**
 * Defines `cg_content` over the lake files (checked first). Returns the files read, sorted. A file
 * DuckDB cannot read (not Parquet, bad JSON) is one clear error naming what DuckDB said.
 */
export async function defineLakeContent(duck: Duck, patterns: readonly string[]): Promise<LakeContent> {
  try {
    return await defineChecked(duck, patterns);
  } catch (cause) {
    if (cause instanceof ConsentgateError) throw cause;
    throw new ConsentgateError('content-invalid', [{ field: '--content', message: `cannot read the lake files: ${(cause as Error).message.split('\n')[0]}` }], { cause });
  }
}

async function defineChecked(duck: Duck, patterns: readonly string[]): Promise<LakeContent> {
  const files = await expand(duck, patterns);
  const formats = new Set(files.map(formatOf));
  if (formats.has(undefined) || formats.size !== 1) {
    const bad = files.find((f) => formatOf(f) === undefined);
    throw new ConsentgateError('content-format', [{ field: '--content', message: bad ? `${bad}: not a .parquet, .jsonl or .ndjson file` : 'lake files must all be Parquet or all JSON Lines', received: bad ?? files.join(', ') }]);
  }
  const format = [...formats][0]!;
  const list = `[${files.map(sqlPath).join(', ')}]`;

  if (format === 'parquet') {
    await duck.run(`CREATE OR REPLACE VIEW cg_lake AS SELECT *, file_index AS cg_file, file_row_number AS cg_row FROM read_parquet(${list}, union_by_name = true, file_row_number = true)`);
  } else {
    const columns = `{${[...TEXT_FIELDS, ...TIME_FIELDS].map((f) => `${q(f)}: 'VARCHAR'`).join(', ')}}`;
    await duck.run(`CREATE OR REPLACE TABLE cg_lake AS SELECT *, file_index AS cg_file FROM read_json(${list}, format = 'newline_delimited', columns = ${columns})`);
  }
  const types = new Map((await duck.rows(`DESCRIBE SELECT * FROM cg_lake`)).map((r) => [r[0] as string, r[1] as string]));
  for (const f of REQUIRED) {
    if (!types.has(f)) throw new ConsentgateError('content-invalid', [{ field: f, message: `lake files have no ${f} column`, expected: `the fields of a content item (spec §2): ${[...REQUIRED].join(', ')}` }]);
  }

  // Check every row before deciding anything: fail closed on malformed platform data.
  const problems: [string, string][] = [
    [`id IS NULL OR NOT regexp_full_match(CAST(id AS VARCHAR), ${sqlString(ID)})`, 'id is missing or not an id (1 to 128 of A-Za-z0-9._:-)'],
    [`"memberId" IS NULL`, 'memberId is missing'],
    [`kind IS NULL OR NOT (${sqlIn('CAST(kind AS VARCHAR)', CONTENT_KINDS)})`, 'kind is missing or unknown'],
    [`visibility IS NULL OR NOT (${sqlIn('CAST(visibility AS VARCHAR)', VISIBILITIES)})`, 'visibility is missing or unknown'],
    [`"createdAt" IS NULL`, 'createdAt is missing'],
    [`text IS NULL`, 'text is missing'],
    ...TIME_FIELDS.flatMap((f): [string, string][] => {
      const check = timeCheck(f, types.get(f));
      return check === undefined ? [] : [[check, `${f} is not a time (RFC 3339 or a date)`]];
    }),
  ];
  const problem = `CASE ${problems.map(([cond, msg]) => `WHEN ${cond} THEN ${sqlString(msg)}`).join(' ')} END`;
  const rowColumn = format === 'jsonl' ? 'rowid AS cg_row, ' : '';
  const bad = await duck.rows(`SELECT cg_file, cg_row, CAST(id AS VARCHAR), problem FROM (SELECT *, ${rowColumn}${problem} AS problem FROM cg_lake) WHERE problem IS NOT NULL ORDER BY cg_file, cg_row LIMIT 1`);
  if (bad.length > 0) {
    const [fileIndex, row, id, message] = bad[0] as [bigint, bigint, string | null, string];
    const file = files[Number(fileIndex)] ?? '?';
    const where = format === 'parquet' ? { file, line: Number(row) + 1 } : { file };
    throw new ConsentgateError('content-invalid', [{ ...where, message: `${message}${id !== null && format === 'jsonl' ? ` (item ${id})` : ''}` }]);
  }

  const col = (f: string): string => (types.has(f) ? `CAST(${q(f)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
  // 2^40 rows a file is more than any Parquet file holds.
  const ord = format === 'parquet' ? `(CAST(cg_file AS BIGINT) * 1099511627776 + cg_row)` : 'CAST(rowid AS BIGINT)';
  await duck.run(`CREATE OR REPLACE VIEW ${CONTENT} AS SELECT ${ord} AS ord, ${col('id')} AS id, ${col('memberId')} AS member_id, ${col('kind')} AS kind,
    ${col('visibility')} AS visibility, ${col('groupId')} AS group_id, ${timeExpr('createdAt', types.get('createdAt'))} AS created_at,
    ${timeExpr('deletedAt', types.get('deletedAt'))} AS deleted_at, ${col('text')} AS text, ${timeExpr('validFrom', types.get('validFrom'))} AS valid_from
    FROM cg_lake`);
  await duck.run(`CREATE OR REPLACE VIEW ${VERSIONS} AS SELECT id, ord, valid_from FROM ${CONTENT}`);
  return { format, files };
}
