/**
 * @module Compiles a policy into the SQL (DuckDB dialect) that decides every item at once: the item
 * rules of spec §4 (deleted, kind, visibility, sensitive group, before-cutoff, minor at creation)
 * and the versioned-row rule of §2 run in the database; the reasons about the person come in as
 * `cg_standing`, computed by the reference `standingOf`. A pure function of the policy and the
 * moment: the same inputs give the same text, which `consentgate build --explain-sql` prints.
 *
 * The query yields one row per considered item (`createdAt <= asOf`, deleted ones included) with
 * `mask`, the bit set of every reason that applies (`REASON_BIT`, precedence order = bit order), so
 * the primary reason is the lowest bit and `mask = 0` means included: the same number `itemMask`
 * computes, which the property test holds them to.
 */
import { ACCOUNT_DATA_KINDS } from '../../domain/entities.js';
import { formatTime, type Millis } from '../../domain/time.js';
import { REASON_BIT, type Reason } from '../../decision/reasons.js';
import type { Policy } from '../policy.js';
import { BEGINNING, inForceKey, inForceOrder } from './as-of-sql.js';
import { CONTENT, GROUP_ROWS, SCHOOL_ROWS, STANDING, VERSIONS } from './relations.js';
import { sqlComment, sqlIn, sqlInt, sqlNotIn } from './sql-literals.js';

const END_OF_TIME = '9223372036854775807';

function bit(reason: Reason): string {
  return sqlInt(REASON_BIT[reason]);
}

/** One clause of the mask: the reason's bit when `condition` holds. */
function when(condition: string, reason: Reason): string {
  return `(CASE WHEN ${condition} THEN ${bit(reason)} ELSE 0 END)`;
}

/** `before-cutoff`: per region with `contentNotBefore`, known from the author's region index. */
function cutoffCondition(policy: Policy): string | undefined {
  const parts: string[] = [];
  policy.regions.forEach((r, i) => {
    if (r.contentNotBefore !== undefined) parts.push(`(s.region = ${i} AND i.created_at < ${sqlInt(r.contentNotBefore)})`);
  });
  return parts.length === 0 ? undefined : parts.join(' OR ');
}

export interface CompileOptions {
  /** The build's moment. */
  asOf: Millis;
  /**
   * Only the columns a build needs: stage 1 without `id`, stage 2 just `ord, mask` (the build reads
   * ids and authors from the content by `ord`). Ten million narrow rows are a fraction of the memory.
   */
  narrow?: boolean;
}

function header(policy: Policy, T: string, asOf: Millis): string[] {
  return [
    sqlComment(`consentgate: policy ${policy.id} version ${policy.version} (sha256 ${policy.sha256}), purpose ${policy.purpose}`),
    sqlComment(`decisions as of ${formatTime(asOf)} = ${T} ms; mask bits: ${Object.entries(REASON_BIT).map(([r, b]) => `${b} ${r}`).join(', ')}`),
  ];
}

/**
 * Stage 1, the rules about the item alone (they need nothing about the person, so a build runs
 * them while the standings are computed): the row in force, `createdAt <= asOf`, and the bits of
 * `deleted`, `kind-excluded`, `not-public` and `sensitive-group`. Yields `ord, id, member_id,
 * created_at, item_mask` (`narrow`: no `id`).
 */
export function compileItemRules(policy: Policy, options: CompileOptions): string {
  const T = sqlInt(options.asOf);
  const accountKinds = [...ACCOUNT_DATA_KINDS];
  const sensitive = policy.excludeGroupCategories.size > 0;
  const mask = [
    when(`i.deleted_at <= ${T}`, 'deleted'),
    when(sqlNotIn(`coalesce(i.kind, '')`, policy.kinds), 'kind-excluded'),
    when(`${sqlNotIn(`coalesce(i.kind, '')`, accountKinds)} AND ${sqlNotIn(`coalesce(i.visibility, '')`, policy.visibility)}`, 'not-public'),
    ...(sensitive ? [when('g.id IS NOT NULL', 'sensitive-group')] : []),
  ];
  return [
    ...header(policy, T, options.asOf),
    'WITH',
    sqlComment('items with several rows: the row in force as of the moment (spec §2)'),
    `cg_versioned AS (`,
    `  SELECT id, arg_max(ord, ${inForceKey(T)}) AS ord FROM ${VERSIONS} GROUP BY id HAVING count(*) > 1`,
    `),`,
    sqlComment('their other rows, by ord: the content is then filtered on a number (NOT IN: measured half the CPU of an anti-join on ord here), not joined on its id'),
    `cg_superseded AS (`,
    `  SELECT r.ord FROM ${VERSIONS} r JOIN cg_versioned v ON v.id = r.id WHERE r.ord <> v.ord`,
    `),`,
    `cg_item AS (`,
    `  SELECT c.ord, c.id, c.member_id, c.kind, c.visibility, c.group_id, c.created_at, c.deleted_at`,
    `  FROM ${CONTENT} c`,
    `  WHERE c.ord NOT IN (SELECT ord FROM cg_superseded) AND c.created_at <= ${T}`,
    `)${sensitive ? ',' : ''}`,
    ...(sensitive
      ? [
          sqlComment('groups whose category as of the moment is excluded'),
          `cg_sensitive_group AS (`,
          `  SELECT id FROM (`,
          `    SELECT id, category FROM ${GROUP_ROWS}`,
          `    QUALIFY row_number() OVER (PARTITION BY id ORDER BY ${inForceOrder(T)}) = 1`,
          `  ) WHERE ${sqlIn('category', policy.excludeGroupCategories)}`,
          `)`,
        ]
      : []),
    `SELECT i.ord, ${options.narrow === true ? '' : 'i.id, '}i.member_id, i.created_at, (`,
    `    ${mask.join(`\n  | `)}`,
    `  ) AS item_mask`,
    `FROM cg_item i`,
    ...(sensitive ? [`LEFT JOIN cg_sensitive_group g ON g.id = i.group_id`] : []),
  ].join('\n');
}

/**
 * Stage 2, the rules about the person, joined to stage 1 (`items`, a relation with its columns):
 * the standing's reasons (minor aside), `before-cutoff` by the author's region, and `minor` at the
 * item's creation (birth date, or the school signal as of then). Yields `ord, id, member_id, mask`
 * (`narrow`: `ord, mask`).
 */
export function compilePersonRules(policy: Policy, options: CompileOptions, items: string): string {
  const T = sqlInt(options.asOf);
  const cutoff = cutoffCondition(policy);
  const mask = [
    'i.item_mask',
    `(CASE WHEN s.member_id IS NULL THEN ${bit('region-excluded')} ELSE (s.person_mask & ~${bit('minor')}) END)`,
    ...(cutoff !== undefined ? [when(cutoff, 'before-cutoff')] : []),
    when(`(coalesce(s.person_mask, 0) & ${bit('minor')}) <> 0 OR i.created_at < s.adult_at OR sc.member_id IS NOT NULL`, 'minor'),
  ];
  return [
    ...header(policy, T, options.asOf),
    'WITH',
    sqlComment("the school signal over time, as spans [lo, hi) of the item's creation"),
    `cg_school_pick AS (`,
    `  SELECT member_id, coalesce(valid_from, ${BEGINNING}) AS from_t, in_school FROM ${SCHOOL_ROWS}`,
    `  QUALIFY row_number() OVER (PARTITION BY member_id, coalesce(valid_from, ${BEGINNING}) ORDER BY ord DESC) = 1`,
    `),`,
    `cg_school_span AS (`,
    `  SELECT member_id, in_school,`,
    `    CASE WHEN row_number() OVER w = 1 THEN ${BEGINNING} ELSE from_t END AS lo,`,
    `    coalesce(lead(from_t) OVER w, ${END_OF_TIME}) AS hi`,
    `  FROM cg_school_pick WINDOW w AS (PARTITION BY member_id ORDER BY from_t)`,
    `)`,
    `SELECT i.ord, ${options.narrow === true ? '' : 'i.id, i.member_id, '}(`,
    `    ${mask.join(`\n  | `)}`,
    `  ) AS mask`,
    `FROM ${items} i`,
    `LEFT JOIN ${STANDING} s ON s.member_id = i.member_id`,
    `LEFT JOIN cg_school_span sc ON sc.member_id = i.member_id AND sc.in_school AND i.created_at >= sc.lo AND i.created_at < sc.hi`,
  ].join('\n');
}

/** Both stages as one query: `ord, id, member_id, mask` for every considered item. */
export function compileDecision(policy: Policy, options: CompileOptions): string {
  return `SELECT * FROM (\n${compilePersonRules(policy, options, `(\n${compileItemRules(policy, options)}\n)`)}\n)`;
}
